/** `create-mcp-gitops [directory]`: flags → CreateOptions → create() → report. */
import type { ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.js";
import { parseFlags, type Io } from "./args.js";
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
  set: { type: "string", multiple: true },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} satisfies ParseArgsConfig["options"];

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
