/**
 * Where the repository lives: the GitHub owner/name Flux and Argo CD pull from, its base branch, and whether to
 * deliver the files as a pull request there.
 */
import { sanitizeRepoName } from "../answers/resolve.js";
import { RepositorySchema } from "../answers/schema.js";
import { UserCancelled } from "../errors.js";
import { firstProblem, validateWith, type Prompter, type Verdict } from "./prompter.js";

const validOwner = validateWith(RepositorySchema.shape.owner);
const validName = validateWith(RepositorySchema.shape.name);
const validBranch = validateWith(RepositorySchema.shape.baseBranch);

export async function askRepository(
  raw: Record<string, unknown>,
  prompter: Prompter,
  directoryName: string,
): Promise<void> {
  if (raw.repository !== undefined) return;
  const fullName = await prompter.text({
    message: "GitHub repository (owner/name)",
    default: `my-org/${sanitizeRepoName(directoryName)}`,
    validate: ownerSlashName,
  });
  const [owner, name] = fullName.trim().split("/") as [string, string];
  const baseBranch = await prompter.text({ message: "Base branch", default: "main", validate: validBranch });
  raw.repository = { owner, name, baseBranch };
}

/** A pull request the person asked for: `--repo` and `--draft`, as if typed. */
export interface PullRequestAnswer {
  repo: string;
  draft: boolean;
}

/** Offered only when a token is at hand (delivery needs one) and --repo did not already decide. */
export async function askPullRequest(
  raw: Record<string, unknown>,
  prompter: Prompter,
  directoryName: string,
): Promise<PullRequestAnswer | undefined> {
  const repository = (raw.repository ?? {}) as { owner?: string; name?: string; baseBranch?: string };
  const repo = `${repository.owner ?? "my-org"}/${repository.name ?? sanitizeRepoName(directoryName)}`;
  const open = await prompter.confirm({
    message: `Open a pull request on ${repo} (against ${repository.baseBranch ?? "its default branch"})?`,
    default: false,
  });
  if (!open) return undefined;
  return { repo, draft: await prompter.confirm({ message: "As a draft?", default: false }) };
}

/** `owner/name`, each half checked by the schema's own rule. */
function ownerSlashName(value: string): Verdict {
  const parts = value.trim().split("/");
  if (parts.length !== 2) return "must be owner/name, e.g. acme/platform-mcp";
  return firstProblem(
    () => prefixed("owner", validOwner(parts[0]!)),
    () => prefixed("name", validName(parts[1]!)),
  );
}

function prefixed(label: string, verdict: Verdict): Verdict {
  return verdict === true ? true : `${label} ${verdict}`;
}

/** Asked when no --git/--no-git decided and the folder has no repository with history yet. */
export function askGit(prompter: Prompter, repository: { kind: "none" | "unborn" | "committed" }): Promise<boolean> {
  return prompter.confirm({
    message:
      repository.kind === "unborn"
        ? "Make the first commit in the folder's git repository?"
        : "Initialise a git repository and make the first commit?",
    default: true,
  });
}

/** A folder with files in it: what to do with them (create-vite's question). Cancelling throws UserCancelled. */
export async function askNonEmpty(prompter: Prompter, directoryLabel: string): Promise<"write" | "diff"> {
  const choice = await prompter.select({
    message: `${directoryLabel} is not empty. What now?`,
    choices: [
      { value: "cancel", name: "Cancel", description: "leave the folder as it is" },
      {
        value: "write",
        name: "Write beside your files",
        description: "files the blueprint generates are overwritten (your edits to them too); no other file is touched",
      },
      { value: "diff", name: "Show the diff first", description: "see what would change, then confirm or cancel" },
    ] as const,
    default: "cancel",
  });
  if (choice === "cancel") throw new UserCancelled();
  return choice;
}
