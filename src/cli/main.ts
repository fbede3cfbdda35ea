/**
 * The one exit point: argv → options → operation → output. Errors thrown anywhere become a message on stderr and
 * an exit status here, and nowhere else.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { exitCodeOf, UsageError } from "../errors.js";
import { CREATE_HELP } from "./help.js";

const CREATE_OPTIONS = {
  yes: { type: "boolean", short: "y" },
  answers: { type: "string" },
  gitops: { type: "string" },
  envs: { type: "string" },
  name: { type: "string" },
  image: { type: "string" },
  port: { type: "string" },
  transport: { type: "string" },
  path: { type: "string" },
  mode: { type: "string" },
  set: { type: "string", multiple: true },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} satisfies ParseArgsConfig["options"];

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    io.stderr(`${formatError(error)}\n`);
    return exitCodeOf(error);
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, CREATE_OPTIONS);
  if (values.help) return print(io, CREATE_HELP);
  if (values.version) {
    const { packageVersion } = await import("../version.js");
    return print(io, `${packageVersion()}\n`);
  }
  if (positionals.length > 1) throw new UsageError(`[directory]: expected one directory, got ${positionals.length}: ${positionals.join(" ")}`);
  const directory = positionals[0] ?? (values.yes ? "mcp-gitops" : undefined);
  if (directory === undefined) throw new UsageError("[directory]: missing; give the folder to create, e.g. create-mcp-gitops my-gitops --yes");
  const { create } = await import("../create.js");
  const result = await create({
    directory,
    answersFile: values.answers,
    gitops: values.gitops,
    envs: values.envs,
    name: values.name,
    image: values.image,
    port: values.port,
    transport: values.transport,
    path: values.path,
    mode: values.mode,
    set: values.set,
    yes: values.yes,
    dryRun: values["dry-run"],
    force: values.force,
  });
  const { reportCreate } = await import("./report.js");
  io.stdout(reportCreate(result, { json: Boolean(values.json), directoryArg: directory }));
  return 0;
}

function parse<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/^TypeError \[\w+\]: /, "")} (see --help)`);
  }
}

function print(io: Io, text: string): number {
  io.stdout(text);
  return 0;
}

function formatError(error: unknown): string {
  if (error instanceof Error && "exitCode" in error) return `error: ${error.message}`;
  return `error: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
