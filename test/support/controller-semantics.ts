/**
 * Controller semantics: what Flux and Argo CD actually do with a generated repository, encoded as checks that return
 * findings (an empty list means the controllers would do what the README promises). Each check cites the upstream
 * behaviour it encodes. They read a RepositoryCheck (kustomize builds and `helm template` of every release), plus
 * the repository's files where a controller reads files.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import type { RepositoryCheck } from "./repo-check.js";
import { kustomizeBuild, parseManifests, type KubeDocument } from "./tools.js";

type Doc = Record<string, any>;

/**
 * Cluster-scoped kinds, by group/kind. Every kind the tests validate (./known-kinds.ts) is either here or namespaced
 * (NAMESPACED_GROUPS): a new kind must be placed before these checks accept it.
 */
const CLUSTER_SCOPED = new Set([
  "/Namespace",
  "cert-manager.io/ClusterIssuer",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
]);
const NAMESPACED = new Set([
  "/ConfigMap",
  "/Secret",
  "/Service",
  "/ServiceAccount",
  "/Pod",
  "/PersistentVolumeClaim",
  "apps/Deployment",
  "apps/StatefulSet",
  "apps/DaemonSet",
  "batch/Job",
  "batch/CronJob",
  "policy/PodDisruptionBudget",
  "autoscaling/HorizontalPodAutoscaler",
  "networking.k8s.io/Ingress",
  "networking.k8s.io/NetworkPolicy",
  "rbac.authorization.k8s.io/Role",
  "rbac.authorization.k8s.io/RoleBinding",
  "monitoring.coreos.com/ServiceMonitor",
  "monitoring.coreos.com/PodMonitor",
  "monitoring.coreos.com/PrometheusRule",
  "gateway.networking.k8s.io/HTTPRoute",
  "gateway.networking.k8s.io/ReferenceGrant",
  "cert-manager.io/Certificate",
  "cert-manager.io/Issuer",
  "keda.sh/ScaledObject",
  "autoscaling.k8s.io/VerticalPodAutoscaler",
  "kagent.dev/MCPServer",
  "grafana.integreatly.org/GrafanaDashboard",
]);

/** The operator (answers.infrastructure component) behind each custom resource group the chart renders. */
const OPERATORS: Record<string, { component: string; releases: string[] }> = {
  "cert-manager.io": { component: "certManager", releases: ["cert-manager"] },
  "gateway.networking.k8s.io": { component: "gatewayApi", releases: [] },
  "monitoring.coreos.com": { component: "kubePrometheusStack", releases: ["kube-prometheus-stack"] },
  "grafana.integreatly.org": { component: "grafanaOperator", releases: ["grafana-operator"] },
  "kagent.dev": { component: "kagent", releases: ["kagent-crds", "kagent"] },
  "keda.sh": { component: "keda", releases: ["keda"] },
  "autoscaling.k8s.io": { component: "vpa", releases: ["vpa"] },
};
const GATEWAY_API_REPO = "https://github.com/kubernetes-sigs/gateway-api";

const groupOf = (doc: Doc) => (String(doc.apiVersion).includes("/") ? String(doc.apiVersion).split("/")[0]! : "");
const kindKey = (doc: Doc) => `${groupOf(doc)}/${doc.kind}`;
const flux = (check: RepositoryCheck) => check.answers.gitops === "flux";
const allDocs = (check: RepositoryCheck) => [...check.platform, ...[...check.gitops.values()].flat()];
const applications = (check: RepositoryCheck) =>
  dedupe(allDocs(check).filter((doc) => doc.kind === "Application") as Doc[]);

function dedupe(docs: Doc[]): Doc[] {
  return [...new Map(docs.map((doc) => [`${doc.kind}/${doc.metadata.namespace}/${doc.metadata.name}`, doc])).values()];
}

/** Go's filepath.Match for the `*` and `?` Argo CD's project names use. */
function glob(pattern: string, text: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${regex}$`).test(text);
}

/**
 * Argo CD refuses to sync a cluster-scoped object its project does not whitelist ("Resource cert-manager.io:ClusterIssuer
 * is not permitted in project"), and CreateNamespace needs Namespace whitelisted
 * (https://argo-cd.readthedocs.io/en/stable/user-guide/projects/ ; argoproj/argo-cd#8218). The servers' project must
 * allow every cluster-scoped object their Applications render, and nothing more.
 */
export function appProjectFindings(check: RepositoryCheck): string[] {
  if (flux(check)) return [];
  const findings: string[] = [];
  const projects = new Map(
    allDocs(check)
      .filter((d) => d.kind === "AppProject")
      .map((d: Doc) => [d.metadata.name, d]),
  );
  const used = new Map<string, Set<number>>();
  for (const app of applications(check)) {
    const release = check.releases.find(
      (r) => app.spec.source?.helm?.releaseName === r.server && app.metadata.name === `${r.server}-${r.environment}`,
    );
    if (!release?.rendered) continue;
    const project = projects.get(app.spec.project);
    if (!project) {
      findings.push(`${app.metadata.name}: project ${app.spec.project} is not in the repository`);
      continue;
    }
    const wanted = release.rendered
      .filter((doc) => {
        const key = kindKey(doc as Doc);
        if (!CLUSTER_SCOPED.has(key) && !NAMESPACED.has(key))
          findings.push(`${key}: unknown scope, add it to the checks`);
        return CLUSTER_SCOPED.has(key);
      })
      .map((doc: Doc) => ({ group: groupOf(doc), kind: doc.kind, name: doc.metadata.name }));
    if ((app.spec.syncPolicy?.syncOptions ?? []).includes("CreateNamespace=true"))
      wanted.push({ group: "", kind: "Namespace", name: app.spec.destination.namespace });
    const list: Doc[] = project.spec.clusterResourceWhitelist ?? [];
    const marks = used.get(project.metadata.name) ?? new Set<number>();
    used.set(project.metadata.name, marks);
    for (const object of wanted) {
      const index = list.findIndex(
        (entry) =>
          (entry.group === "*" || entry.group === object.group) &&
          (entry.kind === "*" || entry.kind === object.kind) &&
          (!entry.name || glob(entry.name, object.name)),
      );
      if (index < 0)
        findings.push(
          `${app.metadata.name}: ${object.group || "core"}/${object.kind} ${object.name} is not permitted in project ${project.metadata.name}`,
        );
      else marks.add(index);
    }
  }
  for (const [name, marks] of used) {
    const list: Doc[] = projects.get(name)!.spec.clusterResourceWhitelist ?? [];
    list.forEach((entry, index) => {
      if (!marks.has(index))
        findings.push(
          `project ${name} allows ${entry.group || "core"}/${entry.kind} ${entry.name ?? "(any name)"}, which no Application renders`,
        );
    });
  }
  return findings;
}

/**
 * Any change to a Deployment's pod template is a rollout (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 * "Updating a Deployment"), and a rollout drops every live MCP session: pod templates carry no chart or app version.
 */
export function podTemplateFindings(check: RepositoryCheck): string[] {
  const findings: string[] = [];
  for (const release of check.releases) {
    for (const doc of (release.rendered ?? []) as Doc[]) {
      const labels =
        doc.kind === "MCPServer"
          ? doc.spec?.deployment?.labels
          : ["Deployment", "StatefulSet", "DaemonSet"].includes(doc.kind)
            ? doc.spec?.template?.metadata?.labels
            : undefined;
      for (const key of Object.keys(labels ?? {}))
        if (key === "helm.sh/chart" || key === "app.kubernetes.io/version")
          findings.push(`${release.server} in ${release.environment}: ${doc.kind} pod template is labelled ${key}`);
    }
  }
  return findings;
}

/**
 * With `reconcileStrategy: Revision` source-controller versions a chart from a GitRepository `<version>+<commit[0:12]>`
 * on every commit, and helm-controller upgrades a release whenever that version changes (source-controller
 * docs/spec/v1/helmcharts.md; helm-controller internal/action/verify.go). A commit touching only apps/<other> must
 * leave a release's HelmRelease, values and chart version — and so its pods — exactly as they were.
 * Returns the inputs a controller sees for every release of `environment`, at a commit.
 */
export async function releaseInputs(
  dir: string,
  check: RepositoryCheck,
  environment: string,
  commit: string,
): Promise<string> {
  const inputs: unknown[] = [];
  const chart = parse(await readFile(join(dir, "charts/mcp-server/Chart.yaml"), "utf8"));
  if (flux(check)) {
    const docs = await kustomizeBuild(join(dir, `apps/${environment}`));
    for (const release of docs.filter((d) => d.kind === "HelmRelease") as Doc[]) {
      const spec = release.spec.chart?.spec;
      // What source-controller makes of the chart's version (helmchart_controller.go: rev[0:12]).
      const version =
        spec?.sourceRef?.kind === "GitRepository" && spec.reconcileStrategy !== "ChartVersion"
          ? `${chart.version}+${commit.slice(0, 12)}`
          : chart.version;
      const values = (release.spec.valuesFrom ?? []).map((ref: Doc) =>
        docs.find((d: Doc) => d.kind === "ConfigMap" && d.metadata.name === ref.name),
      );
      inputs.push({ spec: release.spec, values, version });
    }
  } else {
    const apps = (await kustomizeBuild(join(dir, `argocd/${environment}`))).filter(
      (d) => d.kind === "Application",
    ) as Doc[];
    for (const app of apps) {
      const files = (app.spec.source?.helm?.valueFiles ?? []).map((file: string) => file.replace(/^\.\.\/\.\.\//, ""));
      inputs.push({
        spec: app.spec,
        values: await Promise.all(files.map((file: string) => readFile(join(dir, file), "utf8"))),
        version: chart.version,
      });
    }
  }
  return JSON.stringify(inputs);
}

/**
 * Nothing orders a custom resource after the operator that serves its kind unless the repository says so: Flux
 * applies a Kustomization only after its `dependsOn` are Ready, and a `wait: true` Kustomization is Ready only once
 * what it applied is (kustomize-controller docs/spec/v1/kustomizations.md §Dependencies, §Wait); Argo CD syncs the
 * waves of one parent in order, and waits for a wave of Applications only with the Application health check
 * (https://argo-cd.readthedocs.io/en/stable/operator-manual/health/ §Argocd App; user-guide/sync-waves.md).
 */
export function orderingFindings(check: RepositoryCheck): string[] {
  const findings: string[] = [];
  for (const release of check.releases) {
    const groups = new Set((release.rendered ?? []).map((doc) => groupOf(doc as Doc)));
    for (const group of groups) {
      const operator = OPERATORS[group];
      if (!operator) continue;
      const problem = flux(check)
        ? fluxOrder(check, release.environment, operator)
        : argoOrder(check, release, operator);
      if (problem) findings.push(`${release.server} in ${release.environment}: ${group} objects ${problem}`);
    }
  }
  return [...new Set(findings)];
}

function fluxOrder(
  check: RepositoryCheck,
  environment: string,
  operator: (typeof OPERATORS)[string],
): string | undefined {
  const kustomizations = new Map(
    check.platform.filter((d) => d.kind === "Kustomization").map((d: Doc) => [d.metadata.name, d]),
  );
  const own = [...kustomizations.values()].find((k) => k.spec.path === `./apps/${environment}`);
  if (!own) return "are applied by no Kustomization";
  const provides = (k: Doc) => {
    if (!k.spec.wait && !k.spec.healthChecks) return false;
    if (operator.component === "gatewayApi")
      return check.platform.some(
        (d: Doc) =>
          d.kind === "GitRepository" && d.metadata.name === k.spec.sourceRef.name && d.spec.url === GATEWAY_API_REPO,
      );
    return (
      k.spec.path === "./infrastructure" &&
      operator.releases.every((name) =>
        check.platform.some((d: Doc) => d.kind === "HelmRelease" && d.metadata.name === name),
      )
    );
  };
  const seen = new Set<string>();
  const reaches = (k: Doc): boolean =>
    (k.spec.dependsOn ?? []).some((dep: Doc) => {
      const next = kustomizations.get(dep.name);
      if (!next || seen.has(dep.name)) return false;
      seen.add(dep.name);
      return provides(next) || reaches(next);
    });
  return reaches(own)
    ? undefined
    : "are applied before anything installs their operator (no dependsOn on a waiting Kustomization that installs it)";
}

function argoOrder(
  check: RepositoryCheck,
  release: RepositoryCheck["releases"][number],
  operator: (typeof OPERATORS)[string],
): string | undefined {
  const apps = applications(check);
  const config = check.platform.find((d: Doc) => d.kind === "ConfigMap" && d.metadata.name === "argocd-cm") as
    | Doc
    | undefined;
  if (!config?.data?.["resource.customizations.health.argoproj.io_Application"])
    return "wait on no sync wave: Argo CD has no Application health check, so a parent never waits for its children";
  const server = apps.find((app) => app.metadata.name === `${release.server}-${release.environment}`);
  const parent = apps.find((app) => app.spec.source?.path === `argocd/${release.environment}`);
  if (!server || !parent) return "belong to an Application no root syncs";
  const cluster = JSON.stringify([server.spec.destination.name, server.spec.destination.server]);
  const wave = (app: Doc) => Number(app.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0);
  const providers = apps.filter(
    (app) =>
      JSON.stringify([app.spec.destination.name, app.spec.destination.server]) === cluster &&
      (operator.component === "gatewayApi"
        ? app.spec.source?.repoURL === GATEWAY_API_REPO
        : operator.releases.includes(app.spec.source?.chart)),
  );
  if (providers.length < Math.max(1, operator.releases.length))
    return "are synced where no Application installs their operator";
  const late = providers.filter((app) => wave(app) >= wave(parent));
  return late.length
    ? `are synced no later than their operator (${late.map((app) => app.metadata.name).join(", ")})`
    : undefined;
}

/**
 * The root Application is the only thing applied by hand: every Application must be reachable from it (its path,
 * then each child's path), or adding, changing and removing it is manual again
 * (https://argo-cd.readthedocs.io/en/stable/operator-manual/cluster-bootstrapping/ "App Of Apps Pattern").
 * For Flux the same holds for Kustomizations: every environment is applied from a cluster folder bootstrap applies.
 */
export async function rootCoverageFindings(dir: string, check: RepositoryCheck): Promise<string[]> {
  if (flux(check)) {
    const paths = new Set(check.platform.filter((d) => d.kind === "Kustomization").map((d: Doc) => d.spec.path));
    return check.answers.environments
      .filter((env: Doc) => !paths.has(`./apps/${env.name}`))
      .map((env: Doc) => `apps/${env.name} is applied by no Kustomization`);
  }
  const every = new Set<string>();
  for (const file of await listYaml(join(dir, "argocd")))
    for (const doc of parseManifests(await readFile(file, "utf8"), file) as Doc[])
      if (doc.kind === "Application") every.add(doc.metadata.name);
  let roots: Doc[] = [];
  try {
    roots = (parseManifests(await readFile(join(dir, "argocd/root.yaml"), "utf8"), "root.yaml") as Doc[]).filter(
      (d) => d.kind === "Application",
    );
  } catch {
    return ["there is no root Application (argocd/root.yaml): every Application is applied by hand"];
  }
  const reached = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const app = queue.shift()!;
    if (reached.has(app.metadata.name)) continue;
    reached.add(app.metadata.name);
    if (app.spec.source?.path?.startsWith("argocd/"))
      queue.push(
        ...((await kustomizeBuild(join(dir, app.spec.source.path))).filter((d) => d.kind === "Application") as Doc[]),
      );
  }
  return [...every].filter((name) => !reached.has(name)).map((name) => `Application ${name} is synced by no root`);
}

async function listYaml(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? listYaml(join(dir, entry.name))
        : Promise.resolve(entry.name.endsWith(".yaml") ? [join(dir, entry.name)] : []),
    ),
  );
  return files.flat().filter((file) => !file.endsWith("kustomization.yaml"));
}

/**
 * A field the API server defaults and the manifest omits is a permanent diff: with ServerSideApply and no
 * Server-Side Diff an HTTPRoute stays OutOfSync and self-heal loops (argoproj/argo-cd#22151;
 * https://argo-cd.readthedocs.io/en/stable/user-guide/diff-strategies/). So the chart writes every field the CRDs
 * default (Gateway API v1.6.1 HTTPRoute; kmcp v0.3.0 MCPServer timeout 30s), and Argo CD diffs server-side.
 */
export function defaultedFieldFindings(check: RepositoryCheck): string[] {
  const findings: string[] = [];
  for (const release of check.releases) {
    const where = `${release.server} in ${release.environment}`;
    for (const doc of (release.rendered ?? []) as Doc[]) {
      if (doc.kind === "HTTPRoute") {
        for (const ref of doc.spec.parentRefs ?? [])
          for (const field of ["group", "kind"])
            if (ref[field] === undefined) findings.push(`${where}: HTTPRoute parentRef without ${field}`);
        for (const rule of doc.spec.rules ?? []) {
          if (!rule.matches) findings.push(`${where}: HTTPRoute rule without matches`);
          for (const match of rule.matches ?? [])
            if (!match.path?.type || match.path.value === undefined)
              findings.push(`${where}: HTTPRoute match without path type and value`);
          for (const ref of rule.backendRefs ?? [])
            for (const field of ["group", "kind", "weight"])
              if (ref[field] === undefined) findings.push(`${where}: HTTPRoute backendRef without ${field}`);
        }
      }
      if (doc.kind === "MCPServer" && doc.spec.timeout === undefined)
        findings.push(`${where}: MCPServer without timeout`);
    }
  }
  for (const app of applications(check)) {
    const ssa = (app.spec.syncPolicy?.syncOptions ?? []).includes("ServerSideApply=true");
    const ssd = String(app.metadata.annotations?.["argocd.argoproj.io/compare-options"] ?? "").includes(
      "ServerSideDiff=true",
    );
    if (ssa && !ssd) findings.push(`Application ${app.metadata.name}: ServerSideApply without Server-Side Diff`);
  }
  return findings;
}

/**
 * Objects are unique per kind, namespace and name (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/):
 * two environments in one cluster need their own Kustomization (or Application) names, applied from one folder that
 * one bootstrap owns.
 */
export async function sharedClusterFindings(dir: string, check: RepositoryCheck): Promise<string[]> {
  const findings: string[] = [];
  if (!flux(check)) {
    const names = applications(check).map((app) => app.metadata.name);
    for (const name of new Set(names))
      if (names.filter((n) => n === name).length > 1) findings.push(`two Applications named ${name}`);
    return findings;
  }
  const byCluster = new Map<string, string[]>();
  for (const env of check.answers.environments as Doc[]) {
    const key = env.cluster === "in-cluster" ? `own:${env.name}` : env.cluster;
    byCluster.set(key, [...(byCluster.get(key) ?? []), env.name]);
  }
  const folders = await readdir(join(dir, "clusters"));
  for (const [cluster, envs] of byCluster) {
    const holding = [];
    for (const folder of folders) {
      const docs = [] as Doc[];
      for (const file of await readdir(join(dir, "clusters", folder)))
        docs.push(...(parseManifests(await readFile(join(dir, "clusters", folder, file), "utf8"), file) as Doc[]));
      const names = docs
        .filter((d) => d.kind === "Kustomization")
        .map((d) => `${d.metadata.namespace}/${d.metadata.name}`);
      for (const name of new Set(names))
        if (names.filter((n) => n === name).length > 1)
          findings.push(`clusters/${folder}: two Kustomizations named ${name}`);
      if (docs.some((d) => d.kind === "Kustomization" && envs.some((env) => d.spec.path === `./apps/${env}`)))
        holding.push({ folder, names });
    }
    if (holding.length > 1) {
      findings.push(
        `cluster ${cluster.replace(/^own:/, "")} (${envs.join(", ")}) is split over ${holding.map((h) => `clusters/${h.folder}`).join(", ")}: two bootstraps of one cluster`,
      );
      const names = holding.flatMap((h) => h.names);
      for (const name of new Set(names))
        if (names.filter((n) => n === name).length > 1)
          findings.push(`cluster ${cluster}: the Kustomization ${name} is defined twice`);
    }
  }
  return findings;
}

/**
 * helm-controller's default install strategy, RemediateOnFailure, uninstalls a failed first install and stops after
 * its retries until the chart's version changes; RetryOnFailure retries it as an upgrade (helm-controller
 * docs/spec/v2/helmreleases.md §Install strategy, Flux 2.7). A first install races its CRDs and webhooks, so it must
 * retry. And a chart from a GitRepository must not be versioned per commit (Revision).
 */
export function helmReleaseFindings(check: RepositoryCheck): string[] {
  if (!flux(check)) return [];
  const releases = dedupe(allDocs(check).filter((d) => d.kind === "HelmRelease") as Doc[]);
  return releases.flatMap((release) => {
    const findings = [];
    if (release.spec.install?.strategy?.name !== "RetryOnFailure" && !(release.spec.install?.remediation?.retries < 0))
      findings.push(
        `HelmRelease ${release.metadata.name}: a failed first install is not retried (install.strategy RetryOnFailure)`,
      );
    if (
      release.spec.chart?.spec?.sourceRef?.kind === "GitRepository" &&
      release.spec.chart.spec.reconcileStrategy === "Revision"
    )
      findings.push(
        `HelmRelease ${release.metadata.name}: the chart's version changes with every commit (reconcileStrategy Revision)`,
      );
    return findings;
  });
}

/**
 * Pod Security admission reads `enforce-version` beside `enforce`; without it the level is evaluated as of the
 * newest version (https://kubernetes.io/docs/concepts/security/pod-security-admission/). Both engines label the
 * namespaces alike. And an MCPServer needs a health check of its own in Argo CD: there is no built-in one
 * (https://argo-cd.readthedocs.io/en/stable/operator-manual/health/), so kagent's failures would read Healthy.
 */
export function namespaceAndHealthFindings(check: RepositoryCheck): string[] {
  const findings: string[] = [];
  if (flux(check)) {
    for (const ns of dedupe(
      allDocs(check).filter(
        (d) => d.kind === "Namespace" && d.metadata.labels?.["pod-security.kubernetes.io/enforce"],
      ) as Doc[],
    ))
      if (!ns.metadata.labels["pod-security.kubernetes.io/enforce-version"])
        findings.push(`Namespace ${ns.metadata.name} without enforce-version`);
    return findings;
  }
  for (const app of applications(check)) {
    const labels = app.spec.syncPolicy?.managedNamespaceMetadata?.labels;
    if (labels?.["pod-security.kubernetes.io/enforce"] && !labels["pod-security.kubernetes.io/enforce-version"])
      findings.push(`Application ${app.metadata.name}: managed namespace without enforce-version`);
  }
  const mcpServers = check.releases.some((r) => (r.rendered ?? []).some((doc) => doc.kind === "MCPServer"));
  const config = check.platform.find((d: Doc) => d.kind === "ConfigMap" && d.metadata.name === "argocd-cm") as
    | Doc
    | undefined;
  if (mcpServers && !config?.data?.["resource.customizations.health.kagent.dev_MCPServer"])
    findings.push("MCPServers are rendered but the repository ships no Argo CD health check for kagent.dev/MCPServer");
  return findings;
}

/**
 * The generated workflow: actions pinned by commit (a tag can be moved to other code: aquasecurity/trivy-action#541),
 * every download checked against its release's checksums, a timeout on every job, Helm 4 as helm-controller renders,
 * MCPServer validated rather than skipped, and every release — own charts too — linted.
 */
export async function workflowFindings(dir: string, check: RepositoryCheck): Promise<string[]> {
  const text = await readFile(join(dir, ".github/workflows/validate.yaml"), "utf8");
  const workflow = parse(text);
  const findings: string[] = [];
  for (const [name, job] of Object.entries<Doc>(workflow.jobs)) {
    if (!job["timeout-minutes"]) findings.push(`job ${name} has no timeout-minutes`);
    for (const step of job.steps ?? []) {
      if (step.uses && !/@[0-9a-f]{40}$/.test(step.uses))
        findings.push(`job ${name}: ${step.uses} is not pinned by commit`);
      const run = String(step.run ?? "");
      if (/curl[^\n]*\.tar\.gz/.test(run) && !/sha256sum -c/.test(run))
        findings.push(`job ${name}: a download is not checksum-verified`);
    }
  }
  for (const action of text.matchAll(/uses: \S+@[0-9a-f]{40}(.*)$/gm))
    if (!/^ # v\d/.test(action[1]!)) findings.push(`${action[0]}: no version comment`);
  if (/-skip MCPServer/.test(text)) findings.push("kubeconform skips MCPServer");
  if (!/HELM_VERSION: v4\./.test(text))
    findings.push("the workflow lints with another Helm major than helm-controller's 4");
  for (const server of check.answers.servers as Doc[])
    for (const env of check.answers.environments as Doc[])
      if (!text.includes(` ${server.name} ${env.name} ${env.namespace}`))
        findings.push(`${server.name} in ${env.name} is not linted`);
  return findings;
}

/** Every check on one repository, for the old-output comparison and the fleets. */
export async function allFindings(dir: string, check: RepositoryCheck): Promise<Record<string, string[]>> {
  return {
    appProject: appProjectFindings(check),
    podTemplates: podTemplateFindings(check),
    ordering: orderingFindings(check),
    rootCoverage: await rootCoverageFindings(dir, check),
    defaultedFields: defaultedFieldFindings(check),
    sharedCluster: await sharedClusterFindings(dir, check),
    helmReleases: helmReleaseFindings(check),
    namespacesAndHealth: namespaceAndHealthFindings(check),
    workflow: await workflowFindings(dir, check),
  };
}

export type { KubeDocument };
