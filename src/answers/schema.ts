/**
 * The answers model: one schema for every answer, whichever source it came from (flag, --set, answers file,
 * --yes default, prompt). Objects are strict so a typo in an answers file is an error, not a silent default.
 */
import * as z from "./zod.js";
import { DEFAULT_BASE_BRANCH, PLACEHOLDER_OWNER, SERVER_DEFAULTS } from "./defaults.js";
import { GITOPS_ENGINES } from "./engines.js";
import { AlertOverridesSchema, MonitoringSchema, ServerMetricsSchema } from "./monitoring-schema.js";
import {
  oneOf,
  SECRET_NAME,
  chartRepository,
  chartVersion,
  dnsLabel,
  envName,
  gitUrl,
  hostname,
  image,
  line,
  port,
  resourceName,
  text,
  urlPath,
} from "./rules.js";
import { RbacSchema } from "./access.js";
import { InfrastructureSchema } from "./infrastructure.js";
import { CiSchema, ServerLoadTestSchema } from "./ci.js";
import { RolloutSchema } from "./rollout.js";
import { EgressSchema, OUTBOUND, productionFields, ReadOnlySchema } from "./production.js";
import { branchProblem, ownerProblem, repositoryNameProblem, revisionProblem } from "./repository-rules.js";
import { answerCredentialProblems, SECRET_ADVICE } from "./secret-values.js";
import { SECURITY_DEFAULTS } from "./security.js";
import { serverProblems } from "./server-rules.js";
import { reportValuesProblems } from "./values-checks.js";
import { clusterAddress, reportLayoutProblems } from "./layout-rules.js";
import { ManagedSecretSchema, SealedSecretsSchema, SecretStoreSchema, SopsSchema } from "./managed-secrets.js";
import { QuotaSchema } from "./quota.js";
import { ConfigFilesSchema, mountProblems, StorageSchema } from "./storage.js";
import { TracingOverrideSchema, TracingSchema } from "./tracing.js";

export { GITOPS_ENGINES } from "./engines.js";
export const TRANSPORTS = ["streamable-http", "sse", "stdio"] as const;
export const MODES = ["deployment", "mcpserver"] as const;
export const SIZES = ["small", "medium", "large"] as const;
export const PROFILES = ["dev", "prod"] as const;
export const SESSION_AFFINITIES = ["none", "clientIP"] as const;
export const OWNER_TYPES = ["user", "organization"] as const;
export type Size = (typeof SIZES)[number];
export type Profile = (typeof PROFILES)[number];

/** A string schema that also passes a rule of repository-rules.ts, with the rule's own sentence. */
function ruled(schema: ReturnType<typeof line>, problem: (text: string) => string | undefined) {
  return schema.superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  });
}

/** Free-form Helm values: any YAML mapping. Keys are data like everything else. */
const helmValues = z.record(z.string(), z.unknown(), { error: "must be a mapping of Helm values" });

const securityOverrides = z
  .array(oneOf(SECURITY_DEFAULTS), { error: "must be a list of security defaults" })
  .max(SECURITY_DEFAULTS.length);

const envValue = z
  .union([z.string(), z.number(), z.boolean()], { error: "must be a string" })
  .transform((value) => String(value))
  .pipe(text(32768));

export const ChartSchema = z.strictObject({
  repository: chartRepository,
  name: line(253).regex(/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/, {
    error: "must be a chart name (lowercase, digits, '-', '_', '.')",
  }),
  version: chartVersion,
});

export const ServerSchema = z
  .strictObject({
    name: resourceName(40),
    description: text(2048).default(""),
    /** Required unless the server has its own chart. */
    image: image.optional(),
    port: port.default(SERVER_DEFAULTS.port),
    transport: oneOf(TRANSPORTS).default(SERVER_DEFAULTS.transport),
    /** Default: /mcp for streamable-http (and stdio, served by kagent's adapter), /sse for sse. */
    path: urlPath.optional(),
    mode: oneOf(MODES).default(SERVER_DEFAULTS.mode),
    command: z
      .array(line(4096), { error: "must be a list of strings" })
      .max(64, { error: "must list at most 64 items" })
      .default([]),
    args: z
      .array(line(4096), { error: "must be a list of strings" })
      .max(256, { error: "must list at most 256 args" })
      .default([]),
    env: z.record(envName, envValue, { error: "must be a mapping of variable names to values" }).default({}),
    /** Names of existing Secrets whose keys become environment variables (envFrom). Values never enter Git. */
    secretEnvFrom: z
      .array(dnsLabel(253), { error: "must be a list of Secret names" })
      .max(16, { error: "must list at most 16 Secrets" })
      .default([]),
    /** Existing docker-registry Secrets for pulling the image. */
    imagePullSecrets: z
      .array(dnsLabel(253), { error: "must be a list of Secret names" })
      .max(16, { error: "must list at most 16 Secrets" })
      .default([]),
    /** The server's read-only switch, if it has one. */
    readOnly: ReadOnlySchema.prefault({}),
    /** An HTTP GET endpoint answering 2xx while healthy: the probes and the MCP check use it. */
    healthPath: urlPath.optional(),
    /**
     * The server keeps no session state (TypeScript SDK sessionIdGenerator undefined, Python stateless_http=True), so
     * it may run several replicas. Default false, as in the official SDKs: a stateful server runs one replica.
     */
    stateless: z.boolean({ error: "must be true or false" }).default(false),
    /**
     * clientIP: a stateful server scales anyway, with the Service's client-IP affinity keeping each client on one
     * pod. Holds only for clients that reach the Service (no Ingress or Gateway in front); mode deployment only.
     */
    sessionAffinity: oneOf(SESSION_AFFINITIES).default("none"),
    /** The MCP check fails when tools/list is empty; false for a server that offers only resources or prompts. */
    expectTools: z.boolean({ error: "must be true or false" }).default(true),
    /** Access to the Kubernetes API (src/answers/access.ts); default none, and no token in the pod. */
    rbac: RbacSchema.prefault({}),
    /** Where this server may connect, over the environment's networkPolicy.outbound. */
    outbound: oneOf(OUTBOUND).optional(),
    /** This server's egress rules, over the environment's networkPolicy.egress. */
    egress: z.array(EgressSchema).max(32).optional(),
    /** Use an existing chart instead of the bundled charts/mcp-server. */
    chart: ChartSchema.optional(),
    /** Helm values applied in every environment, below the environment's own overrides. */
    values: helmValues.default({}),
    /** Security defaults `values` may weaken (see src/answers/security.ts); each one is warned about on every run. */
    securityOverrides: securityOverrides.optional(),
    /** Whether the server serves Prometheus metrics (metrics.enabled), where, and its metric names. Default: none. */
    metrics: ServerMetricsSchema.optional(),
    /** Secrets External Secrets fills from a secret manager, as variables or files (src/answers/managed-secrets.ts). */
    managedSecrets: z
      .array(ManagedSecretSchema, { error: "must be a list of managed secrets" })
      .max(16, { error: "must list at most 16 managed secrets" })
      .default([]),
    /** Configuration files, mounted read-only from a ConfigMap (src/answers/storage.ts). */
    configFiles: ConfigFilesSchema.optional(),
    /** Writable volumes: PersistentVolumeClaims or size-limited emptyDirs. */
    storage: z
      .array(StorageSchema, { error: "must be a list of volumes" })
      .max(8, { error: "must list at most 8 volumes" })
      .default([]),
    /** This server's tracing, over the top-level `tracing` (src/answers/tracing.ts). */
    tracing: TracingOverrideSchema.optional(),
    /** The load test's tools/call (ci.loadTest): which tool, with which arguments. */
    loadTest: ServerLoadTestSchema.optional(),
  })
  .superRefine((server, ctx) => {
    for (const { path, message } of mountProblems(server)) ctx.addIssue({ code: "custom", path, message });
    server.managedSecrets.forEach((secret, index) => {
      if (server.managedSecrets.findIndex((other) => other.name === secret.name) !== index)
        ctx.addIssue({
          code: "custom",
          path: ["managedSecrets", index, "name"],
          message: `duplicates the name '${secret.name}'`,
        });
    });
    for (const { path, message } of serverProblems(server)) ctx.addIssue({ code: "custom", path, message });
    reportValuesProblems(server.values, server.securityOverrides, `servers[${server.name}]`, ctx);
    if (!server.chart && "PORT" in server.env) {
      // The bundled chart sets PORT from `port`; a second PORT entry is a duplicate key server-side apply refuses.
      ctx.addIssue({
        code: "custom",
        path: ["env", "PORT"],
        message: "is set by the chart from the server's port; set port instead",
      });
    }
    for (const [name, value] of Object.entries(server.env)) {
      if (SECRET_NAME.test(name) && value !== "") {
        ctx.addIssue({
          code: "custom",
          path: ["env", name],
          message: SECRET_ADVICE,
        });
      }
    }
  });

export const EnvironmentSchema = z
  .strictObject({
    name: resourceName(20),
    /** dev: one replica, no autoscaling; prod: highly available. Defaults from the name. */
    profile: oneOf(PROFILES).optional(),
    namespace: resourceName(63).optional(),
    /**
     * The cluster the environment runs in: a name, or an API server URL. Environments naming the same cluster share
     * it; what the name means (an Argo CD destination, a folder of cluster manifests) is the engine's.
     */
    cluster: clusterAddress.default("in-cluster"),
    /**
     * The Git revision this environment is delivered from: a branch (release/prod) or a tag as refs/tags/<tag>.
     * Default: the repository's base branch. Promotion moves it (see the generated README).
     */
    revision: ruled(line(255), revisionProblem).optional(),
    replicas: z
      .number({ error: "must be a whole number from 0 to 100" })
      .int()
      .min(0)
      .max(100, { error: "must be a whole number from 0 to 100" })
      .optional(),
    size: oneOf(SIZES).optional(),
    hostname: hostname.optional(),
    /** Helm values for every server in this environment, above the server's own values. */
    values: helmValues.default({}),
    /** Security defaults this environment's `values` may weaken; each one is warned about on every run. */
    securityOverrides: securityOverrides.optional(),
    /** Deploy into a namespace Kubernetes or a controller reserves (kube-system, the GitOps engine's own, ...). */
    allowReservedNamespace: z.boolean({ error: "must be true or false" }).optional(),
    /** Overrides of the alert thresholds, `for` durations and severities in this environment. */
    alerts: AlertOverridesSchema.optional(),
    /** The External Secrets store the servers' managedSecrets read from; default: a ClusterSecretStore named like the environment. */
    secretStore: SecretStoreSchema.optional(),
    /** A ResourceQuota and LimitRange for the namespace (src/answers/quota.ts). */
    quota: QuotaSchema.optional(),
    /** Tracing in this environment, over the server's and the top-level answer. */
    tracing: TracingOverrideSchema.optional(),
    /** How a new version replaces the old one: rolling, canary or blueGreen, and what judges it. */
    rollout: RolloutSchema.prefault({}),
    ...productionFields,
  })
  .superRefine((environment, ctx) => {
    // Checks that need the environment's derived defaults run on the resolved answers (validate.ts).
    reportValuesProblems(environment.values, environment.securityOverrides, `environments[${environment.name}]`, ctx);
  });

export const RepositorySchema = z.strictObject({
  owner: ruled(line(39), ownerProblem).default(PLACEHOLDER_OWNER),
  name: ruled(line(100), repositoryNameProblem).optional(),
  baseBranch: ruled(line(255), branchProblem).default(DEFAULT_BASE_BRANCH),
  /** The URL Flux and Argo CD pull from; defaults to the GitHub repository's HTTPS URL. */
  url: gitUrl.optional(),
  /** A user account's or an organization's repository: bootstrap commands differ. Delivery asks GitHub. */
  ownerType: oneOf(OWNER_TYPES).optional(),
});

export const AnswersSchema = z
  .strictObject({
    gitops: oneOf(GITOPS_ENGINES),
    repository: RepositorySchema.default({ owner: PLACEHOLDER_OWNER, baseBranch: DEFAULT_BASE_BRANCH }),
    servers: z
      .array(ServerSchema, { error: "must be a list of servers" })
      .min(1, { error: "must list at least one server" })
      .max(500, { error: "must list at most 500 servers" }),
    environments: z
      .array(EnvironmentSchema, { error: "must be a list of environments" })
      .min(1, { error: "must list at least one environment" })
      .max(20, { error: "must list at most 20 environments" }),
    /** ServiceMonitor, alert rules with unit tests, and dashboards for every server in the bundled chart. */
    monitoring: MonitoringSchema.prefault({}),
    /** The prerequisites (operators and CRDs) this repository installs; default: what the answers need. */
    infrastructure: InfrastructureSchema.prefault({}),
    /** OpenTelemetry traces from every server (OTEL_* environment); servers and environments override it. */
    tracing: TracingSchema.optional(),
    /** Encrypted Secrets in Git (apps/<env>/secrets/), decrypted by the GitOps engine with an age key. */
    sops: SopsSchema.optional(),
    /** SealedSecrets in Git (apps/<env>/secrets/), decrypted by the cluster's Sealed Secrets controller. */
    sealedSecrets: SealedSecretsSchema.optional(),
    /** Image scanning, dependency updates and load tests in the generated CI. */
    ci: CiSchema.prefault({}),
  })
  .superRefine((answers, ctx) => {
    reportDuplicates(
      answers.servers.map((s) => s.name),
      "servers",
      ctx,
    );
    reportDuplicates(
      answers.environments.map((e) => e.name),
      "environments",
      ctx,
    );
    reportLayoutProblems(answers, ctx);
    for (const { path, message } of answerCredentialProblems(answers)) ctx.addIssue({ code: "custom", path, message });
  });

function reportDuplicates(names: string[], field: string, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name))
      ctx.addIssue({ code: "custom", path: [field, index, "name"], message: `duplicates the name '${name}'` });
    seen.add(name);
  });
}

export type Answers = z.output<typeof AnswersSchema>;
export type Server = z.output<typeof ServerSchema>;
export type Environment = z.output<typeof EnvironmentSchema>;
export type AnswersInput = z.input<typeof AnswersSchema>;
