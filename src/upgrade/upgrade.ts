/**
 * `upgrade`: bring a newer blueprint version into a generated repository without losing an edit.
 *
 * base   = the recorded blueprint version rendered with the recorded answers (what the tool once wrote),
 * theirs = the new version rendered with the migrated answers (what it would write today),
 * ours   = the files on disk (what the user has now),
 * then a three-way merge file by file (plan.ts, merge.ts), written atomically (apply.ts). If the base cannot be
 * rendered the run stops: without it every edit would look like a difference to overwrite.
 */
import { basename, resolve } from "node:path";
import type { ResolvedAnswers } from "../answers/resolve.js";
import { securityWarnings } from "../answers/security.js";
import { validateAnswers } from "../answers/validate.js";
import type { Blueprint } from "../blueprint/blueprint.js";
import { renderBlueprint } from "../blueprint/render.js";
import { UsageError } from "../errors.js";
import { RECORD_FILE, recordFor, serializeRecord } from "../record.js";
import { inspectTarget, recoverInterruptedWrite } from "../tree/flush.js";
import { validateTree } from "../tree/validate-tree.js";
import { packageVersion } from "../version.js";
import { applyUpgrade, fileChanges } from "./apply.js";
import { unifiedDiff } from "./diff.js";
import { ensureCleanWorkingTree } from "./git-state.js";
import { resolvePlan } from "./merge.js";
import { migrationsFor, runMigrations } from "../blueprint/migrations.js";
import { readOurs } from "./ours.js";
import { CONFLICTS, planUpgrade } from "./plan.js";
import { inRecordedOrder, readRecord, type RecordedGeneration } from "./recorded.js";
import { BlueprintWorkspace } from "../blueprint/sources.js";
import { openBase, openTheirs } from "./base-and-theirs.js";
import type { UpgradeFile, UpgradeOptions, UpgradeResult } from "./types.js";
import { compareVersions } from "../blueprint/versions.js";

export async function upgrade(options: UpgradeOptions): Promise<UpgradeResult> {
  if (options.pullRequest && !options.dryRun && !options.check) {
    const { upgradeAsPullRequest } = await import("./pull-request.js");
    return upgradeAsPullRequest(options, options.pullRequest, (inner) => upgrade({ ...inner, pullRequest: undefined }));
  }
  const directory = resolve(options.cwd ?? process.cwd(), options.directory);
  const recovered = await recoverInterruptedWrite(directory);
  const state = await inspectTarget(directory);
  if (!state.exists) throw new UsageError(`[directory] ${options.directory}: no such folder`);
  const record = await readRecord(directory);
  const workspace = new BlueprintWorkspace();
  try {
    const theirs = await openTheirs(record, directory, workspace, options);
    const result = emptyResult(directory, options, record, theirs);
    if (options.pullRequest)
      result.warnings.push("--pr: nothing is pushed and no pull request is opened with --check or --dry-run");
    if (recovered)
      result.warnings.push(
        `an earlier run was interrupted while writing ${options.directory}; its ${recovered} file changes were undone first`,
      );
    if (compareVersions(theirs.version, record.blueprint.version) === 0) return { ...result, status: "up-to-date" };
    if (options.check) return { ...result, status: "available" };
    if (!options.dryRun && !options.allowDirty) await ensureCleanWorkingTree(directory);
    const base = await openBase(record, directory, workspace);
    return await merge(result, record, base, theirs, state, options);
  } finally {
    await workspace.dispose();
  }
}

async function merge(
  result: UpgradeResult,
  record: RecordedGeneration,
  base: Blueprint,
  theirs: Blueprint,
  state: { exists: boolean; empty: boolean },
  options: UpgradeOptions,
): Promise<UpgradeResult> {
  const { answers, applied } = await migrate(record, theirs, result.directory);
  result.warnings.push(...securityWarnings(answers));
  const [baseTree, theirsTree] = await Promise.all([
    renderBlueprint(base, record.answers as unknown as ResolvedAnswers),
    renderBlueprint(theirs, answers),
  ]);
  await validateTree(theirsTree);
  // The record is rewritten, never merged: it must say exactly which version and answers the files came from.
  baseTree.delete(RECORD_FILE);
  theirsTree.delete(RECORD_FILE);
  const ours = await readOurs(result.directory, new Set([...baseTree.paths(), ...theirsTree.paths()]));
  const labels = { ours: "yours", base: `${base.name} ${base.version}`, theirs: `${theirs.name} ${theirs.version}` };
  const files = await resolvePlan(planUpgrade(baseTree, theirsTree, ours), labels);
  const recordText = serializeRecord(recordFor(theirs, answers, packageVersion()));
  const listed: UpgradeFile[] = files
    .filter((file) => file.action !== "keep")
    .map((file) => ({
      path: file.path,
      action: file.action,
      ...(file.conflicts ? { conflicts: file.conflicts } : {}),
    }));
  const done: UpgradeResult = {
    ...result,
    status: options.dryRun ? "planned" : "upgraded",
    files: listed,
    conflicts: listed.filter((file) => CONFLICTS.has(file.action)).map((file) => file.path),
    migrations: applied,
  };
  if (options.dryRun) {
    const before = await readOurs(result.directory, [RECORD_FILE]);
    return {
      ...done,
      diff: await unifiedDiff(fileChanges(files, { before: before.get(RECORD_FILE)?.content, after: recordText })),
    };
  }
  await applyUpgrade(result.directory, files, recordText, state);
  return done;
}

/** Recorded answers → this version's shape (migrations) → validated and resolved with today's schema and defaults. */
async function migrate(record: RecordedGeneration, theirs: Blueprint, directory: string) {
  const { answers, applied } = runMigrations(
    record.answers,
    await migrationsFor(theirs),
    record.blueprint.version,
    theirs.version,
  );
  try {
    const resolved = validateAnswers(
      { raw: answers, provenance: new Map(), missing: [], fileLabel: RECORD_FILE },
      basename(directory),
    );
    return { answers: inRecordedOrder(resolved, record.answers), applied };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(
      `the answers recorded in ${RECORD_FILE} do not fit ${theirs.name} ${theirs.version}: ${error.message}`,
    );
  }
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
    warnings: [],
  };
}
