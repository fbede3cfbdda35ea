/** Argument parsing shared by the commands: node's own parseArgs (no start-up cost), errors as UsageError. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.js";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
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
