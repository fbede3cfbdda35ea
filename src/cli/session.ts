/**
 * How this run talks to the person (or the pipeline) running it: whether to ask questions, where human output
 * goes (stdout, or stderr when stdout is reserved for --json), how progress is shown, and the summary-and-confirm
 * step before writing. create() receives only the interfaces; the terminal decisions are made here.
 */
import { relative } from "node:path";
import { collectAnswers, type AnswerFlags } from "../answers/collect.js";
import type { CreatePlan } from "../create.js";
import { UsageError } from "../errors.js";
import { plainProgress, type Progress } from "../progress/progress.js";
import type { Prompter } from "../prompts/prompter.js";
import type { Io } from "./args.js";
import { coloursFor, type Colours } from "./colours.js";
import { isCI, isInteractive } from "./terminal.js";

export interface Session {
  /** A person can be asked: prompts, summary and confirm. */
  interactive: boolean;
  prompter?: Prompter;
  confirm?: (plan: CreatePlan) => Promise<boolean>;
  /** A non-empty target folder: cancel, write beside the files, or see the diff first. */
  nonEmpty?: (directoryLabel: string) => Promise<"write" | "diff">;
  progress: Progress;
  /** Colours for the human-readable report. */
  colours: Colours;
}

export interface SessionOptions {
  json: boolean;
  yes?: boolean;
}

export async function startSession(options: SessionOptions, io: Io): Promise<Session> {
  const human = options.json ? "stderr" : "stdout";
  const colours = coloursFor(io.streams[human], io.env);
  // Drawing on a terminal (the task list, the prompts) needs the terminal itself, so those use the process's own
  // streams; `io.streams` only says whether they are terminals. Without one, everything goes through io.
  const progress =
    io.streams[human].isTTY && !isCI(io.env) ? await taskList(process[human]) : plainProgress(io[human], colours);
  if (!isInteractive(options, io.streams, io.env)) return { interactive: false, progress, colours };
  const { createInquirerPrompter } = await import("../prompts/inquirer-prompter.js");
  const prompter = createInquirerPrompter({ output: process[human] });
  const nonEmpty = async (label: string) => (await import("../prompts/ask-delivery.js")).askNonEmpty(prompter, label);
  const confirm = confirmWithSummary(prompter, colours, io.cwd);
  return { interactive: true, prompter, confirm, nonEmpty, progress, colours };
}

async function taskList(stream: NodeJS.WriteStream): Promise<Progress> {
  const { taskListProgress } = await import("../progress/task-list-progress.js");
  return taskListProgress({ stream });
}

/** Shows what will be written, then asks; a dry run only shows. */
function confirmWithSummary(prompter: Prompter, colours: Colours, cwd: string): (plan: CreatePlan) => Promise<boolean> {
  return async (plan) => {
    const { renderSummary } = await import("./summary.js");
    const directoryLabel = displayPath(plan.directory, cwd);
    prompter.note(
      `\n${renderSummary({ directoryLabel, answers: plan.answers, engine: plan.engine, files: plan.files }, colours)}`,
    );
    if (plan.diff)
      prompter.note((await plan.diff()) || "Your existing files would not change; only new files are added.\n");
    if (plan.dryRun) return true;
    const count = plan.files.filter((file) => file.kind !== "unchanged").length;
    const push = plan.deliverTo ? ` and push them to ${plan.deliverTo}` : "";
    return prompter.confirm({ message: `Write ${count} files to ${directoryLabel}${push}?`, default: true });
  };
}

/** The target as the person would type it: relative to where they are, unless that climbs out. */
export function displayPath(directory: string, cwd: string): string {
  const path = relative(cwd, directory);
  return path === "" ? "." : path.startsWith("..") ? directory : path;
}

/**
 * The folder to create: the positional argument, the --yes default, or a question. Without anyone to ask, a
 * missing folder is reported together with every other missing answer, so one run shows everything to fix.
 */
export async function resolveDirectory(
  positional: string | undefined,
  flags: AnswerFlags,
  session: Session,
): Promise<string> {
  if (positional !== undefined) return positional;
  if (flags.yes) return "mcp-gitops";
  if (session.prompter) {
    const { askDirectory } = await import("../prompts/ask-answers.js");
    return askDirectory(session.prompter, { cwd: flags.cwd });
  }
  const { missing } = await collectAnswers(flags);
  const names = ["[directory] (e.g. my-gitops)", ...missing].join(", ");
  throw new UsageError(
    `missing required answers: ${names}. Give them as arguments, flags or in --answers <file>, or pass --yes to use the defaults.`,
  );
}
