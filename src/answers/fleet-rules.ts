/**
 * Rules across servers and environments, checked on the resolved answers (an environment's exposure and TLS follow
 * its profile): client-IP affinity only where no Ingress or Gateway stands in front, and one Gateway certificate per
 * environment within the 100 names a certificate may hold.
 */
import type { ResolvedAnswers } from "./resolve.js";

export interface FleetProblem {
  path: (string | number)[];
  message: string;
}

/** Let's Encrypt's limit of names per certificate, and so per environment behind one Gateway listener. */
export const MAX_CERTIFICATE_NAMES = 100;

export function fleetProblems(answers: ResolvedAnswers): FleetProblem[] {
  const problems: FleetProblem[] = [];
  const exposed = answers.environments.filter((env) => env.exposure.type !== "none");
  answers.servers.forEach((server, index) => {
    if (server.chart || server.sessionAffinity !== "clientIP" || exposed.length === 0) return;
    const where = exposed.map((env) => `${env.name} (${env.exposure.type})`).join(", ");
    problems.push({
      path: ["servers", index, "sessionAffinity"],
      message: `clientIP keeps sessions only for clients that reach the Service, but ${where} expose the servers through a controller that routes to the pods directly. Leave it at none (one replica), or answer stateless: true if the server keeps no session state`,
    });
  });
  const bundled = answers.servers.filter((server) => !server.chart).length;
  answers.environments.forEach((env, index) => {
    if (env.exposure.type !== "httproute" || !env.tls.enabled || bundled <= MAX_CERTIFICATE_NAMES) return;
    problems.push({
      path: ["environments", index, "tls", "enabled"],
      message: `puts all ${bundled} servers of ${env.name} on one Gateway certificate, which holds at most ${MAX_CERTIFICATE_NAMES} names (Let's Encrypt's limit); split the servers across environments, or turn TLS off here and terminate it elsewhere`,
    });
  });
  return problems;
}
