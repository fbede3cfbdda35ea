/**
 * Blueprints kept in a git repository (`--blueprint <url>#<ref>`): cloned with the real git into a temporary
 * folder, so whatever git can reach (file://, https with a credential helper, ssh) works, and the exact commit that
 * was rendered is recorded — later upgrades check that commit out again as the merge base.
 */
import { UsageError } from "../errors.js";
import { git } from "../git/run.js";

/** URL forms git clones over the network or from disk; `ext::` and other transports that run commands are refused. */
const GIT_URL = /^(?:(?:https?|ssh|git|file):\/\/\S+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s]+)$/;

export function looksLikeGitUrl(text: string): boolean {
  return GIT_URL.test(text.split("#")[0] ?? "");
}

/** Splits `<url>#<ref>`; refuses credentials in the URL because the URL is recorded in `.mcp-gitops.yaml`. */
export function parseGitSource(text: string): { url: string; ref?: string } {
  const hash = text.indexOf("#");
  const url = hash === -1 ? text : text.slice(0, hash);
  const ref = hash === -1 ? undefined : text.slice(hash + 1);
  if (!GIT_URL.test(url))
    throw new UsageError(
      `--blueprint ${text}: not a git URL (use https://, ssh://, git://, file:// or user@host:path)`,
    );
  if (/^[a-z]+:\/\/[^/@]*:[^/@]*@/i.test(url)) {
    throw new UsageError(
      `--blueprint: the URL carries a password or token; it would be recorded in .mcp-gitops.yaml. Use a git credential helper instead`,
    );
  }
  if (ref !== undefined && !/^[A-Za-z0-9._/-]{1,255}$/.test(ref)) {
    throw new UsageError(
      `--blueprint ${url}#…: the ref must be a branch, tag or commit (letters, digits, '.', '_', '/', '-')`,
    );
  }
  if (ref?.startsWith("-")) throw new UsageError(`--blueprint ${url}#${ref}: a ref cannot start with '-'`);
  return { url, ref: ref || undefined };
}

/** A full clone without a checkout; every commit reachable from the remote's branches and tags is available. */
export async function cloneRepository(url: string, into: string): Promise<void> {
  try {
    await git(["clone", "--quiet", "--no-checkout", "--", url, into]);
  } catch (error) {
    throw new UsageError(`--blueprint ${url}: git clone failed: ${firstLine(error)}`);
  }
}

/** The commit a ref names: a remote branch, a tag or a commit id. HEAD (the default branch) when no ref is given. */
export async function resolveCommit(clone: string, url: string, ref: string | undefined): Promise<string> {
  const candidates = ref === undefined ? ["HEAD"] : [`refs/remotes/origin/${ref}`, `refs/tags/${ref}`, ref];
  for (const candidate of candidates) {
    try {
      return (
        await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${candidate}^{commit}`], { cwd: clone })
      ).trim();
    } catch {
      // Try the next reading of the ref.
    }
  }
  throw new UsageError(`--blueprint ${url}#${ref}: no branch, tag or commit '${ref}' in that repository`);
}

/** Checks `commit` out into `into` (a detached worktree of the clone) and returns the folder. */
export async function checkoutCommit(clone: string, commit: string, into: string): Promise<string> {
  await git(["worktree", "add", "--quiet", "--detach", "--force", into, commit], { cwd: clone });
  return into;
}

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
