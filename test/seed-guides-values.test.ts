/**
 * The values the blueprint writes for managed secrets, configuration files and storage, tracing, quotas and the edge
 * policy, read from its helpers without rendering anything; and the rules both sides of the package/blueprint line
 * restate (tracing's merge, the most replicas a server runs, defaults the chart's values.yaml repeats) kept equal.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { edgeValues } from "../blueprints/mcp-gitops/lib/edge.mjs";
import { environmentQuota, environmentValues, serverValues } from "../blueprints/mcp-gitops/lib/helpers.mjs";
import { mostReplicas as blueprintMostReplicas, parseQuantity } from "../blueprints/mcp-gitops/lib/quota.mjs";
import { collectorEgress, effectiveTracing as blueprintTracing } from "../blueprints/mcp-gitops/lib/tracing.mjs";
import { SecretStoreSchema } from "../src/answers/managed-secrets.js";
import { type AnswersInput, AnswersSchema } from "../src/answers/schema.js";
import { type BundledServer, type ResolvedAnswers, resolveAnswers } from "../src/answers/resolve.js";
import { ConfigFilesSchema } from "../src/answers/storage.js";
import { effectiveTracing, TRACING_DEFAULTS, type TracingAnswer } from "../src/answers/tracing.js";
import { mostReplicas } from "../src/answers/workload-rules.js";

const BLUEPRINT = resolve(import.meta.dirname, "../blueprints/mcp-gitops");
const chartValues = parse(readFileSync(join(BLUEPRINT, "files/common/charts/mcp-server/values.yaml"), "utf8"));

function resolved(patch: Partial<AnswersInput>): ResolvedAnswers {
  return resolveAnswers(
    AnswersSchema.parse({
      gitops: "flux",
      monitoring: { enabled: false },
      servers: [{ name: "weather", image: "ghcr.io/acme/weather:1.0.0", stateless: true }],
      environments: [{ name: "dev" }, { name: "prod" }],
      ...patch,
    }),
    "demo",
  );
}
const bundled = (answers: ResolvedAnswers, index = 0) => answers.servers[index] as BundledServer;
const env = (answers: ResolvedAnswers, name: string) => answers.environments.find((e) => e.name === name)!;

describe("managed secrets, files and storage as chart values", () => {
  const answers = resolved({
    servers: [
      {
        name: "weather",
        image: "ghcr.io/acme/weather:1.0.0",
        managedSecrets: [
          { name: "api", keys: [{ name: "TOKEN", remoteKey: "mcp/weather", property: "token" }] },
          { name: "tls", as: "files", extract: ["mcp/weather-tls"] },
        ],
        configFiles: { files: { "a.yaml": "a: 1\n" } },
        storage: [
          { name: "data", mountPath: "/data" },
          { name: "cache", mountPath: "/cache", type: "emptyDir", size: "64Mi" },
        ],
      },
    ],
    environments: [{ name: "dev" }, { name: "prod", secretStore: { kind: "SecretStore", name: "aws" } }],
  });

  it("writes the ExternalSecrets' keys into the base values and each environment's store into its own", () => {
    const base: any = serverValues(bundled(answers), answers);
    expect(base.externalSecrets.secrets).toEqual([
      {
        name: "api",
        refreshInterval: "1h",
        data: [{ secretKey: "TOKEN", remoteRef: { key: "mcp/weather", property: "token" } }],
      },
      {
        name: "tls",
        refreshInterval: "1h",
        mountPath: "/etc/secrets/tls",
        dataFrom: [{ extract: { key: "mcp/weather-tls" } }],
      },
    ]);
    expect((environmentValues(bundled(answers), env(answers, "dev"), answers) as any).externalSecrets).toEqual({
      store: { kind: "ClusterSecretStore", name: "dev" },
    });
    expect((environmentValues(bundled(answers), env(answers, "prod"), answers) as any).externalSecrets).toEqual({
      store: { kind: "SecretStore", name: "aws" },
    });
  });

  it("writes files as data and volumes with the engine's keep annotations", () => {
    const base: any = serverValues(bundled(answers), answers);
    expect(base.config).toEqual({ mountPath: "/etc/mcp", files: { "a.yaml": "a: 1\n" } });
    expect(base.persistence).toEqual({
      annotations: { "helm.sh/resource-policy": "keep" },
      volumes: [
        { name: "data", mountPath: "/data", type: "pvc", size: "1Gi", accessMode: "ReadWriteOnce" },
        { name: "cache", mountPath: "/cache", type: "emptyDir", size: "64Mi" },
      ],
    });
    const argo = resolved({ ...answers, gitops: "argocd" } as never);
    expect((serverValues(bundled(argo), argo) as any).persistence.annotations).toEqual({
      "argocd.argoproj.io/sync-options": "Delete=false,Prune=false",
    });
  });

  it("records no store and writes no new values where no server asks for them", () => {
    const plain = resolved({});
    expect(plain.environments.every((e) => e.secretStore === undefined)).toBe(true);
    const values: any = environmentValues(bundled(plain), env(plain, "prod"), plain);
    expect(Object.keys(values)).not.toEqual(expect.arrayContaining(["externalSecrets"]));
    expect(values.tracing).toBeUndefined();
    expect(values.edge).toBeUndefined();
    expect(environmentQuota(plain, env(plain, "prod"))).toEqual([]);
  });
});

describe("tracing as chart values", () => {
  const answers = resolved({
    tracing: { endpoint: "http://otel.observability:4318" },
    environments: [{ name: "dev" }, { name: "prod", tracing: { ratio: 0.25, sampler: "traceidratio" } }],
  });

  it("merges the top level, the server and the environment, and names the environment", () => {
    expect((environmentValues(bundled(answers), env(answers, "prod"), answers) as any).tracing).toEqual({
      enabled: true,
      endpoint: "http://otel.observability:4318",
      protocol: "http/protobuf",
      sampler: "traceidratio",
      samplerArg: "0.25",
      resourceAttributes: { "deployment.environment.name": "prod" },
      metricsExporter: "none",
      logsExporter: "none",
    });
  });

  it("reads the collector's namespace and port from the endpoint, or opens the internet on its port", () => {
    const server = bundled(answers);
    const at = (endpoint: string, extra: TracingAnswer = {}) =>
      collectorEgress(server, { ...env(answers, "dev"), tracing: { endpoint, ...extra } }, answers);
    const ns = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });
    expect(at("http://otel.obs.svc.cluster.local:4318")).toEqual({
      to: [ns("obs")],
      ports: [{ port: 4318, protocol: "TCP" }],
    });
    expect(at("http://otel", { protocol: "grpc" })).toEqual({
      to: [ns("mcp-dev")],
      ports: [{ port: 4317, protocol: "TCP" }],
    });
    expect(at("http://10.1.2.3:9999")).toEqual({
      to: [{ ipBlock: { cidr: "10.1.2.3/32" } }],
      ports: [{ port: 9999, protocol: "TCP" }],
    });
    expect(at("https://otlp.vendor.example.com")?.ports).toEqual([{ port: 443, protocol: "TCP" }]);
    expect(at("https://otlp.vendor.example.com")?.to).toHaveLength(2);
    expect(at("https://otlp.vendor.example.com", { collectorNamespace: "otel" })?.to).toEqual([ns("otel")]);
  });

  it("merges exactly as the answers do (src/answers/tracing.ts effectiveTracing)", () => {
    const layers: (TracingAnswer | undefined)[] = [
      undefined,
      {},
      { enabled: false },
      { enabled: true },
      { endpoint: "http://a:4318" },
      { endpoint: "http://b:4317", protocol: "grpc", ratio: 0.5 },
      { sampler: "always_on", collectorNamespace: "otel" },
    ];
    for (const global of layers)
      for (const server of layers)
        for (const environment of layers)
          expect(blueprintTracing(global, server, environment), "lib/tracing.mjs effectiveTracing").toEqual(
            effectiveTracing(global, server, environment),
          );
  });
});

describe("the namespace quota", () => {
  it("counts every server at its most, with the surge, the MCP check and the headroom", () => {
    const answers = resolved({
      servers: [
        { name: "web", image: "ghcr.io/acme/web:1.0.0", stateless: true },
        {
          name: "notes",
          image: "ghcr.io/acme/notes:1.0.0",
          storage: [{ name: "data", mountPath: "/data", size: "3Gi" }],
        },
        { name: "files", image: "ghcr.io/acme/files:1.0.0", mode: "mcpserver", stateless: true },
      ],
      environments: [{ name: "prod", replicas: 4, quota: { enabled: true, headroom: 0 } }],
    });
    const [quota, limits] = environmentQuota(answers, env(answers, "prod")) as any[];
    // medium (200m/256Mi, limits 1000m/1Gi): web HPA max 5 + 1 surge, notes 1 (Recreate), files 4 + 1 (25% of 4),
    // three MCP checks at 10m/16Mi.
    expect(quota.spec.hard).toEqual({
      "requests.cpu": `${12 * 200 + 3 * 10}m`,
      "requests.memory": `${12 * 256 + 3 * 16}Mi`,
      "limits.cpu": `${12 * 1000 + 3 * 100}m`,
      "limits.memory": `${12 * 1024 + 3 * 64}Mi`,
      pods: "15",
      "requests.storage": "3072Mi",
      persistentvolumeclaims: "1",
    });
    expect(limits.spec.limits).toEqual([
      {
        type: "Container",
        default: { cpu: "1000m", memory: "1Gi" },
        defaultRequest: { cpu: "200m", memory: "256Mi" },
      },
    ]);
  });

  it("takes the answered caps and a server's own resources", () => {
    const answers = resolved({
      servers: [
        {
          name: "web",
          image: "ghcr.io/acme/web:1.0.0",
          values: { resources: { requests: { cpu: "1", memory: "1Gi" } } },
        },
      ],
      environments: [{ name: "dev", quota: { enabled: true, limits: { cpu: "4" }, pods: 3 } }],
    });
    const [quota] = environmentQuota(answers, env(answers, "dev")) as any[];
    // one replica + surge at 1 CPU, one check at 10m, +20%.
    expect(quota.spec.hard).toMatchObject({ "requests.cpu": "2412m", "limits.cpu": "4", pods: "3" });
  });

  it("reads quantities as Kubernetes does", () => {
    expect(parseQuantity("250m")).toBe(0.25);
    expect(parseQuantity("1.5")).toBe(1.5);
    expect(parseQuantity("1Gi")).toBe(2 ** 30);
    expect(parseQuantity("1G")).toBe(1e9);
  });

  it("counts replicas exactly as the storage rule does (src/answers/workload-rules.ts mostReplicas)", () => {
    for (const stateless of [true, false])
      for (const mode of ["deployment", "mcpserver"] as const)
        for (const replicas of [1, 3])
          for (const autoscaling of [true, false]) {
            const answers = resolved({
              servers: [{ name: "s", image: "x/y:1", stateless, mode }],
              environments: [{ name: "prod", replicas, autoscaling: { enabled: autoscaling, maxReplicas: 7 } }],
            });
            const server = bundled(answers);
            const prod = env(answers, "prod");
            expect(blueprintMostReplicas(server, prod), "lib/quota.mjs mostReplicas").toBe(mostReplicas(server, prod));
          }
  });
});

describe("edge policy per implementation", () => {
  const policies = {
    rateLimit: { rps: 10, burst: 30 },
    cors: { origins: ["https://app.example.com"] },
    securityHeaders: { frameOptions: "none" as const },
  };
  const exposure = (patch: Record<string, unknown>) =>
    env(resolved({ environments: [{ name: "prod", hostname: "mcp.example.com", exposure: patch as never }] }), "prod");

  it("ingress-nginx: the burst as a multiplier of the rate, and only the headers asked for", () => {
    const values: any = edgeValues(exposure({ type: "ingress", ...policies }));
    expect(values.annotations["nginx.ingress.kubernetes.io/limit-rps"]).toBe("10");
    expect(values.annotations["nginx.ingress.kubernetes.io/limit-burst-multiplier"]).toBe("3");
    expect(values.responseHeaders).toEqual({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" });
  });

  it("Traefik: rpm as an average over a minute, with the rate as the burst by default", () => {
    const values: any = edgeValues(exposure({ type: "ingress", className: "traefik", rateLimit: { rpm: 90 } }));
    expect(values.middlewares).toEqual([
      { name: "ratelimit", spec: { rateLimit: { average: 90, period: "1m", burst: 90 } } },
    ]);
  });

  it("Kong and the Gateway API: no policy, no values", () => {
    expect(edgeValues(exposure({ type: "ingress", className: "kong" }))).toBeUndefined();
    const gateway: any = edgeValues(
      exposure({
        type: "httproute",
        gateway: { name: "gw" },
        securityHeaders: { noSniff: false, referrerPolicy: "none" },
      }),
    );
    expect(gateway.filters).toEqual([
      { type: "ResponseHeaderModifier", responseHeaderModifier: { set: [{ name: "X-Frame-Options", value: "DENY" }] } },
    ]);
  });

  it("records the implementation only where a policy needs it", () => {
    expect(exposure({ type: "ingress" }).exposure.implementation).toBeUndefined();
    expect(
      exposure({ type: "ingress", className: "kong", ...policies, rateLimit: { rps: 1 } }).exposure.implementation,
    ).toBe("kong");
  });
});

describe("one source per default (the chart's values.yaml restates the answers')", () => {
  it.each([
    ["tracing.protocol", TRACING_DEFAULTS.protocol, "TRACING_DEFAULTS (src/answers/tracing.ts)"],
    ["tracing.sampler", TRACING_DEFAULTS.sampler, "TRACING_DEFAULTS (src/answers/tracing.ts)"],
    ["tracing.samplerArg", String(TRACING_DEFAULTS.ratio), "TRACING_DEFAULTS (src/answers/tracing.ts)"],
    [
      "tracing.metricsExporter",
      TRACING_DEFAULTS.exportMetrics ? "otlp" : "none",
      "TRACING_DEFAULTS (src/answers/tracing.ts)",
    ],
    [
      "tracing.logsExporter",
      TRACING_DEFAULTS.exportLogs ? "otlp" : "none",
      "TRACING_DEFAULTS (src/answers/tracing.ts)",
    ],
    [
      "config.mountPath",
      ConfigFilesSchema.parse({ files: { a: "b" } }).mountPath,
      "ConfigFilesSchema (src/answers/storage.ts)",
    ],
    [
      "externalSecrets.store.kind",
      SecretStoreSchema.parse({}).kind,
      "SecretStoreSchema (src/answers/managed-secrets.ts)",
    ],
  ])("%s", (path, expected, source) => {
    const value = path.split(".").reduce((node: any, key) => node?.[key], chartValues);
    expect(value, `charts/mcp-server/values.yaml ${path} restates ${source}`).toEqual(expected);
  });
});
