/**
 * Two environments deploying into one namespace of one cluster (layout-rules.ts sharedNamespaceProblem), refused
 * with the flag or field that set the namespace. Called where the engine is known: it only applies when
 * environments can share a cluster.
 */
import { UsageError } from "../errors.js";
import type { CollectedAnswers } from "./collect.js";
import { sharedNamespaceProblem } from "./layout-rules.js";
import type { ResolvedAnswers } from "./resolve.js";
import { fieldLabel } from "./validate.js";

export function refuseSharedNamespaces(answers: ResolvedAnswers, collected: CollectedAnswers): void {
  const problem = sharedNamespaceProblem(answers.environments);
  if (problem)
    throw new UsageError(`${fieldLabel(["environments", problem.index, "namespace"], collected)}: ${problem.message}`);
}
