/** `create-mcp-gitops [directory]`: flags → CreateOptions → create() → report. */
import type { ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.js";
import { parseFlags, type Io } from "./args.js";
import { DELIVERY_FLAGS, deliveryOptions, directoryForRepo } from "./delivery-flags.js";
import { CREATE_HELP } from "./help.js";

export const CREATE_OPTIONS = {
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
  command: { type: "string" },
  set: { type: "string", multiple: true },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  force: { type: "boolean" },
  blueprint: { type: "string" },
  ...DELIVERY_FLAGS,
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} satisfies ParseArgsConfig["options"];

/** The answer flags alone, to name what is missing when no folder was given either; `cwd` locates --answers. */
function answerFlags(values: ReturnType<typeof parseFlags<typeof CREATE_OPTIONS>>["values"], cwd: string) {
  const { answers: answersFile, gitops, envs, name, image, port, transport, path, mode, command, set, yes } = values;
  return { answersFile, cwd, gitops, envs, name, image, port, transport, path, mode, command, set, yes };
}

export async function createCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, CREATE_OPTIONS);
  if (values.help) {
    io.stdout(CREATE_HELP);
    return 0;
  }
  if (values.version) {
    const { packageVersion } = await import("../version.js");
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`[directory]: expected one directory, got ${positionals.length}: ${positionals.join(" ")}`);
  // Interactive at a terminal (prompts, summary, confirm); plain and prompt-free with --yes, CI=true or a pipe.
  const { startSession, resolveDirectory } = await import("./session.js");
  const session = await startSession({ json: Boolean(values.json), yes: values.yes }, io);
  const delivery = deliveryOptions(values, io.env);
  const directory = await resolveDirectory(
    positionals[0] ?? directoryForRepo(values.repo),
    { ...answerFlags(values, io.cwd), force: values.force },
    session,
  );
  const { create } = await import("../create.js");
  const result = await create({
    directory,
    prompter: session.prompter,
    confirm: session.confirm,
    progress: session.progress,
    answersFile: values.answers,
    gitops: values.gitops,
    envs: values.envs,
    name: values.name,
    image: values.image,
    port: values.port,
    transport: values.transport,
    path: values.path,
    mode: values.mode,
    command: values.command,
    set: values.set,
    yes: values.yes,
    dryRun: values["dry-run"],
    force: values.force,
    blueprint: values.blueprint,
    cwd: io.cwd,
    env: io.env,
    delivery,
  });
  const { reportCreate } = await import("./report.js");
  io.stdout(
    reportCreate(result, {
      json: Boolean(values.json),
      directoryArg: directory,
      interactive: session.interactive,
      colours: session.colours,
    }),
  );
  return 0;
}
