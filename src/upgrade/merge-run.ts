/**
 * The merge itself, once upgrade.ts has both blueprints and the new answers: render base and theirs, read ours,
 * find renames, plan file by file, settle file/folder clashes, merge, then write — or, for a dry run, diff.
 */
import { answerWarnings } from "../answers/warnings.js";
import { loadBlueprintWarnings } from "../blueprint/warnings.js";
import type { Blueprint } from "../blueprint/blueprint.js";
import { renderBlueprint } from "../blueprint/render.js";
import { BlueprintError, UsageError } from "../errors.js";
import { generatorVersion, RECORD_FILE, recordFor, serializeRecord } from "../record.js";
import type { TargetState } from "../tree/flush.js";
import { validateTree } from "../tree/validate-tree.js";
import { packageVersion } from "../version.js";
import { baseAnswers, type TargetAnswers } from "./answers.js";
import { applyUpgrade, fileChanges } from "./apply.js";
import { unifiedDiff } from "./diff.js";
import { settleFileFolderClashes } from "./file-folder.js";
import { OURS_LABEL } from "./leftovers.js";
import { type MergedFile, resolvePlan } from "./merge.js";
import { readOurs } from "./ours.js";
import { CONFLICTS, planUpgrade } from "./plan.js";
import { CHANGE_ANSWERS_ADVICE, type RecordedGeneration } from "./recorded.js";
import { detectRenames } from "./renames.js";
import type { UpgradeFile, UpgradeOptions, UpgradeResult } from "./types.js";
import { recordUnmerged } from "./unmerged-index.js";

export interface MergeRequest {
  result: UpgradeResult;
  record: RecordedGeneration;
  base: Blueprint;
  theirs: Blueprint;
  target: TargetAnswers;
  state: Pick<TargetState, "exists" | "empty">;
  options: UpgradeOptions;
}

export async function mergeUpgrade(request: MergeRequest): Promise<UpgradeResult> {
  const { result, record, base, theirs, options } = request;
  const { answers, applied } = request.target;
  const directory = result.directory;
  result.warnings.push(
    ...answerWarnings(answers),
    ...(await loadBlueprintWarnings(theirs, answers)),
    ...(request.target.warnings ?? []),
  );
  const before = baseAnswers(record, directory);
  const [baseTree, theirsTree] = await Promise.all([
    renderBase(base, before, generatorVersion(record.generator)),
    renderBlueprint(theirs, answers),
  ]);
  await validateTree(theirsTree);
  // The record is rewritten, never merged: it must say exactly which version and answers the files came from.
  baseTree.delete(RECORD_FILE);
  theirsTree.delete(RECORD_FILE);
  const folders = new Set<string>();
  const ours = await readOurs(directory, new Set([...baseTree.paths(), ...theirsTree.paths()]), folders);
  const change = request.target.change;
  const sameReleases =
    !change || [change.servers, change.environments].every((named) => !named.added.length && !named.removed.length);
  const renames = detectRenames(baseTree, theirsTree, ours, { declared: theirs.renames, similar: sameReleases });
  const plan = planUpgrade(baseTree, theirsTree, ours, renames);
  const labels = { ours: OURS_LABEL, base: `${base.name} ${base.version}`, theirs: `${theirs.name} ${theirs.version}` };
  const files = await resolvePlan(plan, labels);
  const removalsFirst = settleFileFolderClashes(files, directory, folders);
  const listed = files.filter((file) => file.action !== "keep").map(listedFile);
  const marked = listed.filter((file) => file.action === "merged-with-conflicts" || file.action === "add-conflict");
  const recordText = serializeRecord(
    recordFor(
      theirs,
      answers,
      packageVersion(),
      marked.map((file) => file.path),
    ),
  );
  const done: UpgradeResult = {
    ...result,
    status: options.dryRun ? "planned" : "upgraded",
    files: listed,
    conflicts: listed.filter((file) => CONFLICTS.has(file.action)).map((file) => file.path),
    migrations: applied,
    ...(change ? { answers: change } : {}),
  };
  if (options.dryRun) {
    const current = await readOurs(directory, [RECORD_FILE]);
    return {
      ...done,
      diff: await unifiedDiff(fileChanges(files, { before: current.get(RECORD_FILE)?.content, after: recordText })),
    };
  }
  await applyUpgrade(directory, files, recordText, request.state, { removalsFirst });
  // A pull request commits the files as they are; a work tree gets git's unmerged stages, so nothing slips through.
  if (options.markUnmerged !== false) await recordUnmerged(directory, files);
  return done;
}

function listedFile(file: MergedFile): UpgradeFile {
  const { path, action, conflicts, renamedFrom, renamedTo, reason } = file;
  return {
    path,
    action,
    ...(conflicts ? { conflicts } : {}),
    ...(renamedFrom ? { renamedFrom } : {}),
    ...(renamedTo ? { renamedTo } : {}),
    ...(reason ? { reason } : {}),
  };
}

/**
 * The base as the recorded version rendered it. A failure here is not the blueprint's fault: that version rendered
 * these answers once, so they are not what it rendered — most likely the record was edited by hand.
 */
async function renderBase(base: Blueprint, answers: Parameters<typeof renderBlueprint>[1], generator?: string) {
  try {
    return await renderBlueprint(base, answers, { generatorVersion: generator });
  } catch (error) {
    if (!(error instanceof BlueprintError)) throw error;
    throw new UsageError(
      `${RECORD_FILE}: ${base.name} ${base.version} cannot render the recorded answers (${error.message}); were they edited by hand? Put them back (git checkout -- ${RECORD_FILE}) and ${CHANGE_ANSWERS_ADVICE}; nothing was written`,
    );
  }
}
