/** What delivery reports. */
import type { PullRequestResult } from "./pull-request.js";

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
