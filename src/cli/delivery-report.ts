/** How a delivery is reported: lines for people (the pull request URL last, easy to spot), fields for --json. */
import type { DeliveryResult } from "../delivery/result.js";

export function deliveryLines(delivery: DeliveryResult): string[] {
  const { repository, branch, base } = delivery;
  if (delivery.dryRun)
    return [`Dry run: would push branch ${branch} to ${repository} and open a pull request into ${base}.`];
  const lines: string[] = [];
  if (delivery.createdRepository)
    lines.push(`Created repository ${repository}${delivery.repositoryUrl ? ` (${delivery.repositoryUrl})` : ""}.`);
  if (!delivery.pushed) return [...lines, `Nothing pushed to ${repository}: branch ${base} already has these files.`];
  const commit = delivery.commit ? ` (${delivery.commit.slice(0, 12)})` : "";
  lines.push(
    `${delivery.committed ? "Committed and pushed" : "Pushed"} branch ${branch} to ${repository}${commit}; local clone: ${delivery.workTree}`,
  );
  const pull = delivery.pullRequest;
  if (!pull) lines.push("No pull request opened (--no-pr).");
  else
    lines.push(
      `Pull request #${pull.number} ${pull.created ? "opened" : "updated"}${pull.draft ? " (draft)" : ""}: ${pull.url}`,
    );
  return lines;
}

export function deliveryJson(delivery: DeliveryResult): Record<string, unknown> {
  const { warnings: _warnings, ...rest } = delivery;
  return rest;
}
