/**
 * `doctor`: does a cluster have what a generated repository needs? The repository's record says which blueprint and
 * answers it was generated with; that blueprint says what those answers need (lib/requirements.mjs); kubectl says
 * what the cluster serves. The comparison is a pure function (check.ts); nothing on the cluster changes.
 */
import { resolve } from "node:path";
import type { ResolvedAnswers } from "../answers/resolve.js";
import { loadRequirements } from "../blueprint/requirements.js";
import { BlueprintWorkspace, openBlueprint, parseBlueprintSource } from "../blueprint/sources.js";
import { UsageError } from "../errors.js";
import { readRecord } from "../upgrade/recorded.js";
import { checkRequirements, type RequirementCheck } from "./check.js";
import { type Kubectl, kubectl } from "./kubectl.js";

export interface DoctorOptions {
  /** A generated repository (holding `.mcp-gitops.yaml`). Default: the current directory. */
  directory?: string;
  /** Relative `directory` from here. Default: the current directory. */
  cwd?: string;
  /** Kube context to check; default kubectl's current one. */
  context?: string;
  /** The environment kubectl runs with. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Another way to ask the cluster (tests, a library user with a client of their own). Default: kubectl on PATH. */
  cluster?: Kubectl;
}

export interface DoctorResult {
  directory: string;
  context?: string;
  blueprint: { name: string; version: string };
  checks: RequirementCheck[];
  /** Requirements whose API resource or controller is missing. */
  missing: RequirementCheck[];
  /** False when the cluster would not list its workloads: controllers went unchecked. */
  controllersChecked: boolean;
}

export async function doctor(options: DoctorOptions = {}): Promise<DoctorResult> {
  const directory = resolve(options.cwd ?? process.cwd(), options.directory ?? ".");
  const record = await readRecord(directory);
  const workspace = new BlueprintWorkspace();
  try {
    const recorded = record.blueprint;
    const blueprint = await openBlueprint(parseBlueprintSource(recorded.source, directory), {
      workspace,
      repository: directory,
      version: recorded.version,
      commit: recorded.commit,
    });
    const requirements = await loadRequirements(blueprint, record.answers as unknown as ResolvedAnswers);
    if (!requirements)
      throw new UsageError(
        `[directory] ${options.directory ?? "."}: blueprint ${blueprint.name} ${blueprint.version} does not list what a cluster needs (no lib/requirements.mjs); upgrade to a version that does`,
      );
    const cluster = options.cluster ?? kubectl({ context: options.context, env: options.env ?? process.env });
    const [resources, workloads] = [await cluster.apiResources(), await cluster.workloads()];
    const checks = checkRequirements(requirements, resources, workloads);
    return {
      directory,
      ...(options.context ? { context: options.context } : {}),
      blueprint: { name: blueprint.name, version: blueprint.version },
      checks,
      missing: checks.filter((check) => !check.present || check.controller === "missing"),
      controllersChecked: workloads !== undefined,
    };
  } finally {
    await workspace.dispose();
  }
}
