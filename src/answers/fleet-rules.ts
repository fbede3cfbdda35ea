/**
 * Rules across servers and environments, checked on the resolved answers (an environment's exposure and TLS follow
 * its profile): client-IP affinity only where no Ingress or Gateway stands in front, one Gateway certificate per
 * environment within the 100 names a certificate may hold, and a managed secret's Secret written by nothing else.
 */
import { GATEWAY_TLS_SECRET, managedSecretName, tlsSecretName } from "./managed-secrets.js";
import type { BundledServer, ResolvedAnswers } from "./resolve.js";

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
  problems.push(...secretNameProblems(answers));
  return problems;
}

/**
 * External Secrets owns the Secret a managed secret names and rewrites it whenever it differs; a Secret cert-manager
 * writes, one the servers read as it is, or another managed secret by the same name would flap between the two.
 */
function secretNameProblems(answers: ResolvedAnswers): FleetProblem[] {
  const bundled = answers.servers.filter((server): server is BundledServer => !server.chart);
  const owners = new Map<string, string>([[GATEWAY_TLS_SECRET, "the Gateway certificate cert-manager writes"]]);
  for (const server of bundled) {
    owners.set(tlsSecretName(server.name), `the TLS certificate cert-manager writes for ${server.name}`);
    for (const name of server.secretEnvFrom)
      owners.set(name, `the existing Secret ${server.name} reads (secretEnvFrom)`);
    for (const name of server.imagePullSecrets)
      owners.set(name, `the existing Secret ${server.name} pulls its image with (imagePullSecrets)`);
  }
  const problems: FleetProblem[] = [];
  answers.servers.forEach((server, index) => {
    if (server.chart) return;
    server.managedSecrets.forEach((secret, s) => {
      const name = managedSecretName(server.name, secret);
      const owner = owners.get(name);
      if (owner)
        problems.push({
          path: ["servers", index, "managedSecrets", s, "name"],
          message: `makes the Secret ${name}, which is also ${owner}: External Secrets would keep rewriting it; choose another name`,
        });
      owners.set(name, `the managed secret ${secret.name} of ${server.name}`);
    });
  });
  return problems;
}
