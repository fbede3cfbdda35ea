/**
 * The one exit point: argv → command → exit status. Errors thrown anywhere become a message on stderr (and, with
 * --json, one JSON document on stdout) and an exit status here, and nowhere else. Commands load lazily so `--help`
 * pays for nothing it does not print.
 */
import { exitCodeOf, UsageError, UserCancelled } from "../errors.js";
import type { Io } from "./args.js";
import { COMMANDS } from "./commands.js";
import { renderHelp } from "./flags.js";

/** The process's own surroundings, for whatever the caller did not give. */
function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    streams: process,
  };
}

export async function main(argv: string[], given: Partial<Io> = {}): Promise<number> {
  const base: Io = { ...processIo(), ...given };
  // A failure after the command printed its own document (upgrade --json with conflicts) must not add a second one.
  let printed = false;
  const io: Io = {
    ...base,
    stdout: (text) => {
      printed = true;
      base.stdout(text);
    },
  };
  try {
    return await dispatch(argv, io);
  } catch (error) {
    io.stderr(`${formatError(error)}\n`);
    const exitCode = exitCodeOf(error);
    if (wantsJson(argv) && !printed) base.stdout(`${JSON.stringify(failureDocument(error, exitCode), null, 2)}\n`);
    return exitCode;
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [word, ...rest] = argv;
  if (word === "help") {
    io.stdout(helpFor(rest));
    return 0;
  }
  const command = word !== undefined ? COMMANDS[word] : undefined;
  if (command) return (await command.load())(rest, io);
  return (await COMMANDS.create!.load())(argv, io);
}

/** `help`, `help <command>`: the same text as `<command> --help`. */
function helpFor(words: string[]): string {
  const [name, ...extra] = words;
  if (name === undefined || name === "create") return renderHelp(COMMANDS.create!.spec);
  const command = COMMANDS[name];
  if (!command || extra.length > 0)
    throw new UsageError(
      `help ${words.join(" ")}: no such command (commands: ${[...Object.keys(COMMANDS), "help"].join(", ")})`,
    );
  return renderHelp(command.spec);
}

/** `--json` anywhere before a `--` (parsing may be what failed, so the flag is looked for in argv itself). */
function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}

const ERROR_CODES: Record<string, string> = {
  UsageError: "usage",
  ConflictError: "conflict",
  DeliveryError: "delivery",
  BlueprintError: "blueprint",
  UserCancelled: "cancelled",
  ToolError: "tool",
};

/**
 * What automation reads when a run fails: the exit status, a stable code per kind of error, the message, and the
 * flag or field at fault when the message names one first (every usage message starts with it).
 */
export function failureDocument(error: unknown, exitCode: number) {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  const named = /^(--[\w-]+|[\w.[\]-]+):\s|^(\[directory\])[\s:]/.exec(message);
  const field = name === "UsageError" ? (named?.[1] ?? named?.[2]) : undefined;
  return {
    ok: false,
    exitCode,
    error: { code: ERROR_CODES[name] ?? "unexpected", message, ...(field ? { field } : {}) },
  };
}

function formatError(error: unknown): string {
  // Cancelling is the person's choice, not a failure: say what happened without "error:".
  if (error instanceof UserCancelled) return error.message;
  if (error instanceof Error && "exitCode" in error) return `error: ${error.message}`;
  return `error: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
