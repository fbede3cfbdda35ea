/** The options and result of `upgrade()`, shared by the operation, the CLI report and the pull request. */
import type { DeliveryResult } from "../delivery/result.js";
import type { DeliveryOptions } from "../delivery/options.js";
import type { MigrationRun } from "../blueprint/migrations.js";
import type { AnswerChanges } from "./answers.js";
import type { AnswersChange } from "./answers-diff.js";
import type { Leftover } from "./leftovers.js";
import type { UpgradeAction } from "./plan.js";
import type { RecordedBlueprint } from "./recorded.js";

/** `--pr` and the delivery flags that make sense for an upgrade. `repo` defaults to the recorded repository. */
export type UpgradePullRequestOptions = Omit<DeliveryOptions, "repo" | "createRepo" | "private" | "pullRequest"> & {
  repo?: string;
};

export interface UpgradeOptions {
  /** The generated repository: the folder holding `.mcp-gitops.yaml`. */
  directory: string;
  /**
   * Where the new blueprint comes from: "bundled", a folder, or `<git-url>#<ref>`. Default: the source recorded in
   * `.mcp-gitops.yaml` (for a git source, the recorded ref as it is now).
   */
  blueprint?: string;
  /** The version to upgrade to. Bundled: any version the package ships. Other sources: checked against the source. */
  to?: string;
  /** Plan, merge in memory and compute the diff; write nothing. */
  dryRun?: boolean;
  /** Only compare versions (status "available" or "up-to-date"); render and write nothing. */
  check?: boolean;
  /**
   * Change the answers too (`--set`, `--unset`, `--answers`, `add`, `remove`): base is the recorded answers at the
   * recorded version, theirs the changed answers at the target version. With no newer version this is the whole run.
   */
  changes?: AnswerChanges;
  /** Stay on the recorded blueprint version (and commit): only the answers change. `add` and `remove` do this. */
  keepVersion?: boolean;
  /** Upgrade even when the git working tree has uncommitted changes, or there is no git repository. */
  allowDirty?: boolean;
  /**
   * Record each conflict as unmerged in git's index (stages 1/2/3), so `git commit -a` refuses markers. Default true;
   * the pull request flow commits the files as they are instead.
   */
  markUnmerged?: boolean;
  /** Relative `directory` and `blueprint` folders are taken from here; default process.cwd(). */
  cwd?: string;
  /**
   * Deliver the upgrade as a pull request (`--pr`): commit on a fixed branch, push, open or update the pull request
   * (a draft when conflicts are left). Ignored by `check` and `dryRun`.
   */
  pullRequest?: UpgradePullRequestOptions;
}

export interface UpgradeFile {
  path: string;
  action: UpgradeAction;
  /** Conflicting hunks left inline with markers. */
  conflicts?: number;
  /** A blueprint rename: the path this file's content (and the user's edits) came from, or went to. */
  renamedFrom?: string;
  renamedTo?: string;
  /** Why a "blocked" file was not written. */
  reason?: string;
}

export interface UpgradeResult {
  directory: string;
  /**
   * up-to-date: nothing newer and no answer to change; available: --check found a newer version; planned: --dry-run;
   * upgraded: written
   * (possibly with conflicts to resolve).
   */
  status: "up-to-date" | "available" | "planned" | "upgraded";
  dryRun: boolean;
  from: RecordedBlueprint;
  to: RecordedBlueprint;
  /** Every file the upgrade changes or reports (files it keeps as they are are left out). */
  files: UpgradeFile[];
  /** Paths left with conflict markers (or new blueprint files that collided with a file of yours). */
  conflicts: string[];
  /** Answer migrations that ran. */
  migrations: MigrationRun[];
  /** What the answer changes do (servers and environments added, removed, changed); absent when none. */
  answers?: AnswersChange;
  /**
   * Left by an earlier upgrade and not settled yet: files still holding its conflict markers, and resolved files that
   * do not parse. While any is left, no run says "up to date" and no upgrade starts.
   */
  leftovers: Leftover[];
  /** --dry-run: the unified diff of every change. */
  diff?: string;
  warnings: string[];
  /** With `pullRequest`: the branch, push and pull request. */
  delivery?: DeliveryResult;
}
