/**
 * `create-mcp-gitops add server|env [directory] --name … [flags]`: a new server or environment in a living
 * repository, through the same three-way merge as `upgrade --set` (the blueprint version stays). At a terminal the
 * missing answers of the new entry are asked; in automation the flags give them.
 */
import { UsageError } from "../errors.js";
import { ADD_SPEC, answerFlagsOf, ENVIRONMENT, SERVER } from "./add-spec.js";
import type { Io } from "./args.js";
import { parseCommand, renderHelp } from "./flags.js";
import { CHANGE_FLAGS } from "./upgrade-spec.js";
import { runUpgrade } from "./upgrade-command.js";

const SERVER_FLAGS = answerFlagsOf(SERVER);
const ENV_FLAGS = answerFlagsOf(ENVIRONMENT);
/** Flags whose value is a number. */
const NUMBERS = new Set(["port", "replicas"]);

/** argv without the leading "add". */
export async function addCommand(argv: string[], io: Io): Promise<number> {
  const [kind, ...rest] = argv;
  const { values, positionals } = parseCommand(ADD_SPEC, rest);
  if (values.help || kind === undefined || kind === "--help" || kind === "-h") {
    io.stdout(renderHelp(ADD_SPEC));
    return 0;
  }
  const list = kind === "server" ? "servers" : kind === "env" || kind === "environment" ? "environments" : undefined;
  if (!list)
    throw new UsageError(`add ${kind}: add what? Give server or env, e.g. create-mcp-gitops add server --name weather`);
  if (positionals.length > 1)
    throw new UsageError(`[directory]: expected one directory, got ${positionals.length}: ${positionals.join(" ")}`);
  const own: readonly string[] = list === "servers" ? SERVER_FLAGS : ENV_FLAGS;
  const foreign = Object.keys(values).find(
    (flag) => !own.includes(flag) && !(flag in CHANGE_FLAGS) && flag !== "set" && flag !== "yes",
  );
  if (foreign)
    throw new UsageError(
      `--${foreign}: not an answer of ${list === "servers" ? "a server" : "an environment"} (allowed: ${own.map((f) => `--${f}`).join(", ")})`,
    );
  const directory = positionals[0] ?? ".";
  const entry: Record<string, unknown> = {};
  const labels: Record<string, string> = {};
  for (const flag of own) {
    const value = values[flag as keyof typeof values];
    if (typeof value !== "string") continue;
    entry[flag] = NUMBERS.has(flag) && /^\d{1,6}$/.test(value) ? Number(value) : value;
    labels[flag] = `--${flag}`;
  }
  const asked = await askMissing(list, entry, { directory, yes: Boolean(values.yes || values.json) }, io);
  return runUpgrade(
    {
      directory,
      keepVersion: true,
      changes: { add: [{ list, entry: asked, labels }], set: values.set as string[] | undefined },
    },
    values,
    io,
  );
}

/** At a terminal: the answers the new entry still needs. Elsewhere they are required flags. */
async function askMissing(
  list: "servers" | "environments",
  entry: Record<string, unknown>,
  context: { directory: string; yes: boolean },
  io: Io,
): Promise<Record<string, unknown>> {
  const required = list === "servers" ? ["name", "image"] : ["name"];
  const missing = required.filter((field) => entry[field] === undefined);
  if (missing.length === 0) return entry;
  const { isInteractive } = await import("./terminal.js");
  if (!isInteractive({ yes: context.yes }, io.streams, io.env)) {
    const example = list === "servers" ? "--name weather --image ghcr.io/acme/weather-mcp:1.4.2" : "--name qa";
    throw new UsageError(
      `${missing.map((field) => `--${field}`).join(", ")}: required to add ${list === "servers" ? "a server" : "an environment"}, e.g. ${example}`,
    );
  }
  const { resolve } = await import("node:path");
  const { readRecord } = await import("../upgrade/recorded.js");
  const record = await readRecord(resolve(io.cwd, context.directory));
  const existing = Array.isArray(record.answers[list]) ? (record.answers[list] as Record<string, unknown>[]) : [];
  const { createInquirerPrompter } = await import("../prompts/inquirer-prompter.js");
  const prompter = createInquirerPrompter({ output: process.stdout });
  if (list === "servers") {
    const { askAddedServer } = await import("../prompts/ask-servers.js");
    return askAddedServer(entry, existing, prompter);
  }
  const { askAddedEnvironment } = await import("../prompts/ask-environments.js");
  return askAddedEnvironment(
    entry,
    existing.map((item) => String(item.name)),
    prompter,
  );
}
