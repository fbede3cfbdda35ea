/**
 * Progressive delivery per environment (`environments[].rollout`): how a new version of a server replaces the old
 * one — a rolling update, a canary that receives a growing share of the traffic, or a blue-green switch once the
 * new version has passed its checks — and what judges it: the MCP check before any traffic reaches it, then the
 * alerts' metrics (error ratio, p95 latency, tool-call error ratio) with the alerts' thresholds unless given here.
 * Which controller runs it is the GitOps engine's (the blueprint says); what no controller can do is refused here,
 * with what to use instead.
 */
import * as z from "./zod.js";
import { line, oneOf, whole } from "./rules.js";
import { promDuration, ratio, seconds } from "./monitoring-schema.js";
import { SINGLE_WRITER_MODES } from "./storage.js";

export const ROLLOUT_STRATEGIES = ["rolling", "canary", "blueGreen"] as const;

const weights = z
  .array(whole(1, 100), { error: "must be a list of traffic percentages, e.g. [10, 25, 50]" })
  .min(1, { error: "must list at least one traffic percentage" })
  .max(20, { error: "must list at most 20 steps" })
  .refine((steps) => steps.every((step, index) => index === 0 || step > steps[index - 1]!), {
    error: "must rise step by step, e.g. [10, 25, 50]",
  });

export const RolloutSchema = z.strictObject({
  /** rolling: the Deployment's rolling update. canary: weighted traffic steps. blueGreen: a switch after the checks. */
  strategy: oneOf(ROLLOUT_STRATEGIES).default("rolling"),
  /** canary: the share of traffic (percent) the new version gets at each step; promotion follows the last. */
  steps: weights.default([10, 25, 50]),
  /** How long each step is judged (and how often the metrics are read). */
  interval: promDuration.default("1m"),
  /** Failed checks that roll the new version back. */
  threshold: whole(1, 100).default(5),
  /** blueGreen: checks the new version passes before the switch. */
  iterations: whole(1, 100).default(5),
  /**
   * The mesh or ingress controller that splits the traffic, when it is not the exposure's (Gateway API weights for
   * httproute, the nginx canary for an nginx ingress). The engine's controller must know it by this name.
   */
  provider: line(63)
    .regex(/^[a-z][a-z0-9-]*(:[a-z0-9]+)?$/, { error: "must be a provider name such as istio or linkerd" })
    .optional(),
  /** Limits the new version must stay under; default: the environment's alert thresholds. */
  analysis: z
    .strictObject({
      /** Failing requests / all requests. */
      errorRate: ratio.optional(),
      /** p95 request duration, seconds. */
      latency: seconds.optional(),
      /** Failing tool calls / all tool calls. */
      toolCallErrors: ratio.optional(),
    })
    .prefault({}),
});
export type Rollout = z.output<typeof RolloutSchema>;

export interface RolloutProblem {
  path: (string | number)[];
  message: string;
}

/** What the rules read (schema.ts imports this module, so it names no types of resolve.ts). */
interface Answers {
  servers: readonly {
    name: string;
    chart?: unknown;
    mode?: string;
    stateless?: boolean;
    metrics?: { enabled?: boolean };
    storage?: readonly { type: string; accessMode?: string }[];
  }[];
  environments: readonly {
    name: string;
    exposure: { type: string; className?: string };
    rollout: Pick<Rollout, "strategy" | "provider">;
  }[];
}

/** Whether the environment replaces versions progressively (the controller's business, not the Deployment's). */
export function isProgressive(env: { rollout: Pick<Rollout, "strategy"> }): boolean {
  return env.rollout.strategy !== "rolling";
}

/**
 * Where the exposure in use splits traffic by weight: Gateway API routes, and the nginx ingress controller's canary
 * annotations. Other ingress classes route to one backend; without exposure only a mesh can split.
 */
function splitsTraffic(env: Answers["environments"][number]): boolean {
  if (env.rollout.provider) return true;
  if (env.exposure.type === "httproute") return true;
  return env.exposure.type === "ingress" && env.exposure.className === "nginx";
}

/** Combinations no progressive-delivery controller can run, each with the answer to change. */
export function rolloutProblems(answers: Answers): RolloutProblem[] {
  const problems: RolloutProblem[] = [];
  const bundled = answers.servers.filter((server) => !server.chart);
  answers.environments.forEach((env, index) => {
    if (!isProgressive(env) || bundled.length === 0) return;
    const at = (...path: (string | number)[]) => ["environments", index, "rollout", ...path];
    const { strategy } = env.rollout;
    const kagent = bundled.filter((server) => server.mode === "mcpserver").map((server) => server.name);
    if (kagent.length > 0)
      problems.push({
        path: at("strategy"),
        message: `${strategy} needs servers in mode deployment: kagent owns the Deployment of ${kagent.join(", ")} (mode mcpserver), so no controller can run a second version beside it. Use mode deployment for them, or strategy rolling in ${env.name}`,
      });
    // Both controllers run the new version beside the old one; Recreate, which such a volume needs, is a rolling
    // update's alternative, not theirs.
    const singleWriter = bundled
      .filter(
        (server) =>
          server.mode !== "mcpserver" &&
          server.storage?.some((v) => v.type === "pvc" && SINGLE_WRITER_MODES.includes(v.accessMode ?? "")),
      )
      .map((server) => server.name);
    if (singleWriter.length > 0)
      problems.push({
        path: at("strategy"),
        message: `${strategy} runs the new version beside the old one, but ${singleWriter.join(", ")} ${singleWriter.length === 1 ? "holds a volume" : "hold volumes"} one node or pod mounts (ReadWriteOnce, ReadWriteOncePod). Use ReadWriteMany or type emptyDir for ${singleWriter.length === 1 ? "it" : "them"}, or strategy rolling in ${env.name}`,
      });
    if (strategy !== "canary") return;
    if (!splitsTraffic(env)) {
      const nothing =
        env.exposure.type === "ingress"
          ? `an ingress of class ${env.exposure.className} cannot do in ${env.name}`
          : `nothing does in ${env.name} (exposure.type none)`;
      problems.push({
        path: at("strategy"),
        message: `canary splits traffic by weight, which ${nothing}. Use strategy blueGreen (the new version is checked, then takes all traffic at once; no splitting needed), expose the servers with exposure.type httproute (Gateway API weights) or an nginx ingress, or name the mesh that splits in rollout.provider`,
      });
    }
    const stateful = bundled.filter((server) => !server.stateless).map((server) => server.name);
    if (stateful.length > 0)
      problems.push({
        path: at("strategy"),
        message: `canary sends each request to either version, which breaks the sessions of ${stateful.join(", ")} (stateful: a session lives in one process). Answer stateless: true for a server that keeps no session state, or use strategy blueGreen in ${env.name}`,
      });
  });
  return problems;
}

/**
 * Servers a progressive rollout judges by the MCP check alone: those that serve no metrics (or with monitoring
 * off), which the analysis cannot read. Said on every run, so nobody believes a canary was judged by its errors.
 */
export function rolloutWarnings(answers: Answers & { monitoring: { enabled: boolean } }): string[] {
  const progressive = answers.environments.filter(isProgressive).map((env) => env.name);
  if (progressive.length === 0) return [];
  const unmeasured = answers.servers.filter(
    (server) =>
      !server.chart &&
      server.mode === "deployment" &&
      (!answers.monitoring.enabled || !server.metrics || server.metrics.enabled === false),
  );
  if (unmeasured.length === 0) return [];
  const why = answers.monitoring.enabled ? "serve no metrics (answer metrics if they do)" : "are not monitored";
  return [
    `${unmeasured.map((server) => server.name).join(", ")} ${why}: their rollouts in ${progressive.join(", ")} are judged by the MCP check alone, not by error ratio or latency`,
  ];
}
