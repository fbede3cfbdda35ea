/** Argument parsing shared by the commands: node's own parseArgs (no start-up cost), errors as UsageError. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.js";

/**
 * Everything a run takes from its surroundings. The binary passes the process's own; tests pass their own, so many
 * runs can share one process (no chdir, no global environment).
 */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Relative paths (the target folder, --answers, --blueprint) are taken from here. */
  cwd: string;
  /** Colours, CI, interactivity and the GitHub token and API URL are read from here. */
  env: NodeJS.ProcessEnv;
  /** Which standard streams are terminals (`process` itself fits): prompts, colour and the task list follow them. */
  streams: Record<"stdin" | "stdout" | "stderr", { isTTY?: boolean }>;
}

type Options = NonNullable<ParseArgsConfig["options"]>;
type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
>;

export function parseFlags<T extends Options>(argv: string[], options: T): Parsed<T> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    // `--name ---`: a value starting with '-' reads as another flag; node's advice is on its third line.
    const ambiguous = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(message);
    if (ambiguous)
      throw new UsageError(
        `${ambiguous[1]}: its value starts with '-'; write ${ambiguous[1]}=<value> to pass such a value`,
      );
    // Node's message goes on about positionals; the first sentence names the flag, which is what matters.
    const first = message.replace(/^TypeError \[\w+\]: /, "").split(/\.\s/)[0];
    throw new UsageError(`${first} (see --help for the allowed flags)`);
  }
}
