/**
 * How many replicas a server really runs in an environment. The official MCP SDKs keep a session in the process
 * that started it (TypeScript sessionIdGenerator, Python stateless_http=False), and hashing on Mcp-Session-Id does not
 * route a session back to that process (the initialize request carries no session id). So a stateful server runs one
 * replica — no autoscaler, no disruption budget — unless it is answered `stateless`, or `sessionAffinity: clientIP`
 * keeps each client on one pod (only where clients reach the Service directly; fleet-rules.ts checks that).
 *
 * The bundled blueprint applies the same rule when it writes the values (lib/sessions.mjs, which cannot import this);
 * test/blueprint-contract.test.ts keeps the two equal. The summary, the pull request and the warnings read it here.
 */
import type { BundledServer, ResolvedEnvironment, ResolvedServer } from "./resolve.js";

type SessionAnswers = Pick<BundledServer, "stateless" | "sessionAffinity">;
type Scaling = Pick<ResolvedEnvironment, "name" | "replicas" | "autoscaling" | "keda">;

/** True when the server may run more than one replica. */
export function scalesOut(server: SessionAnswers): boolean {
  return server.stateless || server.sessionAffinity === "clientIP";
}

/** The fixed replica count of a server on the bundled chart in an environment. */
export function serverReplicas(server: SessionAnswers, env: Pick<ResolvedEnvironment, "replicas">): number {
  return scalesOut(server) ? env.replicas : Math.min(env.replicas, 1);
}

/** Whether the environment would run the server on more than one pod, were it free to (kagent never autoscales). */
export function wouldScale(env: Scaling, server: Pick<BundledServer, "mode">): boolean {
  return env.replicas > 1 || (server.mode === "deployment" && (env.autoscaling.enabled || env.keda.enabled));
}

/**
 * One warning per stateful server that an environment would otherwise scale: it runs one replica there. Silent for
 * servers whose answers already say how they scale.
 */
export function sessionWarnings(answers: { servers: ResolvedServer[]; environments: Scaling[] }): string[] {
  return answers.servers.flatMap((server) => {
    if (server.chart || scalesOut(server)) return [];
    const capped = answers.environments.filter((env) => wouldScale(env, server)).map((env) => env.name);
    if (capped.length === 0) return [];
    return [
      `servers[${server.name}]: stateful (stateless: false), so it runs one replica in ${capped.join(", ")}: MCP sessions live in one process. ` +
        "Answer stateless: true if it keeps no session state, or sessionAffinity: clientIP (not exposed, mode deployment) to scale with client-IP affinity",
    ];
  });
}
