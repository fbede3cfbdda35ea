// The test tooling itself: the real binaries run, and the validators accept good manifests and reject bad
// ones. If these fail, every end-to-end result built on them is suspect.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helm, helmLint, helmTemplate, kustomizeBuild, promtool, promtoolPath } from "./support/tools.js";
import { parsePromQL, validateAll, validateDocument, validateGrafanaDashboard } from "./support/validate.js";

type Doc = Record<string, unknown>;

const meta = (name: string) => ({ name, namespace: "mcp", labels: { "app.kubernetes.io/name": name } });

const container = {
  name: "server",
  image: "ghcr.io/example/mcp-server:1.2.3",
  ports: [{ name: "http", containerPort: 8080 }],
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
  securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
};

const deployment: Doc = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: meta("github-mcp"),
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "github-mcp" } },
    template: { metadata: { labels: { app: "github-mcp" } }, spec: { containers: [container] } },
  },
};

const helmRelease: Doc = {
  apiVersion: "helm.toolkit.fluxcd.io/v2",
  kind: "HelmRelease",
  metadata: meta("github-mcp"),
  spec: {
    interval: "10m",
    chart: {
      spec: { chart: "mcp-server", version: "0.3.x", sourceRef: { kind: "HelmRepository", name: "mcp" } },
    },
    install: { remediation: { retries: 3 } },
    upgrade: { remediation: { retries: 3, remediateLastFailure: true }, cleanupOnFail: true },
    driftDetection: { mode: "enabled" },
    valuesFrom: [{ kind: "ConfigMap", name: "github-mcp-values" }],
    // spec.values is free-form in the CRD: anything goes below it.
    values: { replicaCount: 2, anything: { nested: [1, "two", { three: true }] } },
  },
};

const mcpServer: Doc = {
  apiVersion: "kagent.dev/v1alpha1",
  kind: "MCPServer",
  metadata: meta("github-mcp"),
  spec: {
    transportType: "http",
    httpTransport: { targetPort: 8080, path: "/mcp" },
    deployment: {
      image: "ghcr.io/example/mcp-server:1.2.3",
      port: 8080,
      cmd: "node",
      args: ["server.js"],
      env: { LOG_LEVEL: "info" },
      resources: { requests: { cpu: "100m" } },
      securityContext: { runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
      secretRefs: [{ name: "github-token" }],
    },
  },
};

const dashboard = {
  uid: "mcp-overview",
  title: "MCP servers",
  schemaVersion: 39,
  templating: { list: [{ name: "datasource", type: "datasource", query: "prometheus" }] },
  panels: [
    {
      id: 1,
      type: "timeseries",
      title: "Requests",
      gridPos: { h: 8, w: 12, x: 0, y: 0 },
      datasource: { type: "prometheus", uid: "${datasource}" },
      targets: [{ expr: "sum(rate(http_requests_total[5m]))", refId: "A" }],
    },
    {
      id: 2,
      type: "row",
      title: "Details",
      collapsed: true,
      gridPos: { h: 1, w: 24, x: 0, y: 8 },
      panels: [
        {
          id: 3,
          type: "stat",
          gridPos: { h: 4, w: 6, x: 0, y: 9 },
          datasource: "${datasource}",
          targets: [{ expr: "up", refId: "A" }],
        },
      ],
    },
  ],
};

const goodDocuments: Doc[] = [
  deployment,
  helmRelease,
  mcpServer,
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta("github-mcp"),
    spec: { selector: { app: "github-mcp" }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
  },
  { apiVersion: "v1", kind: "ServiceAccount", metadata: meta("github-mcp") },
  {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: meta("github-mcp"),
    spec: { minAvailable: 1, selector: { matchLabels: { app: "github-mcp" } } },
  },
  {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: meta("github-mcp"),
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "github-mcp" },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
      ],
    },
  },
  {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta("github-mcp"),
    spec: { podSelector: { matchLabels: { app: "github-mcp" } }, policyTypes: ["Ingress"], ingress: [{}] },
  },
  {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "OCIRepository",
    metadata: meta("mcp-charts"),
    spec: { interval: "10m", url: "oci://ghcr.io/example/charts/mcp-server", ref: { semver: "0.3.x" } },
  },
  {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "HelmRepository",
    metadata: meta("mcp"),
    spec: { interval: "1h", url: "https://charts.example.com" },
  },
  {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "GitRepository",
    metadata: meta("fleet"),
    spec: { interval: "1m", url: "https://github.com/example/fleet", ref: { branch: "main" } },
  },
  {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: meta("apps"),
    spec: { interval: "10m", path: "./apps/prod", prune: true, sourceRef: { kind: "GitRepository", name: "fleet" } },
  },
  {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: meta("github-mcp"),
    spec: {
      project: "default",
      source: {
        repoURL: "https://github.com/example/fleet",
        path: "charts/mcp-server",
        targetRevision: "main",
        helm: { valuesObject: { free: { form: true } } },
      },
      destination: { server: "https://kubernetes.default.svc", namespace: "mcp" },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true"] },
    },
  },
  {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: meta("github-mcp"),
    spec: {
      groups: [
        {
          name: "mcp",
          rules: [{ alert: "McpDown", expr: 'up{job="github-mcp"} == 0', for: "5m", labels: { severity: "page" } }],
        },
      ],
    },
  },
  {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: meta("github-mcp"),
    spec: { selector: { matchLabels: { app: "github-mcp" } }, endpoints: [{ port: "http", interval: "30s" }] },
  },
  {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: meta("github-mcp"),
    spec: {
      parentRefs: [{ name: "public" }],
      hostnames: ["mcp.example.com"],
      rules: [
        { matches: [{ path: { type: "PathPrefix", value: "/mcp" } }], backendRefs: [{ name: "github-mcp", port: 80 }] },
      ],
    },
  },
  {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: meta("mcp-tls"),
    spec: {
      secretName: "mcp-tls",
      dnsNames: ["mcp.example.com"],
      issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" },
    },
  },
  {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: meta("github-mcp"),
    spec: {
      scaleTargetRef: { name: "github-mcp" },
      triggers: [
        { type: "prometheus", metadata: { serverAddress: "http://prometheus:9090", query: "up", threshold: "1" } },
      ],
    },
  },
  {
    apiVersion: "autoscaling.k8s.io/v1",
    kind: "VerticalPodAutoscaler",
    metadata: meta("github-mcp"),
    spec: {
      targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "github-mcp" },
      updatePolicy: { updateMode: "Off" },
      resourcePolicy: { containerPolicies: [{ containerName: "*", maxAllowed: { cpu: 1, memory: "1Gi" } }] },
    },
  },
  {
    apiVersion: "grafana.integreatly.org/v1beta1",
    kind: "GrafanaDashboard",
    metadata: meta("mcp-overview"),
    spec: { instanceSelector: { matchLabels: { dashboards: "grafana" } }, json: JSON.stringify(dashboard) },
  },
];

function good(kind: string): Doc {
  const doc = goodDocuments.find((d) => d.kind === kind);
  if (!doc) throw new Error(`no good ${kind} example`);
  return doc;
}

/**
 * A deep copy of `doc` with `change` applied, so each bad example differs from a good one in one place.
 * `any` because the changes reach into fixture paths that a type would only repeat.
 */
function mutate(doc: Doc, change: (copy: any) => void): Doc {
  const copy = structuredClone(doc);
  change(copy);
  return copy;
}

describe("real tools", () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "tooling-test-"));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it("runs helm v4", async () => {
    const { stdout } = await helm(["version", "--short"]);
    expect(stdout.trim()).toMatch(/^v4\./);
  });

  it("renders and lints a chart with layered values", async () => {
    const chart = path.join(workDir, "chart");
    await mkdir(path.join(chart, "templates"), { recursive: true });
    await writeFile(
      path.join(chart, "Chart.yaml"),
      "apiVersion: v2\nname: probe\nversion: 0.1.0\ndescription: tooling probe\nicon: https://example.com/i.png\n",
    );
    await writeFile(path.join(chart, "values.yaml"), "greeting: hello\n");
    await writeFile(
      path.join(chart, "templates", "configmap.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n" +
        "  namespace: {{ .Release.Namespace }}\ndata:\n  greeting: {{ .Values.greeting | quote }}\n",
    );
    const docs = await helmTemplate(chart, [{ greeting: "hi" }, { greeting: "hey" }], {
      releaseName: "probe",
      namespace: "mcp",
    });
    expect(docs).toEqual([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "probe", namespace: "mcp" }, data: { greeting: "hey" } },
    ]);
    validateAll(docs);
    await expect(helmLint(chart, [{ greeting: "hi" }], { strict: true })).resolves.toBeDefined();
  });

  it("builds a kustomization with kubectl kustomize", async () => {
    const dir = path.join(workDir, "kustomize");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "kustomization.yaml"), "namespace: mcp\nresources:\n  - deployment.yaml\n");
    await writeFile(path.join(dir, "deployment.yaml"), JSON.stringify(deployment));
    const docs = await kustomizeBuild(dir);
    expect(docs).toHaveLength(1);
    validateAll(docs);
  });

  it("runs promtool", async () => {
    const rules = path.join(workDir, "rules.yaml");
    const group = { name: "g", rules: [{ record: "job:up:sum", expr: "sum by (job) (up)" }] };
    await writeFile(rules, JSON.stringify({ groups: [group] }));
    const { stdout } = await promtool(["check", "rules", rules]);
    expect(stdout).toContain("SUCCESS");
  });

  it("explains how to install a missing tool", () => {
    const saved = process.env.PATH;
    process.env.PATH = workDir;
    try {
      expect(() => promtoolPath()).toThrow(/promtool not found on PATH.*apt-get install/);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe("validateDocument", () => {
  it.each(goodDocuments.map((doc) => [`${doc.kind}`, doc] as const))("accepts a good %s", (_kind, doc) => {
    expect(() => validateDocument(doc)).not.toThrow();
  });

  it.each([
    [
      "an unknown field in a HelmRelease spec",
      mutate(helmRelease, (d) => (d.spec.valuez = {})),
      /HelmRelease "github-mcp"[\s\S]*spec\.valuez: unknown field/,
    ],
    [
      "an unknown field deep in a HelmRelease",
      mutate(helmRelease, (d) => (d.spec.upgrade.remediation.retry = 3)),
      /spec\.upgrade\.remediation\.retry: unknown field/,
    ],
    [
      "a misspelt container field",
      mutate(deployment, (d) => (d.spec.template.spec.containers[0].resource = {})),
      /spec\.template\.spec\.containers\[0\]\.resource: unknown field/,
    ],
    ["a wrong type", mutate(deployment, (d) => (d.spec.replicas = "2")), /spec\.replicas: must be integer/],
    ["a missing metadata.name", mutate(deployment, (d) => delete d.metadata.name), /metadata\.name/],
    [
      "a wrong MCPServer transportType",
      mutate(mcpServer, (d) => (d.spec.transportType = "sse")),
      /MCPServer "github-mcp"[\s\S]*spec\.transportType: must be one of stdio, http/,
    ],
    [
      "an unknown MCPServer deployment field",
      mutate(mcpServer, (d) => (d.spec.deployment.command = ["node"])),
      /spec\.deployment\.command: unknown field/,
    ],
    [
      "an unknown field in an embedded securityContext",
      mutate(mcpServer, (d) => (d.spec.deployment.securityContext.runAsRoot = false)),
      /spec\.deployment\.securityContext\.runAsRoot: unknown field/,
    ],
    [
      "both serviceAccount and serviceAccountName on an MCPServer",
      mutate(mcpServer, (d) => Object.assign(d.spec.deployment, { serviceAccount: {}, serviceAccountName: "x" })),
      /spec\.deployment: must not set both serviceAccount and serviceAccountName/,
    ],
    [
      "a VPA startupBoost without its factor",
      mutate(good("VerticalPodAutoscaler"), (d) => (d.spec.startupBoost = { cpu: { type: "Factor" } })),
      /spec\.startupBoost\.cpu: must have required property 'factor'/,
    ],
    [
      "a PrometheusRule with invalid PromQL",
      mutate(good("PrometheusRule"), (d) => (d.spec.groups[0].rules[0].expr = "sum(rate(")),
      /spec\.groups\[0\]\.rules\[0\]\.expr: invalid PromQL at offset 9/,
    ],
    [
      "a GrafanaDashboard whose inline dashboard is not portable",
      mutate(good("GrafanaDashboard"), (d) => {
        d.spec.json = JSON.stringify({ ...dashboard, templating: { list: [] } });
      }),
      /spec\.json: invalid Grafana dashboard[\s\S]*no variable of type "datasource"/,
    ],
  ])("rejects %s", (_label, doc, message) => {
    expect(() => validateDocument(doc)).toThrow(message);
  });

  it("accepts fields and enum values the served CRDs have but the npm models lack", () => {
    const newer = mutate(helmRelease, (d) => {
      d.spec.postRenderStrategy = "combined";
      d.spec.valuesFrom[0].literal = true;
    });
    expect(() => validateDocument(newer)).not.toThrow();
    const wrong = mutate(helmRelease, (d) => (d.spec.postRenderStrategy = "sometimes"));
    expect(() => validateDocument(wrong)).toThrow(/spec\.postRenderStrategy: must be one of nohooks, combined/);
    const aws = mutate(good("GitRepository"), (d) => {
      Object.assign(d.spec, { provider: "aws", serviceAccountName: "flux-source" });
    });
    expect(() => validateDocument(aws)).not.toThrow();
  });

  it("applies the CRDs' CEL rules and rejects fields the served CRD lacks", () => {
    const both = mutate(helmRelease, (d) => (d.spec.chartRef = { kind: "OCIRepository", name: "mcp" }));
    expect(() => validateDocument(both)).toThrow(/spec: set exactly one of chart and chartRef/);
    const route = mutate(good("HTTPRoute"), (d) => (d.spec.rules[0].retry = { attempts: 2 }));
    expect(() => validateDocument(route)).toThrow(/spec\.rules\[0\]\.retry: not served by the installed CRD/);
  });

  it("rejects kinds and API versions it has no schema for", () => {
    expect(() => validateDocument({ apiVersion: "example.com/v1", kind: "Widget", metadata: meta("w") })).toThrow(
      /no schema for example.com\/v1 Widget/,
    );
    // helm-controller 1.x no longer serves v2beta2, though a model for it exists.
    const old = { ...helmRelease, apiVersion: "helm.toolkit.fluxcd.io/v2beta2" };
    expect(() => validateDocument(old)).toThrow(/no schema for helm.toolkit.fluxcd.io\/v2beta2 HelmRelease/);
  });

  it("validateAll reports every invalid document", () => {
    const bad = [mutate(deployment, (d) => (d.spec.foo = 1)), mutate(mcpServer, (d) => (d.spec.bar = 1))];
    expect(() => validateAll([...goodDocuments, ...bad])).toThrow(
      /2 of \d+ documents are invalid[\s\S]*spec\.foo[\s\S]*spec\.bar/,
    );
  });
});

describe("validateGrafanaDashboard", () => {
  it("accepts a portable dashboard", () => {
    expect(() => validateGrafanaDashboard(dashboard)).not.toThrow();
  });

  it.each([
    ["a duplicate panel id inside a row", (d: any) => (d.panels[1].panels[0].id = 1), /panel id 1 is used twice/],
    [
      "a pinned datasource uid",
      (d: any) => (d.panels[0].datasource = { type: "prometheus", uid: "P1809F7CD0C75ACF3" }),
      /must be a template variable/,
    ],
    ["queries without a datasource", (d: any) => delete d.panels[0].datasource, /has queries but no datasource/],
    ["an unknown panel field", (d: any) => (d.panels[0].gridpos = {}), /unknown field "gridpos"/],
    ["a panel off the grid", (d: any) => (d.panels[0].gridPos.x = 20), /does not fit the 24-column grid/],
    [
      "a reference to a missing variable",
      (d: any) => (d.panels[1].panels[0].datasource = "${prom}"),
      /"\$prom", which is not a datasource variable/,
    ],
    ["no uid", (d: any) => delete d.uid, /uid must be a non-empty string/],
  ])("rejects %s", (_label, change, message) => {
    const copy = structuredClone(dashboard);
    change(copy);
    expect(() => validateGrafanaDashboard(copy)).toThrow(message);
  });
});

describe("parsePromQL", () => {
  it("accepts valid PromQL", () => {
    expect(() => parsePromQL("sum(rate(http_requests_total[5m]))")).not.toThrow();
    const p95 = 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="mcp"}[5m])))';
    expect(() => parsePromQL(p95)).not.toThrow();
  });

  it("rejects invalid PromQL with the position", () => {
    expect(() => parsePromQL("sum(rate(")).toThrow(/invalid PromQL at offset 9/);
    expect(() => parsePromQL("rate(http_requests_total[5m]")).toThrow(/invalid PromQL/);
    expect(() => parsePromQL("")).toThrow(/empty/);
  });
});
