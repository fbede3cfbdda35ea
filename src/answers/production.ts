/**
 * Per-environment production answers: exposure, TLS, autoscaling, disruption budget, network policy, VPA and KEDA.
 * Fields whose default depends on the environment's profile are optional here and filled in by
 * resolve-production.ts; the rest carry their defaults. Every object is strict, so `--set` paths such as
 * `environments.prod.autoscaling.maxReplicas=10` are checked field by field.
 */
import * as z from "./zod.js";
import { dnsLabel, labelKey, labelValue, line, quantity, text, whole, oneOf } from "./rules.js";
import { edgeFields } from "./edge.js";

export const EXPOSURE_TYPES = ["none", "ingress", "httproute"] as const;
export const ISSUER_KINDS = ["ClusterIssuer", "Issuer"] as const;
export const VPA_UPDATE_MODES = ["Off", "Initial", "Recreate", "InPlaceOrRecreate"] as const;
export const KEDA_METRIC_TYPES = ["AverageValue", "Value", "Utilization"] as const;
/**
 * Where servers may connect besides cluster DNS: nowhere else, any pod in the cluster, the internet on 443, or only
 * the `egress` rules. Extra `egress` rules add to in-cluster and internet too.
 */
export const OUTBOUND = ["none", "in-cluster", "internet", "custom"] as const;
export const LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

const labels = z.record(labelKey, labelValue, { error: "must be a mapping of label names to values" });
const annotations = z.record(labelKey, text(8192), { error: "must be a mapping of annotation names to values" });
const ipBlock = line(49).regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, { error: "must be a CIDR such as 10.0.0.0/8" });

export const GatewaySchema = z.strictObject({
  name: dnsLabel(253),
  /** Defaults to the environment's namespace. */
  namespace: dnsLabel(63).optional(),
  /** The listener to attach to, e.g. https. */
  sectionName: dnsLabel(253).optional(),
});

export const ExposureSchema = z.strictObject({
  type: oneOf(EXPOSURE_TYPES).default("none"),
  /** Ingress: the IngressClass; default nginx. */
  className: dnsLabel(253).optional(),
  annotations: annotations.default({}),
  /** httproute: the Gateway the HTTPRoute attaches to. */
  gateway: GatewaySchema.optional(),
  /** Namespace of the pods that forward traffic (ingress controller or gateway proxies), opened in the network policy. */
  controllerNamespace: dnsLabel(63).optional(),
  /** Rate limiting, CORS and security headers at the edge, and the implementation that renders them (edge.ts). */
  ...edgeFields,
});

export const IssuerSchema = z.strictObject({
  kind: oneOf(ISSUER_KINDS).default("ClusterIssuer"),
  name: dnsLabel(253).default("letsencrypt-prod"),
  /** Create the ClusterIssuer (ACME HTTP-01) instead of using an existing one. */
  create: z
    .strictObject({
      email: line(254).regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: "must be an email address" }),
      server: line(512)
        .regex(/^https:\/\/[^\s]+$/, { error: "must be an https:// ACME directory URL" })
        .default(LETS_ENCRYPT),
    })
    .optional(),
});

export const TlsSchema = z.strictObject({
  /** Default: on for prod environments that expose their servers. */
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  issuer: IssuerSchema.prefault({}),
});

export const AutoscalingSchema = z.strictObject({
  /** Default: on for prod (unless KEDA scales). Servers in mcpserver mode are never autoscaled. */
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  /** Default: the environment's replicas. */
  minReplicas: whole(1, 100).optional(),
  /** Default: the larger of 5 and minReplicas. */
  maxReplicas: whole(1, 1000).optional(),
  /** Target average CPU utilisation, percent of requests. */
  cpu: whole(1, 100).default(70),
  /** Target average memory utilisation, percent of requests. */
  memory: whole(1, 100).default(80),
});

export const PdbSchema = z.strictObject({
  /** Default: on for prod when at least two replicas run. */
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  minAvailable: z
    .union([whole(0, 1000), z.string().regex(/^(100|[1-9]?\d)%$/)], {
      error: "must be a whole number or a percentage such as 50%",
    })
    .default(1),
});

/** A peer of the network policy: a namespace by name or labels, and/or pods by labels. */
export const PeerSchema = z
  .strictObject({
    namespace: dnsLabel(63).optional(),
    namespaceLabels: labels.optional(),
    podLabels: labels.optional(),
  })
  .refine((peer) => peer.namespace || peer.namespaceLabels || peer.podLabels, {
    error: "must name a namespace, namespaceLabels or podLabels",
  })
  .refine((peer) => !(peer.namespace && peer.namespaceLabels), {
    error: "give namespace or namespaceLabels, not both",
  });

export const EgressSchema = z
  .strictObject({
    cidr: ipBlock.optional(),
    except: z.array(ipBlock).max(32).optional(),
    namespace: dnsLabel(63).optional(),
    namespaceLabels: labels.optional(),
    podLabels: labels.optional(),
    /** TCP ports; empty allows every port. */
    ports: z.array(whole(1, 65535)).max(32).default([]),
  })
  .refine((rule) => rule.cidr || rule.namespace || rule.namespaceLabels || rule.podLabels, {
    error: "must name a cidr, a namespace, namespaceLabels or podLabels",
  })
  .refine((rule) => !(rule.cidr && (rule.namespace || rule.namespaceLabels || rule.podLabels)), {
    error: "a cidr cannot be combined with namespace or pod selectors; use two rules",
  });

export const NetworkPolicySchema = z.strictObject({
  /** Default: on for prod. */
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  /**
   * Who may reach the MCP port, besides the ingress controller or gateway. Default: namespaces labelled
   * `purpose: ai-agents`, so agents are let in by labelling their namespace rather than by editing the policy.
   */
  allowFrom: z
    .array(PeerSchema)
    .max(32)
    .default([{ namespaceLabels: { purpose: "ai-agents" } }]),
  /** Where the servers may connect besides cluster DNS; default: custom with `egress` rules, else none (a warning). */
  outbound: oneOf(OUTBOUND).optional(),
  /** Where the server may connect, besides cluster DNS and `outbound`. */
  egress: z.array(EgressSchema).max(32).default([]),
  /** The namespace kagent runs in: the network policy of every server in mode mcpserver admits it. */
  kagentNamespace: dnsLabel(63).default("kagent"),
});

export const VpaSchema = z.strictObject({
  enabled: z.boolean({ error: "must be true or false" }).default(false),
  updateMode: oneOf(VPA_UPDATE_MODES).default("Off"),
  /**
   * The most a pod may request once the VPA raises it (its limits keep their ratio). An environment's computed quota
   * counts pods at this size, and needs it (cpu and memory) when updateMode is not Off.
   */
  maxAllowed: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
});

export const KedaTriggerSchema = z.strictObject({
  type: line(63).regex(/^[a-z0-9][-a-z0-9.]*$/, { error: "must be a KEDA scaler type such as prometheus" }),
  metadata: z.record(line(253), text(4096), { error: "must be a mapping of strings" }),
  metricType: oneOf(KEDA_METRIC_TYPES).optional(),
});

export const KedaSchema = z.strictObject({
  enabled: z.boolean({ error: "must be true or false" }).default(false),
  pollingInterval: whole(1, 3600).default(30),
  cooldownPeriod: whole(0, 86400).default(300),
  /** Added to the CPU and memory triggers (from autoscaling.cpu/memory). */
  triggers: z.array(KedaTriggerSchema).max(16).default([]),
});

/** The production fields of an environment, spread into EnvironmentSchema. */
export const productionFields = {
  exposure: ExposureSchema.prefault({}),
  tls: TlsSchema.prefault({}),
  autoscaling: AutoscalingSchema.prefault({}),
  pdb: PdbSchema.prefault({}),
  networkPolicy: NetworkPolicySchema.prefault({}),
  vpa: VpaSchema.prefault({}),
  keda: KedaSchema.prefault({}),
};

/** The read-only switch of a server that has one. */
export const ReadOnlySchema = z
  .strictObject({
    enabled: z.boolean({ error: "must be true or false" }).default(false),
    /** An environment variable set to "true" when enabled. */
    env: line(128)
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "must be an environment variable name" })
      .optional(),
    /** An argument appended when enabled, e.g. --read-only. */
    arg: line(4096).optional(),
  })
  .refine((readOnly) => !readOnly.enabled || readOnly.env || readOnly.arg, {
    error: 'needs env (a variable set to "true") or arg (e.g. --read-only) to switch the server to read-only',
  });
