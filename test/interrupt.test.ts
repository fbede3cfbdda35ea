/**
 * Interrupted runs: the real binary writes a large fleet (60 servers × 5 environments, ~1,200 files) and is killed
 * with SIGINT or SIGKILL — at every named write phase (via the binary's pause hook) and at seeded random delays.
 * After every kill the target is exactly as before or exactly the complete result, never partial: SIGINT rolls back
 * at once; after SIGKILL the next run on the target rolls back what the journal lists. No staging folder is left.
 */
import { cp, mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "./support/cli.js";
import { snapshotTree } from "./support/files.js";
import { classify, runAndKill, seededRandom, type KilledRun, type KillPlan, type Snapshot } from "./support/interrupt.js";

const SIGNALS = ["SIGINT", "SIGKILL"] as const;
const random = seededRandom(0x5eed8);

function fleet(version: string, environments: string[]) {
  const servers = Array.from({ length: 60 }, (_, index) => ({
    name: `server-${index}`,
    image: `ghcr.io/acme/server-${index}:${version}.${index}`,
    port: 8000 + index,
    env: { LOG_LEVEL: version === "1.0" ? "info" : "debug" },
  }));
  return { gitops: "flux", servers, environments: environments.map((name) => ({ name })) };
}

const ENVS = ["dev", "qa", "staging", "prod", "prod-eu"];

interface Point extends KillPlan {
  label: string;
}

/** Every pause phase with both signals, then `randoms` seeded delays (half from spawn, half into the write). */
function killPoints(phases: string[], randoms: number, spans: { total: number; writing: number }): Point[] {
  const points: Point[] = phases.flatMap((phase) => SIGNALS.map((signal) => ({ label: `${signal} at ${phase}`, signal, pauseAt: phase })));
  for (let index = 0; index < randoms; index++) {
    const signal = SIGNALS[index % 2]!;
    const from = index % 4 < 2 ? "writing" : "spawn";
    const delayMs = Math.round(random() * 1.2 * (from === "writing" ? spans.writing : spans.total));
    points.push({ label: `${signal} ${delayMs}ms after ${from}`, signal, from, delayMs });
  }
  return points;
}

describe("interrupted create", () => {
  let root: { path: string; cleanup: () => Promise<void> };
  let pristine: string;
  let initial: Snapshot;
  let forced: Snapshot;
  let spans: { new: { total: number; writing: number }; force: { total: number; writing: number } };
  const outcomes: string[] = [];

  beforeAll(async () => {
    root = await tempDir("mcp-gitops-interrupt-");
    await writeFile(join(root.path, "a.json"), JSON.stringify(fleet("1.0", ENVS)));
    await writeFile(join(root.path, "b.json"), JSON.stringify(fleet("2.0", [...ENVS, "prod-us"])));
    pristine = join(root.path, "pristine");
    await mkdir(pristine);
    const first = await timed(() => runAndKill(["fleet", "--answers", "../a.json"], pristine));
    expect(first.run.code, first.run.stderr).toBe(0);
    initial = await snapshotTree(join(pristine, "fleet"));
    const reference = join(root.path, "reference");
    await cp(pristine, reference, { recursive: true });
    const second = await timed(() => runAndKill(["fleet", "--answers", "../b.json", "--force"], reference));
    expect(second.run.code, second.run.stderr).toBe(0);
    forced = await snapshotTree(join(reference, "fleet"));
    spans = { new: first.spans, force: second.spans };
  });
  afterAll(async () => {
    console.log(`interrupted create, kill points:\n  ${outcomes.join("\n  ")}`);
    await root.cleanup();
  });

  async function killAndCheck(point: Point, index: number, existing: boolean): Promise<void> {
    const parent = join(root.path, `${existing ? "force" : "new"}-${index}`);
    await mkdir(parent);
    if (existing) await cp(join(pristine, "fleet"), join(parent, "fleet"), { recursive: true });
    const args = existing ? ["fleet", "--answers", "../b.json", "--force"] : ["fleet", "--answers", "../a.json"];
    const before = existing ? initial : {};
    const after = existing ? forced : initial;
    const run = await runAndKill(args, parent, point);
    const target = join(parent, "fleet");
    const seen = await classify(target, before, after);
    let final = seen;
    let note = "";
    if (point.signal === "SIGINT") {
      expect(seen.outcome, `${point.label} (${run.phase}): ${seen.differing.join(", ")}`).not.toBe("partial");
    } else {
      // The next run on the target (a cheap dry run) rolls back whatever the killed one left.
      const recovery = await runCli(["fleet", "--yes", "--force", "--dry-run", "--json"], { cwd: parent });
      expect(recovery.code, recovery.stderr).toBe(0);
      final = await classify(target, before, after);
      if (seen.outcome !== final.outcome) {
        expect(JSON.parse(recovery.stdout).warnings.join("\n")).toMatch(/interrupted/);
        note = ` (${seen.outcome} until the next run rolled it back)`;
      }
      expect(final.outcome, `${point.label} (${run.phase}): ${final.differing.join(", ")}`).not.toBe("partial");
    }
    expect(await readdir(parent), `${point.label}: leftovers next to the target`).toEqual(final.outcome === "before" && !existing ? [] : ["fleet"]);
    if (point.pauseAt) {
      expect(run.killed, `${point.label}: the binary never reached ${point.pauseAt}`).toBe(true);
      // Killed while paused inside the write: the original must be what remains.
      expect(final.outcome, point.label).toBe("before");
      if (point.signal === "SIGINT") expect(run.code, run.stderr).toBe(130);
    }
    // Proof the journal is exercised: the kill left the target half-written (committing) or with every file moved
    // in but the journal still there (committed), and the next run restored the original.
    if (point.signal === "SIGKILL" && point.pauseAt === "committing") expect(seen.outcome, point.label).toBe("partial");
    if (point.signal === "SIGKILL" && point.pauseAt === "committed") expect(seen.outcome, point.label).toBe("after");
    outcomes.push(`${existing ? "existing" : "new"}: ${point.label} → landed in ${run.phase}, target ${final.outcome}${note}`);
  }

  it("a new target is either absent or complete after every kill", async () => {
    const points = killPoints(["writing", "staging", "staged"], 4, spans.new);
    for (const [index, point] of points.entries()) await killAndCheck(point, index, false);
  });

  it("an existing repository re-scaffolded with --force is either untouched or complete after every kill", async () => {
    const points = killPoints(["writing", "staging", "staged", "committing", "committed"], 6, spans.force);
    for (const [index, point] of points.entries()) await killAndCheck(point, index, true);
  });
});

/** Runs the binary to completion and measures the whole run and the write (from `phase writing` to exit). */
async function timed(run: () => Promise<KilledRun>) {
  const start = Date.now();
  const result = await run();
  const total = Date.now() - start;
  return { run: result, spans: { total, writing: result.writingMs ?? total / 4 } };
}
