/**
 * The last thing a run prints: what was created and where, the pull request, and the next commands, in a short
 * framed block. The commands are the ones the generated README documents, filled in with this repository's answers.
 */
import { stripVTControlCharacters } from "node:util";
import type { ResolvedAnswers } from "../answers/resolve.js";
import type { EngineView } from "../blueprint/engines.js";
import type { LocalRepository } from "../git/local-repository.js";
import { plural } from "../words.js";
import { plainColours, type Colours } from "./colours.js";

export interface EndBlockInput {
  /** The folder as the person named it. */
  directoryLabel: string;
  dryRun: boolean;
  answers: ResolvedAnswers;
  /** The blueprint's description of the GitOps engine: its name and bootstrap commands. */
  engine: Pick<EngineView, "displayName" | "bootstrap">;
  /** Files created and updated (unchanged ones are not news). */
  written: number;
  /** The pull request that now carries the files, when the run delivered one. */
  pullRequestUrl?: string;
  /** The folder is a clone that delivery committed to (and pushed, unless the base already had the files): no git init or push by hand. */
  pushed?: boolean;
  /** The git repository the folder was part of before the run (none when omitted). */
  repository?: Pick<LocalRepository, "kind" | "origin">;
  /** This run made the first commit (`--git`). */
  committed?: boolean;
}

export function renderEndBlock(input: EndBlockInput, colours: Colours = plainColours): string {
  const { answers } = input;
  const scope = `${plural(answers.servers.length, "server")} × ${plural(answers.environments.length, "environment")}, ${input.engine.displayName}`;
  if (input.dryRun) {
    return frame(
      [
        `${colours.yellow("Dry run:")} nothing written to ${input.directoryLabel} (${scope}).`,
        "Run again without --dry-run to create it.",
      ],
      colours,
    );
  }
  const lines = [
    `${colours.green("✔")} ${colours.bold(input.directoryLabel)}: ${plural(input.written, "file")} written (${scope})`,
  ];
  if (input.pullRequestUrl) lines.push(`${colours.bold("Pull request")} ${colours.cyan(input.pullRequestUrl)}`);
  lines.push(
    "",
    colours.bold("Next"),
    ...nextCommands(input).map((command) =>
      command.startsWith("#") ? colours.dim(`  ${command}`) : `  ${colours.cyan(command)}`,
    ),
  );
  return frame(lines, colours);
}

/** The commands that take the repository from this folder to running servers: only those still to do. */
export function nextCommands(input: EndBlockInput): string[] {
  const commands: string[] = input.directoryLabel === "." ? [] : [`cd ${shellWord(input.directoryLabel)}`];
  if (input.pullRequestUrl) commands.push("# review and merge the pull request, then:");
  else if (!input.pushed) commands.push(...gitCommands(input));
  commands.push(...input.engine.bootstrap);
  return commands;
}

const COMMIT = 'git commit -m "Add MCP servers GitOps repository"';

/** From where the folder stands — no repository, an empty one, one with history, this run's commit — to pushed. */
function gitCommands(input: EndBlockInput): string[] {
  const { baseBranch, url } = input.answers.repository;
  const branch = shellWord(baseBranch);
  const kind = input.committed ? "committed" : (input.repository?.kind ?? "none");
  const push = input.repository?.origin
    ? "git push"
    : `git remote add origin ${shellWord(url)} && git push -u origin ${branch}`;
  if (input.committed) return [push];
  if (kind === "none") return [`git init -b ${branch} && git add -A && ${COMMIT}`, push];
  // Inside an existing repository only this folder's files are added; an empty one gets the answered branch first.
  if (kind === "unborn") return [`git checkout -b ${branch} && git add . && ${COMMIT}`, push];
  return [`git add . && ${COMMIT}`, push];
}

/** A rounded box sized to its longest line (measured without colour codes). */
export function frame(lines: string[], colours: Colours = plainColours): string {
  const width = Math.max(...lines.map((line) => stripVTControlCharacters(line).length));
  const border = (text: string) => colours.dim(text);
  const body = lines.map(
    (line) => `${border("│")} ${line}${" ".repeat(width - stripVTControlCharacters(line).length)} ${border("│")}`,
  );
  return `${[border(`╭${"─".repeat(width + 2)}╮`), ...body, border(`╰${"─".repeat(width + 2)}╯`)].join("\n")}\n`;
}

/** Quotes a word for a POSIX shell only when it needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
