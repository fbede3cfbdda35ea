/**
 * The review of issue 20, finding by finding, as values and refusals read from the answers and the blueprint's own
 * modules without rendering: what ingress-nginx must be told, reserved Secret names, a quota beside a VPA or a
 * foreign chart, bursts, shared volumes, caps below the need, volume changes on upgrade, tracing's other signals,
 * the ExternalSecrets' order under Argo CD and where a credential in a file belongs. The rendered repositories are
 * checked end to end in examples.e2e.test.ts; the refusals' wording through the CLI in bad-input.test.ts.
 */
import { describe, expect, it } from "vitest";
import { edgeValues, effectiveBurst } from "../blueprints/mcp-gitops/lib/edge.mjs";
import { environmentQuota, environmentValues, serverValues } from "../blueprints/mcp-gitops/lib/helpers.mjs";
import { GATEWAY_TLS_SECRET as BLUEPRINT_GATEWAY_TLS } from "../blueprints/mcp-gitops/lib/gateway.mjs";
import { nginxHeaderWarnings, quotaWarnings, warnings } from "../blueprints/mcp-gitops/lib/warnings.mjs";
import { GATEWAY_TLS_SECRET } from "../src/answers/managed-secrets.js";
import { type AnswersInput, AnswersSchema } from "../src/answers/schema.js";
import { type ResolvedAnswers, resolveAnswers } from "../src/answers/resolve.js";
import { StorageSchema } from "../src/answers/storage.js";
import { answerIssues } from "../src/answers/validate.js";
import { volumeChanges } from "../src/upgrade/volume-changes.js";

const base = (patch: Partial<AnswersInput>) => ({
  gitops: "flux",
  monitoring: { enabled: false },
  servers: [{ name: "weather", image: "ghcr.io/acme/weather:1.0.0", stateless: true }],
  environments: [{ name: "dev" }, { name: "prod" }],
  ...patch,
});
const resolved = (patch: Partial<AnswersInput>): ResolvedAnswers =>
  resolveAnswers(AnswersSchema.parse(base(patch)), "demo");
const env = (answers: ResolvedAnswers, name: string) => answers.environments.find((e) => e.name === name)!;
/** Each problem of raw answers as `path: message`. */
const problems = (patch: Partial<AnswersInput>) =>
  answerIssues(base(patch)).map((issue) => `${issue.path.join(".")}: ${issue.message}`);
const nginx = (exposure: Record<string, unknown>) =>
  resolved({ environments: [{ name: "prod", hostname: "mcp.example.com", exposure: exposure as never }] });

describe("1. ingress-nginx serves custom headers only once its controller allows them", () => {
  // internal/ingress/annotations/customheaders/main.go: a header missing from global-allowed-response-headers
  // denies the location (`return 503;` in nginx.tmpl), and config.go defaults that list to empty.
  it("warns with the controller's ConfigMap patch, naming exactly the headers the ConfigMap holds", () => {
    const answers = nginx({ type: "ingress", securityHeaders: { frameOptions: "SAMEORIGIN" } });
    const [warning] = nginxHeaderWarnings(answers);
    expect(warning).toContain("environments[prod]: ingress-nginx refuses the security headers");
    expect(warning).toContain("answers 503 for the whole host");
    expect(warning).toContain(
      `kubectl patch configmap ingress-nginx-controller -n ingress-nginx --type merge -p '{"data":{"global-allowed-response-headers":"X-Content-Type-Options,X-Frame-Options,Referrer-Policy"}}'`,
    );
    expect(warning).toContain('controller.config.global-allowed-response-headers: "X-Content-Type-Options');
    const headers = (environmentValues(answers.servers[0] as never, env(answers, "prod"), answers) as any).edge
      .responseHeaders;
    expect(Object.keys(headers)).toEqual(["X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"]);
  });

  it("says nothing where no custom header is written, or another implementation writes them", () => {
    const none = { noSniff: false, frameOptions: "none", referrerPolicy: "none" };
    expect(nginxHeaderWarnings(nginx({ type: "ingress", securityHeaders: none }))).toEqual([]);
    expect(nginxHeaderWarnings(nginx({ type: "ingress", cors: { origins: ["*"] } }))).toEqual([]);
    expect(nginxHeaderWarnings(nginx({ type: "ingress", className: "traefik", securityHeaders: {} }))).toEqual([]);
    expect(warnings(nginx({ type: "ingress", controllerNamespace: "edge", securityHeaders: {} }))[0]).toContain(
      "-n edge",
    );
  });
});

describe("3. a managed secret's Secret is written by External Secrets alone", () => {
  const managed = (name: string, server: Record<string, unknown> = {}) => ({
    name: "weather",
    image: "ghcr.io/acme/weather:1.0.0",
    managedSecrets: [{ name, extract: ["mcp/weather"] }],
    ...server,
  });

  it("refuses the certificate's Secret, an existing Secret the servers read, and another managed secret", () => {
    expect(problems({ servers: [managed("tls")] })).toEqual([
      "servers.0.managedSecrets.0.name: makes the Secret weather-tls, which is also the TLS certificate cert-manager writes for weather: External Secrets would keep rewriting it; choose another name",
    ]);
    expect(problems({ servers: [managed("extra", { secretEnvFrom: ["weather-extra"] })] })[0]).toContain(
      "the existing Secret weather reads (secretEnvFrom)",
    );
    expect(problems({ servers: [managed("pull", { imagePullSecrets: ["weather-pull"] })] })[0]).toContain(
      "pulls its image with (imagePullSecrets)",
    );
    const twins = [managed("b-c", { name: "a" }), managed("c", { name: "a-b" })];
    expect(problems({ servers: twins })[0]).toMatch(
      /^servers\.1\.managedSecrets\.0\.name: makes the Secret a-b-c, .* the managed secret b-c of a/,
    );
    const other = [managed("b-tls", { name: "a" }), managed("api", { name: "a-b" })];
    expect(problems({ servers: other })[0]).toContain("the TLS certificate cert-manager writes for a-b");
    expect(problems({ servers: [managed("gateway-tls", { name: "mcp" })] })[0]).toContain("the Gateway certificate");
  });

  it("reserves the Gateway certificate's Secret by the name the blueprint gives it (lib/gateway.mjs)", () => {
    expect(GATEWAY_TLS_SECRET).toBe(BLUEPRINT_GATEWAY_TLS);
    expect(problems({ servers: [managed("certs")] })).toEqual([]);
  });
});

describe("4. a namespace quota beside a VPA that updates pods", () => {
  const vpa = (vpaAnswer: Record<string, unknown>, quota: Record<string, unknown> = {}) => ({
    environments: [{ name: "dev", vpa: vpaAnswer as never, quota: { enabled: true, headroom: 0, ...quota } }],
  });

  it("is refused unbounded, with the alternatives", () => {
    expect(problems(vpa({ enabled: true, updateMode: "Recreate" }))).toEqual([
      expect.stringMatching(
        /^environments\.0\.vpa\.maxAllowed: is required with quota\.enabled and vpa\.updateMode Recreate: .*Give vpa\.maxAllowed .*updateMode Off .*give the quota's requests and limits yourself$/,
      ),
    ]);
    expect(problems(vpa({ enabled: true, updateMode: "Initial", maxAllowed: { cpu: "1" } }))).toHaveLength(1);
    expect(problems(vpa({ enabled: true, updateMode: "Off" }))).toEqual([]);
    const given = { requests: { cpu: "4", memory: "4Gi" }, limits: { cpu: "8", memory: "8Gi" } };
    expect(problems(vpa({ enabled: true, updateMode: "Recreate" }, given))).toEqual([]);
  });

  it("counts the pods at maxAllowed, their limits keeping the ratio to the requests", () => {
    const answers = resolved(vpa({ enabled: true, updateMode: "Recreate", maxAllowed: { cpu: "1", memory: "512Mi" } }));
    const [quota] = environmentQuota(answers, env(answers, "dev")) as any[];
    // dev is small (100m/128Mi, limits 500m/512Mi), one replica + surge: requests 1 CPU and 512Mi each (×10 and ×4),
    // limits 5 CPU and 2Gi each; one MCP check at 10m/16Mi, limits 100m/64Mi.
    expect(quota.spec.hard).toMatchObject({
      "requests.cpu": `${2 * 1000 + 10}m`,
      "requests.memory": `${2 * 512 + 16}Mi`,
      "limits.cpu": `${2 * 5000 + 100}m`,
      "limits.memory": `${2 * 2048 + 64}Mi`,
    });
    expect((environmentValues(answers.servers[0] as never, env(answers, "dev"), answers) as any).vpa).toEqual({
      enabled: true,
      updateMode: "Recreate",
      maxAllowed: { cpu: "1", memory: "512Mi" },
    });
  });
});

describe("5. the burst, the same in every implementation", () => {
  const edge = (exposure: Record<string, unknown>) => edgeValues(env(nginx(exposure), "prod")) as any;
  const MULTIPLIER = "nginx.ingress.kubernetes.io/limit-burst-multiplier";

  it("ingress-nginx: the multiplier always written, 1 without a burst (its own default is 5)", () => {
    // internal/ingress/annotations/ratelimit/main.go: Burst = rps (or rpm) * burstMultiplier, defBurst = 5.
    expect(edge({ type: "ingress", rateLimit: { rpm: 600 } }).annotations[MULTIPLIER]).toBe("1");
    expect(edge({ type: "ingress", rateLimit: { rpm: 600, burst: 1800 } }).annotations[MULTIPLIER]).toBe("3");
  });

  it("refuses a burst ingress-nginx cannot express, and says which ones it can", () => {
    const exposure = { type: "ingress", rateLimit: { rpm: 600, burst: 50 } };
    expect(
      problems({ environments: [{ name: "prod", hostname: "mcp.example.com", exposure: exposure as never }] }),
    ).toEqual(
      [
        "exposure.rateLimit: burst 50 cannot be expressed with ingress-nginx: it allows the rate times a whole limit-burst-multiplier (600, 1200, 1800, …); give one of those, leave burst out (the rate), or use traefik",
      ].map((line) => `environments.0.${line}`),
    );
  });

  it("is the rate unless answered, for the README and Traefik alike", () => {
    expect(effectiveBurst({ rps: 20 })).toBe(20);
    expect(effectiveBurst({ rpm: 1200, burst: 40 })).toBe(40);
    const traefik = edge({ type: "ingress", className: "traefik", rateLimit: { rps: 20 } });
    expect(traefik.middlewares[0].spec.rateLimit.burst).toBe(20);
  });
});

describe("6. a shared volume needs a class that can share it", () => {
  it("refuses ReadWriteMany on the cluster's default class", () => {
    const result = StorageSchema.safeParse({ name: "data", mountPath: "/data", accessMode: "ReadWriteMany" });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      [
        "storageClass",
        expect.stringMatching(/^is required with ReadWriteMany: .*NFS, EFS, Filestore, Azure Files, CephFS/),
      ],
    ]);
    expect(
      StorageSchema.safeParse({ name: "d", mountPath: "/d", accessMode: "ReadWriteMany", storageClass: "efs" }).success,
    ).toBe(true);
  });
});

describe("7 and 8. the quota beside a foreign chart, and caps answered below the need", () => {
  const search = {
    name: "search",
    chart: { repository: "oci://ghcr.io/acme/charts", name: "search", version: "1.0.0" },
  };

  it("defaults only requests where a server runs its own chart, and caps limits only where answered", () => {
    const quota = { enabled: true, requests: { cpu: "8", memory: "16Gi" }, pods: 40 };
    const answers = resolved({
      servers: [{ name: "weather", image: "ghcr.io/acme/weather:1.0.0", stateless: true }, search as never],
      environments: [{ name: "dev", quota }],
    });
    const [resourceQuota, limitRange] = environmentQuota(answers, env(answers, "dev")) as any[];
    expect(resourceQuota.spec.hard).toEqual({ "requests.cpu": "8", "requests.memory": "16Gi", pods: "40" });
    // A default limit would refuse a container requesting more than it, and limit one run without limits on purpose.
    expect(limitRange.spec.limits).toEqual([{ type: "Container", defaultRequest: { cpu: "100m", memory: "128Mi" } }]);
    const capped = resolved({
      servers: [search as never],
      environments: [{ name: "dev", quota: { ...quota, limits: { cpu: "16", memory: "32Gi" } } }],
    });
    expect((environmentQuota(capped, env(capped, "dev"))[0] as any).spec.hard["limits.cpu"]).toBe("16");
    expect(problems({ servers: [search as never], environments: [{ name: "dev", quota: { enabled: true } }] })).toEqual(
      [
        expect.stringMatching(
          /quota: cannot be computed: search run their own charts.*quota\.requests \(cpu and memory\) and quota\.pods/,
        ),
      ],
    );
  });

  it("warns about each answered cap below what the servers need, and nothing else", () => {
    const answers = resolved({
      environments: [{ name: "prod", quota: { enabled: true, pods: 1, requests: { cpu: "10m" }, storage: "100Gi" } }],
    });
    // prod is medium (200m), HPA up to 5 + a surge pod + the MCP check: 7 pods, 1210m.
    expect(quotaWarnings(answers)).toEqual([
      "environments[prod]: the quota's answered caps are below what the servers need at their most: requests.cpu 10m (they need 1210m), pods 1 (they need 7); pods past them (a rollout's surge pod, the MCP check, a scale-up) are refused with exceeded quota. Raise them, or leave them out of environments.prod.quota to have them computed",
    ]);
    expect(quotaWarnings(resolved({ environments: [{ name: "prod", quota: { enabled: true } }] }))).toEqual([]);
  });
});

describe("9. volume changes on upgrade", () => {
  const withStorage = (storage: Record<string, unknown>[], quota = false) =>
    resolveAnswers(
      AnswersSchema.parse(
        base({
          servers: [{ name: "notes", image: "ghcr.io/acme/notes:1.0.0", storage: storage as never }],
          environments: [{ name: "dev", quota: { enabled: quota } }],
        }),
      ),
      "demo",
    );
  const before = withStorage([{ name: "data", mountPath: "/data", size: "2Gi", storageClass: "standard" }]);
  const change = (volume: Record<string, unknown>, quota = false) => {
    const after = withStorage([volume], quota);
    return volumeChanges(before, after, after as unknown as Record<string, unknown>);
  };

  it("refuses a new class, a new access mode and a smaller size on an existing claim, suggesting a new name", () => {
    const { issues } = change({
      name: "data",
      mountPath: "/data",
      size: "1Gi",
      storageClass: "fast",
      accessMode: "ReadWriteOncePod",
    });
    expect(issues.map((issue) => issue.path.join("."))).toEqual([
      "servers.0.storage.0.storageClass",
      "servers.0.storage.0.accessMode",
      "servers.0.storage.0.size",
    ]);
    for (const issue of issues) expect(issue.message).toMatch(/notes-data.*give the volume a new name instead/);
  });

  it("lets a claim grow, and warns about a claim left behind, with the quota it still counts against", () => {
    expect(change({ name: "data", mountPath: "/data", size: "4Gi", storageClass: "standard" })).toEqual({
      issues: [],
      warnings: [],
    });
    const renamed = change({ name: "state", mountPath: "/data", size: "2Gi", storageClass: "standard" }, true);
    expect(renamed.issues).toEqual([]);
    expect(renamed.warnings).toEqual([
      expect.stringMatching(
        /^the claim notes-data is no longer rendered and is kept .*counts against the quota of dev.*kubectl delete pvc notes-data -n mcp-dev$/,
      ),
    ]);
  });
});

describe("10, 13 and 14: tracing's other signals, the ExternalSecrets' order, credentials in files", () => {
  it("sends only traces unless the answers ask for metrics or logs", () => {
    const answers = resolved({ tracing: { endpoint: "http://otel.observability:4318", exportLogs: true } });
    const tracing = (environmentValues(answers.servers[0] as never, env(answers, "prod"), answers) as any).tracing;
    expect([tracing.metricsExporter, tracing.logsExporter]).toEqual(["none", "otlp"]);
    expect(
      problems({
        servers: [{ name: "w", image: "x/y:1", env: { OTEL_METRICS_EXPORTER: "otlp" } }],
        tracing: { endpoint: "http://otel:4318" },
      }),
    ).toEqual([
      "servers.0.env.OTEL_METRICS_EXPORTER: is set by tracing (the tracing answers); set it there, or turn tracing off for this server",
    ]);
  });

  it("applies ExternalSecrets in a wave before the workload under Argo CD only", () => {
    const server = { name: "w", image: "x/y:1", managedSecrets: [{ name: "api", extract: ["mcp/w"] }] };
    for (const [gitops, annotations] of [
      ["argocd", { "argocd.argoproj.io/sync-wave": "-1" }],
      ["flux", undefined],
    ] as const) {
      const answers = resolved({ gitops, servers: [server as never] });
      expect((serverValues(answers.servers[0] as never, answers) as any).externalSecrets.annotations).toEqual(
        annotations,
      );
    }
  });

  it("points a credential in a configuration file at a managed secret mounted as files", () => {
    const token = `ghp_${"a1B2c3D4e5".repeat(3)}abcdef`;
    const server = { name: "w", image: "x/y:1", configFiles: { files: { "auth.yaml": `token: ${token}\n` } } };
    const [problem] = problems({ servers: [server as never] });
    expect(problem).toMatch(
      /^servers\.0\.configFiles\.files\.auth\.yaml: holds what looks like .* servers\[\]\.managedSecrets \(as: files, at a mountPath\)/,
    );
    expect(problem).not.toContain("secretEnvFrom");
  });
});
