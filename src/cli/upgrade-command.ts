/** `create-mcp-gitops upgrade [directory]`: flags → UpgradeOptions → upgrade() → report and exit status. */
import { ConflictError, UsageError } from "../errors.js";
import type { UpgradeOptions, UpgradeResult } from "../upgrade/types.js";
import type { Io } from "./args.js";
import { pullRequestFlags } from "./delivery-flags.js";
import { type FlagValues, parseCommand, renderHelp } from "./flags.js";
import { type CHANGE_FLAGS, PR_FLAGS, UPGRADE_SPEC } from "./upgrade-spec.js";

type ChangeValues = FlagValues<typeof CHANGE_FLAGS> & { check?: boolean };

/** argv without the leading "upgrade". */
export async function upgradeCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(UPGRADE_SPEC, argv);
  if (values.help) {
    io.stdout(renderHelp(UPGRADE_SPEC));
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`[directory]: expected one directory, got ${positionals.length}: ${positionals.join(" ")}`);
  if (values.check && values["dry-run"])
    throw new UsageError("--check and --dry-run: give one (--check only compares versions)");
  const changing = ["set", "unset", "answers"].find((flag) => values[flag as "set"] !== undefined);
  if (values.check && changing)
    throw new UsageError(`--${changing}: --check only compares versions; use --dry-run to see what a change would do`);
  if (values.to !== undefined) {
    const { isVersion } = await import("../blueprint/versions.js");
    if (!isVersion(values.to))
      throw new UsageError(`--to ${JSON.stringify(values.to)}: must be a blueprint version such as 1.1.0`);
  }
  const directory = positionals[0] ?? ".";
  const command = ["create-mcp-gitops upgrade"];
  if (positionals[0] !== undefined) command.push(quoted(directory));
  if (values.blueprint !== undefined) command.push("--blueprint", quoted(values.blueprint));
  if (values.to !== undefined) command.push("--to", values.to);
  return runUpgrade(
    {
      directory,
      blueprint: values.blueprint,
      to: values.to,
      check: values.check,
      changes: changing ? { set: values.set, unset: values.unset, answersFile: values.answers } : undefined,
    },
    values,
    io,
    command.join(" "),
  );
}

/** Runs an upgrade with the shared flags (dry run, --pr ...), prints the report and turns it into the exit status. */
export async function runUpgrade(
  options: UpgradeOptions,
  values: ChangeValues,
  io: Io,
  command?: string,
): Promise<number> {
  const stray = Object.keys(PR_FLAGS).find((flag) => values[flag as keyof typeof values] !== undefined);
  if (stray && !values.pr) throw new UsageError(`--${stray}: only applies with --pr`);
  if (values.pr && (values.check || values["dry-run"]))
    throw new UsageError(`--pr: cannot be combined with ${values.check ? "--check" : "--dry-run"}, which push nothing`);
  const { upgrade } = await import("../upgrade/upgrade.js");
  const result = await upgrade({
    ...options,
    dryRun: values["dry-run"],
    allowDirty: values["allow-dirty"],
    cwd: io.cwd,
    pullRequest: values.pr ? { ...pullRequestFlags(values), env: io.env } : undefined,
  });
  const { reportUpgrade } = await import("./upgrade-report.js");
  io.stdout(reportUpgrade(result, { json: Boolean(values.json), check: Boolean(values.check), command }));
  return await exitStatus(result);
}

async function exitStatus(result: UpgradeResult): Promise<number> {
  // --check is for CI: a newer blueprint is a failing check, reported on stdout rather than as an error.
  if (result.status === "available" && result.leftovers.length === 0) return 1;
  // Whatever else was found, files an earlier upgrade left unresolved come first.
  if (result.leftovers.length > 0 && result.status !== "upgraded" && result.status !== "planned") {
    const { leftoversError } = await import("../upgrade/upgrade.js");
    throw leftoversError(result.leftovers);
  }
  if (result.conflicts.length > 0) {
    throw new ConflictError(
      `${result.conflicts.length} file${result.conflicts.length === 1 ? " has" : "s have"} conflicts${result.dryRun ? " (dry run: nothing written)" : "; resolve the <<<<<<< markers, then commit"}: ${result.conflicts.join(", ")}`,
      result.conflicts,
    );
  }
  return 0;
}

/** A value as a shell would need it typed. */
function quoted(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
