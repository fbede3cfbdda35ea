/**
 * The two blueprints of an upgrade. Theirs is the newer version (from `--blueprint`, else the recorded source,
 * narrowed by `--to`); base is exactly the recorded version — the bundled archive, the recorded folder at that
 * version, or the recorded git commit — and when it cannot be had, the upgrade stops.
 */
import type { Blueprint } from "../blueprint/blueprint.js";
import { UsageError } from "../errors.js";
import { RECORD_FILE } from "../record.js";
import type { RecordedGeneration } from "./recorded.js";
import { openBlueprint, parseBlueprintSource, type BlueprintWorkspace } from "../blueprint/sources.js";
import type { UpgradeOptions } from "./types.js";
import { compareVersions } from "../blueprint/versions.js";

export async function openTheirs(
  record: RecordedGeneration,
  directory: string,
  workspace: BlueprintWorkspace,
  options: Pick<UpgradeOptions, "blueprint" | "to" | "cwd">,
): Promise<Blueprint> {
  const source = options.blueprint
    ? parseBlueprintSource(options.blueprint, options.cwd ?? process.cwd())
    : parseBlueprintSource(record.blueprint.source, directory);
  const version = source.kind === "bundled" ? options.to : undefined;
  const theirs = await openBlueprint(source, { workspace, repository: directory, version });
  const recorded = record.blueprint;
  if (options.to !== undefined && theirs.version !== options.to) {
    throw new UsageError(`--to ${options.to}: the blueprint at ${theirs.source} is version ${theirs.version}`);
  }
  if (theirs.name !== recorded.name) {
    throw new UsageError(
      `--blueprint ${theirs.source}: is blueprint '${theirs.name}', but this repository was generated from '${recorded.name}'`,
    );
  }
  if (compareVersions(theirs.version, recorded.version) < 0) {
    throw new UsageError(
      `${theirs.name} ${theirs.version} (${theirs.source}) is older than the recorded ${recorded.version}; upgrade never downgrades`,
    );
  }
  return theirs;
}

export async function openBase(
  record: RecordedGeneration,
  directory: string,
  workspace: BlueprintWorkspace,
): Promise<Blueprint> {
  const recorded = record.blueprint;
  const stop = (why: string) =>
    new UsageError(
      `cannot obtain the merge base, ${recorded.name} ${recorded.version} from ${recorded.source} (recorded in ${RECORD_FILE}): ${why}. ` +
        "Stopping with nothing written: without the base, every edit of yours would look like something to overwrite.",
    );
  let base: Blueprint;
  try {
    const source = parseBlueprintSource(recorded.source, directory);
    if (source.kind === "git" && !recorded.commit) throw stop("no commit is recorded for that git source");
    base = await openBlueprint(source, {
      workspace,
      repository: directory,
      version: recorded.version,
      commit: recorded.commit,
    });
  } catch (error) {
    if (error instanceof UsageError && !error.message.startsWith("cannot obtain the merge base"))
      throw stop(error.message.replace(/^--blueprint /, ""));
    throw error;
  }
  if (base.name !== recorded.name || base.version !== recorded.version) {
    const inPlace = !recorded.source.includes("#") && recorded.source !== "bundled";
    throw stop(
      `that source now holds ${base.name} ${base.version}${inPlace ? inPlaceAdvice(recorded.source, recorded.version) : ""}`,
    );
  }
  return base;
}

/**
 * A blueprint folder updated in place (`git pull` in it) no longer holds the version the repository was made from.
 * Two ways out: keep each version in a folder of its own, or take blueprints from git, which records the commit.
 */
function inPlaceAdvice(folder: string, version: string): string {
  return (
    ` (was the folder updated in place?). Either put ${version} back at ${folder} and give the new version in a folder of` +
    ` its own with --blueprint <folder> (e.g. git worktree add <folder> <tag>), or publish the blueprint in git and use` +
    " --blueprint <git-url>#<ref>, which records the commit so the base can always be found again"
  );
}
