/**
 * Works for MCP, end to end: one repository (test/fixtures/mcp-fit.yaml) whose servers cover kagent MCPServers,
 * servers that talk to the Kubernetes API, stateful and stateless servers, a health endpoint, metrics and a server on
 * its own chart, in a dev and a prod environment behind one Gateway. checkRepository builds every overlay and renders
 * every release with helm; the assertions read what the cluster would get. The chart's own guards are driven with
 * `helm template` directly, and the --yes defaults through the answers module.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectAnswers, type AnswerFlags } from "../src/answers/collect.js";
import { validateAnswers } from "../src/answers/validate.js";
import { renderServerTable } from "../src/cli/summary.js";
import { runMain, tempDir } from "./support/cli.js";
import { checkRepository, type RepositoryCheck } from "./support/repo-check.js";
import { helmTemplate, kustomizeBuild, promtool, ToolError } from "./support/tools.js";
import { validateAll } from "./support/validate.js";

const FIXTURE = resolve(import.meta.dirname, "fixtures/mcp-fit.yaml");
const CHART = resolve(import.meta.dirname, "../blueprints/mcp-gitops/files/common/charts/mcp-server");

let dir: { path: string; cleanup: () => Promise<void> };
let repo: string;
let check: RepositoryCheck;
let output: string;

beforeAll(async () => {
  dir = await tempDir("mcp-gitops-fit-");
  const result = await runMain(["fit", "--answers", FIXTURE], { cwd: dir.path });
  expect(result.code, result.stderr).toBe(0);
  output = result.stdout;
  repo = join(dir.path, "fit");
  check = await checkRepository(repo);
}, 120_000);
afterAll(() => dir?.cleanup());

function docs(server: string, environment: string): any[] {
  const release = check.releases.find((r) => r.server === server && r.environment === environment);
  if (!release?.rendered) throw new Error(`no rendered release for ${server} in ${environment}`);
  return release.rendered;
}

function one(server: string, environment: string, kind: string): any {
  const found = docs(server, environment).filter((doc) => doc.kind === kind);
  if (found.length !== 1) throw new Error(`${server}/${environment}: expected one ${kind}, found ${found.length}`);
  return found[0];
}

/** The bundled chart alone, with values as given. */
const template = (values: object[]) => helmTemplate(CHART, values, { releaseName: "x", namespace: "ns" });

const kinds = (server: string, environment: string) => docs(server, environment).map((doc) => doc.kind);
const read = (path: string) => readFile(join(repo, path), "utf8");

describe("1. kagent's contract", () => {
  it("an MCPServer is served over streamable HTTP at /mcp on its port, as kagent calls it", () => {
    const search = one("search", "prod", "MCPServer");
    expect(search.spec.transportType).toBe("http");
    expect(search.spec.httpTransport).toEqual({ targetPort: 8000, path: "/mcp" });
    expect(search.spec.deployment.port).toBe(8000);
    const files = one("files", "prod", "MCPServer");
    expect(files.spec).toMatchObject({ transportType: "stdio", stdioTransport: {} });
  });

  it("the chart refuses what kagent cannot reach, whatever the values say", async () => {
    const base = { mode: "mcpserver", image: { repository: "ghcr.io/acme/x", tag: "1.0.0" } };
    await expect(template([{ ...base, mcp: { transport: "sse", port: 3000, path: "/sse" } }])).rejects.toThrow(
      /mode: mcpserver cannot run an SSE server: kagent always calls/,
    );
    await expect(
      template([{ ...base, mcp: { transport: "streamable-http", port: 3000, path: "/v1/mcp" } }]),
    ).rejects.toThrow(/mode: mcpserver needs mcp.path \/mcp/);
  });
});

describe("2. kagent reaches its servers through the network policy", () => {
  it("admits kagent's namespace (the answer) on every MCPServer's policy, and the MCP check's pod", () => {
    for (const server of ["search", "files"]) {
      const policy = one(server, "prod", "NetworkPolicy");
      const peers = policy.spec.ingress[0].from;
      expect(peers).toContainEqual({
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ai-platform" } },
      });
      const checkPod = one(server, "prod", "Pod");
      const admitted = peers.find((peer: any) => peer.podSelector && !peer.namespaceSelector);
      expect(checkPod.metadata.labels).toMatchObject(admitted.podSelector.matchLabels);
    }
    const kube = one("kube", "prod", "NetworkPolicy").spec.ingress[0].from;
    expect(JSON.stringify(kube)).not.toContain("ai-platform");
  });
});

describe("3. sessions: no stateful server runs on more than one pod", () => {
  it("stateful servers run one replica in prod, with no autoscaler or disruption budget; a stateless one scales", () => {
    for (const server of ["kube", "notes", "tokens"]) {
      expect(one(server, "prod", "Deployment").spec.replicas, server).toBe(1);
      expect(kinds(server, "prod")).not.toContain("HorizontalPodAutoscaler");
      expect(kinds(server, "prod")).not.toContain("PodDisruptionBudget");
    }
    expect(one("files", "prod", "MCPServer").spec.deployment.replicas).toBe(1);
    expect(one("search", "prod", "MCPServer").spec.deployment.replicas).toBe(2);
    expect(kinds("search", "prod")).toContain("PodDisruptionBudget");
  });

  it("warns at scaffold time about every stateful server held at one replica", () => {
    for (const server of ["files", "kube", "notes", "tokens"])
      expect(output).toContain(
        `warning: servers[${server}]: stateful (stateless: false), so it runs one replica in prod`,
      );
    expect(output).not.toContain("warning: servers[search]: stateful");
  });

  it("the chart refuses to scale a stateful server, and Service affinity behind a Gateway", async () => {
    const base = { mode: "deployment", image: { repository: "ghcr.io/acme/x", tag: "1.0.0" } };
    await expect(template([{ ...base, replicaCount: 3 }])).rejects.toThrow(
      /a stateful MCP server \(mcp.stateless false\) cannot run more than one replica/,
    );
    await expect(template([{ ...base, autoscaling: { enabled: true } }])).rejects.toThrow(
      /cannot run more than one replica/,
    );
    await expect(
      template([
        {
          ...base,
          replicaCount: 2,
          service: { sessionAffinity: "ClientIP" },
          exposure: { type: "ingress", hostname: "x.example.com" },
        },
      ]),
    ).rejects.toThrow(/ClientIP does not keep sessions behind an Ingress or a Gateway/);
    const affinity = await template([{ ...base, replicaCount: 2, service: { sessionAffinity: "ClientIP" } }]);
    expect(affinity.find((doc: any) => doc.kind === "Service")!.spec).toMatchObject({ sessionAffinity: "ClientIP" });
    await expect(
      template([{ ...base, mcp: { transport: "sse", port: 3000, path: "/sse", stateless: true } }]),
    ).rejects.toThrow(/mcp.stateless needs mcp.transport streamable-http/);
  });

  it("README says what runs with one replica, and why", async () => {
    const readme = await read("README.md");
    expect(readme).toMatch(/\| kube \| [^|]+ \| streamable-http \/mcp \| deployment \| stateful: one replica \|/);
    expect(readme).toMatch(/\| search \| [^|]+ \| streamable-http \/mcp \| mcpserver \| stateless \|/);
    expect(readme).toMatch(/\*\*Sessions\.\*\*[\s\S]*runs \*\*one replica\*\*/);
  });
});

describe("4. egress is an answer", () => {
  it("the environment's outbound (internet on 443) and a server's own (in-cluster) become egress rules", () => {
    const dns = {
      to: [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
          podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        },
      ],
      ports: [
        { port: 53, protocol: "UDP" },
        { port: 53, protocol: "TCP" },
      ],
    };
    expect(one("notes", "prod", "NetworkPolicy").spec.egress).toEqual([
      dns,
      {
        to: [{ ipBlock: { cidr: "0.0.0.0/0" } }, { ipBlock: { cidr: "::/0" } }],
        ports: [{ port: 443, protocol: "TCP" }],
      },
    ]);
    expect(one("kube", "prod", "NetworkPolicy").spec.egress).toEqual([dns, { to: [{ namespaceSelector: {} }] }]);
  });

  it("warns when a prod server would reach only DNS because nobody said where it connects", async () => {
    const tmp = await tempDir();
    try {
      const args = ["x", "--yes", "--envs", "dev,prod", "--name", "w", "--image", "ghcr.io/acme/w:1.0.0"];
      args.push("--dry-run", "--json");
      const silent = JSON.parse((await runMain(args, { cwd: tmp.path })).stdout);
      expect(silent.warnings).toContainEqual(
        expect.stringMatching(/^environments\[prod\]: the network policy lets w reach only cluster DNS/),
      );
      const answered = await runMain([...args, "--set", "environments.prod.networkPolicy.outbound=none"], {
        cwd: tmp.path,
      });
      expect(JSON.parse(answered.stdout).warnings.join("\n")).not.toMatch(/reach only cluster DNS/);
    } finally {
      await tmp.cleanup();
    }
  });
});

describe("5. API access only where answered, in both modes", () => {
  it("cluster-read binds the built-in view ClusterRole to the server's account, which then mounts its token", () => {
    const binding = one("kube", "prod", "ClusterRoleBinding");
    expect(binding.metadata.name).toBe("mcp-prod-kube");
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "kube", namespace: "mcp-prod" }]);
    expect(one("kube", "prod", "ServiceAccount").automountServiceAccountToken).toBe(true);
    expect(one("kube", "prod", "Deployment").spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  it("custom rules become a Role in the namespace; namespace-read a Role for an MCPServer's account", () => {
    expect(one("notes", "prod", "Role").rules).toEqual([
      { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] },
    ]);
    expect(one("notes", "prod", "RoleBinding").roleRef.name).toBe("notes");
    const files = one("files", "prod", "MCPServer");
    expect(one("files", "prod", "RoleBinding").subjects).toEqual([
      { kind: "ServiceAccount", name: files.spec.deployment.serviceAccountName, namespace: "mcp-prod" },
    ]);
    expect(one("files", "prod", "Role").rules.flatMap((rule: any) => rule.resources)).not.toContain("secrets");
    expect(one("files", "prod", "ServiceAccount").automountServiceAccountToken).toBe(true);
  });

  it("no answer, no rights and no token", () => {
    for (const kind of ["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"])
      expect(kinds("search", "prod")).not.toContain(kind);
    expect(one("search", "prod", "ServiceAccount").automountServiceAccountToken).toBe(false);
  });

  it("securityOverrides serviceAccountToken really mounts the token it allows", () => {
    expect(one("tokens", "prod", "Deployment").spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(output).toContain(
      "warning: servers[tokens].values.serviceAccount.automountToken: mounts the service-account token",
    );
  });
});

describe("6. a server on its own chart", () => {
  it("gets only its values, and the README and summary say so", async () => {
    expect(parse(await read("apps/base/legacy/values.yaml"))).toEqual({ replicas: 2 });
    expect(check.answers.servers.find((server: any) => server.name === "legacy")).toEqual({
      name: "legacy",
      description: "",
      chart: { repository: "oci://ghcr.io/acme/charts", name: "legacy", version: "1.0.0" },
      values: { replicas: 2 },
    });
    const readme = await read("README.md");
    expect(readme).toMatch(/\| legacy \| its chart's values \| — \| own chart legacy 1\.0\.0 \|/);
    expect(readme).toMatch(/\*\*Servers on their own chart\*\* \(legacy\) get their `values`/);
    const table = renderServerTable(validateAnswers(await collectAnswers({ answersFile: FIXTURE }), "fit"));
    expect(table.find((line) => line.startsWith("legacy"))).toMatch(
      /^legacy\s+chart legacy@1\.0\.0\s+its chart's values\s+its chart's values$/,
    );
    // Each server is reached at <server>.<hostname>.
    expect(table.find((line) => line.startsWith("kube"))).toMatch(
      /1 × small kube\.mcp\.dev\.example\.com\s+1 × medium/,
    );
    expect(table.find((line) => line.startsWith("search"))).toMatch(/2 × medium/);
  });
});

describe("7. honest defaults", () => {
  const server = async (flags: AnswerFlags) =>
    validateAnswers(await collectAnswers({ yes: true, ...flags }), "demo").servers[0] as any;

  it("the example applies only when no server is given at all", async () => {
    expect((await server({})).name).toBe("everything");
    const own = await server({ name: "weather", image: "ghcr.io/acme/weather:1.0.0", transport: "streamable-http" });
    expect(own).toMatchObject({ name: "weather", port: 3000, path: "/mcp", command: [] });
  });

  it("the path follows the transport; a stdio MCPServer takes its command from --command", async () => {
    const image = "ghcr.io/acme/weather:1.0.0";
    expect((await server({ name: "w", image, transport: "sse" })).path).toBe("/sse");
    const stdio = await server({ name: "w", image, transport: "stdio", mode: "mcpserver", command: "npx -y @acme/w" });
    expect(stdio).toMatchObject({ path: "/mcp", command: ["npx", "-y", "@acme/w"] });
  });
});

describe("8. no alert that can only fire", () => {
  it("only a server that serves metrics is scraped: a PodMonitor on kagent's pods for an MCPServer", () => {
    const monitor = one("search", "prod", "PodMonitor");
    expect(monitor.spec.jobLabel).toBe("app.kubernetes.io/instance");
    expect(monitor.spec.podMetricsEndpoints[0]).toMatchObject({ portNumber: 9090, path: "/metrics" });
    expect(monitor.spec.selector.matchLabels).toEqual({
      "app.kubernetes.io/name": "search",
      "app.kubernetes.io/instance": "search",
    });
    for (const name of ["kube", "files", "notes"]) {
      expect(kinds(name, "prod")).not.toContain("ServiceMonitor");
      expect(kinds(name, "prod")).not.toContain("PodMonitor");
    }
    const scrape = one("search", "prod", "NetworkPolicy").spec.ingress[1];
    expect(scrape.ports).toEqual([{ port: 9090, protocol: "TCP" }]);
  });

  it("alerts read only what exists; MCPServers get MCPServerNotReady; every rule passes its promtool tests", async () => {
    const alerts = async (server: string) =>
      parse(await read(`apps/prod/${server}/alerts.yaml`)).groups[0].rules as { alert: string; expr: string }[];
    const kube = await alerts("kube");
    expect(kube.map((rule) => rule.alert)).toEqual([
      "MCPServerHighCPU",
      "MCPServerHighMemory",
      "MCPServerCrashLooping",
      "MCPServerUnavailable",
    ]);
    expect(kube.find((rule) => rule.alert === "MCPServerUnavailable")!.expr).toContain(
      'kube_deployment_status_replicas_available{namespace="mcp-prod", deployment="kube"}',
    );
    const search = (await alerts("search")).map((rule) => rule.alert);
    expect(search).toEqual(
      expect.arrayContaining(["MCPServerHighErrorRate", "MCPServerToolCallErrors", "MCPServerNotReady"]),
    );
    const files = await alerts("files");
    expect(files.find((rule) => rule.alert === "MCPServerNotReady")!.expr).toBe(
      'sum(kagent_mcpserver_status_condition{namespace="mcp-prod", name="files", type="Ready"}) == 0',
    );
    for (const server of ["search", "files", "kube"])
      await promtool(["test", "rules", join(repo, `apps/prod/${server}/alerts.test.yaml`)]);
  });

  it("README lists the kube-prometheus-stack values kube-state-metrics needs for MCPServer conditions", async () => {
    const readme = await read("README.md");
    const block =
      /condition\. kube-state-metrics exports it only with these kube-prometheus-stack values:\n\n```yaml\n([\s\S]*?)```/.exec(
        readme,
      );
    const values = parse(block![1]!);
    expect(values["kube-state-metrics"].customResourceState.config.spec.resources[0]).toMatchObject({
      groupVersionKind: { group: "kagent.dev", version: "v1alpha1", kind: "MCPServer" },
      metricNamePrefix: "kagent_mcpserver",
    });
    expect(values["kube-state-metrics"].rbac.extraRules).toEqual([
      { apiGroups: ["kagent.dev"], resources: ["mcpservers"], verbs: ["list", "watch"] },
    ]);
  });
});

describe("9. a health endpoint becomes the probes", () => {
  it("GETs healthPath for startup, liveness and readiness; the others keep checking the port", () => {
    const container = one("kube", "prod", "Deployment").spec.template.spec.containers[0];
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
      expect(container[probe].httpGet, probe).toEqual({ path: "/healthz", port: "http" });
      expect(container[probe].tcpSocket).toBeUndefined();
    }
    const notes = one("notes", "prod", "Deployment").spec.template.spec.containers[0];
    expect(notes.readinessProbe.tcpSocket).toEqual({ port: "http" });
  });
});

describe("11. TLS behind a Gateway, portably", () => {
  it("one Certificate per environment for all its servers, with the ReferenceGrant, applied by the engine", async () => {
    const prod = check.gitops.get("prod")!;
    const certificate: any = prod.find((doc) => doc.kind === "Certificate");
    expect(certificate.metadata).toMatchObject({ name: "mcp-gateway-tls", namespace: "mcp-prod" });
    expect(certificate.spec.dnsNames).toEqual([
      "files.mcp.example.com",
      "kube.mcp.example.com",
      "notes.mcp.example.com",
      "search.mcp.example.com",
      "tokens.mcp.example.com",
    ]);
    expect(prod.find((doc) => doc.kind === "ReferenceGrant")).toMatchObject({
      spec: { from: [{ kind: "Gateway", namespace: "gateways" }], to: [{ kind: "Secret", name: "mcp-gateway-tls" }] },
    });
    expect(check.gitops.get("dev")!.some((doc) => doc.kind === "Certificate")).toBe(false);
    // No certificate per route: the listener holds the environment's.
    for (const server of ["kube", "search"]) expect(kinds(server, "prod")).not.toContain("Certificate");
  });

  it("prod's routes attach to its HTTPS listener, dev's (no TLS) to the HTTP listener", () => {
    expect(one("kube", "prod", "HTTPRoute").spec.parentRefs[0]).toMatchObject({
      name: "public",
      sectionName: "https-prod",
    });
    expect(one("kube", "dev", "HTTPRoute").spec.parentRefs[0]).toMatchObject({ name: "public", sectionName: "http" });
  });

  it("docs/gateway.md shows the listeners: certificateRefs, allowedRoutes per environment, and cert-manager's switch", async () => {
    const doc = await read("docs/gateway.md");
    const gateway = parseAllDocuments(/```yaml\n([\s\S]*?)```/.exec(doc)![1]!)[0]!.toJSON();
    validateAll([{ ...gateway, spec: { ...gateway.spec, gatewayClassName: "example" } }]);
    const listeners = Object.fromEntries(gateway.spec.listeners.map((listener: any) => [listener.name, listener]));
    expect(listeners["https-prod"]).toMatchObject({
      port: 443,
      hostname: "*.mcp.example.com",
      tls: { certificateRefs: [{ kind: "Secret", name: "mcp-gateway-tls", namespace: "mcp-prod" }] },
    });
    expect(listeners["https-prod"].allowedRoutes.namespaces.selector.matchExpressions[0].values).toEqual(["mcp-prod"]);
    expect(listeners.http.allowedRoutes.namespaces.selector.matchExpressions[0].values).toEqual([
      "mcp-dev",
      "mcp-prod",
    ]);
    expect(doc).toContain("--enable-gateway-api");
    expect(doc).toContain("config.enableGatewayAPI: true");
  });

  it("Argo CD applies the certificate with an Application of its own", async () => {
    const tmp = await tempDir();
    try {
      const result = await runMain(["argo", "--answers", FIXTURE, "--gitops", "argocd"], { cwd: tmp.path });
      expect(result.code, result.stderr).toBe(0);
      const built = await kustomizeBuild(join(tmp.path, "argo", "argocd/prod"));
      validateAll(built);
      const app: any = built.find((doc: any) => doc.kind === "Application" && doc.metadata.name === "gateway-tls-prod");
      expect(app.spec.source).toMatchObject({ path: "apps/prod", directory: { include: "gateway-tls.yaml" } });
      expect(app.spec.destination.namespace).toBe("mcp-prod");
      const manifests = parseAllDocuments(await readFile(join(tmp.path, "argo", "apps/prod/gateway-tls.yaml"), "utf8"));
      expect(manifests.map((document) => document.toJSON().kind)).toEqual(["Certificate", "ReferenceGrant"]);
      expect(parse(await readFile(join(tmp.path, "argo", "apps/base/kube/values.yaml"), "utf8")).mcpCheck).toEqual({
        hook: "argocd-post-sync",
      });
    } finally {
      await tmp.cleanup();
    }
  });
});

it("a wrong chart value is a ToolError with Helm's message (the guard tests above rely on it)", async () => {
  await expect(template([{ mode: "nope" }])).rejects.toBeInstanceOf(ToolError);
});
