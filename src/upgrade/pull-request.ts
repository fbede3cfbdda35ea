/**
 * `upgrade --pr` (and every answer change with `--pr`): the change delivered over the one pipeline
 * (src/delivery/pipeline.ts). The directory is a clone of the repository (or is cloned into); the run happens on a
 * fixed branch — `mcp-gitops/upgrade` for a blueprint upgrade, one named after the answer change otherwise — started
 * from that branch on GitHub if it exists and is still current, else from the base, so running it again updates the
 * same pull request. The pull request stays a draft while conflict markers are left on the branch (its body lists
 * them, run after run) and is marked ready once they are gone.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { resolveDeliveryOptions } from "../delivery/options.js";
import { openDelivery } from "../delivery/pipeline.js";
import type { DeliveryResult } from "../delivery/result.js";
import { UsageError } from "../errors.js";
import { RECORD_FILE } from "../record.js";
import { inspectTarget } from "../tree/flush.js";
import { packageVersion } from "../version.js";
import { type AnswerChanges, hasAnswerChanges } from "./answers.js";
import { upgradeBody, upgradeCommitMessage, upgradeTitle } from "./pr-body.js";
import { readRecord } from "./recorded.js";
import type { UpgradeOptions, UpgradePullRequestOptions, UpgradeResult } from "./types.js";

/** One upgrade pull request per repository and base branch, updated by every later run until it is merged. */
export const UPGRADE_BRANCH = "mcp-gitops/upgrade";

/** Actions that leave the file as the user has it: nothing of theirs to commit. */
const UNTOUCHED = new Set(["keep-modified-removed", "stays-deleted", "binary-conflict", "blocked"]);

type Upgrade = (options: UpgradeOptions) => Promise<UpgradeResult>;

export async function upgradeAsPullRequest(
  options: UpgradeOptions,
  pr: UpgradePullRequestOptions,
  run: Upgrade,
): Promise<UpgradeResult & { delivery: DeliveryResult }> {
  const directory = resolve(options.cwd ?? process.cwd(), options.directory);
  const env = pr.env ?? process.env;
  const repo = pr.repo ?? (await recordedRepository(directory, options.directory));
  const resolved = resolveDeliveryOptions({ ...pr, repo, createRepo: false, pullRequest: true, env });
  const defaultBranch = await branchFor(options.changes, options.cwd ?? process.cwd());
  const delivery = await openDelivery({ options: resolved, env, directory, defaultBranch });
  await delivery.prepare({ rebuildStale: true });
  // The clone was checked for uncommitted changes and the branch is freshly switched: the tree is clean.
  const result = await run({ ...options, directory, allowDirty: true, markUnmerged: false });
  const touched = result.files.filter((file) => !UNTOUCHED.has(file.action)).map((file) => file.path);
  // What a person still has to do on the branch: this run's conflicts, or the markers an earlier run left there.
  const open = result.status === "upgraded" ? result.conflicts : result.leftovers.map((leftover) => leftover.path);
  const delivered = await delivery.publish({
    paths: result.status === "upgraded" ? [...touched, RECORD_FILE] : [],
    message: upgradeCommitMessage(result, `create-mcp-gitops@${packageVersion()}`),
    nothingToDeliver: `nothing to deliver: ${delivery.base} already has this (${result.to.name} ${result.to.version}${result.answers ? ", these answers" : ""})`,
    async pullRequest({ fileOnBase }) {
      // The pull request goes from what the base branch records; this run may have found the branch done already.
      const fromVersion = (await recordedVersion(await fileOnBase(RECORD_FILE))) ?? result.from.version;
      const described = { ...result, from: { ...result.from, version: fromVersion }, conflicts: open };
      return {
        title: upgradeTitle(described),
        body: upgradeBody(described, { earlierRun: result.status !== "upgraded" }),
        draft: open.length > 0,
      };
    },
  });
  return { ...result, warnings: [...result.warnings, ...delivered.warnings], delivery: delivered };
}

/**
 * The branch of a change: the same change gets the same branch on every run, so a re-run updates its pull request.
 * A blueprint upgrade: mcp-gitops/upgrade; adding or removing servers and environments: named after them; any other
 * answer change: a hash of what was asked.
 */
async function branchFor(changes: AnswerChanges | undefined, cwd: string): Promise<string> {
  if (!hasAnswerChanges(changes)) return UPGRADE_BRANCH;
  const { add = [], unset = [], set = [], answersFile, answers } = changes;
  const removed = unset.map((path) => /^(servers|environments)\.([a-z0-9-]+)$/.exec(path));
  const only = set.length === 0 && !answersFile && !answers;
  if (only && add.length > 0 && unset.length === 0 && add.every((entry) => entry.list === add[0]!.list))
    return `mcp-gitops/add-${add[0]!.list === "environments" ? "env-" : ""}${add.map((entry) => String(entry.entry.name)).join("-")}`;
  if (only && add.length === 0 && removed.every((match) => match && match[1] === removed[0]![1]))
    return `mcp-gitops/remove-${removed[0]![1] === "environments" ? "env-" : ""}${removed.map((match) => match![2]).join("-")}`;
  const file = answersFile ? await readFile(resolve(cwd, answersFile), "utf8").catch(() => answersFile) : "";
  const asked = JSON.stringify({ add, unset, set, file, answers });
  return `mcp-gitops/answers-${createHash("sha256").update(asked).digest("hex").slice(0, 10)}`;
}

/** The blueprint version a `.mcp-gitops.yaml` text records, if it parses. */
async function recordedVersion(text: string | undefined): Promise<string | undefined> {
  if (text === undefined) return undefined;
  try {
    const { parse } = await import("yaml");
    const version = (parse(text) as { blueprint?: { version?: unknown } } | null)?.blueprint?.version;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}

/** `owner/name` from the recorded answers, for `--pr` without `--repo`; a folder that is no clone yet needs --repo. */
async function recordedRepository(directory: string, given: string): Promise<string> {
  const state = await inspectTarget(directory);
  const hasRecord =
    state.exists &&
    (await readFile(join(directory, RECORD_FILE)).then(
      () => true,
      () => false,
    ));
  if (!hasRecord)
    throw new UsageError(
      `--pr: ${given} is not a clone of the repository yet (no ${RECORD_FILE} there); pass --repo <owner/name> to clone it into ${given}`,
    );
  const repository = (await readRecord(directory)).answers.repository as
    | { owner?: unknown; name?: unknown }
    | undefined;
  if (typeof repository?.owner !== "string" || typeof repository?.name !== "string") {
    throw new UsageError(`--pr: ${RECORD_FILE} records no repository owner and name; pass --repo <owner/name>`);
  }
  return `${repository.owner}/${repository.name}`;
}
