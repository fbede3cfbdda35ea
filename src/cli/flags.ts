/**
 * Every flag is declared once — name, type, what applies when it is not given (as `--yes` resolves it), and its help
 * line — and both the parser (node's parseArgs) and `--help` are derived from that declaration, so help cannot
 * promise a default the run does not apply. Declarations import nothing heavy: `--help` reads them before any schema
 * or template is loaded.
 *
 * A new command declares itself the same way (see commands.ts):
 *   export const ADD_SERVER_SPEC = { name: "add server", summary, usage, description, sections, flags: {
 *     name: { type: "string", value: "<name>", section: "Server", description: "…" } } } as const satisfies CommandSpec;
 * then `const { values, positionals } = parseCommand(ADD_SERVER_SPEC, argv)` and `renderHelp(ADD_SERVER_SPEC)`.
 */
import { parseFlags } from "./args.js";

export interface Flag {
  type: "string" | "boolean";
  short?: string;
  /** Repeatable: every value is kept, in order. */
  multiple?: boolean;
  /** How the value is shown in help, e.g. `<owner/name>`. */
  value?: string;
  description: string;
  /** What applies when the flag is not given, with or without `--yes`. */
  default?: string;
  /** What `--yes` fills in when the flag is not given; without `--yes` the answer is asked or reported missing. */
  yes?: string;
  /** The help section it is listed under (CommandSpec.sections gives the order). */
  section: string;
}

export type Flags = Record<string, Flag>;

export interface Section {
  title: string;
  /** Lines printed after the section's flags, e.g. environment variables it reads. */
  notes?: string[];
}

export interface CommandSpec {
  /** How the command is typed after `create-mcp-gitops`, "" for the default command. */
  name: string;
  /** One line: what it does. */
  summary: string;
  usage: string[];
  /** Paragraphs between the usage and the flags. */
  description?: string;
  sections: readonly Section[];
  flags: Flags;
  /** `[comment, command]` pairs. */
  examples?: readonly (readonly [string, string])[];
  exitStatus?: string;
  /** The other commands, listed in this one's help (the default command lists them all). */
  commands?: readonly Pick<CommandSpec, "name" | "summary">[];
}

/** The parsed value of each declared flag: string, boolean or string[] (repeatable), undefined when not given. */
export type FlagValues<F extends Flags> = {
  [K in keyof F]?: F[K] extends { multiple: true } ? string[] : F[K]["type"] extends "boolean" ? boolean : string;
};

/** parseArgs over a command's declarations; unknown flags are a UsageError naming them. */
export function parseCommand<F extends Flags>(
  spec: { flags: F },
  argv: string[],
): { values: FlagValues<F>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(spec.flags).map(([name, flag]) => [
      name,
      { type: flag.type, ...(flag.short ? { short: flag.short } : {}), ...(flag.multiple ? { multiple: true } : {}) },
    ]),
  );
  const { values, positionals } = parseFlags(argv, options);
  return { values: values as FlagValues<F>, positionals };
}

const WIDTH = 118;
const FLAG_COLUMN = 29;

/** The command's `--help`: usage, description, each section's flags with their defaults, examples, exit status. */
export function renderHelp(spec: CommandSpec): string {
  const commands = spec.commands ?? [];
  const title = spec.name ? `create-mcp-gitops ${spec.name}` : "create-mcp-gitops";
  const parts = [`${title} — ${spec.summary}`, ["Usage", ...spec.usage.map((line) => `  ${line}`)].join("\n")];
  if (spec.description) parts.push(spec.description.trim());
  if (commands.length > 0) {
    const width = Math.max("help [command]".length, ...commands.map((command) => command.name.length)) + 4;
    parts.push(
      [
        "Commands",
        ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
        `  ${"help [command]".padEnd(width)}this help, or a command's`,
      ].join("\n"),
    );
  }
  for (const section of spec.sections) {
    const flags = Object.entries(spec.flags).filter(([, flag]) => flag.section === section.title);
    const lines = flags.flatMap(([name, flag]) => flagLines(name, flag));
    parts.push([section.title, ...lines, ...(section.notes ?? []).map((note) => `  ${note}`)].join("\n"));
  }
  if (spec.examples?.length)
    parts.push(["Examples", ...spec.examples.map(([comment, command]) => `  # ${comment}\n  ${command}\n`)].join("\n"));
  if (spec.exitStatus) parts.push(spec.exitStatus.trim());
  return `${parts.join("\n\n").replace(/\n{3,}/g, "\n\n")}\n`;
}

function flagLines(name: string, flag: Flag): string[] {
  const head = `${flag.short ? `-${flag.short}, ` : "    "}--${name}${flag.value ? ` ${flag.value}` : ""}`;
  const suffix = flag.default !== undefined ? ` (default: ${flag.default})` : flag.yes ? ` (--yes: ${flag.yes})` : "";
  const words = `${flag.description}${suffix}`.split(" ");
  const lines: string[] = [];
  let line = `  ${head}`.padEnd(FLAG_COLUMN);
  if (line.length > FLAG_COLUMN) {
    lines.push(line.trimEnd());
    line = " ".repeat(FLAG_COLUMN);
  }
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = " ".repeat(FLAG_COLUMN);
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}
