/**
 * Interrupted runs: the real binary writes a fleet (24 servers × 5 environments, ~700 files) and is killed
 * with SIGINT or SIGKILL — at every named write phase (via the binary's pause hook) and at seeded random delays.
 * After every kill the target is exactly as before or exactly the complete result, never partial: SIGINT rolls back
 * at once; after SIGKILL the next run on the target rolls back what the journal lists. No staging folder is left.
 * The same for `upgrade` (bundled blueprint 1.0.0 → current on the same fleet).
 */
import { cp, mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "./support/cli.js";
import { snapshotTree } from "./support/files.js";
import { recoverInterruptedWrite, recoveryWarning } from "../src/tree/flush.js";
import {
  classify,
  runAndKill,
  seededRandom,
  type KilledRun,
  type KillPlan,
  type Snapshot,
} from "./support/interrupt.js";
import { renderBundledRelease } from "./support/upgrade-repos.js";

const SIGNALS = ["SIGINT", "SIGKILL"] as const;
/** Servers in the fleet: enough files that a seeded random kill lands inside the write, small enough to run often. */
const FLEET_SIZE = 24;
const ENVS = ["dev", "qa", "staging", "prod", "prod-eu"];
const NEW_DIR_PHASES = ["staging", "staged"];
const EXISTING_PHASES = ["writing", "staging", "staged", "journaled", "committing", "committed"];
const UPGRADE_PHASES = ["staging", "journaled", "committing", "committed"];

interface Point extends KillPlan {
  label: string;
  /** Random points: the delay as a fraction of the measured span (whole run, or the write). */
  fraction?: number;
}

/** Every pause phase with both signals, then `randoms` seeded delays (half from spawn, half into the write). */
function killPoints(phases: string[], randoms: number, seed: number): Point[] {
  const random = seededRandom(seed);
  const points: Point[] = phases.flatMap((phase) =>
    SIGNALS.map((signal) => ({ label: `${signal} at ${phase}`, signal, pauseAt: phase })),
  );
  for (let index = 0; index < randoms; index++) {
    const from = index % 4 < 2 ? "writing" : "spawn";
    const fraction = Math.round(random() * 120) / 100;
    points.push({
      label: `${SIGNALS[index % 2]} at ${fraction}× the ${from === "writing" ? "write" : "run"}`,
      signal: SIGNALS[index % 2]!,
      from,
      fraction,
    });
  }
  return points;
}

function fleet(version: string, environments: string[]) {
  const servers = Array.from({ length: FLEET_SIZE }, (_, index) => ({
    name: `server-${index}`,
    image: `ghcr.io/acme/server-${index}:${version}.${index}`,
    port: 8000 + index,
    env: { LOG_LEVEL: version === "1.0" ? "info" : "debug" },
  }));
  return { gitops: "flux", servers, environments: environments.map((name) => ({ name })) };
}

/** One scenario: how to set the target up, the command to kill, what "before" and "after" are, how to recover. */
interface Scenario {
  name: string;
  /** Creates the target (or not) inside `parent`. */
  prepare: (parent: string) => Promise<void>;
  args: string[];
  /** A cheap command on the same target; any command that touches it rolls back an interrupted write first. */
  recovery: string[];
  before: Snapshot;
  after: Snapshot;
  spans: { total: number; writing: number };
}

let root: { path: string; cleanup: () => Promise<void> };
const outcomes: string[] = [];

beforeAll(async () => {
  root = await tempDir("mcp-gitops-interrupt-");
  await writeFile(join(root.path, "a.json"), JSON.stringify(fleet("1.0", ENVS)));
  await writeFile(join(root.path, "b.json"), JSON.stringify(fleet("2.0", [...ENVS, "prod-us"])));
});
afterAll(async () => {
  console.log(`kill points (${outcomes.length}):\n  ${outcomes.join("\n  ")}`);
  await root.cleanup();
});

/** Runs `args` to the end in a copy made by `prepare`, returning the result and how long the run and write took. */
async function reference(name: string, prepare: (parent: string) => Promise<void>, args: string[]) {
  const parent = join(root.path, `reference-${name}`);
  await mkdir(parent);
  await prepare(parent);
  const start = Date.now();
  const run: KilledRun = await runAndKill(args, parent);
  expect(run.code, run.stderr).toBe(0);
  const total = Date.now() - start;
  return { snapshot: await snapshotTree(join(parent, "fleet")), spans: { total, writing: run.writingMs ?? total / 4 } };
}

async function killAndCheck(scenario: Scenario, point: Point, index: number): Promise<void> {
  const parent = join(root.path, `${scenario.name}-${index}`);
  await mkdir(parent);
  await scenario.prepare(parent);
  const target = join(parent, "fleet");
  const preexisting = await readdir(parent);
  const span = point.from === "writing" ? scenario.spans.writing : scenario.spans.total;
  const run = await runAndKill(scenario.args, parent, { ...point, delayMs: Math.round((point.fraction ?? 0) * span) });
  const seen = await classify(target, scenario.before, scenario.after);
  let final = seen;
  let note = "";
  if (point.signal === "SIGINT") {
    expect(seen.outcome, `${point.label} (landed in ${run.phase}): ${seen.differing.join(", ")}`).not.toBe("partial");
  } else {
    // A run that only looks (--dry-run, --check) reports the interrupted write and changes nothing (issue 18)...
    const looked = await runCli(scenario.recovery, { cwd: parent });
    expect(looked.stdout, looked.stderr).toMatch(/^\{/);
    expect((await classify(target, scenario.before, scenario.after)).outcome).toBe(seen.outcome);
    // ...and the next run that writes rolls it back first (the same step, in-process here). It says so exactly when
    // it changes the target — new folders alone included (a kill after the journal, before the first file) — and the
    // run that only looked announced the same counts.
    const restored = await recoverInterruptedWrite(target);
    final = await classify(target, scenario.before, scenario.after);
    const changed = !isDeepStrictEqual(seen.snapshot, final.snapshot);
    const warning = recoveryWarning("fleet", restored)?.replace(/ were undone first$/, "");
    expect(warning !== undefined, `${point.label} (landed in ${run.phase}): reported ${JSON.stringify(restored)}`).toBe(
      changed,
    );
    const warnings = JSON.parse(looked.stdout).warnings.join("\n");
    if (warning) expect(warnings).toContain(warning);
    else expect(warnings).not.toMatch(/interrupted/);
    if (changed) note = ` (${seen.outcome} until the next run rolled it back)`;
    expect(final.outcome, `${point.label} (landed in ${run.phase}): ${final.differing.join(", ")}`).not.toBe("partial");
  }
  const expected = final.outcome === "before" ? preexisting : ["fleet"];
  expect(await readdir(parent), `${point.label}: leftovers next to the target`).toEqual(expected);
  if (point.pauseAt) {
    expect(run.killed, `${point.label}: the binary never reached ${point.pauseAt}\n${run.stderr}`).toBe(true);
    // Killed while paused inside the write: the original must be what remains.
    expect(final.outcome, point.label).toBe("before");
    if (point.signal === "SIGINT") expect(run.code, run.stderr).toBe(130);
    // Proof the journal is exercised: the kill left the target with only the commit's new folders (journaled),
    // half-written (committing) or with every file moved in but the journal still there (committed), and the next
    // run restored the original.
    if (point.signal === "SIGKILL" && point.pauseAt === "journaled") expect(seen.outcome, point.label).toBe("partial");
    if (point.signal === "SIGKILL" && point.pauseAt === "committing") expect(seen.outcome, point.label).toBe("partial");
    if (point.signal === "SIGKILL" && point.pauseAt === "committed") expect(seen.outcome, point.label).toBe("after");
  }
  outcomes.push(`${scenario.name}: ${point.label} → landed in ${run.phase}, target ${final.outcome}${note}`);
}

describe("interrupted create into a new folder", () => {
  const scenario = {} as Scenario;
  beforeAll(async () => {
    const done = await reference("new", async () => undefined, ["fleet", "--answers", "../a.json"]);
    Object.assign(scenario, {
      name: "new",
      prepare: async () => undefined,
      args: ["fleet", "--answers", "../a.json"],
      recovery: ["fleet", "--yes", "--force", "--dry-run", "--json"],
      before: {},
      after: done.snapshot,
      spans: done.spans,
    });
  });
  it.each(killPoints(NEW_DIR_PHASES, 2, 0x5eed1).map((point, index) => [point.label, point, index] as const))(
    "%s: the target is absent or complete",
    (_label, point, index) => killAndCheck(scenario, point, index),
  );
});

describe("interrupted create --force over an existing repository", () => {
  const scenario = {} as Scenario;
  beforeAll(async () => {
    const original = join(root.path, "original");
    await mkdir(original);
    expect((await runAndKill(["fleet", "--answers", "../a.json"], original)).code).toBe(0);
    const prepare = (parent: string) => cp(join(original, "fleet"), join(parent, "fleet"), { recursive: true });
    const args = ["fleet", "--answers", "../b.json", "--force"];
    const done = await reference("force", prepare, args);
    Object.assign(scenario, {
      name: "force",
      prepare,
      args,
      recovery: ["fleet", "--yes", "--force", "--dry-run", "--json"],
      before: await snapshotTree(join(original, "fleet")),
      after: done.snapshot,
      spans: done.spans,
    });
  });
  it.each(killPoints(EXISTING_PHASES, 2, 0x5eed2).map((point, index) => [point.label, point, index] as const))(
    "%s: the repository is untouched or complete",
    (_label, point, index) => killAndCheck(scenario, point, index),
  );
});

describe("interrupted upgrade (bundled 1.0.0 → current)", () => {
  const scenario = {} as Scenario;
  beforeAll(async () => {
    const original = join(root.path, "original-1.0.0", "fleet");
    await renderBundledRelease("1.0.0", answers100(), original);
    const prepare = (parent: string) => cp(original, join(parent, "fleet"), { recursive: true });
    const args = ["upgrade", "fleet", "--allow-dirty", "--json"];
    const done = await reference("upgrade", prepare, args);
    Object.assign(scenario, {
      name: "upgrade",
      prepare,
      args,
      recovery: ["upgrade", "fleet", "--check", "--json"],
      before: await snapshotTree(original),
      after: done.snapshot,
      spans: done.spans,
    });
  });
  it.each(killPoints(UPGRADE_PHASES, 2, 0x5eed3).map((point, index) => [point.label, point, index] as const))(
    "%s: the repository is as it was or fully upgraded",
    (_label, point, index) => killAndCheck(scenario, point, index),
  );
});

/** The fleet's resolved answers in blueprint 1.0.0's shape (see test/fixtures/mcp-gitops-1.0.0-record.yaml). */
function answers100() {
  const { servers, environments } = fleet("1.0", ENVS);
  return {
    gitops: "flux",
    repository: { owner: "my-org", baseBranch: "main", name: "fleet", url: "https://github.com/my-org/fleet.git" },
    servers: servers.map((server) => ({
      ...server,
      description: "",
      transport: "streamable-http",
      path: "/mcp",
      mode: "deployment",
      command: [],
      args: [],
      secretEnvFrom: [],
      values: {},
    })),
    environments: environments.map(({ name }) => {
      const prod = name.startsWith("prod") || name === "staging";
      return {
        name,
        cluster: "in-cluster",
        values: {},
        profile: prod ? "prod" : "dev",
        namespace: `mcp-${name}`,
        replicas: prod ? 2 : 1,
        size: prod ? "medium" : "small",
      };
    }),
  };
}
