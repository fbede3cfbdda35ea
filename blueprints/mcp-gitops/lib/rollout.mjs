// @ts-check
// Progressive delivery as chart values: an environment's `rollout` answer becomes the bundled chart's `rollout`
// values for the engine's controller (lib/controllers.mjs), with the analysis limits the alerts use unless the answer
// gives its own. The chart renders the controller's objects from them (templates/canary.yaml, rollout.yaml, ...).
// Plain functions of the answers, no I/O (see helpers.mjs).
/** @import { BundledServer, ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
import { ALERTS, alertSettings } from "./alerts.mjs";
import { CONTROLLERS, isProgressive, rolloutController, serverController } from "./controllers.mjs";
import { edgeValues } from "./edge.mjs";

/** The analysis limits and the alerts they share their defaults with. */
const LIMITS = /** @type {const} */ ([
  ["errorRate", "errorRate"],
  ["latency", "latency"],
  ["toolCallErrors", "toolCallErrors"],
]);

/**
 * The Prometheus the analyses query: the answer, else kube-prometheus-stack's in the monitoring namespace.
 * @param {ResolvedAnswers} answers
 */
export function prometheusUrl(answers) {
  const { prometheusUrl: url, prometheusNamespace } = answers.monitoring;
  return url ?? `http://kube-prometheus-stack-prometheus.${prometheusNamespace}.svc:9090`;
}

/**
 * An environment's analysis limits: the answer's, else the environment's alert thresholds.
 * @param {ResolvedEnvironment} env
 */
export function analysisLimits(env) {
  /** @type {Record<string, number>} */
  const limits = {};
  for (const [key, alertKey] of LIMITS) {
    const alert = ALERTS.find((candidate) => candidate.key === alertKey);
    const threshold = alert ? alertSettings(alert, env).threshold : undefined;
    const value = env.rollout.analysis[key] ?? threshold;
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

/**
 * One server's `rollout` values in one environment (nothing for a rolling update). Flagger names the primary after
 * the pods' app.kubernetes.io/name, so each server gets its own (nameOverride).
 * @param {ResolvedAnswers} answers
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 */
export function rolloutValues(answers, server, env) {
  const controller = serverController(answers, server, env);
  if (!controller) return {};
  const { strategy, provider, steps, interval, threshold, iterations } = env.rollout;
  return {
    ...(controller.id === "flagger" ? { nameOverride: server.name } : {}),
    rollout: {
      strategy,
      controller: controller.id,
      ...(provider ? { provider } : {}),
      ...(strategy === "canary" ? { steps } : { iterations }),
      interval,
      threshold,
      analysis: { prometheus: prometheusUrl(answers), ...analysisLimits(env) },
    },
  };
}

/**
 * The edge policy a Flagger canary through Gateway API would drop: Flagger writes that HTTPRoute itself, and of the
 * route's filters carries only the response headers (its Canary's `service.headers`, which the chart fills in).
 * @param {ResolvedAnswers} answers
 * @param {ResolvedEnvironment} env
 */
function lostAtTheEdge(answers, env) {
  if (rolloutController(answers)?.id !== "flagger" || !shiftsRouteWeights(answers, env)) return [];
  const edge = edgeValues(env);
  if (!edge) return [];
  const {
    filters = [],
    middlewares = [],
    kongPlugins = [],
  } = /** @type {{ filters?: { type: string }[], middlewares?: unknown[], kongPlugins?: unknown[] }} */ (edge);
  return [
    ...(filters.some((filter) => filter.type === "CORS") ? ["cors"] : []),
    ...(middlewares.length ? ["Traefik Middlewares"] : []),
    ...(kongPlugins.length ? ["Kong plugins"] : []),
  ];
}

/**
 * The answers the engine's controller cannot run, for the engine descriptor's `problems`: a traffic provider it does
 * not know, and an edge policy the route it writes would drop.
 * @param {ResolvedAnswers} answers
 */
export function rolloutProblems(answers) {
  const controller = rolloutController(answers);
  if (!controller) return [];
  return answers.environments.flatMap((env, index) => {
    const lost = lostAtTheEdge(answers, env);
    if (lost.length > 0)
      return [
        {
          path: ["environments", index, "rollout", "strategy"],
          message: `canary: ${controller.title} writes the HTTPRoute of a canary itself and carries only response headers over, so the edge policy's ${lost.join(", ")} would be lost in ${env.name}. Use strategy blueGreen (the route stays this repository's), or leave the policy out there`,
        },
      ];
    const provider = env.rollout.provider;
    if (!isProgressive(env) || !provider || controller.providers.includes(provider)) return [];
    const known = controller.providers.length
      ? `it knows ${controller.providers.join(", ")}`
      : "this repository routes its traffic through the exposure only (Gateway API weights for httproute, the nginx canary for an nginx ingress)";
    return [
      {
        path: ["environments", index, "rollout", "provider"],
        message: `${controller.title} cannot split traffic with ${provider}: ${known}. Leave rollout.provider out, or use strategy blueGreen`,
      },
    ];
  });
}

/**
 * Whether any environment runs a server progressively (the infrastructure installs the controller, the engine
 * leaves the traffic weights to it).
 * @param {ResolvedAnswers} answers
 */
export function usesProgressiveDelivery(answers) {
  return answers.environments.some((env) =>
    answers.servers.some((server) => serverController(answers, server, env) !== undefined),
  );
}

/**
 * Environments whose canary shifts Gateway API route weights (Argo CD must leave them to the controller).
 * @param {ResolvedAnswers} answers
 * @param {ResolvedEnvironment} env
 */
export function shiftsRouteWeights(answers, env) {
  return (
    env.rollout.strategy === "canary" &&
    !env.rollout.provider &&
    env.exposure.type === "httproute" &&
    answers.servers.some((server) => serverController(answers, server, env) !== undefined)
  );
}

export { CONTROLLERS, isProgressive, rolloutController, serverController };
