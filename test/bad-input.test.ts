/**
 * The bad-input corpus: hostile or mistaken flags, `--set` assignments, answers files, target folders and
 * blueprint sources. Each case runs the CLI in a fresh temporary folder — main() in this process, and for a
 * representative dozen (SPAWNED) the real binary, so a real process is shown to write nothing too — and must
 * - exit with status 2,
 * - print one short error line that names the flag or field and the rule (a regex per case),
 * - write nothing anywhere: the temporary folder (cwd, the target's parent, the target and everything a case set
 *   up, such as a symlink's destination) is byte-for-byte what it was before the run.
 */
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, runMain, tempDir } from "./support/cli.js";
import { snapshotTree } from "./support/files.js";
import { ANSWERS_FILE_CASES, TARGET_AND_BLUEPRINT_CASES } from "./support/bad-answers-files.js";
import { ANSWER_CHANGE_CASES } from "./support/bad-answer-changes.js";
import { FLAG_AND_SET_CASES, type BadInput } from "./support/bad-inputs.js";
import { ROUND_TWO_CASES } from "./support/bad-inputs-round-two.js";
import { SEED_GUIDE_CASES } from "./support/bad-inputs-seed-guides.js";
import { SEED_GUIDE_REVIEW_CASES } from "./support/bad-inputs-seed-guide-review.js";

const BAD_INPUTS = [
  ...FLAG_AND_SET_CASES,
  ...ANSWERS_FILE_CASES,
  ...TARGET_AND_BLUEPRINT_CASES,
  ...ANSWER_CHANGE_CASES,
  ...ROUND_TWO_CASES,
  ...SEED_GUIDE_CASES,
  ...SEED_GUIDE_REVIEW_CASES,
];

/** One or two of each kind of mistake, run as the built binary: flags, --set, answers files, targets, blueprints. */
const SPAWNED = new Set([
  "an unknown flag",
  "--name of 100,000 characters",
  "a directory with a newline",
  "--set an unknown server field",
  "--set a GitHub token in Helm values",
  "answers file that is not YAML",
  "answers file with an alias bomb",
  "answers file with a credential env variable",
  "target that is a symlink to another folder",
  "target that is not empty (no --force)",
  "--blueprint that is a symlink",
  "--blueprint URL with a token in it",
  "add server with a name that exists",
  "upgrade of a record whose answers were edited by hand",
  "--set an env variable whose name the credential names miss, holding a GitHub token",
  "answers file with values nested 700 levels deep",
]);
const CASES = BAD_INPUTS.map(
  (item) => [SPAWNED.has(item.name) ? `${item.name} (real binary)` : item.name, item] as const,
);

describe.concurrent("bad input: exit 2, one clear message, nothing written", () => {
  it("has at least 60 cases", () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(60);
    const names = new Set(BAD_INPUTS.map((item) => item.name));
    expect(names.size).toBe(BAD_INPUTS.length);
    expect([...SPAWNED].filter((name) => !names.has(name))).toEqual([]);
  });

  it.each(CASES)("%s", async (_name, item) => {
    const tmp = await tempDir("mcp-gitops-bad-");
    try {
      await prepare(tmp.path, item);
      const before = await snapshotTree(tmp.path);
      const result = await (SPAWNED.has(item.name) ? runCli : runMain)(item.args, { cwd: tmp.path });
      const errors = result.stderr.split("\n").filter((line) => line.startsWith("error:"));
      expect(result.code, result.stderr).toBe(2);
      expect(errors, result.stderr).toHaveLength(1);
      expect(result.stderr, "a single problem is reported on a single line").not.toMatch(/invalid answers:/);
      expect(errors[0]).toMatch(item.expect);
      // Long or hostile input is never echoed back in full.
      expect(errors[0]!.length).toBeLessThan(800);
      for (const secret of item.neverShown ?? []) expect(result.stderr + result.stdout).not.toContain(secret);
      expect(await snapshotTree(tmp.path)).toEqual(before);
    } finally {
      await tmp.cleanup();
    }
  });
});

async function prepare(dir: string, item: BadInput): Promise<void> {
  if (item.answers !== undefined) {
    const text =
      typeof item.answers === "string" || item.answers instanceof Uint8Array
        ? item.answers
        : JSON.stringify(item.answers);
    await writeFile(join(dir, item.answersName ?? "answers.yaml"), text);
  }
  for (const [path, content] of Object.entries(item.files ?? {})) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    if (content === "<dir>") await mkdir(join(dir, path), { recursive: true });
    else if (content.startsWith("-> ")) await symlink(content.slice(3), join(dir, path));
    else await writeFile(join(dir, path), content);
  }
}
