/**
 * What a GitOps engine is, as the blueprint describes it (`lib/engines.mjs`): its display name, the folders it
 * builds, how a cluster starts pulling, and what the pull request says. The CLI asks this — prompts, summary, end
 * block, pull request — and never branches on an engine's name. A blueprint without the module still works: its
 * engines are then shown by their names, with no commands to suggest.
 */
import type { ResolvedAnswers, ResolvedEnvironment } from "../answers/resolve.js";
import { BlueprintError } from "../errors.js";
import { type Blueprint, loadBlueprintModule } from "./blueprint.js";

/** The contract between a blueprint's `lib/engines.mjs` (default export: engine name → descriptor) and the CLI. */
export interface EngineDescriptor {
  /** How people call it: "Flux", "Argo CD". */
  displayName: string;
  /** One line for the engine question. */
  description: string;
  /** The folders `kubectl kustomize` builds, one per environment (review commands, CI). */
  overlays(answers: ResolvedAnswers): string[];
  /** Shell lines that start delivery once the repository is on its Git host; `#` lines are comments. */
  bootstrap(answers: ResolvedAnswers): string[];
  /** Markdown sentences for the pull request's "Next steps". */
  nextSteps(answers: ResolvedAnswers): string[];
  /**
   * Answers this engine does not use (`environments.cluster`, `servers.<field>`, a top-level field), each with the
   * sentence that says why: their questions are not asked, and a value other than the default is refused.
   */
  ignores?: Record<string, string>;
  /** Answers this engine uses without asking about them (the default suits it): their questions are skipped. */
  unasked?: string[];
  /** What a cluster needs before this engine can deliver the repository (`doctor`). */
  requirements?(answers: ResolvedAnswers): Requirement[];
  /**
   * The cluster an environment runs in, as a name fit for a path segment: environments with the same name share one
   * cluster, and `__cluster__` in a blueprint path renders once per cluster. Default: every environment its own.
   */
  cluster?(env: ResolvedEnvironment): string;
  /** Every release of the blueprint's own chart, with its values files in the order the engine layers them. */
  releases?(answers: ResolvedAnswers): ChartRelease[];
  /**
   * Answer combinations this engine cannot deliver although the answers schema allows them (its controllers lack a
   * feature), each at the answer's path with the sentence that says why and what to use instead.
   */
  problems?(answers: ResolvedAnswers): AnswerProblem[];
}

/** An answer the engine cannot deliver: `path` as in the answers (["environments", 0, "rollout", "provider"]). */
export interface AnswerProblem {
  path: (string | number)[];
  message: string;
}

/** One API resource a cluster must serve, and the controller behind it, for `doctor`. */
export interface Requirement {
  /** What needs it, for people: "Flux", "monitoring", "TLS in prod". */
  feature: string;
  /** The kind, e.g. HelmRelease. */
  kind: string;
  /** As `kubectl api-resources -o name` prints it: `<plural>.<group>`, e.g. helmreleases.helm.toolkit.fluxcd.io. */
  resource: string;
  /** Deployments or StatefulSets (any namespace), one of which must exist: the controller that serves it. */
  controllers?: string[];
  /** How to install what is missing: a command or a link. */
  install: string;
}

/** One release of a chart the blueprint ships: create() checks its merged values against the chart's schema. */
export interface ChartRelease {
  /** The server and environment names, for messages. */
  server: string;
  environment: string;
  /** The chart's folder in the rendered repository, holding Chart.yaml, values.yaml and values.schema.json. */
  chart: string;
  /** Values files in the rendered repository, lowest precedence first. */
  values: string[];
}

/** An engine's descriptor applied to the answers: plain data for reports. */
export interface EngineView {
  name: string;
  displayName: string;
  /** Answer path → why this engine does not use it. */
  ignores: Record<string, string>;
  overlays: string[];
  bootstrap: string[];
  nextSteps: string[];
}

export interface EngineChoice {
  value: string;
  name: string;
  description?: string;
  /** Answer paths the engine does not use, or does not ask about: their questions are skipped. */
  ignores?: string[];
}

export type Engines = Record<string, EngineDescriptor>;

export async function loadEngines(blueprint: Blueprint): Promise<Engines> {
  const module = await loadBlueprintModule<{ default?: unknown }>(blueprint, "lib/engines.mjs");
  const table = module?.default ?? {};
  if (!table || typeof table !== "object") throw invalid(blueprint, "its default export is not a mapping of engines");
  for (const [name, engine] of Object.entries(table)) {
    const descriptor = engine as Partial<EngineDescriptor> | null;
    const problem =
      typeof descriptor?.displayName !== "string"
        ? "displayName is not a string"
        : (["overlays", "bootstrap", "nextSteps"] as const).find((field) => typeof descriptor[field] !== "function");
    if (problem)
      throw invalid(blueprint, `engine ${name}: ${problem.includes(" ") ? problem : `${problem} is not a function`}`);
  }
  return table as Engines;
}

/** The engine's refusals of these answers, as issues for describeIssues (empty when it has none). */
export function engineProblems(engines: Engines, answers: ResolvedAnswers): AnswerProblem[] {
  return engines[answers.gitops]?.problems?.(answers) ?? [];
}

function invalid(blueprint: Blueprint, why: string): BlueprintError {
  return new BlueprintError(`blueprint ${blueprint.name} ${blueprint.version}: lib/engines.mjs: ${why}`);
}

/** The engines to offer, in the answers schema's order, described by the blueprint when it can. */
export function engineChoices(engines: Engines, names: readonly string[]): EngineChoice[] {
  return names.map((name) => {
    const engine = engines[name];
    if (!engine) return { value: name, name };
    return {
      value: name,
      name: engine.displayName,
      description: engine.description,
      ignores: [...Object.keys(engine.ignores ?? {}), ...(engine.unasked ?? [])],
    };
  });
}

/** The descriptor of the answers' engine, applied to them; a failing descriptor is the blueprint's fault. */
export function engineView(engines: Engines, answers: ResolvedAnswers, blueprint: Blueprint): EngineView {
  const name = answers.gitops;
  const engine = engines[name];
  if (!engine) return { name, displayName: name, ignores: {}, overlays: [], bootstrap: [], nextSteps: [] };
  try {
    return {
      name,
      displayName: engine.displayName,
      ignores: engine.ignores ?? {},
      overlays: engine.overlays(answers),
      bootstrap: engine.bootstrap(answers),
      nextSteps: engine.nextSteps(answers),
    };
  } catch (error) {
    throw invalid(blueprint, `engine ${name} failed: ${(error as Error).message}`);
  }
}
