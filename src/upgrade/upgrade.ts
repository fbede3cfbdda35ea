/**
 * `upgrade`: bring a newer blueprint version — or changed answers — into a generated repository without losing an
 * edit.
 *
 * base   = the recorded blueprint version rendered with the recorded answers (what the tool once wrote),
 * theirs = the target version rendered with the migrated and changed answers (what it would write today),
 * ours   = the files on disk (what the user has now),
 * then a three-way merge file by file (merge-run.ts), written atomically. If the base cannot be rendered the run
 * stops: without it every edit would look like a difference to overwrite.
 */
import { resolve } from "node:path";
import { ConflictError, UsageError } from "../errors.js";
import { answersDigest } from "../record.js";
import { inspectTarget, lockTarget, recoverInterruptedWrite, recoveryWarning } from "../tree/flush.js";
import { hasAnswerChanges, targetAnswers } from "./answers.js";
import { ensureCleanWorkingTree } from "./git-state.js";
import { type Leftover, leftoverConflicts } from "./leftovers.js";
import { mergeUpgrade } from "./merge-run.js";
import { readRecord, type RecordedGeneration } from "./recorded.js";
import { BlueprintWorkspace } from "../blueprint/sources.js";
import type { Blueprint } from "../blueprint/blueprint.js";
import { openBase, openTheirs } from "./base-and-theirs.js";
import type { UpgradeOptions, UpgradeResult } from "./types.js";
import { compareVersions } from "../blueprint/versions.js";

export async function upgrade(options: UpgradeOptions): Promise<UpgradeResult> {
  if (options.pullRequest && !options.dryRun && !options.check) {
    const { upgradeAsPullRequest } = await import("./pull-request.js");
    return upgradeAsPullRequest(options, options.pullRequest, (inner) => upgrade({ ...inner, pullRequest: undefined }));
  }
  const directory = resolve(options.cwd ?? process.cwd(), options.directory);
  // One writer per target for the whole run; --check and --dry-run write nothing, so they only look.
  const readOnly = Boolean(options.check || options.dryRun);
  const lock = readOnly ? undefined : await lockTarget(directory);
  try {
    return await upgradeTarget(directory, options, readOnly);
  } finally {
    await lock?.release();
  }
}

async function upgradeTarget(directory: string, options: UpgradeOptions, readOnly: boolean): Promise<UpgradeResult> {
  const recovered = await recoverInterruptedWrite(directory, { readOnly });
  const state = await inspectTarget(directory);
  if (!state.exists) throw new UsageError(`[directory] ${options.directory}: no such folder`);
  const record = await readRecord(directory);
  const changes = hasAnswerChanges(options.changes) ? options.changes : undefined;
  const workspace = new BlueprintWorkspace();
  try {
    const theirs = options.keepVersion
      ? await openBase(record, directory, workspace)
      : await openTheirs(record, directory, workspace, options);
    const result = emptyResult(directory, options, record, theirs);
    if (options.pullRequest)
      result.warnings.push("--pr: nothing is pushed and no pull request is opened with --check or --dry-run");
    const recovery = recoveryWarning(
      options.directory,
      recovered,
      readOnly ? "the next run without --check or --dry-run" : undefined,
    );
    if (recovery) result.warnings.push(recovery);
    result.leftovers = await leftoverConflicts(directory, record);
    const newer = compareVersions(theirs.version, record.blueprint.version) > 0;
    if (!newer && !changes) return { ...result, status: "up-to-date" };
    if (options.check) return { ...result, status: "available" };
    // The new answers first: a mistake in them is bad input, reported before the work tree or the base is looked at.
    const target = await targetAnswers(record, theirs, changes, { directory, cwd: options.cwd ?? process.cwd() });
    if (!newer && answersDigest(target.answers) === answersDigest(record.answers))
      return { ...result, status: "up-to-date" };
    if (result.leftovers.length > 0) throw leftoversError(result.leftovers);
    if (!options.dryRun && !options.allowDirty) await ensureCleanWorkingTree(directory);
    const base = options.keepVersion ? theirs : await openBase(record, directory, workspace);
    return await mergeUpgrade({ result, record, base, theirs, target, state, options });
  } finally {
    await workspace.dispose();
  }
}

/** An upgrade on top of unresolved markers would merge the markers themselves as content: settle them first. */
export function leftoversError(leftovers: Leftover[]): ConflictError {
  return new ConflictError(
    `${leftovers.length === 1 ? "1 file is" : `${leftovers.length} files are`} left unresolved by an earlier upgrade: ${describeLeftovers(leftovers)}. Resolve ${leftovers.length === 1 ? "it" : "them"} (no <<<<<<< markers, valid YAML) and commit, then run it again; nothing was written`,
    leftovers.map((leftover) => leftover.path),
  );
}

function describeLeftovers(leftovers: Leftover[]): string {
  return leftovers
    .map(({ path, problem }) => `${path} (${problem === "markers" ? "still has <<<<<<< markers" : problem})`)
    .join(", ");
}

function emptyResult(
  directory: string,
  options: UpgradeOptions,
  record: RecordedGeneration,
  theirs: Blueprint,
): UpgradeResult {
  return {
    directory,
    status: "up-to-date",
    dryRun: Boolean(options.dryRun),
    from: record.blueprint,
    to: {
      name: theirs.name,
      version: theirs.version,
      source: theirs.source,
      ...(theirs.commit ? { commit: theirs.commit } : {}),
    },
    files: [],
    conflicts: [],
    migrations: [],
    leftovers: [],
    warnings: [],
  };
}
