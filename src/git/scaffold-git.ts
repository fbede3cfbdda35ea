/**
 * `create --git`: decided before anything is written (who commits must be known, or the run stops with nothing
 * written), carried out after the files are. The folder's existing repository, if any, is looked at either way: the
 * end block then prints only the git commands still to type.
 */
import { UsageError } from "../errors.js";
import type { CommitIdentity, GitIdentity } from "./identity.js";
import { commitFirst, commitIdentity, type LocalRepository, localRepository } from "./local-repository.js";

export interface GitRequest {
  directory: string;
  /** true: commit; false: do not; undefined: ask when `ask` is given, else do not. */
  git?: boolean;
  /** `--author`, parsed. */
  author?: GitIdentity;
  env: NodeJS.ProcessEnv;
  dryRun: boolean;
  /** Asks the person whether to commit (only when there is no repository with history yet). */
  ask?: (repository: LocalRepository) => Promise<boolean>;
  warnings: string[];
}

export interface GitPlan {
  /** What the folder was part of before this run. */
  repository: LocalRepository;
  /** Set when the files are to be committed, as whom. */
  identity?: CommitIdentity;
}

export async function planGit(request: GitRequest): Promise<GitPlan> {
  const repository = await localRepository(request.directory);
  const git = request.git ?? (request.ask && repository.kind !== "committed" ? await request.ask(repository) : false);
  if (!git || request.dryRun) return { repository };
  // A repository with history, or an empty one above the folder, is someone's project: its commits are theirs.
  if (repository.kind === "committed" || (repository.root !== undefined && !isSameFolder(repository, request))) {
    request.warnings.push(
      `--git: ${request.directory} is inside the git repository ${repository.root}; nothing was committed there, commit the files yourself`,
    );
    return { repository };
  }
  const identity = await commitIdentity(request.author, request.directory, request.env);
  if (!identity)
    throw new UsageError(
      '--git: no git identity is configured; pass --author "Name <email>", or set one with git config --global user.name and user.email',
    );
  return { repository, identity };
}

function isSameFolder(repository: LocalRepository, request: GitRequest): boolean {
  return repository.root === request.directory;
}

/** The first commit, on the answered base branch; returns its id. */
export async function commitScaffold(
  plan: GitPlan,
  directory: string,
  commit: { branch: string; message: string; env: NodeJS.ProcessEnv },
): Promise<string | undefined> {
  if (!plan.identity) return undefined;
  return commitFirst(directory, { ...commit, identity: plan.identity });
}
