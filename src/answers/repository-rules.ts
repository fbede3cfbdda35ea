/**
 * The rules for where a repository lives — its owner, its name and its branches — in one place, for the answers
 * schema (`repository.*`), the delivery flags (`--repo`, `--base`, `--branch`) and the prompts alike. Each rule
 * returns the sentence to show, or undefined when the text is fine. Plain functions: delivery checks flags with them
 * before anything is loaded, and the schema wraps them in refinements.
 */

/** A GitHub user or organisation: letters, digits and single hyphens inside, at most 39 characters. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPOSITORY_NAME = /^[A-Za-z0-9._-]{1,100}$/;

export const OWNER_RULE = "must be a GitHub user or organisation name (letters, digits and '-', at most 39 characters)";
export const REPOSITORY_NAME_RULE = "must be a GitHub repository name (letters, digits, '.', '_', '-'; at most 100)";

export function ownerProblem(text: string): string | undefined {
  return OWNER.test(text) ? undefined : OWNER_RULE;
}

export function repositoryNameProblem(text: string): string | undefined {
  return REPOSITORY_NAME.test(text) && text !== "." && text !== ".." ? undefined : REPOSITORY_NAME_RULE;
}

/**
 * git's own rules for a branch name (`git check-ref-format --branch`, refs/heads/<name>): no component starting with
 * '.' or ending in '.lock', no '..', '@{', '//', control characters, space, '~', '^', ':', '?', '*', '[' or '\',
 * not starting with '-' or '/', not ending with '/' or '.', not '@' and not HEAD. At most 255 characters.
 */
export function branchProblem(text: string): string | undefined {
  const why = branchFault(text);
  return why ? `is not a branch name git accepts: ${why}` : undefined;
}

/**
 * A revision an environment is delivered from: a branch name, or a tag written refs/tags/<tag> (refs/heads/<branch>
 * is accepted too); the name itself follows git's branch rules, which tags share.
 */
export function revisionProblem(text: string): string | undefined {
  const name = text.replace(/^refs\/(heads|tags)\//, "");
  const why = branchFault(name);
  return why ? `is not a branch or tag (refs/tags/<tag>) git accepts: ${why}` : undefined;
}

function branchFault(text: string): string | undefined {
  if (text.length === 0) return "it is empty";
  if (text.length > 255) return "it is longer than 255 characters";
  if (text === "HEAD" || text === "@") return `'${text}' is reserved by git`;
  if (text.startsWith("-")) return "it starts with '-'";
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(text))
    return "it contains a space, a control character or one of ~ ^ : ? * [ \\";
  if (text.includes("..")) return "it contains '..'";
  if (text.includes("@{")) return "it contains '@{'";
  if (text.startsWith("/") || text.endsWith("/") || text.includes("//")) return "it has an empty path component";
  if (text.endsWith(".")) return "it ends with '.'";
  const components = text.split("/");
  if (components.some((component) => component.startsWith("."))) return "a path component starts with '.'";
  if (components.some((component) => component.endsWith(".lock"))) return "a path component ends with '.lock'";
  return undefined;
}

/**
 * The warning every run gives while the repository the clusters pull from is still the placeholder owner's: the
 * files work only once they name a real one, and nothing else would tell (no token is needed to name it).
 */
export function placeholderWarning(repository: { url: string }, placeholderOwner: string): string | undefined {
  if (!new RegExp(`[/:]${placeholderOwner}/`).test(repository.url)) return undefined;
  return `repository: the clusters would pull from the placeholder ${repository.url}; name your repository with --repository <owner/name> (or --repository-url <url> on another Git host)`;
}
