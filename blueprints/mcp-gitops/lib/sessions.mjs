// @ts-check
// How many replicas a server on the bundled chart runs. The official MCP SDKs keep a session in the process that
// started it, and no header hash routes a session back there (initialize carries no session id), so a stateful server
// runs one replica — no autoscaler, no disruption budget — unless it is answered `stateless`, or `sessionAffinity:
// clientIP` keeps each client on one pod. The CLI warns with the same rule (src/answers/sessions.ts, which this
// blueprint cannot import); test/blueprint-contract.test.ts keeps the two equal.
/** @import { BundledServer, ResolvedEnvironment } from "create-mcp-gitops" */

/**
 * True when the server may run more than one replica.
 * @param {Pick<BundledServer, "stateless" | "sessionAffinity">} server
 */
export function scalesOut(server) {
  return server.stateless || server.sessionAffinity === "clientIP";
}

/**
 * The fixed replica count of the server in an environment.
 * @param {Pick<BundledServer, "stateless" | "sessionAffinity">} server
 * @param {Pick<ResolvedEnvironment, "replicas">} env
 */
export function serverReplicas(server, env) {
  return scalesOut(server) ? env.replicas : Math.min(env.replicas, 1);
}
