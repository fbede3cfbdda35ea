/** What a finished run prints: a short human summary, or one JSON document for automation. */
import type { CreateResult } from "../create.js";

export function reportCreate(result: CreateResult, options: { json: boolean; directoryArg: string }): string {
  if (options.json) {
    return `${JSON.stringify(
      {
        directory: result.directory,
        dryRun: result.dryRun,
        blueprint: result.blueprint,
        files: result.files.map((file) => ({ path: file.path, action: file.kind })),
        warnings: result.warnings,
      },
      null,
      2,
    )}\n`;
  }
  const lines: string[] = [];
  const verb = result.dryRun ? "would" : "did";
  for (const file of result.files) {
    if (file.kind !== "unchanged") lines.push(`${file.kind.toUpperCase().padEnd(6)} ${file.path}`);
  }
  const counts = countBy(result.files.map((file) => file.kind));
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  lines.push(
    "",
    `${result.dryRun ? "Dry run: nothing written." : `Done: ${options.directoryArg}`} ` +
      `(${verb === "would" ? "would create" : "created"} ${counts.create ?? 0}, ${verb === "would" ? "would update" : "updated"} ${counts.update ?? 0}, unchanged ${counts.unchanged ?? 0})`,
  );
  return `${lines.join("\n")}\n`;
}

function countBy(kinds: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of kinds) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
