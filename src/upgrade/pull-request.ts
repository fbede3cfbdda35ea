/**
 * `upgrade --pr`: the upgrade delivered over the one pipeline (src/delivery/pipeline.ts). The directory is a clone
 * of the repository (or is cloned into); the upgrade runs on a fixed branch started from that branch on GitHub if it
 * exists, else from the base — so running it again updates the same pull request — then the touched files are
 * committed, pushed, and the pull request is opened or updated, as a draft when conflicts are left for a person.
 * What is about upgrading stays here: the branch, the files, the title and description (pr-body.ts).
 */
import { resolve } from "node:path";
import { resolveDeliveryOptions } from "../delivery/options.js";
import { openDelivery } from "../delivery/pipeline.js";
import type { DeliveryResult } from "../delivery/result.js";
import { UsageError } from "../errors.js";
import { RECORD_FILE } from "../record.js";
import { packageVersion } from "../version.js";
import { upgradeBody, upgradeCommitMessage, upgradeTitle } from "./pr-body.js";
import { readRecord } from "./recorded.js";
import type { UpgradeOptions, UpgradePullRequestOptions, UpgradeResult } from "./types.js";

/** One upgrade pull request per repository and base branch, updated by every later run until it is merged. */
export const UPGRADE_BRANCH = "mcp-gitops/upgrade";

/** Actions that leave the file as the user has it: nothing of theirs to commit. */
const UNTOUCHED = new Set(["keep-modified-removed", "stays-deleted", "binary-conflict"]);

type Upgrade = (options: UpgradeOptions) => Promise<UpgradeResult>;

export async function upgradeAsPullRequest(
  options: UpgradeOptions,
  pr: UpgradePullRequestOptions,
  run: Upgrade,
): Promise<UpgradeResult & { delivery: DeliveryResult }> {
  const directory = resolve(options.cwd ?? process.cwd(), options.directory);
  const env = pr.env ?? process.env;
  const repo = pr.repo ?? (await recordedRepository(directory));
  const resolved = resolveDeliveryOptions({ ...pr, repo, createRepo: false, pullRequest: true, env });
  const delivery = await openDelivery({ options: resolved, env, directory, defaultBranch: UPGRADE_BRANCH });
  await delivery.prepare();
  // The clone was checked for uncommitted changes and the branch is freshly switched: the tree is clean.
  const result = await run({ ...options, directory, allowDirty: true });
  const touched = result.files.filter((file) => !UNTOUCHED.has(file.action)).map((file) => file.path);
  const delivered = await delivery.publish({
    paths: result.status === "upgraded" ? [...touched, RECORD_FILE] : [],
    message: upgradeCommitMessage(result, `create-mcp-gitops@${packageVersion()}`),
    nothingToDeliver: `nothing to deliver: ${delivery.base} is already on ${result.to.name} ${result.to.version}`,
    async pullRequest({ fileOnBase }) {
      // The pull request goes from what the base branch records; this run may have found the branch upgraded already.
      const fromVersion = (await recordedVersion(await fileOnBase(RECORD_FILE))) ?? result.from.version;
      const described = { ...result, from: { ...result.from, version: fromVersion } };
      return {
        title: upgradeTitle(described),
        body: upgradeBody(described, { earlierRun: result.status !== "upgraded" }),
        draft: result.conflicts.length > 0,
      };
    },
  });
  return { ...result, warnings: [...result.warnings, ...delivered.warnings], delivery: delivered };
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

/** `owner/name` from the recorded answers, for `--pr` without `--repo`. */
async function recordedRepository(directory: string): Promise<string> {
  const repository = (await readRecord(directory)).answers.repository as
    | { owner?: unknown; name?: unknown }
    | undefined;
  if (typeof repository?.owner !== "string" || typeof repository?.name !== "string") {
    throw new UsageError(`--pr: ${RECORD_FILE} records no repository owner and name; pass --repo <owner/name>`);
  }
  return `${repository.owner}/${repository.name}`;
}
