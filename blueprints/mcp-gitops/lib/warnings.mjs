// @ts-check
// What a run warns about that only the blueprint can say, because it depends on what the blueprint renders: the
// response headers ingress-nginx must be told to allow, and quota caps answered below what the servers need. The CLI
// prints them with its own warnings on every create and upgrade (src/blueprint/warnings.ts). Plain functions, no I/O.
/** @import { ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
import { allowedHeadersPatch, securityHeaderValues } from "./edge.mjs";
import { serverResources } from "./helpers.mjs";
import { quotaNeed } from "./quota.mjs";

/**
 * ingress-nginx (from 1.10.1) denies a location whose custom-headers ConfigMap holds a header its own ConfigMap's
 * global-allowed-response-headers does not list, and that list is empty by default: the host answers 503.
 * @param {Pick<ResolvedAnswers, "environments">} answers
 */
export function nginxHeaderWarnings(answers) {
  return answers.environments.flatMap((env) => {
    if (env.exposure.type !== "ingress" || env.exposure.implementation !== "nginx") return [];
    const names = Object.keys(securityHeaderValues(env.exposure.securityHeaders));
    if (names.length === 0) return [];
    const patch = allowedHeadersPatch(env, names);
    return [
      `environments[${env.name}]: ingress-nginx refuses the security headers (${names.join(", ")}) and answers 503 ` +
        "for the whole host until its controller allows them. Once per cluster, add them to the controller's " +
        `ConfigMap, keeping any it already lists: ${patch.kubectl} (or the Helm value ${patch.helm})`,
    ];
  });
}

/**
 * Caps answered below what the servers need at their most: the pods past them (a rollout's surge, the MCP check, a
 * scale-up) are refused with "exceeded quota".
 * @param {ResolvedAnswers} answers
 */
export function quotaWarnings(answers) {
  return answers.environments.flatMap((env) => {
    if (!env.quota?.enabled) return [];
    const short = quotaNeed(answers, env, serverResources).short;
    if (short.length === 0) return [];
    const caps = short.map(({ cap, given, need }) => `${cap} ${given} (they need ${need})`).join(", ");
    return [
      `environments[${env.name}]: the quota's answered caps are below what the servers need at their most: ${caps}; ` +
        "pods past them (a rollout's surge pod, the MCP check, a scale-up) are refused with exceeded quota. Raise " +
        `them, or leave them out of environments.${env.name}.quota to have them computed`,
    ];
  });
}

/**
 * Every warning of the blueprint for these answers.
 * @param {ResolvedAnswers} answers
 * @returns {string[]}
 */
export function warnings(answers) {
  return [...nginxHeaderWarnings(answers), ...quotaWarnings(answers)];
}

export default warnings;
