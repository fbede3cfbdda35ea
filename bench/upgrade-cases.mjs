/**
 * The upgrade rows, on the 50×5 fleet committed to git (upgrade refuses a dirty tree, and `git status` is part of
 * what it costs):
 * - up to date: the recorded version is the newest, so upgrade only reads the record;
 * - no-op: a blueprint whose version is bumped but whose files are unchanged — base and new version are rendered
 *   and merged file by file, and nothing but the record changes (the target's "upgrade that changes nothing");
 * - blueprint change: a new version whose values templates changed, touching every server.
 * Each run of the last two starts from a fresh copy of the committed fleet (with its git index refreshed), made
 * outside the timing.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { writeNextBlueprint } from "./fixtures.mjs";
import { measure } from "./measure.mjs";

/** True when `upgrade --help` prints its own help rather than the create help (an older build). */
export function upgradeAvailable(bin) {
  const run = (args) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, CI: "true" } });
  const upgrade = run(["upgrade", "--help"]);
  return upgrade.status === 0 && upgrade.stdout !== run(["--help"]).stdout;
}

/** @returns {{ key: string, name: string, result: object, note?: string }[]} */
export function measureUpgrades({ bin, scratch, fleet, runs }) {
  commitAll(fleet);
  const rows = [];
  const upToDate = measure({ command: process.execPath, args: [bin, "upgrade", fleet], cwd: scratch, scratch, runs });
  rows.push({
    key: "upgrade-current-50",
    name: "upgrade 50×5, up to date",
    result: upToDate,
    note: "reads the record only",
  });
  for (const touchEveryServer of [false, true]) {
    const blueprint = writeNextBlueprint(scratch, { touchEveryServer });
    const work = join(scratch, "upgrade-work");
    const result = measure({
      command: process.execPath,
      cwd: scratch,
      scratch,
      runs,
      before: () => {
        rmSync(work, { recursive: true, force: true });
        run("cp", ["-a", fleet, work], scratch);
        // A copy has new inode numbers, so git would re-read every file once to trust its index; a repository a
        // user upgrades has a settled index. Settle it here, outside the timing.
        run("git", ["update-index", "-q", "--refresh"], work);
        return [bin, "upgrade", work, "--blueprint", blueprint.root];
      },
    });
    const changed = changedFiles(work);
    rmSync(work, { recursive: true, force: true });
    const note = `${changed} files changed${touchEveryServer ? "" : " (the record, and files naming the version)"}`;
    rows.push(
      touchEveryServer
        ? { key: "upgrade-change-50", name: "upgrade 50×5, blueprint change", result, note }
        : { key: "upgrade-noop-50", name: "upgrade 50×5, no-op (version bump)", result, note },
    );
  }
  return rows;
}

function commitAll(directory) {
  run("git", ["init", "-q"], directory);
  run("git", ["add", "-A"], directory);
  run(
    "git",
    [
      "-c",
      "user.name=bench",
      "-c",
      "user.email=bench@example.invalid",
      "-c",
      "commit.gpgsign=false",
      "commit",
      "-qm",
      "scaffold",
    ],
    directory,
  );
}

function changedFiles(directory) {
  return run("git", ["status", "--porcelain"], directory).split("\n").filter(Boolean).length;
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${result.stderr}`);
  return result.stdout;
}
