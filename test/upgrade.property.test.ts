/**
 * Property: whatever lines a user adds to whichever generated files (and whatever original lines they delete),
 * upgrading the bundled blueprint from 1.0.0 to the current version keeps every added line — merged in, or inside
 * conflict markers. Runs the library's upgrade() on real folders, with the real git merge-file.
 */
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgrade } from "../src/upgrade/upgrade.js";
import { tempDir } from "./support/cli.js";
import { listFiles } from "./support/files.js";
import { readRecord, renderBundledRelease } from "./support/upgrade-repos.js";

interface Edit {
  file: number;
  /** Where to insert, as a fraction of the file's lines. */
  at: number;
  text: string;
  /** Optionally delete one of the file's original lines first. */
  drop: number | null;
}

// Characters that matter to YAML, Markdown, Helm templates and to conflict markers themselves.
const text = fc.string({ unit: fc.constantFrom(..."abcxyz 019-:#{}[]<>=|\"'.*&!%@`"), maxLength: 40 });
const edit: fc.Arbitrary<Edit> = fc.record({
  file: fc.nat(),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  text,
  drop: fc.option(fc.nat(), { nil: null }),
});

describe("upgrade keeps every line a user added (fast-check)", () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let template: string;
  let files: string[];
  let run = 0;

  beforeAll(async () => {
    tmp = await tempDir();
    template = join(tmp.path, "template");
    // The answers blueprint 1.0.0 recorded (test/fixtures/mcp-gitops-1.0.0-record.yaml), rendered from the shipped archive.
    const record = await readRecord(join(import.meta.dirname, "fixtures"), "mcp-gitops-1.0.0-record.yaml");
    await renderBundledRelease("1.0.0", record.answers, template);
    // The record is rewritten by every upgrade (documented); every other generated file is fair game.
    files = (await listFiles(template)).filter((path) => !path.endsWith("/") && path !== ".mcp-gitops.yaml");
  });
  afterAll(() => tmp.cleanup());

  it("holds for random edits to random generated files", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), async (edits) => {
        const repo = join(tmp.path, `run-${run++}`);
        await cp(template, repo, { recursive: true });
        try {
          const added = await applyEdits(repo, edits, run);
          const result = await upgrade({ directory: repo, allowDirty: true });
          expect(result.status).toBe("upgraded");
          // A file the blueprint renamed (clusters/<env>/apps.yaml became mcp-servers-<env>.yaml) carries the edits along.
          const moved = new Map(
            result.files.flatMap((file) => (file.renamedFrom ? [[file.renamedFrom, file.path]] : [])),
          );
          for (const [path, lines] of added) {
            const content = (await readFile(join(repo, moved.get(path) ?? path), "utf8")).split("\n");
            for (const line of lines) expect(content, `${path} lost ${JSON.stringify(line)}`).toContain(line);
          }
        } finally {
          await rm(repo, { recursive: true, force: true });
        }
      }),
      { numRuns: 20 },
    );
  });

  /** Applies the edits, file by file; returns the lines added to each file. */
  async function applyEdits(repo: string, edits: Edit[], id: number): Promise<Map<string, string[]>> {
    const added = new Map<string, string[]>();
    const byFile = new Map<string, Edit[]>();
    for (const item of edits) {
      const path = files[item.file % files.length]!;
      byFile.set(path, [...(byFile.get(path) ?? []), item]);
    }
    for (const [path, fileEdits] of byFile) {
      const lines = (await readFile(join(repo, path), "utf8")).split("\n");
      // Deletions only touch the original lines, before anything is added.
      for (const { drop } of fileEdits)
        if (drop !== null && lines.length > 1) lines.splice(drop % (lines.length - 1), 1);
      const mine: string[] = [];
      fileEdits.forEach((item, index) => {
        const line = `u${id}.${index}|${item.text}`;
        lines.splice(Math.floor(item.at * lines.length), 0, line);
        mine.push(line);
      });
      await writeFile(join(repo, path), lines.join("\n"));
      added.set(path, mine);
    }
    return added;
  }
});
