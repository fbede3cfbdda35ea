/**
 * The interactive flow: given what flags and the answers file already said, ask only what is missing, in the order
 * a person thinks about it (where, which engine, what servers, which environments, how they are reached, what the
 * clusters need installed, where the repository lives). Every answer is checked with the schema's own rule, so a prompt and a flag say the same thing.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { missingFlags, type CollectedAnswers } from "../answers/collect.js";
import { DEFAULT_GITOPS } from "../answers/defaults.js";
import { GITOPS_ENGINES } from "../answers/engines.js";
import { AnswersSchema } from "../answers/schema.js";
import { describeIssues, valueAt } from "../answers/validate.js";
import { UsageError } from "../errors.js";
import { askPullRequest, askRepository, type PullRequestAnswer } from "./ask-delivery.js";
import { askEnvironments } from "./ask-environments.js";
import { askExposure } from "./ask-exposure.js";
import { askInfrastructure } from "./ask-infrastructure.js";
import { askMonitoring } from "./ask-monitoring.js";
import { askNetwork } from "./ask-network.js";
import { askServers } from "./ask-servers.js";
import type { Choice, Prompter, Verdict } from "./prompter.js";

export interface AskOptions {
  prompter: Prompter;
  /** The target folder's name: the default repository name. */
  directoryName: string;
  /**
   * The engines to offer, as the blueprint describes them (src/blueprint/engines.ts), with the answers each does not
   * use. Default: their names, and no engine-specific questions.
   */
  engines?: (Choice<string> & { ignores?: string[] })[];
  /** --repo was given: the repository and base branch come from it and from GitHub, not from questions. */
  delivering?: boolean;
  /** A GitHub token is at hand, so a pull request can be offered. */
  canOpenPullRequest?: boolean;
}

export interface AskedAnswers extends CollectedAnswers {
  /** The person asked for a pull request (only offered with canOpenPullRequest). */
  pullRequest?: PullRequestAnswer;
}

/** Returns the collected answers completed by the person's answers; `missing` is recomputed (empty when done). */
export async function askAnswers(collected: CollectedAnswers, options: AskOptions): Promise<AskedAnswers> {
  const { prompter } = options;
  refuseBadAnswers(collected);
  const raw = structuredClone(collected.raw);
  if (raw.gitops === undefined) {
    raw.gitops = await prompter.select({
      message: "GitOps engine",
      choices: options.engines ?? GITOPS_ENGINES.map((name) => ({ value: name, name })),
      default: DEFAULT_GITOPS,
    });
  }
  await askServers(raw, prompter);
  // Engine-specific questions only where the engine uses the answer (its descriptor's `ignores` says where not).
  const engine = options.engines?.find((choice) => choice.value === raw.gitops);
  await askEnvironments(raw, prompter, {
    askCluster: engine !== undefined && !(engine.ignores ?? []).includes("environments.cluster"),
    engineName: engine?.name,
  });
  await askExposure(raw, prompter);
  await askNetwork(raw, prompter);
  await askMonitoring(raw, prompter);
  await askInfrastructure(raw, prompter);
  if (options.delivering) return { ...collected, raw, missing: missingFlags(raw) };
  await askRepository(raw, prompter, options.directoryName);
  const pullRequest = options.canOpenPullRequest
    ? await askPullRequest(raw, prompter, options.directoryName)
    : undefined;
  return { ...collected, raw, missing: missingFlags(raw), ...(pullRequest ? { pullRequest } : {}) };
}

/**
 * A wrong flag or answers-file value fails now, before twenty questions, not after them. Only absent answers are
 * left for the questions (cross-field checks run on the finished answers, as without a terminal).
 */
function refuseBadAnswers(collected: CollectedAnswers): void {
  const result = AnswersSchema.safeParse(collected.raw);
  if (result.success) return;
  const wrong = result.error.issues.filter(
    (issue) => issue.code !== "custom" && !unanswered(collected.raw, issue.path),
  );
  if (wrong.length > 0) throw new UsageError(describeIssues(wrong, collected));
}

/** Nothing (or an empty list) at this answer path: a question will fill it. */
function unanswered(raw: Record<string, unknown>, path: PropertyKey[]): boolean {
  const value = valueAt(raw, path);
  return value === undefined || (Array.isArray(value) && value.length === 0);
}

export interface DirectoryQuestion {
  /** Resolve relative answers against this folder. Default: the current directory. */
  cwd?: string;
}

/** The project folder, when no positional argument named it. */
export function askDirectory(prompter: Prompter, question: DirectoryQuestion = {}): Promise<string> {
  return prompter
    .text({
      message: "Project directory",
      default: "mcp-gitops",
      validate: (value) => directoryProblem(value, question),
    })
    .then((value) => value.trim());
}

/** The same refusals create() makes, asked up front so the person can pick another folder. */
function directoryProblem(value: string, question: DirectoryQuestion): Verdict {
  const path = value.trim();
  if (path === "") return "must name a folder, e.g. my-gitops";
  if (/[\r\n\0]/.test(path)) return "must be a single line";
  const full = resolve(question.cwd ?? process.cwd(), path);
  try {
    if (!statSync(full).isDirectory()) return "exists and is not a folder";
  } catch {
    return true; // missing: it will be created
  }
  // A folder with files is not refused here: the next question offers to cancel, write beside them or show the diff.
  return true;
}
