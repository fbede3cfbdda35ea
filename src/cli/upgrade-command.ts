/** `create-mcp-gitops upgrade [directory]`: flags → UpgradeOptions → upgrade() → report and exit status. */
import type { ParseArgsConfig } from "node:util";
import { ConflictError, UsageError } from "../errors.js";
import { parseFlags, type Io } from "./args.js";
import { DELIVERY_FLAGS, pullRequestFlags } from "./delivery-flags.js";
import { UPGRADE_HELP } from "./help.js";

/** The pull-request flags of `create --repo` that mean something for an upgrade; all of them need --pr. */
const { repo, "github-api-url": apiUrl, base, branch, draft, reviewers, labels, title, author } = DELIVERY_FLAGS;
const PR_FLAGS = { repo, "github-api-url": apiUrl, base, branch, draft, reviewers, labels, title, author };

export const UPGRADE_OPTIONS = {
  blueprint: { type: "string" },
  to: { type: "string" },
  "dry-run": { type: "boolean" },
  check: { type: "boolean" },
  "allow-dirty": { type: "boolean" },
  json: { type: "boolean" },
  pr: { type: "boolean" },
  ...PR_FLAGS,
  help: { type: "boolean", short: "h" },
} satisfies ParseArgsConfig["options"];

/** argv without the leading "upgrade". */
export async function upgradeCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(argv, UPGRADE_OPTIONS);
  if (values.help) {
    io.stdout(UPGRADE_HELP);
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`[directory]: expected one directory, got ${positionals.length}: ${positionals.join(" ")}`);
  if (values.check && values["dry-run"])
    throw new UsageError("--check and --dry-run: give one (--check only compares versions)");
  if (values.to !== undefined) {
    const { isVersion } = await import("../blueprint/versions.js");
    if (!isVersion(values.to))
      throw new UsageError(`--to ${JSON.stringify(values.to)}: must be a blueprint version such as 1.1.0`);
  }
  const stray = Object.keys(PR_FLAGS).find((flag) => values[flag as keyof typeof values] !== undefined);
  if (stray && !values.pr) throw new UsageError(`--${stray}: only applies with --pr`);
  if (values.pr && (values.check || values["dry-run"]))
    throw new UsageError(`--pr: cannot be combined with ${values.check ? "--check" : "--dry-run"}, which push nothing`);
  const directory = positionals[0] ?? ".";
  const { upgrade } = await import("../upgrade/upgrade.js");
  const result = await upgrade({
    directory,
    blueprint: values.blueprint,
    to: values.to,
    dryRun: values["dry-run"],
    check: values.check,
    allowDirty: values["allow-dirty"],
    cwd: io.cwd,
    pullRequest: values.pr ? { ...pullRequestFlags(values), env: io.env } : undefined,
  });
  const { reportUpgrade } = await import("./upgrade-report.js");
  io.stdout(reportUpgrade(result, { json: Boolean(values.json), check: Boolean(values.check) }));
  // --check is for CI: a newer blueprint is a failing check, reported on stdout rather than as an error.
  if (result.status === "available") return 1;
  if (result.conflicts.length > 0) {
    throw new ConflictError(
      `${result.conflicts.length} file${result.conflicts.length === 1 ? " has" : "s have"} conflicts${result.dryRun ? " (dry run: nothing written)" : "; resolve the <<<<<<< markers, then commit"}: ${result.conflicts.join(", ")}`,
      result.conflicts,
    );
  }
  return 0;
}
