// @ts-check
// The Argo CD objects of the files/argocd layer: the root Application (app of apps) and its project, one
// Application per environment that syncs the environment's server Applications from its revision, the
// infrastructure Applications of each cluster, and the projects that allow exactly what those render.
// Plain functions of the answers, no I/O (see helpers.mjs).
/** @import { BlueprintCluster, ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
import { revisionRef } from "./gitops.mjs";
import { componentNamespace, GATEWAY_API, installedComponents, installsGatewayApi } from "./infrastructure.mjs";

export const ARGOCD_NAMESPACE = "argocd";
/** The project of the servers' Applications. */
export const ARGOCD_PROJECT = "mcp-servers";
/** The project of the root and environment Applications: they only create Applications and AppProjects. */
export const ROOT_PROJECT = "mcp-gitops";
export const INFRASTRUCTURE_PROJECT = "mcp-infrastructure";
export const FINALIZER = "resources-finalizer.argocd.argoproj.io";
/** The cluster Argo CD runs in, where every Application object lives. */
const HUB = { server: "https://kubernetes.default.svc", namespace: ARGOCD_NAMESPACE };
/**
 * Server-side apply with Server-Side Diff: the diff is a dry-run apply, so fields the API server defaults are
 * compared as the cluster has them and the Application settles Synced (without it, SSA diffs with the discontinued
 * structured-merge diff and HTTPRoutes never do: argoproj/argo-cd#22151).
 */
export const SERVER_SIDE_DIFF = { "argocd.argoproj.io/compare-options": "ServerSideDiff=true" };
export const RETRY = { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "3m" } };

/**
 * What Argo CD puts on an environment's namespace when it creates it: the restricted Pod Security level, and labels
 * naming the environment.
 * @param {ResolvedEnvironment} env
 */
export function managedNamespaceMetadata(env) {
  return {
    labels: {
      "app.kubernetes.io/part-of": "mcp-servers",
      "mcp-gitops/environment": env.name,
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
    },
  };
}

/**
 * Argo CD's targetRevision for a revision answer: the branch or tag name.
 * @param {string} revision
 */
export function targetRevision(revision) {
  return revisionRef(revision).name;
}

/** @param {ResolvedEnvironment} env @param {string} [namespace] */
export function argoDestination(env, namespace = env.namespace) {
  return env.cluster.startsWith("https://") ? { server: env.cluster, namespace } : { name: env.cluster, namespace };
}

/** @param {string | number} wave */
function waveAnnotation(wave) {
  return { "argocd.argoproj.io/sync-wave": String(wave) };
}

/**
 * argocd/root.yaml: the project the root and environment Applications belong to, and the root Application.
 * @param {ResolvedAnswers} answers
 */
export function rootDocuments(answers) {
  const { url, baseBranch } = answers.repository;
  return [
    {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: { name: ROOT_PROJECT, namespace: ARGOCD_NAMESPACE, finalizers: [FINALIZER] },
      spec: {
        description: "The root and environment Applications of this GitOps repository: they create Applications",
        sourceRepos: [url],
        destinations: [HUB],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [
          { group: "argoproj.io", kind: "Application" },
          { group: "argoproj.io", kind: "AppProject" },
        ],
      },
    },
    {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: ROOT_PROJECT, namespace: ARGOCD_NAMESPACE, finalizers: [FINALIZER] },
      spec: {
        project: ROOT_PROJECT,
        source: { repoURL: url, targetRevision: baseBranch, path: "argocd/root" },
        destination: HUB,
        syncPolicy: { automated: { prune: true, selfHeal: true }, retry: RETRY },
      },
    },
  ];
}

/**
 * argocd/root/servers-<env>.yaml: syncs the environment's server Applications from the environment's revision, so
 * the list of servers, the chart and the values all move with it.
 * @param {ResolvedAnswers} answers
 * @param {ResolvedEnvironment} env
 */
export function environmentApplication(answers, env) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: `mcp-servers-${env.name}`,
      namespace: ARGOCD_NAMESPACE,
      labels: { "app.kubernetes.io/part-of": "mcp-servers", "mcp-gitops/environment": env.name },
      annotations: waveAnnotation(0),
      finalizers: [FINALIZER],
    },
    spec: {
      project: ROOT_PROJECT,
      source: {
        repoURL: answers.repository.url,
        targetRevision: targetRevision(env.revision),
        path: `argocd/${env.name}`,
      },
      destination: HUB,
      syncPolicy: { automated: { prune: true, selfHeal: true }, retry: RETRY },
    },
  };
}

/**
 * An Application of plain manifests in an environment's namespace (its quota, its encrypted Secrets), synced in
 * wave -1: before the servers' Applications, so their pods meet the quota's defaults and find their Secrets.
 * @param {ResolvedAnswers} answers
 * @param {ResolvedEnvironment} env
 * @param {string} name
 * @param {{ path: string, directory?: object }} source the folder, and which of its files
 */
export function namespaceApplication(answers, env, name, source) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: `${name}-${env.name}`,
      namespace: ARGOCD_NAMESPACE,
      labels: { "app.kubernetes.io/part-of": "mcp-servers", "mcp-gitops/environment": env.name },
      annotations: { ...waveAnnotation(-1), ...SERVER_SIDE_DIFF },
      finalizers: [FINALIZER],
    },
    spec: {
      project: ARGOCD_PROJECT,
      source: { repoURL: answers.repository.url, targetRevision: targetRevision(env.revision), ...source },
      destination: argoDestination(env),
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ["CreateNamespace=true", "ServerSideApply=true"],
        managedNamespaceMetadata: managedNamespaceMetadata(env),
        retry: RETRY,
      },
    },
  };
}

/**
 * The cluster-scoped objects the servers' Applications create, as whitelist entries named as exactly as Argo CD
 * allows (names need Argo CD 3.3): each environment's namespace (CreateNamespace), each ClusterIssuer the answers
 * create, and the cluster-wide RBAC of servers that read the cluster (the chart names it <namespace>-<server>).
 * Nothing else: a project that allows more than its Applications render is a door left open.
 * @param {ResolvedAnswers} answers
 */
export function serverClusterResources(answers) {
  const namespaces = [...new Set(answers.environments.map((env) => env.namespace))];
  const issuers = [
    ...new Set(
      answers.environments.flatMap((env) =>
        env.tls.enabled && env.tls.issuer.create && answers.servers.some((server) => !server.chart)
          ? [env.tls.issuer.name]
          : [],
      ),
    ),
  ];
  const rbac = "rbac.authorization.k8s.io";
  const clusterRbac = answers.servers.flatMap((server) => {
    if (server.chart || !server.rbac) return [];
    const { preset, scope } = server.rbac;
    const kinds =
      preset === "cluster-read"
        ? ["ClusterRoleBinding"]
        : preset === "custom" && scope === "cluster"
          ? ["ClusterRole", "ClusterRoleBinding"]
          : [];
    return kinds.flatMap((kind) =>
      answers.environments.map((env) => ({ group: rbac, kind, name: `${env.namespace}-${server.name}` })),
    );
  });
  return [
    ...namespaces.map((name) => ({ group: "", kind: "Namespace", name })),
    ...issuers.map((name) => ({ group: "cert-manager.io", kind: "ClusterIssuer", name })),
    ...clusterRbac,
  ];
}

/**
 * argocd/root/project.yaml: the servers' project.
 * @param {ResolvedAnswers} answers
 */
export function serversProject(answers) {
  const chartRepos = answers.servers.flatMap((server) =>
    server.chart ? [server.chart.repository.replace(/^oci:\/\//, "")] : [],
  );
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AppProject",
    metadata: {
      name: ARGOCD_PROJECT,
      namespace: ARGOCD_NAMESPACE,
      annotations: waveAnnotation(-3),
      finalizers: [FINALIZER],
    },
    spec: {
      description: "MCP servers delivered from this GitOps repository",
      sourceRepos: [...new Set([answers.repository.url, ...chartRepos])],
      destinations: answers.environments.map((env) => argoDestination(env)),
      clusterResourceWhitelist: serverClusterResources(answers),
      namespaceResourceWhitelist: [{ group: "*", kind: "*" }],
      orphanedResources: { warn: true },
    },
  };
}

/**
 * argocd/root/infrastructure-project.yaml: what the infrastructure Applications may install, per component.
 * @param {ResolvedAnswers} answers
 * @param {BlueprintCluster[]} clusters
 */
export function infrastructureProject(answers, clusters) {
  const components = installedComponents(answers);
  const gateway = installsGatewayApi(answers);
  const namespaces = [
    ...new Set(
      components.flatMap((component) => [componentNamespace(component, answers), ...component.extraNamespaces]),
    ),
  ];
  const kinds = new Map();
  for (const entry of [
    ...components.flatMap((component) => component.clusterKinds),
    ...(gateway ? GATEWAY_API.clusterKinds : []),
  ])
    kinds.set(`${entry.group}/${entry.kind}`, entry);
  const owned = components.map((component) => componentNamespace(component, answers));
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AppProject",
    metadata: {
      name: INFRASTRUCTURE_PROJECT,
      namespace: ARGOCD_NAMESPACE,
      annotations: waveAnnotation(-3),
      finalizers: [FINALIZER],
    },
    spec: {
      description: "The operators and CRDs the MCP servers need, installed from their upstream charts",
      sourceRepos: [
        ...new Set([
          ...components.flatMap((c) => c.charts.map((chart) => chart.repository.replace(/^oci:\/\//, ""))),
          ...(gateway ? [GATEWAY_API.url] : []),
        ]),
      ],
      destinations: clusters.flatMap((cluster) => {
        const env = /** @type {ResolvedEnvironment} */ (cluster.environments[0]);
        // CRDs are cluster-scoped: their Application's destination namespace is empty.
        return [...namespaces, ...(gateway ? [""] : [])].map((namespace) => argoDestination(env, namespace));
      }),
      clusterResourceWhitelist: [
        ...owned.map((name) => ({ group: "", kind: "Namespace", name })),
        ...[...kinds.values()].map(({ group, kind }) => ({ group, kind })),
      ],
      namespaceResourceWhitelist: [{ group: "*", kind: "*" }],
    },
  };
}

/**
 * argocd/root/infrastructure-<cluster>.yaml: an Application per upstream chart (and the Gateway API CRDs), in the
 * sync waves that put CRDs before the operators that use them and both before the servers (wave 0).
 * @param {ResolvedAnswers} answers
 * @param {BlueprintCluster} cluster
 */
export function infrastructureApplications(answers, cluster) {
  const env = /** @type {ResolvedEnvironment} */ (cluster.environments[0]);
  const applications = [];
  const app = (
    /** @type {string} */ release,
    /** @type {number} */ wave,
    /** @type {object} */ source,
    /** @type {string} */ namespace,
    /** @type {boolean} */ crds,
  ) => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: `${release}-${cluster.name}`,
      namespace: ARGOCD_NAMESPACE,
      labels: { "app.kubernetes.io/part-of": INFRASTRUCTURE_PROJECT },
      annotations: { ...waveAnnotation(wave), ...SERVER_SIDE_DIFF },
      // Deleting a CRD deletes every object of its kind: removing a CRD Application leaves its CRDs in place.
      ...(crds ? {} : { finalizers: [FINALIZER] }),
    },
    spec: {
      project: INFRASTRUCTURE_PROJECT,
      source,
      destination: argoDestination(env, namespace),
      syncPolicy: {
        automated: { prune: !crds, selfHeal: true },
        syncOptions: ["ServerSideApply=true", ...(namespace ? ["CreateNamespace=true"] : [])],
        retry: RETRY,
      },
    },
  });
  if (installsGatewayApi(answers)) {
    applications.push(
      app(
        "gateway-api-crds",
        -2,
        { repoURL: GATEWAY_API.url, targetRevision: GATEWAY_API.tag, path: GATEWAY_API.path },
        "",
        true,
      ),
    );
  }
  for (const component of installedComponents(answers)) {
    const namespace = componentNamespace(component, answers);
    const values = component.values(answers);
    for (const chart of component.charts) {
      const last = chart === component.charts.at(-1);
      const helm = {
        releaseName: chart.release,
        ...(last && Object.keys(values).length ? { valuesObject: values } : {}),
      };
      const source = {
        repoURL: chart.repository.replace(/^oci:\/\//, ""),
        chart: chart.chart,
        targetRevision: chart.version,
        helm,
      };
      applications.push(
        app(chart.release, chart.after ? -1 : component.charts.length > 1 ? -2 : -1, source, namespace, !last),
      );
    }
  }
  return applications;
}
