/**
 * Runs a command many times and reports its wall time, CPU time and peak RSS.
 *
 * Wall time is taken here, around the child, with a monotonic clock. Peak RSS (the child's high-water mark) and CPU
 * time (user + system) come from GNU time (`/usr/bin/time -f "%M %U %S"`) when it is installed; without it, Node
 * children are started with `--require bench/usage-preload.cjs`, which reports them as the process exits, and other
 * commands (cp) get neither. Both ways wrap every measured command alike, so ratios stay fair. CPU time is shown
 * because it moves much less than wall time when other work competes for the machine; the targets use wall time.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const GNU_TIME = "/usr/bin/time";
const USAGE_PRELOAD = fileURLToPath(new URL("./usage-preload.cjs", import.meta.url));

/** How RSS and CPU time are measured here: "gnu-time", or "node-preload" when GNU time is missing. */
export const usageMethod = hasGnuTime() ? "gnu-time" : "node-preload";

function hasGnuTime() {
  if (!existsSync(GNU_TIME) || process.env.BENCH_NO_GNU_TIME) return false;
  const probe = spawnSync(GNU_TIME, ["-f", "%M %U %S", "true"], { encoding: "utf8" });
  return probe.status === 0 && /^\d+ [\d.]+ [\d.]+\s*$/m.test(probe.stderr);
}

/**
 * One run of `command args` in `cwd`. Throws with the child's stderr when it fails: a benchmark of a failing
 * command measures nothing.
 * @returns {{ ms: number, cpuMs: number | undefined, rssKb: number | undefined }}
 */
export function runOnce(command, args, { cwd, scratch }) {
  const usageFile = join(scratch, `usage-${process.pid}.txt`);
  rmSync(usageFile, { force: true });
  const isNode = command === process.execPath;
  let file = command;
  let argv = args;
  const env = { ...process.env, CI: "true", FORCE_COLOR: "0", NO_COLOR: "1" };
  if (usageMethod === "gnu-time") {
    file = GNU_TIME;
    argv = ["-f", "%M %U %S", "-o", usageFile, command, ...args];
  } else if (isNode) {
    argv = ["--require", USAGE_PRELOAD, ...args];
    env.BENCH_USAGE_FILE = usageFile;
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(file, argv, { cwd, env, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 16 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `${[command, ...args].join(" ")} exited with ${result.status ?? result.signal}:\n${String(result.stderr)}`,
    );
  }
  return { ms, ...readUsage(usageFile) };
}

/** "<max RSS KB> <user s> <system s>", as both GNU time and usage-preload.cjs write it. */
function readUsage(path) {
  if (!existsSync(path)) return { cpuMs: undefined, rssKb: undefined };
  const [rss, user, system] = readFileSync(path, "utf8").trim().split("\n").pop().split(" ").map(Number);
  return {
    rssKb: Number.isFinite(rss) ? rss : undefined,
    cpuMs: Number.isFinite(user + system) ? (user + system) * 1000 : undefined,
  };
}

/**
 * Runs `runs` times; `before(i)` prepares each run (fresh target folder, …) outside the timing.
 * @returns {{ runs: number, medianMs: number, minMs: number, peakRssKb: number | undefined }}
 */
export function measure({ command, args, cwd, scratch, runs, before }) {
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    const actualArgs = before?.(i) ?? args;
    samples.push(runOnce(command, actualArgs, { cwd, scratch }));
  }
  return summarize(samples);
}

/**
 * Round-robin runs of several cases, so a slow spell of a noisy machine hits every case alike: `node -e 0` must
 * see the same conditions as the CLI it is the yardstick for, and `cp -r` the same as the scaffold it is the floor
 * for. Each case runs `runs` times (default `options.runs`); `before(i)` prepares its i-th run outside the timing.
 * @param {Record<string, { command: string, args?: string[], runs?: number, before?: (i: number) => string[] | undefined }>} cases
 */
export function measureInterleaved(cases, { cwd, scratch, runs, warmup = 0 }) {
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  const rounds = Math.max(...Object.values(cases).map((spec) => spec.runs ?? runs));
  for (let round = 0; round < warmup + rounds; round += 1) {
    for (const [name, spec] of Object.entries(cases)) {
      const i = round - warmup;
      if (i >= (spec.runs ?? runs)) continue;
      const args = spec.before?.(Math.max(i, 0)) ?? spec.args;
      const sample = runOnce(spec.command, args, { cwd, scratch });
      if (i >= 0) samples[name].push(sample);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, summarize(list)]));
}

function summarize(samples) {
  const times = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const rss = samples.map((sample) => sample.rssKb).filter((kb) => kb !== undefined);
  const cpu = samples
    .map((sample) => sample.cpuMs)
    .filter((ms) => ms !== undefined)
    .sort((a, b) => a - b);
  return {
    runs: samples.length,
    medianMs: median(times),
    minMs: times[0],
    cpuMs: cpu.length ? median(cpu) : undefined,
    // The worst run is the one that counts against a memory budget.
    peakRssKb: rss.length ? Math.max(...rss) : undefined,
  };
}

export function median(sorted) {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
