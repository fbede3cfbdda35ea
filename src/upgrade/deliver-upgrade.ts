/**
 * `upgrade --pr`: the upgrade as a pull request, built from the delivery pieces `create --repo` uses (token only in
 * git's environment, retries, redaction). The directory is a clone of the repository (or is cloned into); the
 * upgrade runs on a fixed branch started from that branch on GitHub if it exists, else from the base — so running
 * it again updates the same pull request — then the touched files are committed, pushed, and the pull request is
 * opened or updated, as a draft when conflicts are left for a person.
 */
import { resolve } from "node:path";
import type { SimpleGit } from "simple-git";
import { classifyTarget, cloneOrFetch, switchToBranch } from "../delivery/checkout.js";
import { configuredIdentity, gitEnvironment, openGit, type CommitIdentity } from "../delivery/git.js";
import { connectGitHub } from "../delivery/github.js";
import {
  findOrCreateRepository,
  requireBranch,
  tokenOwner,
  type Api,
  type RemoteRepository,
} from "../delivery/github-repo.js";
import { resolveDeliveryOptions, type DeliveryOptions, type ResolvedDelivery } from "../delivery/options.js";
import { commitFiles, commitsAhead, pushBranch } from "../delivery/publish.js";
import { upsertPullRequest } from "../delivery/pull-request.js";
import { createRedactor, redactedMessage } from "../delivery/redact.js";
import type { DeliveryResult } from "../delivery/result.js";
import { DeliveryError, UsageError } from "../errors.js";
import { RECORD_FILE } from "../record.js";
import { packageVersion } from "../version.js";
import { upgradeBody, upgradeCommitMessage, upgradeTitle } from "./pr-body.js";
import { readRecord } from "./recorded.js";
import type { UpgradeOptions, UpgradeResult } from "./types.js";

/** `--pr` and the delivery flags that make sense for an upgrade. `repo` defaults to the recorded repository. */
export type UpgradePullRequestOptions = Omit<DeliveryOptions, "repo" | "createRepo" | "private" | "pullRequest"> & {
  repo?: string;
};

/** One upgrade pull request per repository and base branch, updated by every later run until it is merged. */
export const UPGRADE_BRANCH = "mcp-gitops/upgrade";

type Upgrade = (options: UpgradeOptions) => Promise<UpgradeResult>;

export async function upgradeAsPullRequest(
  options: UpgradeOptions,
  pr: UpgradePullRequestOptions,
  run: Upgrade,
): Promise<UpgradeResult & { delivery: DeliveryResult }> {
  const directory = resolve(options.cwd ?? process.cwd(), options.directory);
  const env = pr.env ?? process.env;
  const resolved = resolveDeliveryOptions({
    ...pr,
    repo: pr.repo ?? (await recordedRepository(directory)),
    createRepo: false,
    pullRequest: true,
    env,
  });
  const redact = createRedactor(resolved.token);
  const kind = await classifyTarget(directory, env);
  const api: Api = { gh: await connectGitHub(resolved), apiUrl: resolved.apiUrl, redact };
  const repo = await findOrCreateRepository(api, resolved);
  const base = resolved.base ?? repo.defaultBranch;
  const branch = resolved.branch ?? UPGRADE_BRANCH;
  await requireBranch(api, repo, base);
  const anonymous = (dir: string) =>
    openGit(dir, gitEnvironment({ env, cloneUrl: repo.cloneUrl, token: resolved.token }));
  const remote = await cloneOrFetch({ directory, kind, repo, open: anonymous, redact });
  const identity = await commitIdentity(await anonymous(directory), resolved, api, repo, env);
  const git = await openGit(
    directory,
    gitEnvironment({ env, cloneUrl: repo.cloneUrl, token: resolved.token, identity: identity.identity }),
  );
  await switchToBranch(git, redact, remote, branch, base);
  // cloneOrFetch refused uncommitted changes and the branch is freshly switched: the tree is clean.
  const result = await run({ ...options, directory, allowDirty: true });
  const delivery: DeliveryResult = {
    repository: repo.fullName,
    repositoryUrl: repo.htmlUrl,
    createdRepository: false,
    branch,
    base,
    workTree: directory,
    committed: false,
    pushed: false,
    dryRun: false,
    warnings: identity.warnings,
  };
  try {
    await publish(git, { result, delivery, resolved, api, repo, remote });
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(redact(error.message));
    const kept = delivery.committed
      ? ` Nothing is lost: the upgrade is committed on branch ${branch} in ${directory}; run the same command again to retry.`
      : "";
    throw new DeliveryError(redactedMessage(error, redact) + kept);
  }
  return { ...result, warnings: [...result.warnings, ...delivery.warnings], delivery };
}

interface PublishContext {
  result: UpgradeResult;
  delivery: DeliveryResult;
  resolved: ResolvedDelivery;
  api: Api;
  repo: RemoteRepository;
  remote: string;
}

async function publish(
  git: SimpleGit,
  { result, delivery, resolved, api, repo, remote }: PublishContext,
): Promise<void> {
  if (result.status === "upgraded") {
    const touched = result.files
      .filter((file) => !["keep-modified-removed", "stays-deleted"].includes(file.action))
      .map((file) => file.path);
    delivery.committed = await commitFiles(
      git,
      api.redact,
      [...touched, RECORD_FILE],
      upgradeCommitMessage(result, `create-mcp-gitops@${packageVersion()}`),
    );
  }
  if ((await commitsAhead(git, `refs/remotes/${remote}/${delivery.base}`)) === 0) {
    delivery.warnings.push(`nothing to deliver: ${delivery.base} is already on ${result.to.name} ${result.to.version}`);
    return;
  }
  delivery.commit = await pushBranch(git, api.redact, { url: repo.cloneUrl, remote, branch: delivery.branch });
  delivery.pushed = true;
  // The pull request goes from what the base branch records; this run may have found the branch already upgraded.
  const described = {
    ...result,
    from: {
      ...result.from,
      version: (await recordedVersion(git, `refs/remotes/${remote}/${delivery.base}`)) ?? result.from.version,
    },
  };
  delivery.pullRequest = await upsertPullRequest(
    api,
    repo,
    {
      head: delivery.branch,
      base: delivery.base,
      title: resolved.title ?? upgradeTitle(described),
      body: upgradeBody(described, { earlierRun: result.status !== "upgraded" }),
      draft: resolved.draft || result.conflicts.length > 0,
      reviewers: resolved.reviewers,
      teamReviewers: resolved.teamReviewers,
      labels: resolved.labels,
    },
    delivery.warnings,
  );
}

/** The blueprint version `.mcp-gitops.yaml` records on a branch, if it parses. */
async function recordedVersion(git: SimpleGit, ref: string): Promise<string | undefined> {
  try {
    const { parse } = await import("yaml");
    const version = (
      parse(await git.raw(["show", `${ref}:${RECORD_FILE}`])) as { blueprint?: { version?: unknown } } | null
    )?.blueprint?.version;
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

/** --author, else git's configured identity, else the token owner's no-reply address (said in a warning). */
async function commitIdentity(
  git: SimpleGit,
  resolved: ResolvedDelivery,
  api: Api,
  repo: RemoteRepository,
  env: NodeJS.ProcessEnv,
): Promise<{ identity: CommitIdentity; warnings: string[] }> {
  const configured = resolved.author ? { author: resolved.author } : await configuredIdentity(git, env);
  if (configured.author)
    return {
      identity: {
        author: configured.author,
        committer: resolved.author ? configured.author : (configured.committer ?? configured.author),
      },
      warnings: [],
    };
  const owner = await tokenOwner(api);
  const fallback = {
    name: owner.name || owner.login,
    email: `${owner.id}+${owner.login}@users.noreply.${new URL(repo.htmlUrl).hostname}`,
  };
  return {
    identity: { author: fallback, committer: fallback },
    warnings: [
      `no git identity is configured; committed as ${fallback.name} <${fallback.email}> (pass --author "Name <email>" to choose)`,
    ],
  };
}
