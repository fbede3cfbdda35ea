/**
 * Production-grade deployments, end to end: the real binary generates one repository whose four servers (two per
 * mode) and four environments cover every exposure, TLS on and off, the HPA, KEDA, the VPA and prod defaults turned
 * off; checkRepository then runs helm lint --strict and helm template on every server in every environment and
 * validates every rendered document. The assertions below read what Helm rendered.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runMain, tempDir } from "./support/cli.js";
import { checkRepository, type RepositoryCheck } from "./support/repo-check.js";
import { listFiles } from "./support/files.js";
import { helmLint, helmTemplate, ToolError } from "./support/tools.js";
import { workloadViolations } from "./support/workload-policy.js";

const FIXTURE = resolve(import.meta.dirname, "fixtures/production.yaml");
const SERVERS = ["web", "events", "files", "search"];
const ENVIRONMENTS = ["dev", "prod", "perf", "edge"];

let dir: { path: string; cleanup: () => Promise<void> };
let check: RepositoryCheck;

beforeAll(async () => {
  dir = await tempDir();
  const result = await runCli(
    ["platform", "--answers", FIXTURE, "--set", "environments.prod.autoscaling.maxReplicas=10"],
    { cwd: dir.path },
  );
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  check = await checkRepository(join(dir.path, "platform"));
});
afterAll(() => dir?.cleanup());

function rendered(server: string, environment: string): any[] {
  const release = check.releases.find((r) => r.server === server && r.environment === environment);
  if (!release?.rendered) throw new Error(`no rendered release for ${server} in ${environment}`);
  return release.rendered;
}

function one(server: string, environment: string, kind: string): any {
  const found = rendered(server, environment).filter((doc) => doc.kind === kind);
  if (found.length !== 1) throw new Error(`${server} in ${environment}: expected one ${kind}, found ${found.length}`);
  return found[0];
}

function kinds(server: string, environment: string): string[] {
  return rendered(server, environment)
    .map((doc) => doc.kind)
    .sort();
}

describe("production matrix: 4 servers × 4 environments (helm lint --strict, helm template, schemas)", () => {
  it("renders and validates every server in every environment, covering every production kind", () => {
    expect(check.releases.map((r) => `${r.server}/${r.environment}`).sort()).toEqual(
      SERVERS.flatMap((s) => ENVIRONMENTS.map((e) => `${s}/${e}`)).sort(),
    );
    // The releases, and what each environment applies besides them (its Gateway certificate).
    const rendered = [...check.releases.flatMap((r) => r.rendered!), ...[...check.gitops.values()].flat()];
    const all = new Set(rendered.map((doc) => `${doc.apiVersion} ${doc.kind}`));
    for (const kind of [
      "apps/v1 Deployment",
      "kagent.dev/v1alpha1 MCPServer",
      "networking.k8s.io/v1 Ingress",
      "gateway.networking.k8s.io/v1 HTTPRoute",
      "gateway.networking.k8s.io/v1beta1 ReferenceGrant",
      "cert-manager.io/v1 Certificate",
      "cert-manager.io/v1 ClusterIssuer",
      "autoscaling/v2 HorizontalPodAutoscaler",
      "keda.sh/v1alpha1 ScaledObject",
      "autoscaling.k8s.io/v1 VerticalPodAutoscaler",
      "policy/v1 PodDisruptionBudget",
      "networking.k8s.io/v1 NetworkPolicy",
      "v1 Pod",
    ]) {
      expect(all).toContain(kind);
    }
  });

  it("takes --set through nested production answers and records the resolved profile defaults", async () => {
    const record = parse(await readFile(join(dir.path, "platform/.mcp-gitops.yaml"), "utf8"));
    const prod = record.answers.environments.find((e: any) => e.name === "prod");
    expect(prod.autoscaling).toEqual({ enabled: true, minReplicas: 2, maxReplicas: 10, cpu: 70, memory: 80 });
    expect(prod).toMatchObject({
      tls: { enabled: true },
      pdb: { enabled: true, minAvailable: 1 },
      networkPolicy: { enabled: true },
    });
    const dev = record.answers.environments.find((e: any) => e.name === "dev");
    expect(dev).toMatchObject({
      autoscaling: { enabled: false },
      pdb: { enabled: false },
      networkPolicy: { enabled: false },
      tls: { enabled: false },
    });
  });

  it("writes values files that read the same under YAML 1.1 (Helm, Flux) as under YAML 1.2", async () => {
    const root = join(dir.path, "platform");
    const files = (await listFiles(root)).filter((file) => /^apps\/.*values\.yaml$/.test(file));
    expect(files.length).toBe(SERVERS.length * (ENVIRONMENTS.length + 1));
    for (const file of files) {
      const text = await readFile(join(root, file), "utf8");
      expect(parse(text, { version: "1.1" }), file).toEqual(parse(text));
    }
    expect(
      parse(await readFile(join(root, "apps/dev/web/values.yaml"), "utf8"), { version: "1.1" }).vpa.updateMode,
    ).toBe("Off");
  });
});

describe("deployment modes", () => {
  it("deployment mode renders a Deployment and Service; mcpserver mode only the MCPServer kagent builds from", () => {
    const workloadKinds = (server: string) =>
      kinds(server, "edge").filter((kind) =>
        ["Deployment", "MCPServer", "Service", "ServiceAccount", "Pod"].includes(kind),
      );
    expect(workloadKinds("web")).toEqual(["Deployment", "Pod", "Service", "ServiceAccount"]);
    expect(workloadKinds("files")).toEqual(["MCPServer", "Pod", "ServiceAccount"]);
  });

  it("maps a stdio server onto kagent's transport adapter: cmd, args, read-only switch, secrets, own ServiceAccount", () => {
    const files = one("files", "prod", "MCPServer");
    expect(files.spec.transportType).toBe("stdio");
    expect(files.spec.stdioTransport).toEqual({});
    expect(files.spec.deployment).toMatchObject({
      image: "ghcr.io/acme/files-mcp@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      port: 3000,
      cmd: "files-mcp",
      args: ["--root", "/data", "--read-only"],
      // kagent's stdio adapter starts a process per session: one replica, whatever prod's count.
      replicas: 1,
      serviceAccountName: "files",
      imagePullSecrets: [{ name: "ghcr-pull" }],
    });
    expect(files.spec.deployment.initContainer.resources.limits).toBeDefined();
    expect(files.spec.deployment.labels).not.toHaveProperty("app.kubernetes.io/name");
  });

  it("maps an HTTP server onto httpTransport with its port and path", () => {
    const search = one("search", "dev", "MCPServer");
    expect(search.spec.transportType).toBe("http");
    expect(search.spec.httpTransport).toEqual({ targetPort: 8000, path: "/mcp" });
    expect(search.spec.deployment.secretRefs).toEqual([{ name: "search-api" }]);
    expect(search.spec.deployment.env).toEqual({ PORT: "8000" });
  });
});

describe("exposure and TLS", () => {
  it("dev: an nginx Ingress per server on <server>.<hostname>, without TLS", () => {
    const ingress = one("web", "dev", "Ingress");
    expect(ingress.spec.ingressClassName).toBe("nginx");
    expect(ingress.spec.rules[0].host).toBe("web.mcp.dev.example.com");
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: "web", port: { number: 80 } });
    expect(ingress.spec.tls).toBeUndefined();
    expect(kinds("web", "dev")).not.toContain("Certificate");
    // kagent's Service listens on the MCP port itself.
    expect(one("search", "dev", "Ingress").spec.rules[0].http.paths[0].backend.service.port).toEqual({ number: 8000 });
  });

  it("prod: an HTTPRoute on the Gateway's listener; one Certificate for the environment, a ReferenceGrant for the Gateway", () => {
    const route = one("files", "prod", "HTTPRoute");
    expect(route.spec.parentRefs).toEqual([
      {
        group: "gateway.networking.k8s.io",
        kind: "Gateway",
        name: "public",
        namespace: "gateways",
        sectionName: "https",
      },
    ]);
    expect(route.spec.hostnames).toEqual(["files.mcp.example.com"]);
    // Every field the CRD defaults is written out, so Argo CD's diff settles (argoproj/argo-cd#22151).
    expect(route.spec.rules[0].backendRefs).toEqual([
      { group: "", kind: "Service", name: "files", port: 3000, weight: 1 },
    ]);
    // TLS ends at the listener, which holds one certificate for every server of the environment.
    for (const server of SERVERS) expect(kinds(server, "prod")).not.toContain("Certificate");
    const prod = check.gitops.get("prod")!;
    const certificate: any = prod.find((doc) => doc.kind === "Certificate");
    expect(certificate.metadata.namespace).toBe("mcp-prod");
    expect(certificate.spec).toMatchObject({
      secretName: "mcp-gateway-tls",
      dnsNames: ["events.mcp.example.com", "files.mcp.example.com", "search.mcp.example.com", "web.mcp.example.com"],
      issuerRef: { kind: "ClusterIssuer", name: "letsencrypt" },
    });
    expect((prod.find((doc) => doc.kind === "ReferenceGrant") as any).spec).toEqual({
      from: [{ group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "gateways" }],
      to: [{ group: "", kind: "Secret", name: "mcp-gateway-tls" }],
    });
  });

  it("creates the ClusterIssuer once per environment, in the first server's release, kept on uninstall", () => {
    const owners = check.releases.filter((r) => r.rendered!.some((doc) => doc.kind === "ClusterIssuer"));
    expect(owners.map((r) => `${r.server}/${r.environment}`)).toEqual(["web/prod"]);
    const issuer = one("web", "prod", "ClusterIssuer");
    expect(issuer.metadata.name).toBe("letsencrypt");
    expect(issuer.metadata.annotations["helm.sh/resource-policy"]).toBe("keep");
    expect(issuer.spec.acme).toMatchObject({
      email: "platform@example.com",
      solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: "public", namespace: "gateways" }] } } }],
    });
  });

  it("perf: a Traefik Ingress with the user's annotations and TLS from a namespaced Issuer", () => {
    const ingress = one("events", "perf", "Ingress");
    expect(ingress.spec.ingressClassName).toBe("traefik");
    expect(ingress.metadata.annotations).toEqual({ "traefik.ingress.kubernetes.io/router.entrypoints": "websecure" });
    expect(ingress.spec.tls).toEqual([{ hosts: ["events.perf.example.com"], secretName: "events-tls" }]);
    expect(one("events", "perf", "Certificate").spec.issuerRef).toEqual({
      group: "cert-manager.io",
      kind: "Issuer",
      name: "perf-ca",
    });
  });

  it("edge: not exposed", () => {
    for (const server of SERVERS) expect(kinds(server, "edge")).not.toEqual(expect.arrayContaining(["Ingress"]));
    for (const server of SERVERS) expect(kinds(server, "edge")).not.toContain("HTTPRoute");
  });
});

describe("availability and scaling", () => {
  it("prod: an HPA (CPU 70%, memory 80%) owns the replica count of deployment-mode servers", () => {
    const hpa = one("web", "prod", "HorizontalPodAutoscaler");
    expect(hpa.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 10,
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
    });
    expect(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([
      ["cpu", 70],
      ["memory", 80],
    ]);
    expect(one("web", "prod", "Deployment").spec.replicas).toBeUndefined();
  });

  it("mcpserver mode is never autoscaled (kagent owns its Deployment's replicas): fixed replicas instead", () => {
    for (const environment of ENVIRONMENTS) {
      expect(kinds("files", environment)).not.toContain("HorizontalPodAutoscaler");
      expect(kinds("files", environment)).not.toContain("ScaledObject");
    }
    expect(one("search", "perf", "MCPServer").spec.deployment.replicas).toBe(3);
  });

  it("perf: KEDA scales instead of an HPA, on CPU, memory and the user's trigger", () => {
    expect(kinds("web", "perf")).not.toContain("HorizontalPodAutoscaler");
    const scaled = one("web", "perf", "ScaledObject");
    expect(scaled.spec).toMatchObject({
      minReplicaCount: 3,
      maxReplicaCount: 5,
      pollingInterval: 30,
      cooldownPeriod: 300,
    });
    expect(scaled.spec.triggers.map((t: any) => t.type)).toEqual(["cpu", "memory", "prometheus"]);
    expect(scaled.spec.triggers[0]).toEqual({ type: "cpu", metricType: "Utilization", metadata: { value: "70" } });
    expect(one("web", "perf", "Deployment").spec.replicas).toBeUndefined();
  });

  it("dev and perf: a VPA in recommendation mode targets the Deployment of either mode", () => {
    expect(one("files", "dev", "VerticalPodAutoscaler").spec).toMatchObject({
      targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "files" },
      updatePolicy: { updateMode: "Off" },
    });
    expect(kinds("web", "prod")).not.toContain("VerticalPodAutoscaler");
  });

  it("PDB and spread select the pods whoever creates them", () => {
    const web = one("web", "prod", "Deployment");
    expect(one("web", "prod", "PodDisruptionBudget").spec.selector.matchLabels).toEqual(web.spec.selector.matchLabels);
    expect(one("search", "prod", "PodDisruptionBudget").spec.selector.matchLabels).toEqual({
      "app.kubernetes.io/name": "search",
      "app.kubernetes.io/instance": "search",
    });
    // A stateful server runs one pod: a budget would only block node drains.
    expect(kinds("files", "prod")).not.toContain("PodDisruptionBudget");
    expect(web.spec.template.spec.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual([
      "kubernetes.io/hostname",
      "topology.kubernetes.io/zone",
    ]);
    expect(web.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(web.spec.template.spec.containers[0].lifecycle.preStop.sleep.seconds).toBeGreaterThan(0);
    const spread = one("files", "prod", "MCPServer").spec.deployment.affinity.podAntiAffinity
      .preferredDuringSchedulingIgnoredDuringExecution;
    expect(spread[0].podAffinityTerm.labelSelector.matchLabels).toEqual({
      "app.kubernetes.io/name": "files",
      "app.kubernetes.io/instance": "files",
    });
  });
});

describe("network policy and hardening", () => {
  it("prod: default deny, the MCP port open to the gateway, the named namespaces and the helm test pod; egress DNS + 443", () => {
    const policy = one("web", "prod", "NetworkPolicy");
    expect(policy.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    const mcp = policy.spec.ingress.find((rule: any) => rule.ports[0].port === 8080);
    expect(mcp.ports).toEqual([{ port: 8080, protocol: "TCP" }]);
    expect(mcp.from).toEqual([
      {
        podSelector: {
          matchLabels: { "app.kubernetes.io/name": "mcp-server-test", "app.kubernetes.io/instance": "web" },
        },
      },
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "gateways" } } },
      { namespaceSelector: { matchLabels: { purpose: "ai-agents" } } },
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kagent" } } },
    ]);
    expect(policy.spec.egress[0].ports).toEqual([
      { port: 53, protocol: "UDP" },
      { port: 53, protocol: "TCP" },
    ]);
    expect(policy.spec.egress[1]).toEqual({
      to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }],
      ports: [{ port: 443, protocol: "TCP" }],
    });
    expect(one("files", "prod", "NetworkPolicy").spec.podSelector.matchLabels).toEqual({
      "app.kubernetes.io/name": "files",
      "app.kubernetes.io/instance": "files",
    });
  });

  it("perf: the Traefik namespace may reach the servers", () => {
    expect(
      one("search", "perf", "NetworkPolicy").spec.ingress.find((rule: any) => rule.ports[0].port === 8000).from,
    ).toContainEqual({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "traefik" } } });
  });

  it("applies the read-only switch, image pull secrets and Secret references; no affinity that would not hold", () => {
    const pod = one("web", "dev", "Deployment").spec.template.spec;
    expect(pod.imagePullSecrets).toEqual([{ name: "ghcr-pull" }]);
    expect(pod.containers[0].env).toContainEqual({ name: "READ_ONLY", value: "true" });
    expect(pod.containers[0].envFrom).toEqual([{ secretRef: { name: "web-api" } }]);
    expect(one("events", "dev", "Deployment").spec.template.spec.containers[0].args).toBeUndefined(); // switch off
    // The SSE server is exposed, so the Service's client-IP affinity would not keep its sessions: one replica instead.
    expect(one("events", "dev", "Service").spec.sessionAffinity).toBeUndefined();
    expect(one("events", "prod", "Deployment").spec.replicas).toBe(1);
    expect(one("web", "dev", "Service").spec.sessionAffinity).toBeUndefined();
  });

  it("adds the MCP check as a helm test: health endpoint, then initialize and tools/list over the server's transport", () => {
    const env = (server: string) =>
      Object.fromEntries(one(server, "prod", "Pod").spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(one("web", "prod", "Pod").metadata.annotations["helm.sh/hook"]).toBe("test");
    expect(env("web")).toEqual({
      BASE_URL: "http://web.mcp-prod.svc:80",
      MCP_PATH: "/mcp",
      TRANSPORT: "streamable-http",
      HEALTH_PATH: "/healthz",
      EXPECT_TOOLS: "true",
      WAIT_SECONDS: "120",
    });
    expect(env("events")).toMatchObject({ MCP_PATH: "/sse", TRANSPORT: "sse", HEALTH_PATH: "" });
    expect(env("files")).toMatchObject({
      BASE_URL: "http://files.mcp-prod.svc:3000",
      MCP_PATH: "/mcp",
      TRANSPORT: "streamable-http",
    });
    const script = one("web", "prod", "Pod").spec.containers[0].command.join("\n");
    for (const method of ["initialize", "notifications/initialized", "tools/list"])
      expect(script).toContain(`"method":"${method}"`);
  });
});

describe("workload policy: every rendered workload in every environment", () => {
  let defaults: RepositoryCheck;
  let defaultsDir: { path: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    defaultsDir = await tempDir();
    const result = await runCli(["defaults", "--yes", "--gitops", "argocd"], { cwd: defaultsDir.path });
    expect(result.code).toBe(0);
    defaults = await checkRepository(join(defaultsDir.path, "defaults"));
  });
  afterAll(() => defaultsDir?.cleanup());

  it("meets the security defaults: Deployment pod templates, MCPServer spec.deployment and the helm test pod", () => {
    for (const release of [...check.releases, ...defaults.releases]) {
      const docs = release.rendered!;
      expect(docs.some((doc) => doc.kind === "Deployment" || doc.kind === "MCPServer")).toBe(true);
      expect(workloadViolations(docs), `${release.server} in ${release.environment}`).toEqual([]);
    }
  });

  it("prod-profile environments run stateless servers on two replicas or more with a PDB and an autoscaler, stateful ones on one; a network policy for all, unless turned off", () => {
    for (const repo of [check, defaults]) {
      const stateless = new Set(repo.answers.servers.filter((s: any) => s.stateless).map((s: any) => s.name));
      for (const env of repo.answers.environments.filter((e: any) => e.profile === "prod")) {
        for (const release of repo.releases.filter((r) => r.environment === env.name)) {
          const docs = release.rendered as any[];
          const has = (kind: string) => docs.some((doc) => doc.kind === kind);
          const label = `${release.server} in ${env.name}`;
          const deployment = docs.find((doc) => doc.kind === "Deployment");
          const floor = deployment
            ? (deployment.spec.replicas ??
              docs.find((doc) => doc.kind === "HorizontalPodAutoscaler")?.spec.minReplicas ??
              docs.find((doc) => doc.kind === "ScaledObject")?.spec.minReplicaCount)
            : docs.find((doc) => doc.kind === "MCPServer").spec.deployment.replicas;
          expect(has("NetworkPolicy"), label).toBe(env.networkPolicy.enabled);
          const autoscaler = has("HorizontalPodAutoscaler") || has("ScaledObject");
          if (!stateless.has(release.server)) {
            expect([floor, has("PodDisruptionBudget"), autoscaler], label).toEqual([1, false, false]);
            continue;
          }
          expect(floor, label).toBeGreaterThanOrEqual(2);
          expect(has("PodDisruptionBudget"), label).toBe(env.pdb.enabled);
          expect(autoscaler, label).toBe(Boolean(deployment) && (env.autoscaling.enabled || env.keda.enabled));
          const turnedOff = env.name === "edge";
          expect(
            [env.pdb.enabled, env.networkPolicy.enabled, env.autoscaling.enabled || env.keda.enabled],
            label,
          ).toEqual(turnedOff ? [false, false, false] : [true, true, true]);
        }
      }
    }
  });

  it("finds a violation when a workload breaks the policy", () => {
    const deployment = structuredClone(one("web", "prod", "Deployment"));
    const container = deployment.spec.template.spec.containers[0];
    container.securityContext.readOnlyRootFilesystem = false;
    container.image = "ghcr.io/acme/web-mcp:latest";
    delete container.resources.limits;
    expect(workloadViolations([deployment])).toEqual([
      "Deployment web container mcp-server: image ghcr.io/acme/web-mcp:latest is not pinned to a tag or digest",
      "Deployment web container mcp-server: readOnlyRootFilesystem is not true",
      "Deployment web container mcp-server: has no cpu limit",
      "Deployment web container mcp-server: has no memory limit",
    ]);
  });
});

describe("the chart refuses bad values", () => {
  const chart = () => join(dir.path, "platform/charts/mcp-server");
  const values = (server: string) =>
    check.releases.find((r) => r.server === server && r.environment === "prod")!.values;

  async function lintError(overrides: object, server = "web"): Promise<string> {
    const error = await helmLint(chart(), [...values(server), overrides]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ToolError);
    return (error as ToolError).message;
  }

  it("helm lint fails through values.schema.json on wrong types", async () => {
    expect(await lintError({ replicaCount: "three" })).toMatch(/replicaCount/);
    expect(await lintError({ autoscaling: { maxReplicas: "ten" } })).toMatch(/maxReplicas/);
    expect(await lintError({ exposure: { type: "loadbalancer" } })).toMatch(/exposure/);
    expect(await lintError({ vpa: { updateMode: false } })).toMatch(/updateMode/);
  });

  it("helm template fails with a clear message on values that cannot work together", async () => {
    const render = (overrides: object, server = "web") =>
      helmTemplate(chart(), [...values(server), overrides], { releaseName: server, namespace: "mcp-prod" }).then(
        () => "",
        (e: unknown) => String(e),
      );
    expect(await render({ mcp: { transport: "stdio" } })).toMatch(/mcp\.transport stdio needs mode: mcpserver/);
    expect(await render({ autoscaling: { enabled: true } }, "search")).toMatch(
      /autoscaling and keda need mode: deployment/,
    );
    expect(await render({ autoscaling: { enabled: true } }, "files")).toMatch(
      /a stateful MCP server \(mcp.stateless false\) in mode: mcpserver runs one replica/,
    );
    expect(await render({ keda: { enabled: true } })).toMatch(/either autoscaling .* or keda/);
  });
});

describe("the CLI refuses production answers that cannot work", () => {
  it("exits 2 naming the field and writes nothing", async () => {
    const scratch = await tempDir();
    try {
      const result = await runMain(
        [
          "bad",
          "--answers",
          FIXTURE,
          "--set",
          "environments.edge.tls.enabled=true",
          "--set",
          "servers.web.transport=stdio",
        ],
        { cwd: scratch.path },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--set servers\.web\.transport=stdio: stdio needs mode: mcpserver/);
      expect(result.stderr).toMatch(
        /--set environments\.edge\.tls\.enabled=true: needs exposure\.type ingress or httproute/,
      );
      expect(await listFiles(scratch.path)).toEqual([]);
    } finally {
      await scratch.cleanup();
    }
  });
});
