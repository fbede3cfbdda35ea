/**
 * `npm run bench`: start-up, scaffold and upgrade timings of the built CLI against `node -e 0` and `cp -r`, measured
 * in the same run so the ratios hold on a noisy machine. Prints a table and the issue's targets with PASS/FAIL.
 *
 *   node bench/run.mjs [--quick] [--strict] [--bin <file>]
 *     --quick   fewer runs (a smoke test of the bench itself; numbers are rough)
 *     --strict  exit 1 when a target fails
 *     --bin     the CLI entry point to measure (default: this package's bin/create-mcp-gitops.js), e.g. a build
 *               with a proposed change, to compare two runs
 */
import { spawnSync } from "node:child_process";
import { cpus, tmpdir } from "node:os";
import { mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { BIN, writeFleetAnswers } from "./fixtures.mjs";
import { measureInterleaved, usageMethod } from "./measure.mjs";
import { measurementTable, targetTable, verdict } from "./report.mjs";
import { measureUpgrades, upgradeAvailable } from "./upgrade-cases.mjs";

const { values: flags } = parseArgs({
  options: { quick: { type: "boolean" }, strict: { type: "boolean" }, bin: { type: "string" } },
});
const CLI = flags.bin ? resolve(flags.bin) : BIN;
const RUNS = flags.quick
  ? { cold: 3, scaffold: 2, fleet: { 10: 1, 50: 1, 200: 1 }, upgrade: 1 }
  : { cold: 15, scaffold: 9, fleet: { 10: 5, 50: 3, 200: 3 }, upgrade: 3 };
const FLEETS = [10, 50, 200];
const NODE = process.execPath;

const scratch = mkdtempSync(join(tmpdir(), "mcp-gitops-bench-"));
const rows = [];
const results = {};
const started = Date.now();

try {
  console.log(
    `create-mcp-gitops bench of ${CLI} — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, RSS and CPU via ${usageMethod}`,
  );
  if (usageMethod !== "gnu-time")
    console.log(
      "(GNU time not found: RSS and CPU come from a preload in Node children only; apt-get install time for all)",
    );
  progress("start-up and 1×3 scaffolds");
  measureStartAndSmallScaffolds();
  progress(`fleets ${FLEETS.map((servers) => `${servers}×5`).join(", ")} and cp -r`);
  measureFleets();
  if (upgradeAvailable(CLI)) {
    progress("upgrades of the 50×5 fleet");
    for (const row of measureUpgrades({ bin: CLI, scratch, fleet: results.fleetOutput[50], runs: RUNS.upgrade }))
      addRow(row.key, row.name, row.result, row.note);
  } else {
    console.log("(upgrade rows skipped: `create-mcp-gitops upgrade --help` is not available in this build)");
  }
  console.log(`\n${measurementTable(rows)}\n`);
  const targets = targetsFrom(results);
  console.log(`${targetTable(targets)}\n`);
  console.log(`total bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (flags.strict && targets.some((target) => verdict(target) === "FAIL")) process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** On stderr, so stdout is only the tables. */
function progress(what) {
  process.stderr.write(`measuring ${what} …\n`);
}

function addRow(key, name, result, note) {
  results[key] = result;
  rows.push({ name, ...result, note });
}

/** Cold start and the 1×3 scaffolds, interleaved with their yardstick `node -e 0`. */
function measureStartAndSmallScaffolds() {
  const small = (engine) => ({
    command: NODE,
    runs: RUNS.scaffold,
    before: () => {
      const target = join(scratch, `small-${engine}`);
      rmSync(target, { recursive: true, force: true });
      return [CLI, target, "--yes", "--gitops", engine, "--envs", "dev,staging,prod"];
    },
  });
  const measured = measureInterleaved(
    {
      node: { command: NODE, args: ["-e", "0"] },
      help: { command: NODE, args: [CLI, "--help"] },
      version: { command: NODE, args: [CLI, "--version"] },
      "small-flux": small("flux"),
      "small-argocd": small("argocd"),
    },
    { cwd: scratch, scratch, runs: RUNS.cold, warmup: 2 },
  );
  addRow("node", "node -e 0", measured.node, "yardstick");
  addRow("help", "--help", measured.help);
  addRow("version", "--version", measured.version);
  addRow("small-flux", "scaffold 1×3 --yes (flux)", measured["small-flux"]);
  addRow("small-argocd", "scaffold 1×3 --yes (argocd)", measured["small-argocd"]);
}

/** Fleets from answers files, each run followed by `cp -r` of the tree it just wrote. */
function measureFleets() {
  const cases = {};
  for (const servers of FLEETS) {
    const answers = writeFleetAnswers(scratch, servers);
    const output = join(scratch, `fleet-${servers}`);
    const copy = join(scratch, `copy-${servers}`);
    cases[`fleet-${servers}`] = {
      command: NODE,
      runs: RUNS.fleet[servers],
      before: () => {
        rmSync(output, { recursive: true, force: true });
        settleDisk();
        return [CLI, output, "--answers", answers];
      },
    };
    cases[`copy-${servers}`] = {
      command: "cp",
      runs: RUNS.fleet[servers],
      before: () => {
        rmSync(copy, { recursive: true, force: true });
        settleDisk();
        return ["-r", output, copy];
      },
    };
  }
  const measured = measureInterleaved(cases, { cwd: scratch, scratch, runs: 1 });
  for (const servers of FLEETS) {
    rmSync(join(scratch, `copy-${servers}`), { recursive: true, force: true });
    addRow(`fleet-${servers}`, `scaffold ${servers}×5 --answers (flux)`, measured[`fleet-${servers}`]);
    addRow(`copy-${servers}`, `cp -r of that ${servers}×5 tree`, measured[`copy-${servers}`], "floor for writing it");
  }
  results.fleetOutput = Object.fromEntries(FLEETS.map((servers) => [servers, join(scratch, `fleet-${servers}`)]));
}

/**
 * Neither the CLI nor cp waits for the disk, so the tens of MB a fleet run leaves dirty would otherwise be written
 * back during the next timed run; `sync` first makes every fleet and copy run start from the same state.
 */
function settleDisk() {
  spawnSync("sync", { stdio: "ignore" });
}

function targetsFrom(r) {
  // Median over median, and best run over best run: on a noisy machine both must hold (see verdict()).
  const ratio = (a, b) => (r[a] && r[b] ? { value: r[a].medianMs / r[b].medianMs, best: r[a].minMs / r[b].minMs } : {});
  return [
    { name: "--help vs node -e 0", ...ratio("help", "node"), limit: 2, unit: "x", detail: "cold start" },
    {
      name: "--version vs node -e 0",
      ...ratio("version", "node"),
      limit: 2,
      unit: "x",
      detail: "cold start (same budget as --help)",
    },
    {
      name: "1×3 scaffold (flux) vs node -e 0",
      ...ratio("small-flux", "node"),
      limit: 4,
      unit: "x",
      detail: "lazy loading",
    },
    {
      name: "1×3 scaffold (argocd) vs node -e 0",
      ...ratio("small-argocd", "node"),
      limit: 4,
      unit: "x",
      detail: "lazy loading",
    },
    {
      name: "200×5 vs 50×5 scaffold",
      ...ratio("fleet-200", "fleet-50"),
      limit: 4.5,
      unit: "x",
      detail: "linear growth (4× the servers)",
    },
    {
      name: "200×5 scaffold vs cp -r of it",
      ...ratio("fleet-200", "copy-200"),
      limit: 15,
      unit: "x",
      detail: "cost over the write floor",
    },
    {
      name: "no-op upgrade 50×5 vs its scaffold",
      ...ratio("upgrade-noop-50", "fleet-50"),
      limit: 1.5,
      unit: "x",
      detail: "cheap upgrades",
    },
    {
      name: "peak RSS 200×5 scaffold",
      value: r["fleet-200"]?.peakRssKb === undefined ? undefined : r["fleet-200"].peakRssKb / 1024,
      limit: 250,
      unit: "MB",
      detail: "memory",
    },
  ];
}
