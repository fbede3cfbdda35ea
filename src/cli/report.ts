/** What a finished run prints: a short human summary, or one JSON document for automation. */
import type { CreateResult } from "../create.js";
import type { Colours } from "./colours.js";
import { deliveryJson, deliveryLines } from "./delivery-report.js";
import { renderEndBlock } from "./end-block.js";

export interface ReportOptions {
  json: boolean;
  directoryArg: string;
  /** A person watched the summary and progress: skip the per-file listing, keep the framed end block. */
  interactive?: boolean;
  colours?: Colours;
}

export function reportCreate(result: CreateResult, options: ReportOptions): string {
  if (options.json) {
    return `${JSON.stringify(
      {
        ok: true,
        directory: result.directory,
        dryRun: result.dryRun,
        blueprint: result.blueprint,
        files: result.files.map((file) => ({ path: file.path, action: file.kind })),
        warnings: result.warnings,
        ...(result.git.commit
          ? { git: { branch: result.answers.repository.baseBranch, commit: result.git.commit } }
          : {}),
        ...(result.delivery ? { delivery: deliveryJson(result.delivery) } : {}),
      },
      null,
      2,
    )}\n`;
  }
  const lines: string[] = [];
  const verb = result.dryRun ? "would" : "did";
  const written = result.files.filter((file) => file.kind !== "unchanged").length;
  const delivery = { pullRequestUrl: result.delivery?.pullRequest?.url, pushed: result.delivery !== undefined };
  const end = renderEndBlock(
    {
      directoryLabel: options.directoryArg,
      dryRun: result.dryRun,
      answers: result.answers,
      engine: result.engine,
      written,
      ...delivery,
      repository: result.git.repository,
      committed: result.git.commit !== undefined,
    },
    options.colours,
  );
  // Branch, commit and pull request just above the end block, which repeats the pull request URL.
  const delivered = result.delivery ? `${deliveryLines(result.delivery).join("\n")}\n\n` : "";
  if (options.interactive)
    return `${result.warnings.map((warning) => `warning: ${warning}\n`).join("")}\n${delivered}${end}`;
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
  return `${lines.join("\n")}\n\n${delivered}${end}`;
}

function countBy(kinds: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of kinds) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
