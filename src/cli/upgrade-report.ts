/** What an upgrade prints: the plan file by file and a summary, or one JSON document for automation. */
import type { UpgradeAction } from "../upgrade/plan.js";
import { deliveryJson, deliveryLines } from "./delivery-report.js";
import { changeSummary } from "../upgrade/answers-diff.js";
import type { UpgradeFile, UpgradeResult } from "../upgrade/types.js";

const LABELS: Record<UpgradeAction, { tag: string; note: string }> = {
  keep: { tag: "KEEP", note: "" },
  "take-theirs": { tag: "UPDATE", note: "" },
  merge: { tag: "MERGE", note: "blueprint changes merged with your edits" },
  "merged-with-conflicts": { tag: "CONFLICT", note: "resolve the <<<<<<< markers" },
  "binary-conflict": {
    tag: "CONFLICT",
    note: "not text, and changed both by you and in the blueprint; yours is kept, take the blueprint's by hand",
  },
  add: { tag: "CREATE", note: "" },
  "add-conflict": {
    tag: "CONFLICT",
    note: "new in the blueprint, but you already have a file here; both kept inside markers",
  },
  delete: { tag: "DELETE", note: "no longer generated" },
  "keep-modified-removed": {
    tag: "KEPT",
    note: "no longer generated, but you edited it; delete it if you no longer need it",
  },
  "stays-deleted": { tag: "SKIP", note: "you deleted it (or its folder); it stays deleted" },
  renamed: { tag: "RENAMED", note: "" },
  blocked: { tag: "CONFLICT", note: "" },
};

/** Groups for --json: what a script wants to know about each file. */
const GROUPS: Record<string, UpgradeAction[]> = {
  created: ["add"],
  updated: ["take-theirs", "merge", "merged-with-conflicts", "add-conflict"],
  deleted: ["delete", "renamed"],
  kept: ["keep-modified-removed", "stays-deleted", "binary-conflict", "blocked"],
};

export interface UpgradeReportOptions {
  json: boolean;
  check: boolean;
  /** The exact command that would upgrade, for --check to print (with --blueprint, --to and the folder given). */
  command?: string;
}

export function reportUpgrade(result: UpgradeResult, options: UpgradeReportOptions): string {
  if (options.json) return `${JSON.stringify(jsonOf(result), null, 2)}\n`;
  const from = `${result.from.name} ${result.from.version}`;
  const to = `${result.to.name} ${result.to.version}`;
  const lines = result.warnings.map((warning) => `warning: ${warning}`);
  const delivered = result.delivery ? ["", ...deliveryLines(result.delivery)] : [];
  const leftovers = result.leftovers.map(
    ({ path, problem }) =>
      `  CONFLICT ${path}  (${problem === "markers" ? "still has <<<<<<< markers from an upgrade" : `resolved, but ${problem}`})`,
  );
  if (result.status === "up-to-date" && leftovers.length > 0)
    return `${[...lines, `Not done: ${from} is the newest, but an earlier upgrade left files unresolved:`, ...leftovers, ...delivered].join("\n")}\n`;
  if (result.status === "up-to-date")
    return `${[...lines, `Up to date: ${from} (${result.from.source}).`, ...delivered].join("\n")}\n`;
  if (result.status === "available") {
    const run = `A newer blueprint is available: ${from} → ${to} (${result.to.source}). Run: ${options.command ?? "create-mcp-gitops upgrade"}`;
    return `${[...lines, run, ...leftovers].join("\n")}\n`;
  }
  lines.push(
    result.from.version === result.to.version
      ? `${result.dryRun ? "Plan" : "Changed"}: the answers (blueprint ${to}, ${result.to.source})`
      : `${result.dryRun ? "Plan" : "Upgraded"}: ${from} → ${to} (${result.to.source})`,
  );
  if (result.answers) lines.push(`  ANSWERS  ${changeSummary(result.answers)}`);
  for (const file of result.files) lines.push(`  ${LABELS[file.action].tag.padEnd(8)} ${file.path}${noteOf(file)}`);
  for (const migration of result.migrations) lines.push(`  answers  ${migration.version}: ${migration.description}`);
  lines.push(`  RECORD   .mcp-gitops.yaml  (${to})`, "", summary(result));
  if (result.diff) lines.push("", result.diff.trimEnd());
  lines.push(...delivered);
  return `${lines.join("\n")}\n`;
}

function noteOf(file: UpgradeFile): string {
  const label = LABELS[file.action];
  let note = label.note;
  if (file.conflicts && file.action === "merged-with-conflicts")
    note = `${file.conflicts} conflict${file.conflicts > 1 ? "s" : ""}; ${label.note}`;
  if (file.renamedFrom)
    note = `renamed from ${file.renamedFrom} by the blueprint, your edits carried over${note ? `; ${note}` : ""}`;
  if (file.action === "renamed") note = `moved to ${file.renamedTo} by the blueprint, with your edits`;
  if (file.reason) note = file.reason;
  return note ? `  (${note})` : "";
}

function summary(result: UpgradeResult): string {
  const count = (...actions: UpgradeAction[]) => result.files.filter((file) => actions.includes(file.action)).length;
  const parts = [
    `${count("take-theirs", "merge")} updated`,
    `${count("add")} created`,
    `${count("delete", "renamed")} deleted`,
    `${result.conflicts.length} with conflicts`,
  ];
  const kept = count("keep-modified-removed", "stays-deleted");
  if (kept) parts.push(`${kept} left as you have them`);
  if (result.dryRun) return `Dry run: nothing written (would be: ${parts.join(", ")}).`;
  const next = result.delivery
    ? result.conflicts.length
      ? "Resolve the conflicts on the pull request's branch."
      : ""
    : result.conflicts.length
      ? "Resolve the conflicts, review with `git diff`, then commit."
      : "Review with `git diff`, then commit.";
  return `Done: ${parts.join(", ")}.${next ? ` ${next}` : ""}`;
}

function jsonOf(result: UpgradeResult) {
  return {
    // Like the exit status: false when conflicts are left, or --check found a newer blueprint.
    ok: result.conflicts.length === 0 && result.status !== "available",
    directory: result.directory,
    status: result.status,
    dryRun: result.dryRun,
    from: result.from,
    to: result.to,
    files: result.files,
    conflicts: result.conflicts,
    changes: Object.fromEntries(
      Object.entries(GROUPS).map(([group, actions]) => [
        group,
        result.files.filter((file) => actions.includes(file.action)).map((file) => file.path),
      ]),
    ),
    ...(result.answers ? { answers: result.answers } : {}),
    leftovers: result.leftovers,
    migrations: result.migrations,
    warnings: result.warnings,
    ...(result.diff !== undefined ? { diff: result.diff } : {}),
    ...(result.delivery
      ? { delivery: deliveryJson(result.delivery), pullRequest: result.delivery.pullRequest?.url }
      : {}),
  };
}
