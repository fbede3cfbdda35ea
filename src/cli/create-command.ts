/** `create-mcp-gitops [create] [directory]`: flags → CreateOptions → create() → report. */
import { UsageError } from "../errors.js";
import type { Io } from "./args.js";
import { CREATE_SPEC } from "./create-spec.js";
import { deliveryOptions, directoryForRepo } from "./delivery-flags.js";
import { type FlagValues, parseCommand, renderHelp } from "./flags.js";

type CreateValues = FlagValues<typeof CREATE_SPEC.flags>;

/** The answer flags alone, to name what is missing when no folder was given either; `cwd` locates --answers. */
function answerFlags(values: CreateValues, cwd: string) {
  const { answers: answersFile, gitops, envs, name, image, port, transport, path, mode, command, set, yes } = values;
  const { repository, "repository-url": repositoryUrl } = values;
  return {
    answersFile,
    cwd,
    gitops,
    envs,
    name,
    image,
    port,
    transport,
    path,
    mode,
    command,
    set,
    yes,
    repository,
    repositoryUrl,
  };
}

export async function createCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(CREATE_SPEC, argv);
  if (values.help) {
    io.stdout(renderHelp(CREATE_SPEC));
    return 0;
  }
  if (values.version) {
    const { packageVersion } = await import("../version.js");
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`[directory]: expected one directory, got ${positionals.length}: ${positionals.join(" ")}`);
  checkCombinations(values);
  // Interactive at a terminal (prompts, summary, confirm); plain and prompt-free with --yes, CI=true or a pipe.
  const { startSession, resolveDirectory } = await import("./session.js");
  const session = await startSession({ json: Boolean(values.json), yes: values.yes }, io);
  const delivery = deliveryOptions(values, io.env);
  const directory = await resolveDirectory(
    positionals[0] ?? directoryForRepo(values.repo),
    answerFlags(values, io.cwd),
    session,
  );
  const { create } = await import("../create.js");
  const result = await create({
    ...answerFlags(values, io.cwd),
    directory,
    prompter: session.prompter,
    confirm: session.confirm,
    nonEmpty: session.nonEmpty,
    progress: session.progress,
    dryRun: values["dry-run"],
    force: values.force,
    git: values.git ? true : values["no-git"] ? false : undefined,
    author: values.repo === undefined ? values.author : undefined,
    blueprint: values.blueprint,
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

/** Flags that contradict each other: refused before anything is asked or read. */
function checkCombinations(values: CreateValues): void {
  if (values.git && values["no-git"]) throw new UsageError("--git and --no-git: give one");
  if (values.repo !== undefined) {
    if (values.git) throw new UsageError("--git: not with --repo, which commits to a clone of the repository already");
    // --repository-url stays allowed: the URL the clusters pull from may differ from the clone URL (an SSH URL).
    if (values.repository !== undefined)
      throw new UsageError("--repository: not with --repo, which names the repository already");
  }
}
