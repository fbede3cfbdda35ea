/**
 * Rules between a server's files, secrets and tracing and the environments it runs in, checked on the resolved
 * answers (replicas and autoscaling follow the profile):
 * - a volume one node (ReadWriteOnce) or one pod (ReadWriteOncePod) holds cannot serve several replicas, nor a
 *   server in mode mcpserver, whose Deployment kagent rolls with a surge pod that waits for the volume forever;
 * - tracing that is on somewhere needs an endpoint, and owns the OTEL_* variables it sets;
 * - a computed quota needs every server sized by the bundled chart, and a VPA that updates pods bounded by maxAllowed.
 */
import { quotaFullyGiven, quotaResourcesGiven } from "./quota.js";
import type { BundledServer, ResolvedAnswers, ResolvedEnvironment } from "./resolve.js";
import { scalesOut } from "./sessions.js";
import { SINGLE_WRITER_MODES } from "./storage.js";
import { effectiveTracing } from "./tracing.js";

export interface WorkloadProblem {
  path: (string | number)[];
  message: string;
}

/** The variables tracing sets; an env answer setting one too would be a duplicate the API server refuses. */
export const TRACING_VARIABLES = [
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_PROTOCOL",
  "OTEL_SERVICE_NAME",
  "OTEL_RESOURCE_ATTRIBUTES",
  "OTEL_TRACES_SAMPLER",
  "OTEL_TRACES_SAMPLER_ARG",
  "OTEL_METRICS_EXPORTER",
  "OTEL_LOGS_EXPORTER",
  "K8S_POD_NAME",
];

/** The most pods of a server that run at once in an environment, rollouts aside. */
export function mostReplicas(server: BundledServer, env: ResolvedEnvironment): number {
  if (!scalesOut(server)) return Math.min(env.replicas, 1);
  const autoscaled = server.mode === "deployment" && (env.autoscaling.enabled || env.keda.enabled);
  return autoscaled ? Math.max(env.replicas, env.autoscaling.maxReplicas) : env.replicas;
}

export function workloadProblems(answers: ResolvedAnswers): WorkloadProblem[] {
  const problems: WorkloadProblem[] = [];
  answers.servers.forEach((server, index) => {
    if (server.chart) return;
    const at = (...path: (string | number)[]) => ["servers", index, ...path];
    server.storage.forEach((volume, v) => {
      if (volume.type !== "pvc" || !SINGLE_WRITER_MODES.includes(volume.accessMode)) return;
      if (server.mode === "mcpserver") {
        problems.push({
          path: at("storage", v, "accessMode"),
          message: `${volume.accessMode} cannot be handed over in mode mcpserver: kagent rolls its Deployment with a surge pod that waits for the volume while the old pod keeps it. Use ReadWriteMany, type emptyDir, or mode deployment (which rolls such a volume with Recreate)`,
        });
        return;
      }
      const crowded = answers.environments
        .map((env) => ({ env, replicas: mostReplicas(server, env) }))
        .filter(({ replicas }) => replicas > 1);
      if (crowded.length === 0) return;
      const where = crowded.map(({ env, replicas }) => `${env.name} (up to ${replicas})`).join(", ");
      problems.push({
        path: at("storage", v, "accessMode"),
        message: `${volume.accessMode} mounts the volume on one ${volume.accessMode === "ReadWriteOnce" ? "node" : "pod"}, but ${server.name} runs several replicas in ${where}: use ReadWriteMany (a StorageClass that supports it), type emptyDir, or one replica there`,
      });
    });
    const traced = answers.environments.filter((env) => effectiveTracing(answers.tracing, server.tracing, env.tracing));
    for (const env of traced) {
      if (effectiveTracing(answers.tracing, server.tracing, env.tracing)?.endpoint) continue;
      problems.push({
        path: at("tracing", "endpoint"),
        message: `is required: tracing is on for ${server.name} in ${env.name}, but no tracing.endpoint (top level, server or environment) says where the collector is`,
      });
      break;
    }
    if (traced.length > 0)
      for (const name of Object.keys(server.env).filter((key) => TRACING_VARIABLES.includes(key)))
        problems.push({
          path: at("env", name),
          message: "is set by tracing (the tracing answers); set it there, or turn tracing off for this server",
        });
  });
  answers.environments.forEach((env, index) => {
    if (!env.quota?.enabled) return;
    const own = answers.servers.filter((server) => server.chart).map((server) => server.name);
    if (own.length > 0 && !quotaFullyGiven(env.quota))
      problems.push({
        path: ["environments", index, "quota"],
        message: `cannot be computed: ${own.join(", ")} run their own charts, whose pods the tool cannot size; give quota.requests (cpu and memory) and quota.pods (quota.limits too, to cap limits)`,
      });
    const { vpa } = env;
    const bounded = vpa.maxAllowed?.cpu !== undefined && vpa.maxAllowed.memory !== undefined;
    if (vpa.enabled && vpa.updateMode !== "Off" && !bounded && !quotaResourcesGiven(env.quota, own.length > 0))
      problems.push({
        path: ["environments", index, "vpa", "maxAllowed"],
        message: `is required with quota.enabled and vpa.updateMode ${vpa.updateMode}: the VPA raises requests (and limits with them) past the sizes the quota is computed from, and the pods it recreates are refused with exceeded quota. Give vpa.maxAllowed (cpu and memory; the quota counts pods at that size), set vpa.updateMode Off (recommendations only), or give the quota's requests and limits yourself`,
      });
  });
  return problems;
}
