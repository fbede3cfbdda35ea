/**
 * The one delivery pipeline, used by `create --repo` and `upgrade --pr` alike; they differ only in what they publish.
 *   open     — checks the target (before any network call), connects, finds (or creates) the repository and its
 *              base branch;
 *   prepare  — clones into the target (or fetches into the clone it is), settles the commit identity and switches to
 *              the delivery branch; the caller then writes its files there;
 *   publish  — commits exactly the given paths, pushes (rebasing when the branch moved, never forcing) and opens or
 *              updates the pull request.
 * Every failure is a DeliveryError or UsageError with the token redacted, saying where the local work is.
 */
import type { SimpleGit } from "simple-git";
import { DeliveryError } from "../errors.js";
import type { Tree } from "../tree/tree.js";
import {
  classifyTarget,
  cloneOrFetch,
  refuseUntrackedOverwrites,
  restartBranch,
  switchToBranch,
  type TargetKind,
} from "./checkout.js";
import { deliveryFailure } from "./failure.js";
import { gitEnvironment, openGit, releaseGitAuth } from "./git.js";
import { connectGitHub } from "./github.js";
import { findOrCreateRepository, requireBranch, type Api, type RemoteRepository } from "./github-repo.js";
import { commitIdentity } from "./identity.js";
import { type ResolvedDelivery, sameAsBase } from "./options.js";
import { commitFiles, commitsAhead, pushBranch } from "./publish.js";
import { upsertPullRequest } from "./pull-request.js";
import { createRedactor, type Redactor } from "./redact.js";
import { plannedResult, type DeliveryResult } from "./result.js";
import { staleBranch } from "./stale-branch.js";

export interface OpenRequest {
  /** Resolved and checked delivery options (options.ts). */
  options: ResolvedDelivery;
  /** Where the token and git settings come from. */
  env: NodeJS.ProcessEnv;
  /** Absolute target directory: empty or missing (cloned into) or a clean clone of the repository. */
  directory: string;
  /** The branch to deliver to when `options.branch` is not given. */
  defaultBranch: string;
  /** Look nothing up, clone nothing, push nothing: only say what would happen. */
  dryRun?: boolean;
}

/** What to publish: the files, the commit and the pull request. */
export interface Publication {
  /** Exactly the paths to commit; nothing else in the work tree is ever staged. */
  paths: string[];
  message: string;
  /** The warning when the base branch already has exactly these files, so nothing is pushed. */
  nothingToDeliver: string;
  /** The pull request's text, asked for once the branch is pushed (it may read the base branch). */
  pullRequest: (context: PublishContext) => Promise<PullRequestText> | PullRequestText;
}

export interface PullRequestText {
  title: string;
  body: string;
  /** Open (or leave) it as a draft, e.g. while conflicts are left; `--draft` makes every one a draft. */
  draft?: boolean;
}

export interface PublishContext {
  /** A file as the base branch on GitHub has it, or undefined. */
  fileOnBase(path: string): Promise<string | undefined>;
}

export interface PrepareOptions {
  tree?: Tree;
  force?: boolean;
  /** A branch run again on a schedule: rebuild it from the base once merged, or behind with only the tool's commits. */
  rebuildStale?: boolean;
}

export interface Delivery {
  /** `owner/name`. */
  readonly repository: string;
  /** The branch the pull request targets (the repository's default branch unless `--base`). */
  readonly base: string | undefined;
  readonly branch: string;
  /** What git clones and pushes; undefined in a dry run. */
  readonly cloneUrl: string | undefined;
  /** A user account's or an organization's repository, as GitHub says; undefined in a dry run. */
  readonly ownerType: "user" | "organization" | undefined;
  /** Makes the target a clone on the delivery branch. With `tree`, refuses to overwrite files git does not track. */
  prepare(options?: PrepareOptions): Promise<void>;
  /** A file on the base branch, read from the clone after `prepare`. */
  fileOnBase(path: string): Promise<string | undefined>;
  publish(publication: Publication): Promise<DeliveryResult>;
}

export async function openDelivery(request: OpenRequest): Promise<Delivery> {
  const { options, directory } = request;
  const redact = createRedactor(options.token);
  const branch = options.branch ?? request.defaultBranch;
  const kind = await classifyTarget(directory, request.env);
  const repository = `${options.owner}/${options.name}`;
  if (request.dryRun) return plannedDelivery(repository, branch, options.base, directory);
  try {
    const api: Api = { gh: await connectGitHub(options), apiUrl: options.apiUrl, redact };
    const repo = await findOrCreateRepository(api, options);
    const base = options.base ?? repo.defaultBranch;
    // Before anything is cloned or pushed: the files must never land on the base branch itself.
    if (branch === base) throw sameAsBase(branch);
    await requireBranch(api, repo, base);
    return new LiveDelivery({ options, env: request.env, api, repo, base, branch, kind, directory });
  } catch (error) {
    throw deliveryFailure(error, redact);
  }
}

function plannedDelivery(repository: string, branch: string, base: string | undefined, directory: string): Delivery {
  return {
    repository,
    base,
    branch,
    cloneUrl: undefined,
    ownerType: undefined,
    prepare: async () => undefined,
    fileOnBase: async () => undefined,
    publish: async () => plannedResult(repository, branch, base, directory),
  };
}

interface LiveState {
  options: ResolvedDelivery;
  env: NodeJS.ProcessEnv;
  api: Api;
  repo: RemoteRepository;
  base: string;
  branch: string;
  kind: TargetKind;
  directory: string;
}

class LiveDelivery implements Delivery {
  private git?: SimpleGit;
  private remote = "origin";
  private lease: string | undefined;
  private readonly warnings: string[] = [];

  constructor(private readonly state: LiveState) {}

  get repository(): string {
    return this.state.repo.fullName;
  }
  get base(): string {
    return this.state.base;
  }
  get branch(): string {
    return this.state.branch;
  }
  get cloneUrl(): string {
    return this.state.repo.cloneUrl;
  }

  get ownerType(): "user" | "organization" | undefined {
    return this.state.repo.ownerType;
  }
  private get redact(): Redactor {
    return this.state.api.redact;
  }

  async prepare(options: PrepareOptions = {}): Promise<void> {
    const { state } = this;
    const { token } = state.options;
    try {
      const anonymous = (dir: string) =>
        openGit(dir, gitEnvironment({ env: state.env, cloneUrl: this.cloneUrl, token }));
      this.remote = await cloneOrFetch({
        directory: state.directory,
        kind: state.kind,
        repo: state.repo,
        open: anonymous,
        redact: this.redact,
      });
      const identity = await commitIdentity({
        author: state.options.author,
        git: await anonymous(state.directory),
        env: state.env,
        api: state.api,
        repo: state.repo,
        warnings: this.warnings,
      });
      this.git = await openGit(
        state.directory,
        gitEnvironment({ env: state.env, cloneUrl: this.cloneUrl, token, identity }),
      );
      const refs = { remote: this.remote, branch: state.branch, base: state.base };
      const stale = options.rebuildStale ? await staleBranch(this.git, state.api, state.repo, refs) : undefined;
      if (stale) {
        this.warnings.push(stale.reason);
        this.lease = stale.lease;
        await restartBranch(this.git, this.redact, this.remote, state.branch, state.base, this.warnings);
      } else {
        await switchToBranch(this.git, this.redact, this.remote, state.branch, state.base, this.warnings);
      }
      if (options.tree)
        await refuseUntrackedOverwrites(this.git, options.tree, state.directory, Boolean(options.force));
    } catch (error) {
      throw deliveryFailure(error, this.redact);
    }
  }

  async fileOnBase(path: string): Promise<string | undefined> {
    const git = this.requireGit();
    const ref = `refs/remotes/${this.remote}/${this.state.base}`;
    const listed = await git.raw(["ls-tree", "--name-only", ref, "--", path]).catch(() => "");
    if (listed.trim() === "") return undefined;
    return git.raw(["show", `${ref}:${path}`]).catch(() => undefined);
  }

  async publish(publication: Publication): Promise<DeliveryResult> {
    const git = this.requireGit();
    const { options, repo, branch, base, api, directory } = this.state;
    const result: DeliveryResult = {
      repository: repo.fullName,
      repositoryUrl: repo.htmlUrl,
      createdRepository: repo.created,
      branch,
      base,
      workTree: directory,
      committed: false,
      pushed: false,
      dryRun: false,
      warnings: this.warnings,
    };
    try {
      result.committed = await commitFiles(git, this.redact, publication.paths, publication.message);
      if ((await commitsAhead(git, `refs/remotes/${this.remote}/${base}`)) === 0) {
        this.warnings.push(publication.nothingToDeliver);
        return result;
      }
      result.commit = await pushBranch(git, this.redact, {
        url: repo.cloneUrl,
        remote: this.remote,
        branch,
        lease: this.lease,
      });
      result.pushed = true;
      if (!options.pullRequest) return result;
      const text = await publication.pullRequest({ fileOnBase: (path) => this.fileOnBase(path) });
      result.pullRequest = await upsertPullRequest(
        api,
        repo,
        {
          head: branch,
          base,
          title: options.title ?? text.title,
          body: text.body,
          draft: options.draft || Boolean(text.draft),
          reviewers: options.reviewers,
          teamReviewers: options.teamReviewers,
          labels: options.labels,
        },
        this.warnings,
      );
      return result;
    } catch (error) {
      throw deliveryFailure(error, this.redact, await this.whereTheWorkIs(result));
    } finally {
      releaseGitAuth(); // the header file goes as soon as git is done with it
    }
  }

  /** Said after a failure: nothing is lost, and where it is. */
  private async whereTheWorkIs(result: DeliveryResult): Promise<string> {
    const { branch, base, directory } = this.state;
    if (result.pushed)
      return ` Nothing is lost: branch ${branch} is pushed (and checked out in ${directory}); run the same command again to open the pull request.`;
    const ahead = await commitsAhead(this.requireGit(), `refs/remotes/${this.remote}/${base}`).catch(() => 0);
    if (result.committed || ahead > 0)
      return ` Nothing is lost: the changes are committed on branch ${branch} in ${directory}; run the same command again to retry.`;
    return "";
  }

  private requireGit(): SimpleGit {
    if (!this.git) throw new DeliveryError("delivery: prepare() must run before anything is read or published");
    return this.git;
  }
}
