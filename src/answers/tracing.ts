/**
 * Tracing: where servers send OpenTelemetry traces, as the standard OTEL_* environment every OpenTelemetry SDK reads
 * (exporter endpoint and protocol, service name, resource attributes, sampler). One answer for every server, which a
 * server and then an environment may override field by field (a server without an SDK turns it off; prod samples
 * less). The blueprint merges them the same way (lib/tracing.mjs; test/blueprint-contract.test.ts keeps them equal).
 */
import * as z from "./zod.js";
import { dnsLabel, line, oneOf } from "./rules.js";

export const TRACE_PROTOCOLS = ["http/protobuf", "grpc", "http/json"] as const;
/** The samplers of the OpenTelemetry SDK environment specification. */
export const TRACE_SAMPLERS = [
  "parentbased_traceidratio",
  "parentbased_always_on",
  "parentbased_always_off",
  "traceidratio",
  "always_on",
  "always_off",
] as const;

const endpoint = line(512).regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s?#]*)?$/, {
  error: "must be an http:// or https:// URL of an OTLP receiver, e.g. http://otel-collector.observability:4318",
});
const ratio = z
  .number({ error: "must be a number from 0 to 1" })
  .min(0, { error: "must be a number from 0 to 1" })
  .max(1, { error: "must be a number from 0 to 1" });

const fields = {
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  /** The OTLP receiver's base URL (OTLP/HTTP appends /v1/traces). */
  endpoint: endpoint.optional(),
  protocol: oneOf(TRACE_PROTOCOLS).optional(),
  sampler: oneOf(TRACE_SAMPLERS).optional(),
  /** The sampling ratio of the traceidratio samplers. */
  ratio: ratio.optional(),
  /** The collector's namespace, for the network policy; default: read from an in-cluster endpoint host. */
  collectorNamespace: dnsLabel(63).optional(),
  /**
   * Also send OTLP metrics, or logs, to the endpoint. Off by default: the SDKs would export both there (the spec's
   * default exporter is otlp for every signal), a traces-only collector refuses them, and the servers' metrics are
   * Prometheus's; so OTEL_METRICS_EXPORTER and OTEL_LOGS_EXPORTER are none unless answered.
   */
  exportMetrics: z.boolean({ error: "must be true or false" }).optional(),
  exportLogs: z.boolean({ error: "must be true or false" }).optional(),
};

/** `tracing` at the top: what every server does unless it or its environment says otherwise. */
export const TracingSchema = z.strictObject(fields);
/** `servers[].tracing` and `environments[].tracing`: only what differs. */
export const TracingOverrideSchema = z.strictObject(fields);

export type TracingAnswer = z.output<typeof TracingSchema>;

export interface EffectiveTracing {
  endpoint: string;
  protocol: (typeof TRACE_PROTOCOLS)[number];
  sampler: (typeof TRACE_SAMPLERS)[number];
  ratio: number;
  collectorNamespace?: string;
  exportMetrics: boolean;
  exportLogs: boolean;
}

export const TRACING_DEFAULTS = {
  protocol: "http/protobuf",
  sampler: "parentbased_traceidratio",
  ratio: 1,
  exportMetrics: false,
  exportLogs: false,
} as const;

/**
 * What one server sends in one environment: the answers merged global < server < environment, or undefined when
 * tracing is off there. On by default wherever an endpoint is known; `endpoint` undefined here means "missing".
 */
export function effectiveTracing(
  global: TracingAnswer | undefined,
  server: TracingAnswer | undefined,
  env: TracingAnswer | undefined,
): (Omit<EffectiveTracing, "endpoint"> & { endpoint?: string }) | undefined {
  const merged: TracingAnswer = { ...global, ...server, ...env };
  const layers = [global, server, env].filter((layer) => layer !== undefined);
  if (layers.length === 0) return undefined;
  if (!(merged.enabled ?? merged.endpoint !== undefined)) return undefined;
  return {
    ...(merged.endpoint ? { endpoint: merged.endpoint } : {}),
    protocol: merged.protocol ?? TRACING_DEFAULTS.protocol,
    sampler: merged.sampler ?? TRACING_DEFAULTS.sampler,
    ratio: merged.ratio ?? TRACING_DEFAULTS.ratio,
    ...(merged.collectorNamespace ? { collectorNamespace: merged.collectorNamespace } : {}),
    exportMetrics: merged.exportMetrics ?? TRACING_DEFAULTS.exportMetrics,
    exportLogs: merged.exportLogs ?? TRACING_DEFAULTS.exportLogs,
  };
}
