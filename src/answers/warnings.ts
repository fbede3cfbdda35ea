/**
 * What a run warns about, from the resolved answers: weakened security defaults (security.ts), stateful servers held
 * at one replica (sessions.ts), and prod servers whose network policy lets them reach nothing but DNS without anyone
 * having said so. Warnings never stop a run; create and upgrade print them every time.
 */
import type { ResolvedAnswers } from "./resolve.js";
import { rolloutWarnings } from "./rollout.js";
import { securityWarnings } from "./security.js";
import { sessionWarnings } from "./sessions.js";

export function answerWarnings(answers: Pick<ResolvedAnswers, "servers" | "environments" | "monitoring">): string[] {
  return [
    ...securityWarnings(answers),
    ...sessionWarnings(answers),
    ...egressWarnings(answers),
    ...retiredControllerWarnings(answers),
    ...rolloutWarnings(answers),
  ];
}

/**
 * Edge policy written for ingress-nginx, which its maintainers retired: no releases, bug fixes or security fixes
 * after March 2026. Said where the tool writes controller-specific annotations for it, not for every Ingress.
 */
export function retiredControllerWarnings(answers: Pick<ResolvedAnswers, "environments">): string[] {
  return answers.environments.flatMap((env) =>
    env.exposure.implementation === "nginx"
      ? [
          `environments[${env.name}]: the edge policy is written for ingress-nginx, which is retired (no releases or ` +
            "security fixes after March 2026); plan a move to a Gateway API implementation (exposure.type httproute)",
        ]
      : [],
  );
}

/**
 * A prod environment whose network policy leaves servers with DNS only because nobody answered where they connect.
 * An explicit `outbound: none` (on the environment or the server) is an answer, and silences it.
 */
export function egressWarnings(answers: Pick<ResolvedAnswers, "servers" | "environments">): string[] {
  return answers.environments.flatMap((env) => {
    const policy = env.networkPolicy;
    if (env.profile !== "prod" || !policy.enabled || policy.outbound !== undefined || policy.egress.length > 0)
      return [];
    const silent = answers.servers.filter(
      (server) => !server.chart && server.outbound === undefined && server.egress === undefined,
    );
    if (silent.length === 0) return [];
    const names = silent.map((server) => server.name).join(", ");
    return [
      `environments[${env.name}]: the network policy lets ${names} reach only cluster DNS: a server that calls an API ` +
        "or a database fails every tool call while its probes stay green. Answer " +
        `environments.${env.name}.networkPolicy.outbound (none, in-cluster, internet or custom with egress rules), or outbound per server`,
    ];
  });
}
