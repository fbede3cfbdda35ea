/**
 * `create-mcp-gitops add server|env [directory] --name … [flags]`: a new server or environment in a living
 * repository, through the same three-way merge as `upgrade --set` (the blueprint version stays). At a terminal the
 * missing answers of the new entry are asked; in automation the flags give them.
 */
import type { ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.js";
import { parseFlags, type Io } from "./args.js";
import { CHANGE_FLAGS, runUpgrade } from "./upgrade-command.js";

const SERVER_FLAGS = ["name", "image", "port", "transport", "path", "mode", "description"] as const;
const ENV_FLAGS = ["name", "profile", "namespace", "replicas", "size", "hostname", "cluster"] as const;
/** Flags whose value is a number. */
const NUMBERS = new Set(["port", "replicas"]);

const ADD_OPTIONS = {
  ...Object.fromEntries([...new Set([...SERVER_FLAGS, ...ENV_FLAGS])].map((flag) => [flag, { type: "string" }])),
  set: { type: "string", multiple: true },
  yes: { type: "boolean", short: "y" },
  ...CHANGE_FLAGS,
} as Record<
  string,
  { type: "string" | "boolean"; multiple?: boolean; short?: string }
> satisfies ParseArgsConfig["options"];

export const ADD_HELP = `create-mcp-gitops add — add a server or an environment to a generated repository

Usage
  create-mcp-gitops add server [directory] --name <name> --image <ref> [options]
  create-mcp-gitops add env [directory] --name <name> [options]

Renders the repository's blueprint (same version) with the new answers and merges the result into your files three
ways, like upgrade: the new server's (or environment's) files are created and listed in every kustomization, your
edits elsewhere stay. .mcp-gitops.yaml records the new answers. At a terminal, answers the flags did not give are
asked; with --yes, CI=true or no terminal, --name (and --image for a server) are required.

Server
      --name <name>          DNS-1123 label, not used by another server
      --image <ref>          container image pinned to a tag or digest
      --port <n> --transport <t> --path <p> --mode <m> --description <text>   as create takes them
Environment
      --name <name>          DNS-1123 label, not used by another environment
      --profile <dev|prod> --namespace <ns> --replicas <n> --size <s> --hostname <h> --cluster <c>
Both
      --set <path=value>     any other answer, e.g. --set servers.weather.env.LOG_LEVEL=debug (repeatable)
      --dry-run, --json, --allow-dirty, --pr [pull-request flags]   as upgrade takes them (see upgrade --help);
                             --pr commits on branch mcp-gitops/add-<name> and opens or updates its pull request
  -y, --yes                  ask nothing
  -h, --help                 show this help

Examples
  npx create-mcp-gitops add server --name weather --image ghcr.io/acme/weather-mcp:1.4.2 --port 8080
  npx create-mcp-gitops add env --name qa --size small --pr

Exit status: 0 done, 1 conflicts to resolve, 2 bad input (e.g. the name exists already; nothing written).
`;

/** argv without the leading "add". */
export async function addCommand(argv: string[], io: Io): Promise<number> {
  const [kind, ...rest] = argv;
  const { values, positionals } = parseFlags(rest, ADD_OPTIONS);
  if (values.help || kind === undefined || kind === "--help" || kind === "-h") {
    io.stdout(ADD_HELP);
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
    const value = values[flag];
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
