/**
 * The answers files in examples/, end to end with both engines: each one is scaffolded in-process, then
 * checkRepository builds every overlay with kustomize, renders every release with helm template and validates every
 * document strictly (ExternalSecret, Middleware, KongPlugin, ResourceQuota and LimitRange among them), and every
 * workload meets the hardened policy. Each repository is rendered once and read by the assertions below.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GITOPS_ENGINES } from "../src/answers/engines.js";
import { type CliResult, runMain, tempDir } from "./support/cli.js";
import { checkRepository, type RepositoryCheck } from "./support/repo-check.js";
import type { KubeDocument } from "./support/tools.js";
import { workloadViolations } from "./support/workload-policy.js";

const EXAMPLES_DIR = resolve(import.meta.dirname, "../examples");
const EXAMPLES = readdirSync(EXAMPLES_DIR)
  .filter((file) => file.endsWith(".yaml"))
  .sort();
type Engine = (typeof GITOPS_ENGINES)[number];

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir("mcp-gitops-examples-");
});
afterAll(() => dir?.cleanup());

/** helm template output shared by repositories that render the same release. */
const renders = new Map<string, Promise<KubeDocument[]>>();
const runs = new Map<string, Promise<{ result: CliResult; root: string; check?: RepositoryCheck }>>();

/** The example scaffolded with the engine and checked, once. */
function scaffold(file: string, engine: Engine) {
  const key = `${file} ${engine}`;
  if (!runs.has(key))
    runs.set(
      key,
      (async () => {
        const name = `${file.replace(/\.yaml$/, "")}-${engine}`;
        const args = [name, "--answers", join(EXAMPLES_DIR, file), "--set", `gitops=${engine}`];
        const result = await runMain(args, { cwd: dir.path });
        const root = join(dir.path, name);
        if (result.code !== 0) return { result, root };
        return { result, root, check: await checkRepository(root, { lint: false, renders }) };
      })(),
    );
  return runs.get(key)!;
}

async function checked(file: string, engine: Engine): Promise<{ check: RepositoryCheck; root: string }> {
  const { result, root, check } = await scaffold(file, engine);
  if (!check) throw new Error(`${file} with ${engine}: exit ${result.code}\n${result.stderr}`);
  return { check, root };
}

function docs(check: RepositoryCheck, server: string, environment: string): any[] {
  const release = check.releases.find((r) => r.server === server && r.environment === environment);
  if (!release?.rendered) throw new Error(`no rendered release ${server} in ${environment}`);
  return release.rendered;
}

function one(check: RepositoryCheck, server: string, environment: string, kind: string): any {
  const found = docs(check, server, environment).filter((doc) => doc.kind === kind);
  if (found.length !== 1) throw new Error(`${server}/${environment}: ${found.length} ${kind}`);
  return found[0];
}

const flux = (file: string) => checked(file, "flux");
const argo = (file: string) => checked(file, "argocd");

describe.each(EXAMPLES)("examples/%s", (file) => {
  const sops = parse(readFileSync(join(EXAMPLES_DIR, file), "utf8")).sops !== undefined;
  it.each(GITOPS_ENGINES)(
    "with %s: kustomize and helm template render it, every document validates, every workload is hardened",
    async (engine) => {
      if (sops && engine !== "flux") {
        const { result } = await scaffold(file, engine);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/sops: .*no built-in SOPS decryption/);
        return;
      }
      const { check } = await checked(file, engine);
      expect(check.releases.length).toBeGreaterThan(0);
      for (const release of check.releases.filter((r) => r.rendered))
        expect(workloadViolations(release.rendered!), `${release.server}/${release.environment}`).toEqual([]);
    },
  );
});

describe("together the examples cover every kind of the features", () => {
  it("renders each new kind with both engines", async () => {
    for (const engine of GITOPS_ENGINES) {
      const kinds = new Set<string>();
      for (const file of EXAMPLES) {
        const { check } = await scaffold(file, engine);
        if (!check) continue;
        for (const doc of [...check.releases.flatMap((r) => r.rendered ?? []), ...[...check.gitops.values()].flat()])
          kinds.add(`${doc.apiVersion} ${doc.kind}`);
      }
      expect([...kinds], engine).toEqual(
        expect.arrayContaining([
          "external-secrets.io/v1 ExternalSecret",
          "traefik.io/v1alpha1 Middleware",
          "configuration.konghq.com/v1 KongPlugin",
          "v1 ResourceQuota",
          "v1 LimitRange",
          "v1 PersistentVolumeClaim",
          "v1 ConfigMap",
          "gateway.networking.k8s.io/v1 HTTPRoute",
          "networking.k8s.io/v1 Ingress",
          "kagent.dev/v1alpha1 MCPServer",
        ]),
      );
    }
  });
});

describe("managed secrets", () => {
  it("fetches each server's Secrets from the environment's store, as variables or read-only files", async () => {
    const { check } = await flux("managed-secrets.yaml");
    const secrets = docs(check, "github", "prod").filter((doc) => doc.kind === "ExternalSecret");
    expect(secrets.map((doc) => doc.metadata.name)).toEqual(["github-token", "github-app"]);
    expect(secrets[0].spec).toMatchObject({
      secretStoreRef: { kind: "ClusterSecretStore", name: "vault-prod" },
      target: { name: "github-token", creationPolicy: "Owner" },
      data: [{ secretKey: "GITHUB_PERSONAL_ACCESS_TOKEN", remoteRef: { key: "mcp/github", property: "token" } }],
    });
    expect(secrets[1].spec.refreshInterval).toBe("15m");
  });

  it("defaults the store to a ClusterSecretStore named like the environment", async () => {
    const { check } = await flux("managed-secrets.yaml");
    const [token] = docs(check, "github", "dev").filter((doc) => doc.kind === "ExternalSecret");
    expect(token.spec.secretStoreRef).toEqual({ kind: "ClusterSecretStore", name: "dev" });
  });

  it("mounts files read-only and passes variables by envFrom (Deployment) or secretRefs (MCPServer)", async () => {
    const { check } = await argo("managed-secrets.yaml");
    const pod = one(check, "github", "prod", "Deployment").spec.template.spec;
    const container = pod.containers[0];
    expect(container.envFrom).toEqual([{ secretRef: { name: "github-token" } }]);
    expect(container.volumeMounts).toContainEqual({ name: "secret-app", mountPath: "/etc/github-app", readOnly: true });
    expect(pod.volumes).toContainEqual({ name: "secret-app", secret: { secretName: "github-app" } });
    const files = one(check, "files", "prod", "MCPServer").spec.deployment;
    expect(files.secretRefs).toEqual([{ name: "files-env" }]);
    expect(one(check, "files", "prod", "ExternalSecret").spec.dataFrom).toEqual([{ extract: { key: "mcp/files" } }]);
  });

  it("applies the ExternalSecrets a wave before the workload under Argo CD, which sorts custom kinds last", async () => {
    // Argo CD's sync waves: within a wave, kinds it does not know are applied after Deployments; its built-in
    // ExternalSecret health check then holds the workload until the Secret is synced.
    const argoSecrets = docs((await argo("managed-secrets.yaml")).check, "github", "prod").filter(
      (doc) => doc.kind === "ExternalSecret",
    );
    for (const secret of argoSecrets)
      expect(secret.metadata.annotations).toEqual({ "argocd.argoproj.io/sync-wave": "-1" });
    const fluxSecrets = docs((await flux("managed-secrets.yaml")).check, "github", "prod").filter(
      (doc) => doc.kind === "ExternalSecret",
    );
    for (const secret of fluxSecrets) expect(secret.metadata.annotations).toBeUndefined();
  });

  it("tells where each store goes: a ClusterSecretStore once per cluster", async () => {
    const readme = readFileSync(join((await flux("managed-secrets.yaml")).root, "README.md"), "utf8");
    expect(readme).toContain(
      "- ClusterSecretStore `vault-prod` (prod): cluster-wide, so create it once in each cluster.",
    );
    expect(readme).not.toContain("Create each store once per cluster");
  });

  it("installs External Secrets Operator, and leaves a folder for SealedSecrets in every environment", async () => {
    const { check, root } = await flux("managed-secrets.yaml");
    expect(
      check.platform.filter((doc: any) => doc.kind === "HelmRelease").map((doc: any) => doc.metadata.name),
    ).toContain("external-secrets");
    expect(existsSync(join(root, "apps/prod/secrets/kustomization.yaml"))).toBe(true);
    const argoRoot = (await argo("managed-secrets.yaml")).check;
    const apps = argoRoot.gitops.get("prod")!.map((doc: any) => doc.metadata.name);
    expect(apps).toContain("secrets-prod");
  });
});

describe("secrets in Git", () => {
  it("Flux decrypts apps/<env> with the age key, and .sops.yaml encrypts the secrets folders", async () => {
    const { check, root } = await flux("secrets-in-git-flux.yaml");
    const kustomization: any = check.gitops.get("prod")!.find((doc) => doc.kind === "Kustomization");
    expect(kustomization.spec.decryption).toEqual({ provider: "sops", secretRef: { name: "sops-age" } });
    const sops = parse(readFileSync(join(root, ".sops.yaml"), "utf8"));
    expect(sops.creation_rules[0]).toMatchObject({ encrypted_regex: "^(data|stringData)$" });
    expect("apps/prod/secrets/db.yaml").toMatch(new RegExp(sops.creation_rules[0].path_regex));
    expect("apps/base/weather/values.yaml").not.toMatch(new RegExp(sops.creation_rules[0].path_regex));
  });

  it("encrypts a new Secret through a pipe, so no plaintext file ever sits in the working tree", async () => {
    const readme = readFileSync(join((await flux("secrets-in-git-flux.yaml")).root, "README.md"), "utf8");
    expect(readme).toContain(
      "| sops --encrypt --filename-override apps/<environment>/secrets/weather-api.yaml --input-type yaml --output-type yaml /dev/stdin",
    );
    expect(readme).not.toContain("--in-place");
  });
});

describe("quotas, configuration files and storage", () => {
  it("sizes the quota from the servers at their most, with a LimitRange of the environment's size", async () => {
    const { check } = await flux("quotas-and-storage.yaml");
    const dev = check.gitops.get("dev")!;
    const quota: any = dev.find((doc) => doc.kind === "ResourceQuota");
    // dev (small: 100m/128Mi): search 1 + surge 1, notes 1 (Recreate), docs 1 + surge 1, three checks (10m/16Mi),
    // plus 20%: 5 × 100m + 30m = 530m → 636m; pods 8 → 10.
    expect(quota.spec.hard).toMatchObject({ "requests.cpu": "636m", pods: "10", persistentvolumeclaims: "2" });
    const limits: any = dev.find((doc) => doc.kind === "LimitRange");
    expect(limits.spec.limits[0]).toMatchObject({
      type: "Container",
      defaultRequest: { cpu: "100m", memory: "128Mi" },
    });
    const prod: any = check.gitops.get("prod")!.find((doc) => doc.kind === "ResourceQuota");
    expect(prod.spec.hard["requests.storage"]).toBe("20Gi");
  });

  it("mounts configuration read-only with a checksum that rolls the pods, and storage writable", async () => {
    const { check } = await argo("quotas-and-storage.yaml");
    const config = one(check, "search", "dev", "ConfigMap");
    expect(config.data["search.yaml"]).toBe("index: /var/lib/search\nlanguages: [en, de]\n");
    const deployment = one(check, "search", "dev", "Deployment");
    expect(deployment.spec.template.metadata.annotations["checksum/config"]).toMatch(/^[a-f0-9]{16}$/);
    const mounts = deployment.spec.template.spec.containers[0].volumeMounts;
    expect(mounts).toContainEqual({ name: "config", mountPath: "/etc/search", readOnly: true });
    expect(mounts).toContainEqual({ name: "data-index", mountPath: "/var/lib/search" });
    const claim = one(check, "search", "dev", "PersistentVolumeClaim");
    expect(claim.spec).toMatchObject({ accessModes: ["ReadWriteMany"], storageClassName: "nfs-client" });
    expect(claim.metadata.annotations).toEqual({ "argocd.argoproj.io/sync-options": "Delete=false,Prune=false" });
    expect(one(check, "docs", "dev", "MCPServer").spec.deployment.volumes).toContainEqual({
      name: "data-scratch",
      emptyDir: { sizeLimit: "128Mi" },
    });
  });

  it("beside a server on its own chart, defaults requests only, and shares volumes on a class that can", async () => {
    // limit-range docs: a default limit below a container's request gets the pod refused, and a container run
    // without limits on purpose gets them; so with a foreign chart in the namespace only requests are defaulted.
    const { check } = await flux("kitchen-sink.yaml");
    const limits: any = check.gitops.get("dev")!.find((doc) => doc.kind === "LimitRange");
    expect(limits.spec.limits).toEqual([{ type: "Container", defaultRequest: { cpu: "100m", memory: "128Mi" } }]);
    // ReadWriteMany needs a class that serves it: the usual default classes (EBS, PD, Azure Disk) are single-node.
    expect(one(check, "files", "prod", "PersistentVolumeClaim").spec).toMatchObject({
      accessModes: ["ReadWriteMany"],
      storageClassName: "efs-sc",
    });
  });

  it("rolls a ReadWriteOnce volume with Recreate, and Flux keeps claims with Helm's resource policy", async () => {
    const { check } = await flux("quotas-and-storage.yaml");
    expect(one(check, "notes", "prod", "Deployment").spec.strategy).toEqual({ type: "Recreate" });
    expect(one(check, "search", "prod", "Deployment").spec.strategy.type).toBe("RollingUpdate");
    const claim = one(check, "notes", "prod", "PersistentVolumeClaim");
    expect(claim.metadata.annotations).toEqual({ "helm.sh/resource-policy": "keep" });
  });
});

describe("tracing", () => {
  it("sets the OTEL_* environment with the pod's name from the downward API, declared before its use", async () => {
    const { check } = await argo("tracing.yaml");
    const env = one(check, "weather", "prod", "Deployment").spec.template.spec.containers[0].env;
    const names = env.map((entry: any) => entry.name);
    expect(names.indexOf("K8S_POD_NAME")).toBeLessThan(names.indexOf("OTEL_RESOURCE_ATTRIBUTES"));
    const value = (name: string) => env.find((entry: any) => entry.name === name)?.value;
    expect(value("OTEL_EXPORTER_OTLP_ENDPOINT")).toBe("http://otel-collector.observability:4318");
    expect(value("OTEL_SERVICE_NAME")).toBe("weather");
    expect(value("OTEL_RESOURCE_ATTRIBUTES")).toBe(
      "deployment.environment.name=prod,k8s.namespace.name=mcp-prod,k8s.pod.name=$(K8S_POD_NAME)",
    );
    expect(value("OTEL_TRACES_SAMPLER_ARG")).toBe("0.1");
    // The spec's default exporter is otlp for metrics and logs too: only traces go to the collector unless asked.
    expect([value("OTEL_METRICS_EXPORTER"), value("OTEL_LOGS_EXPORTER")]).toEqual(["none", "none"]);
    expect(
      one(check, "weather", "dev", "Deployment").spec.template.spec.containers[0].env.find(
        (entry: any) => entry.name === "OTEL_TRACES_SAMPLER_ARG",
      ).value,
    ).toBe("1");
  });

  it("leaves a server out when it says so, and gives kagent's pods the variables without the pod name", async () => {
    const { check } = await flux("tracing.yaml");
    const legacy = one(check, "legacy", "prod", "Deployment").spec.template.spec.containers[0].env;
    expect(legacy.some((entry: any) => entry.name.startsWith("OTEL_"))).toBe(false);
    const files = one(check, "files", "prod", "MCPServer").spec.deployment.env;
    expect(files).toMatchObject({
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
      OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name=prod,k8s.namespace.name=mcp-prod",
    });
  });

  it("opens the network policy to the collector on its port", async () => {
    const { check } = await flux("tracing.yaml");
    const egress = one(check, "files", "prod", "NetworkPolicy").spec.egress;
    expect(egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "observability" } } }],
      ports: [{ port: 4317, protocol: "TCP" }],
    });
    const legacy = one(check, "legacy", "prod", "NetworkPolicy").spec.egress;
    expect(JSON.stringify(legacy)).not.toContain("observability");
  });
});

describe("traffic policy at the edge", () => {
  it("ingress-nginx: annotations, and response headers through a custom-headers ConfigMap named by its content", async () => {
    const { check } = await flux("edge-nginx.yaml");
    const ingress = one(check, "weather", "prod", "Ingress");
    // ratelimit/main.go: the burst is the rate times limit-burst-multiplier (5 when absent): 10/s × 5 = the answer's 50.
    expect(ingress.metadata.annotations).toMatchObject({
      "nginx.ingress.kubernetes.io/limit-rps": "10",
      "nginx.ingress.kubernetes.io/limit-burst-multiplier": "5",
      "nginx.ingress.kubernetes.io/enable-cors": "true",
      "nginx.ingress.kubernetes.io/cors-allow-credentials": "true",
    });
    const headers = one(check, "weather", "prod", "ConfigMap");
    expect(headers.data).toEqual({
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "SAMEORIGIN",
      "Referrer-Policy": "no-referrer",
    });
    // The store re-reads a custom-headers ConfigMap only when its Ingress changes (parser.AnnotationsReferencesConfigmap
    // knows only auth-proxy-set-header and fastcgi-params-configmap), so the name carries the content's hash: Helm's
    // sha256sum of toJson (sorted keys), cut to 8.
    const json = JSON.stringify(Object.fromEntries(Object.entries(headers.data).sort(([a], [b]) => (a < b ? -1 : 1))));
    const hash = createHash("sha256").update(json).digest("hex").slice(0, 8);
    expect(headers.metadata.name).toBe(`weather-headers-${hash}`);
    expect(ingress.metadata.annotations["nginx.ingress.kubernetes.io/custom-headers"]).toBe(
      `mcp-prod/weather-headers-${hash}`,
    );
  });

  it("ingress-nginx: warns and documents that its controller must allow the headers first", async () => {
    // customheaders/main.go denies the location for a header missing from global-allowed-response-headers, which
    // config.go leaves empty: nginx.tmpl then writes `return 503;` for the whole host.
    const { result } = await scaffold("edge-nginx.yaml", "flux");
    const patch = `kubectl patch configmap ingress-nginx-controller -n ingress-nginx --type merge -p '{"data":{"global-allowed-response-headers":"X-Content-Type-Options,X-Frame-Options,Referrer-Policy"}}'`;
    expect(result.stdout).toMatch(
      /warning: environments\[prod\]: ingress-nginx refuses the security headers .* answers 503/,
    );
    expect(result.stdout).toContain(patch);
    const { root } = await flux("edge-nginx.yaml");
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme).toContain("**Before the first sync: let ingress-nginx serve the security headers.**");
    expect(readme).toContain(`${patch}   # prod`);
    expect(readme).toContain("| prod | nginx | 10/s, burst 50 |");
  });

  it("Traefik: Middlewares referenced by the Ingress annotation and by HTTPRoute ExtensionRef filters", async () => {
    const { check } = await argo("edge-traefik.yaml");
    const ingress = one(check, "weather", "staging", "Ingress");
    expect(ingress.metadata.annotations["traefik.ingress.kubernetes.io/router.middlewares"]).toBe(
      "mcp-staging-weather-ratelimit@kubernetescrd,mcp-staging-weather-headers@kubernetescrd",
    );
    const middlewares = docs(check, "weather", "staging").filter((doc) => doc.kind === "Middleware");
    expect(middlewares[0].spec).toEqual({ rateLimit: { average: 20, period: "1s", burst: 40 } });
    const route = one(check, "weather", "prod", "HTTPRoute");
    expect(route.spec.rules[0].filters).toEqual([
      { type: "ExtensionRef", extensionRef: { group: "traefik.io", kind: "Middleware", name: "weather-ratelimit" } },
      { type: "ExtensionRef", extensionRef: { group: "traefik.io", kind: "Middleware", name: "weather-headers" } },
    ]);
  });

  it("Kong: KongPlugins from the Ingress annotation and HTTPRoute filters", async () => {
    const { check } = await flux("edge-kong.yaml");
    const ingress = one(check, "weather", "dev", "Ingress");
    expect(ingress.metadata.annotations["konghq.com/plugins"]).toBe("weather-rate-limiting,weather-cors");
    const plugins = docs(check, "weather", "prod").filter((doc) => doc.kind === "KongPlugin");
    expect(plugins.map((doc) => doc.plugin)).toEqual(["rate-limiting", "cors", "response-transformer"]);
    expect(plugins[0].config).toEqual({ minute: 3000, policy: "local", limit_by: "ip" });
    expect(plugins[2].config.add.headers).toContain("Strict-Transport-Security:max-age=31536000");
    const filters = one(check, "weather", "prod", "HTTPRoute").spec.rules[0].filters;
    expect(filters.map((filter: any) => filter.extensionRef.name)).toEqual([
      "weather-rate-limiting",
      "weather-cors",
      "weather-security-headers",
    ]);
  });

  it("Gateway API: the standard CORS and ResponseHeaderModifier filters, in both modes", async () => {
    const { check } = await argo("edge-gateway-api.yaml");
    for (const server of ["weather", "files"]) {
      const [cors, headers] = one(check, server, "prod", "HTTPRoute").spec.rules[0].filters;
      expect(cors).toMatchObject({ type: "CORS", cors: { allowOrigins: ["https://app.example.com"], maxAge: 600 } });
      expect(headers.responseHeaderModifier.set).toContainEqual({
        name: "Strict-Transport-Security",
        value: "max-age=31536000; includeSubDomains",
      });
    }
  });
});
