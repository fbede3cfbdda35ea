/**
 * Delivery as a pull request, in the order `create()` needs it:
 *   openDelivery     — options and answers checked, repository looked up (or created), base branch resolved;
 *   prepareWorkTree  — clone (or reuse the checkout), switch to the branch; the tree is then flushed into it;
 *   publish          — commit, push (retried after a fetch when the branch moved), open or update the PR.
 * Every failure is a DeliveryError or UsageError with the token redacted, saying where the local work is.
 */
import { basename } from "node:path";
import type { SimpleGit } from "simple-git";
import type { CollectedAnswers } from "../answers/collect.js";
import type { ResolvedAnswers } from "../answers/resolve.js";
import { validateAnswers } from "../answers/validate.js";
import { DeliveryError, UsageError } from "../errors.js";
import { RECORD_FILE } from "../record.js";
import type { TargetState } from "../tree/flush.js";
import type { Tree } from "../tree/tree.js";
import {
  classifyTarget,
  cloneOrFetch,
  refuseUntrackedOverwrites,
  switchToBranch,
  type TargetKind,
} from "./checkout.js";
import { gitEnvironment, openGit } from "./git.js";
import { connectGitHub } from "./github.js";
import { findOrCreateRepository, requireBranch, type Api, type RemoteRepository } from "./github-repo.js";
import { commitIdentity } from "./identity.js";
import { commitMessage, pullRequestTitle, type ChangeVerb } from "./messages.js";
import { defaultBranch, resolveDeliveryOptions, type DeliveryOptions, type ResolvedDelivery } from "./options.js";
import { pinRepository, plannedResult, type DeliveryResult, type PublishInput } from "./result.js";
import { pullRequestBody } from "./pr-body.js";
import { commitFiles, commitsAhead, pushBranch } from "./publish.js";
import { upsertPullRequest } from "./pull-request.js";
import { createRedactor, redactedMessage, type Redactor } from "./redact.js";

export type { DeliveryOptions } from "./options.js";
export type { DeliveryResult, PublishInput } from "./result.js";

export interface Delivery {
  /** Makes the target directory a clone on the delivery branch; returns its state for `flush`. */
  prepareWorkTree(tree: Tree, options: { force?: boolean }): Promise<Pick<TargetState, "exists" | "empty">>;
  /** Commits what was flushed, pushes it and opens or updates the pull request. */
  publish(input: PublishInput): Promise<DeliveryResult>;
}

export interface DeliveryContext {
  collected: CollectedAnswers;
  /** Absolute target directory. */
  directory: string;
  /** Look nothing up, write nothing, push nothing: only say what would happen. */
  dryRun: boolean;
}

export async function openDelivery(options: DeliveryOptions, context: DeliveryContext): Promise<Delivery> {
  const resolved = resolveDeliveryOptions(options);
  const env = options.env ?? process.env;
  const explicitBase = pinRepository(context.collected, resolved);
  // Bad answers are a usage error before anything is looked up or created.
  const early = validateAnswers(context.collected, basename(context.directory));
  const branch = resolved.branch ?? defaultBranch(early.servers.map((server) => server.name));
  const redact = createRedactor(resolved.token);
  const kind = await classifyTarget(context.directory, env);
  if (context.dryRun) return plannedDelivery(resolved, branch, explicitBase, context.directory);
  try {
    const api: Api = { gh: await connectGitHub(resolved), apiUrl: resolved.apiUrl, redact };
    const repo = await findOrCreateRepository(api, resolved);
    const base = explicitBase ?? repo.defaultBranch;
    await requireBranch(api, repo, base);
    pinRepository(context.collected, resolved, { base, url: repo.cloneUrl });
    return new LiveDelivery({ resolved, env, api, repo, base, branch, kind, directory: context.directory });
  } catch (error) {
    throw failure(error, redact);
  }
}

function plannedDelivery(
  resolved: ResolvedDelivery,
  branch: string,
  base: string | undefined,
  directory: string,
): Delivery {
  return {
    prepareWorkTree: async () => ({ exists: false, empty: true }),
    publish: async () => plannedResult(`${resolved.owner}/${resolved.name}`, branch, base, directory),
  };
}

interface LiveState {
  resolved: ResolvedDelivery;
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
  private verb: ChangeVerb = "Add";
  private readonly warnings: string[] = [];

  constructor(private readonly state: LiveState) {}

  async prepareWorkTree(tree: Tree, options: { force?: boolean }): Promise<Pick<TargetState, "exists" | "empty">> {
    const { state } = this;
    const { redact } = state.api;
    try {
      const anonymous = (dir: string) =>
        openGit(dir, gitEnvironment({ env: state.env, cloneUrl: state.repo.cloneUrl, token: state.resolved.token }));
      this.remote = await cloneOrFetch({
        directory: state.directory,
        kind: state.kind,
        repo: state.repo,
        open: anonymous,
        redact,
      });
      const identity = await commitIdentity({
        author: state.resolved.author,
        git: await anonymous(state.directory),
        env: state.env,
        api: state.api,
        repo: state.repo,
        warnings: this.warnings,
      });
      const env = gitEnvironment({
        env: state.env,
        cloneUrl: state.repo.cloneUrl,
        token: state.resolved.token,
        identity,
      });
      this.git = await openGit(state.directory, env);
      await switchToBranch(this.git, redact, this.remote, state.branch, state.base, this.warnings);
      const onBase = await this.git.raw([
        "ls-tree",
        "--name-only",
        `refs/remotes/${this.remote}/${state.base}`,
        "--",
        RECORD_FILE,
      ]);
      this.verb = onBase.trim() === "" ? "Add" : "Update";
      await refuseUntrackedOverwrites(this.git, tree, state.directory, Boolean(options.force));
      return { exists: true, empty: false };
    } catch (error) {
      throw failure(error, redact);
    }
  }

  async publish(input: PublishInput): Promise<DeliveryResult> {
    const { state, git } = this;
    const { resolved, repo, branch, base, api } = state;
    if (!git) throw new Error("publish() before prepareWorkTree()");
    const answers: ResolvedAnswers = input.answers;
    let committed = false;
    let pushed = false;
    try {
      committed = await commitFiles(
        git,
        api.redact,
        input.tree.paths(),
        commitMessage(answers, this.verb, input.generator, input.blueprint),
      );
      const result: DeliveryResult = {
        repository: repo.fullName,
        repositoryUrl: repo.htmlUrl,
        createdRepository: repo.created,
        branch,
        base,
        workTree: state.directory,
        committed,
        pushed: false,
        dryRun: false,
        warnings: this.warnings,
      };
      if ((await commitsAhead(git, `refs/remotes/${this.remote}/${base}`)) === 0) {
        this.warnings.push(
          `nothing to deliver: ${base} already has exactly these files, so no branch was pushed and no pull request opened`,
        );
        return result;
      }
      result.commit = await pushBranch(git, api.redact, { url: repo.cloneUrl, remote: this.remote, branch });
      result.pushed = pushed = true;
      if (!resolved.pullRequest) return result;
      const body = pullRequestBody({
        answers,
        files: input.tree.paths(),
        blueprint: input.blueprint,
        generator: input.generator,
      });
      result.pullRequest = await upsertPullRequest(
        api,
        repo,
        {
          head: branch,
          base,
          title: resolved.title ?? pullRequestTitle(answers, this.verb),
          body,
          draft: resolved.draft,
          reviewers: resolved.reviewers,
          teamReviewers: resolved.teamReviewers,
          labels: resolved.labels,
        },
        this.warnings,
      );
      return result;
    } catch (error) {
      const kept = committed || (await commitsAhead(git, `refs/remotes/${this.remote}/${base}`).catch(() => 0)) > 0;
      const where = pushed
        ? ` Nothing is lost: branch ${branch} is pushed (and checked out in ${state.directory}); run the same command again to open the pull request.`
        : kept
          ? ` Nothing is lost: the generated files are committed on branch ${branch} in ${state.directory}; run the same command again to retry.`
          : "";
      throw failure(error, api.redact, where);
    }
  }
}

/** Typed errors pass through (redacted once more); anything else becomes a DeliveryError without its stack. */
function failure(error: unknown, redact: Redactor, suffix = ""): Error {
  if (error instanceof UsageError) return new UsageError(redact(error.message));
  const message = redactedMessage(error, redact);
  return new DeliveryError(suffix && !/[.!?)]$/.test(message) ? `${message}.${suffix}` : message + suffix);
}
