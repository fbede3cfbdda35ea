/** What an upgrade prints: the plan file by file and a summary, or one JSON document for automation. */
import type { UpgradeAction } from "../upgrade/plan.js";
import { deliveryJson, deliveryLines } from "./delivery-report.js";
import type { UpgradeResult } from "../upgrade/types.js";

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
  delete: { tag: "DELETE", note: "removed from the blueprint" },
  "keep-modified-removed": {
    tag: "KEPT",
    note: "removed from the blueprint, but you edited it; delete it if you no longer need it",
  },
  "stays-deleted": { tag: "SKIP", note: "you deleted it; it stays deleted" },
};

export function reportUpgrade(result: UpgradeResult, options: { json: boolean; check: boolean }): string {
  if (options.json) return `${JSON.stringify(jsonOf(result), null, 2)}\n`;
  const from = `${result.from.name} ${result.from.version}`;
  const to = `${result.to.name} ${result.to.version}`;
  const lines = result.warnings.map((warning) => `warning: ${warning}`);
  const delivered = result.delivery ? ["", ...deliveryLines(result.delivery)] : [];
  if (result.status === "up-to-date")
    return `${[...lines, `Up to date: ${from} (${result.from.source}).`, ...delivered].join("\n")}\n`;
  if (result.status === "available") {
    return `${[...lines, `A newer blueprint is available: ${from} → ${to} (${result.to.source}). Run: create-mcp-gitops upgrade`].join("\n")}\n`;
  }
  lines.push(`${result.dryRun ? "Plan" : "Upgraded"}: ${from} → ${to} (${result.to.source})`);
  for (const file of result.files) {
    const label = LABELS[file.action];
    const note =
      file.conflicts && file.action === "merged-with-conflicts"
        ? `${file.conflicts} conflict${file.conflicts > 1 ? "s" : ""}; ${label.note}`
        : label.note;
    lines.push(`  ${label.tag.padEnd(8)} ${file.path}${note ? `  (${note})` : ""}`);
  }
  for (const migration of result.migrations) lines.push(`  answers  ${migration.version}: ${migration.description}`);
  lines.push(`  RECORD   .mcp-gitops.yaml  (${to})`, "", summary(result));
  if (result.diff) lines.push("", result.diff.trimEnd());
  lines.push(...delivered);
  return `${lines.join("\n")}\n`;
}

function summary(result: UpgradeResult): string {
  const count = (...actions: UpgradeAction[]) => result.files.filter((file) => actions.includes(file.action)).length;
  const parts = [
    `${count("take-theirs", "merge")} updated`,
    `${count("add")} created`,
    `${count("delete")} deleted`,
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
    directory: result.directory,
    status: result.status,
    dryRun: result.dryRun,
    from: result.from,
    to: result.to,
    files: result.files,
    conflicts: result.conflicts,
    migrations: result.migrations,
    warnings: result.warnings,
    ...(result.diff !== undefined ? { diff: result.diff } : {}),
    ...(result.delivery
      ? { delivery: deliveryJson(result.delivery), pullRequest: result.delivery.pullRequest?.url }
      : {}),
  };
}
