/**
 * Profile defaults for an environment's production answers, and the checks that need them. A prod environment gets
 * autoscaling, a disruption budget, a network policy and TLS on its exposed servers; a dev environment gets none of
 * them; an explicit answer always wins. The checks run on the resolved values, so a default can never produce a
 * combination the user could not have typed.
 */
import type { Environment, Profile } from "./schema.js";
import { outboundProblem } from "./server-rules.js";
import { defaultImplementation, edgeProblems } from "./edge.js";

type Input = Pick<
  Environment,
  "hostname" | "exposure" | "tls" | "autoscaling" | "pdb" | "networkPolicy" | "vpa" | "keda"
>;

export interface ResolvedProduction {
  exposure: Environment["exposure"] & { className?: string; controllerNamespace?: string };
  tls: Environment["tls"] & { enabled: boolean };
  autoscaling: Environment["autoscaling"] & { enabled: boolean; minReplicas: number; maxReplicas: number };
  pdb: Environment["pdb"] & { enabled: boolean };
  networkPolicy: Environment["networkPolicy"] & { enabled: boolean };
  vpa: Environment["vpa"];
  keda: Environment["keda"];
}

/** A problem found in an environment's production answers; `path` is relative to the environment. */
export interface ProductionProblem {
  path: (string | number)[];
  message: string;
}

export function resolveProduction(
  env: Input,
  profile: Profile,
  replicas: number,
  namespace: string,
): ResolvedProduction {
  const prod = profile === "prod";
  const exposed = env.exposure.type !== "none";
  const scaled = env.autoscaling.enabled ?? (prod && !env.keda.enabled);
  const minReplicas = env.autoscaling.minReplicas ?? Math.max(1, replicas);
  const floor = replicaFloor(scaled || env.keda.enabled, minReplicas, replicas);
  return {
    exposure: resolveExposure(env.exposure, namespace),
    tls: { ...env.tls, enabled: env.tls.enabled ?? (prod && exposed) },
    autoscaling: {
      ...env.autoscaling,
      enabled: scaled,
      minReplicas,
      maxReplicas: env.autoscaling.maxReplicas ?? Math.max(5, minReplicas),
    },
    pdb: { ...env.pdb, enabled: env.pdb.enabled ?? (prod && floor >= 2) },
    networkPolicy: { ...env.networkPolicy, enabled: env.networkPolicy.enabled ?? prod },
    vpa: env.vpa,
    keda: env.keda,
  };
}

function resolveExposure(exposure: Environment["exposure"], namespace: string): ResolvedProduction["exposure"] {
  // Recorded only where a policy needs it, so repositories without one keep their records as they were.
  const edged = exposure.rateLimit || exposure.cors || exposure.securityHeaders;
  const implementation = exposure.implementation ?? (edged ? defaultImplementation(exposure) : undefined);
  const withImplementation = implementation ? { ...exposure, implementation } : exposure;
  if (exposure.type === "ingress") {
    const className = exposure.className ?? "nginx";
    // The namespaces the common controllers install into by default.
    const controllerNamespace = exposure.controllerNamespace ?? (className === "nginx" ? "ingress-nginx" : className);
    return { ...withImplementation, className, controllerNamespace };
  }
  if (exposure.type === "httproute" && exposure.gateway) {
    const gateway = { ...exposure.gateway, namespace: exposure.gateway.namespace ?? namespace };
    return { ...withImplementation, gateway, controllerNamespace: exposure.controllerNamespace ?? gateway.namespace };
  }
  return withImplementation;
}

/** Combinations that cannot work, each with the field to change. */
export function productionProblems(env: Input, resolved: ResolvedProduction, replicas: number): ProductionProblem[] {
  const problems: ProductionProblem[] = [];
  const { exposure, tls, autoscaling, keda, vpa, pdb } = resolved;
  if (exposure.type !== "none" && !env.hostname) {
    problems.push({
      path: ["hostname"],
      message: `is required with exposure.type ${exposure.type}: each server is exposed at <server>.<hostname>`,
    });
  }
  if (exposure.type === "httproute" && !exposure.gateway) {
    problems.push({
      path: ["exposure", "gateway"],
      message: "is required with exposure.type httproute: the Gateway's name, namespace and listener (sectionName)",
    });
  }
  if (exposure.type !== "httproute" && exposure.gateway) {
    problems.push({ path: ["exposure", "gateway"], message: "applies only to exposure.type httproute" });
  }
  if (tls.enabled && exposure.type === "none") {
    problems.push({
      path: ["tls", "enabled"],
      message: "needs exposure.type ingress or httproute: the certificate is for the exposed hostname",
    });
  }
  if (tls.issuer.create && tls.issuer.kind !== "ClusterIssuer") {
    problems.push({
      path: ["tls", "issuer", "create"],
      message: "creates a ClusterIssuer; set tls.issuer.kind to ClusterIssuer",
    });
  }
  if (autoscaling.enabled && keda.enabled) {
    problems.push({
      path: ["keda", "enabled"],
      message: "conflicts with autoscaling.enabled: choose an HPA (autoscaling) or KEDA (which creates its own HPA)",
    });
  }
  if (autoscaling.minReplicas > autoscaling.maxReplicas) {
    problems.push({
      path: ["autoscaling", "maxReplicas"],
      message: `must be at least autoscaling.minReplicas (${autoscaling.minReplicas})`,
    });
  }
  if (vpa.enabled && vpa.updateMode !== "Off" && (autoscaling.enabled || keda.enabled)) {
    problems.push({
      path: ["vpa", "updateMode"],
      message:
        "must be Off while autoscaling or keda scales on CPU and memory: the two would fight over the same usage",
    });
  }
  problems.push(...edgeProblems(exposure));
  const outbound = outboundProblem(env.networkPolicy.outbound, env.networkPolicy.egress.length);
  if (outbound) problems.push({ path: ["networkPolicy", "outbound"], message: outbound });
  const floor = replicaFloor(autoscaling.enabled || keda.enabled, autoscaling.minReplicas, replicas);
  if (pdb.enabled && typeof pdb.minAvailable === "number" && pdb.minAvailable >= floor) {
    problems.push({
      path: ["pdb", "minAvailable"],
      message: `must be below the replica count (${floor}), or no pod can ever be evicted and node drains hang; raise replicas or lower minAvailable`,
    });
  }
  return problems;
}

/**
 * The fewest pods that run: the autoscaler's minimum when one scales, and never more than `replicas`, because a
 * server in mcpserver mode is not autoscaled and keeps the environment's fixed replica count.
 */
function replicaFloor(scaled: boolean, minReplicas: number, replicas: number): number {
  return scaled ? Math.min(minReplicas, replicas) : replicas;
}
