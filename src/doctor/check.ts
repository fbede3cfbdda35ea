/** The comparison at the heart of `doctor`: what the answers need against what the cluster serves and runs. */
import type { Requirement } from "../blueprint/engines.js";

export interface RequirementCheck extends Requirement {
  /** The cluster serves the API resource. */
  present: boolean;
  /** The controller behind it: running (its workload's name), missing, or not checked (no controller named, or
   * the cluster would not list workloads). */
  controller: { running: string } | "missing" | "unchecked";
}

export function checkRequirements(
  requirements: Requirement[],
  resources: Set<string>,
  workloads: string[] | undefined,
): RequirementCheck[] {
  return requirements.map((requirement) => ({
    ...requirement,
    present: resources.has(requirement.resource),
    controller: controllerOf(requirement, workloads),
  }));
}

/** A workload whose name contains one of the controller names (charts prefix their release name). */
function controllerOf(requirement: Requirement, workloads: string[] | undefined): RequirementCheck["controller"] {
  const names = requirement.controllers ?? [];
  if (names.length === 0 || workloads === undefined) return "unchecked";
  const running = workloads.find((workload) => names.some((name) => workload.includes(name)));
  return running ? { running } : "missing";
}
