/** What delivery reports, what it needs from `create()`, and how `--repo`/`--base` become answers. */
import type { CollectedAnswers } from "../answers/collect.js";
import type { ResolvedAnswers } from "../answers/resolve.js";
import type { Tree } from "../tree/tree.js";
import type { ResolvedDelivery } from "./options.js";
import type { PullRequestResult } from "./pull-request.js";

export interface PublishInput {
  tree: Tree;
  answers: ResolvedAnswers;
  blueprint: { name: string; version: string };
  /** e.g. `create-mcp-gitops@0.1.0`. */
  generator: string;
}

export interface DeliveryResult {
  /** `owner/name`. */
  repository: string;
  /** The repository's web page (absent in a dry run). */
  repositoryUrl?: string;
  /** True when `--create-repo` created it in this run. */
  createdRepository: boolean;
  branch: string;
  base: string;
  /** The local clone holding the branch. */
  workTree: string;
  /** A new commit was made in this run (false when the files were already committed). */
  committed: boolean;
  /** The branch tip on GitHub after the push. */
  commit?: string;
  pushed: boolean;
  /** Absent with `--no-pr`, in a dry run, or when there was nothing to deliver. */
  pullRequest?: PullRequestResult;
  dryRun: boolean;
  warnings: string[];
}

/**
 * `--repo` (and `--base`) are answers too: the generated Argo CD Applications and README name the repository and
 * branch. Flags win over the answers file. Once GitHub has been asked, the resolved base branch and the repository's
 * clone URL are pinned as well (an answered `repository.url`, e.g. an SSH URL for Flux, is kept).
 * Returns the base branch given by `--base` or the answers, if any.
 */
export function pinRepository(
  collected: CollectedAnswers,
  delivery: ResolvedDelivery,
  remote?: { base: string; url: string },
): string | undefined {
  const current = collected.raw.repository;
  const repository: Record<string, unknown> =
    current && typeof current === "object" && !Array.isArray(current)
      ? { ...(current as Record<string, unknown>) }
      : {};
  repository.owner = delivery.owner;
  repository.name = delivery.name;
  collected.provenance.set("repository.owner", "--repo");
  collected.provenance.set("repository.name", "--repo");
  if (delivery.base !== undefined) {
    repository.baseBranch = delivery.base;
    collected.provenance.set("repository.baseBranch", "--base");
  }
  if (remote) {
    repository.baseBranch = remote.base;
    repository.url ??= remote.url;
  }
  collected.raw.repository = repository;
  return typeof repository.baseBranch === "string" ? repository.baseBranch : undefined;
}

/** What a dry run reports: the branch and repository it would deliver to, nothing looked up. */
export function plannedResult(
  repository: string,
  branch: string,
  base: string | undefined,
  workTree: string,
): DeliveryResult {
  const baseLabel = base ?? "(the repository's default branch)";
  return {
    repository,
    branch,
    base: baseLabel,
    workTree,
    createdRepository: false,
    committed: false,
    pushed: false,
    dryRun: true,
    warnings: [],
  };
}
