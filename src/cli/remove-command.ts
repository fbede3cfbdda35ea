/**
 * `create-mcp-gitops remove server|env <name> [directory]`: the files of a server or environment go (those you
 * edited are kept and reported), through the same three-way merge as `upgrade --unset`; the blueprint version stays.
 */
import { shown } from "../answers/rules.js";
import { UsageError } from "../errors.js";
import type { Io } from "./args.js";
import { parseCommand, renderHelp } from "./flags.js";
import { REMOVE_SPEC } from "./remove-spec.js";
import { runUpgrade } from "./upgrade-command.js";

/** argv without the leading "remove". */
export async function removeCommand(argv: string[], io: Io): Promise<number> {
  const [kind, ...rest] = argv;
  const { values, positionals } = parseCommand(REMOVE_SPEC, rest);
  if (values.help || kind === undefined || kind === "--help" || kind === "-h") {
    io.stdout(renderHelp(REMOVE_SPEC));
    return 0;
  }
  const list = kind === "server" ? "servers" : kind === "env" || kind === "environment" ? "environments" : undefined;
  if (!list)
    throw new UsageError(
      `remove ${kind}: remove what? Give server or env, e.g. create-mcp-gitops remove server weather`,
    );
  if (positionals.length > 2)
    throw new UsageError(
      `remove ${kind}: expected <name> [directory], got ${positionals.length} arguments: ${positionals.join(" ")}`,
    );
  const directory = positionals[1] ?? ".";
  const name = positionals[0] ?? (await chooseName(list, directory, Boolean(values.yes || values.json), io));
  const path = `${list}.${name}`;
  const changes = { unset: [path], unsetLabels: { [path]: `remove ${kind} ${shown(name)}` } };
  return runUpgrade({ directory, keepVersion: true, changes }, values, io);
}

async function chooseName(list: "servers" | "environments", directory: string, yes: boolean, io: Io): Promise<string> {
  const { isInteractive } = await import("./terminal.js");
  const noun = list === "servers" ? "server" : "env";
  if (!isInteractive({ yes }, io.streams, io.env))
    throw new UsageError(
      `<name>: give the ${noun === "env" ? "environment" : "server"} to remove, e.g. create-mcp-gitops remove ${noun} ${noun === "env" ? "staging" : "weather"}`,
    );
  const { resolve } = await import("node:path");
  const { readRecord } = await import("../upgrade/recorded.js");
  const record = await readRecord(resolve(io.cwd, directory));
  const names = (Array.isArray(record.answers[list]) ? (record.answers[list] as { name?: unknown }[]) : []).map(
    (item) => String(item.name),
  );
  const { createInquirerPrompter } = await import("../prompts/inquirer-prompter.js");
  const prompter = createInquirerPrompter({ output: process.stdout });
  return prompter.select({
    message: `Which ${noun === "env" ? "environment" : "server"} to remove?`,
    choices: names.map((value) => ({ value })),
  });
}
