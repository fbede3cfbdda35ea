/**
 * The one exit point: argv → command → exit status. Errors thrown anywhere become a message on stderr and an exit
 * status here, and nowhere else. Commands load lazily so `--help` pays for nothing it does not print.
 */
import { exitCodeOf, UserCancelled } from "../errors.js";
import type { Io } from "./args.js";

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
  const io: Io = { ...processIo(), ...given };
  try {
    if (argv[0] === "upgrade") {
      const { upgradeCommand } = await import("./upgrade-command.js");
      return await upgradeCommand(argv.slice(1), io);
    }
    // Answer changes of a generated repository: thin over upgrade (add-command.ts, remove-command.ts).
    if (argv[0] === "add") return await (await import("./add-command.js")).addCommand(argv.slice(1), io);
    if (argv[0] === "remove") return await (await import("./remove-command.js")).removeCommand(argv.slice(1), io);
    const { createCommand } = await import("./create-command.js");
    return await createCommand(argv, io);
  } catch (error) {
    io.stderr(`${formatError(error)}\n`);
    return exitCodeOf(error);
  }
}

function formatError(error: unknown): string {
  // Cancelling is the person's choice, not a failure: say what happened without "error:".
  if (error instanceof UserCancelled) return error.message;
  if (error instanceof Error && "exitCode" in error) return `error: ${error.message}`;
  return `error: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
