// @ts-check
// The Flux objects of the files/flux layer that more than one template needs: the Git source each environment is
// delivered from, the infrastructure's HelmReleases and the Kustomizations that order everything in a cluster.
// Plain functions of the answers, no I/O (see helpers.mjs).
/** @import { BlueprintCluster, ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
/** @import { Component, UpstreamChart } from "./infrastructure.mjs" */
import { revisionRef, revisionSourceName } from "./gitops.mjs";
import {
  componentNamespace,
  externalDependencies,
  GATEWAY_API,
  installedComponents,
  installsGatewayApi,
} from "./infrastructure.mjs";

export const FLUX_NAMESPACE = "flux-system";
/** The GitRepository `flux bootstrap` creates: it tracks the base branch. */
export const BOOTSTRAP_SOURCE = "flux-system";
export const INFRASTRUCTURE = "mcp-infrastructure";
export const GATEWAY_API_CRDS = "mcp-gateway-api-crds";

/**
 * A failed first install (a CRD or webhook not there yet) is retried as an upgrade until it succeeds, instead of
 * being uninstalled and left until the next chart version (RemediateOnFailure, the default). Flux 2.7 or later.
 */
export const RETRY_INSTALL = { crds: "CreateReplace", strategy: { name: "RetryOnFailure", retryInterval: "2m" } };

const OCI_LAYER = { mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", operation: "copy" };

/**
 * The GitRepository an environment is delivered from: bootstrap's for the base branch, else one per revision.
 * @param {ResolvedAnswers} answers
 * @param {ResolvedEnvironment} env
 */
export function sourceName(answers, env) {
  return env.revision === answers.repository.baseBranch ? BOOTSTRAP_SOURCE : revisionSourceName(env.revision);
}

/**
 * The URL `flux bootstrap github` gives the flux-system GitRepository (SSH, with its deploy key in the flux-system
 * Secret), so a second GitRepository of the same repository can use the same Secret.
 * @param {ResolvedAnswers} answers
 */
export function bootstrapUrl(answers) {
  const host = /^https:\/\/([^/]+)\//.exec(answers.repository.url)?.[1] ?? "github.com";
  return `ssh://git@${host}/${answers.repository.owner}/${answers.repository.name}`;
}

/**
 * One GitRepository per revision the cluster's environments use besides the base branch.
 * @param {ResolvedAnswers} answers
 * @param {BlueprintCluster} cluster
 */
export function revisionSources(answers, cluster) {
  const revisions = [...new Set(cluster.environments.map((env) => env.revision))].filter(
    (revision) => revision !== answers.repository.baseBranch,
  );
  return revisions.map((revision) => {
    const { type, name } = revisionRef(revision);
    return {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "GitRepository",
      metadata: { name: revisionSourceName(revision), namespace: FLUX_NAMESPACE },
      spec: {
        interval: "1m",
        url: bootstrapUrl(answers),
        ref: type === "tag" ? { tag: name } : { branch: name },
        secretRef: { name: BOOTSTRAP_SOURCE },
      },
    };
  });
}

/**
 * What clusters/<cluster>/infrastructure.yaml holds: the Gateway API CRDs and the infrastructure/ folder, each a
 * Kustomization that waits until what it applied is ready.
 * @param {ResolvedAnswers} answers
 */
export function infrastructureKustomizations(answers) {
  const documents = [];
  if (installsGatewayApi(answers)) {
    documents.push(
      {
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "GitRepository",
        metadata: { name: "mcp-gateway-api", namespace: FLUX_NAMESPACE },
        spec: {
          interval: "24h",
          url: GATEWAY_API.url,
          ref: { tag: GATEWAY_API.tag },
          ignore: `/*\n!/${GATEWAY_API.path}/\n`,
        },
      },
      kustomization(GATEWAY_API_CRDS, `./${GATEWAY_API.path}`, "mcp-gateway-api", [], {
        // Deleting a CRD deletes every object of its kind: never prune them.
        prune: false,
      }),
    );
  }
  if (installedComponents(answers).length > 0) {
    const after = installsGatewayApi(answers) ? [{ name: GATEWAY_API_CRDS }] : [];
    documents.push(kustomization(INFRASTRUCTURE, "./infrastructure", BOOTSTRAP_SOURCE, after, { timeout: "15m" }));
  }
  return documents;
}

/**
 * The Kustomization that applies one environment: after the infrastructure, from the environment's revision.
 * @param {ResolvedAnswers} answers
 * @param {ResolvedEnvironment} env
 */
export function environmentKustomization(answers, env) {
  const after = [];
  if (installedComponents(answers).length > 0) after.push({ name: INFRASTRUCTURE });
  else if (installsGatewayApi(answers)) after.push({ name: GATEWAY_API_CRDS });
  for (const dependency of externalDependencies(answers, FLUX_NAMESPACE)) {
    after.push(dependency.namespace === FLUX_NAMESPACE ? { name: dependency.name } : dependency);
  }
  const applied = kustomization(`mcp-servers-${env.name}`, `./apps/${env.name}`, sourceName(answers, env), after, {});
  // SOPS-encrypted Secrets in apps/<env>/secrets/ are decrypted with the age key in this Secret.
  if (answers.sops)
    Object.assign(applied.spec, { decryption: { provider: "sops", secretRef: { name: answers.sops.keySecret } } });
  return applied;
}

/**
 * @param {string} name
 * @param {string} path
 * @param {string} source
 * @param {{ name: string, namespace?: string }[]} dependsOn
 * @param {{ prune?: boolean, timeout?: string }} options
 */
function kustomization(name, path, source, dependsOn, options) {
  return {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name, namespace: FLUX_NAMESPACE },
    spec: {
      ...(dependsOn.length ? { dependsOn } : {}),
      interval: "10m",
      retryInterval: "1m",
      timeout: options.timeout ?? "5m",
      path,
      prune: options.prune ?? true,
      wait: true,
      sourceRef: { kind: "GitRepository", name: source },
    },
  };
}

/**
 * infrastructure/<component>.yaml: its namespace, chart sources and HelmReleases.
 * @param {ResolvedAnswers} answers
 * @param {Component} component
 */
export function componentDocuments(answers, component) {
  const namespace = componentNamespace(component, answers);
  /** @type {object[]} */
  const documents = [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: namespace, labels: { "app.kubernetes.io/part-of": INFRASTRUCTURE } },
    },
  ];
  const values = component.values(answers);
  for (const chart of component.charts) {
    const { source, chartSpec } = chartSource(chart, namespace);
    // kagent's CRDs chart carries no settings of its own.
    const chartValues = chart.release === component.charts.at(-1)?.release ? values : {};
    documents.push(source, {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: chart.release, namespace, labels: { "app.kubernetes.io/part-of": INFRASTRUCTURE } },
      spec: {
        ...(chart.after ? { dependsOn: [{ name: chart.after }] } : {}),
        interval: "1h",
        timeout: "10m",
        releaseName: chart.release,
        ...chartSpec,
        install: RETRY_INSTALL,
        upgrade: { crds: "CreateReplace", remediation: { retries: 3, strategy: "rollback" } },
        ...(Object.keys(chartValues).length ? { values: chartValues } : {}),
      },
    });
  }
  return documents;
}

/**
 * @param {UpstreamChart} chart
 * @param {string} namespace
 */
function chartSource(chart, namespace) {
  if (chart.repository.startsWith("oci://")) {
    return {
      source: {
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "OCIRepository",
        metadata: { name: chart.release, namespace },
        spec: {
          interval: "12h",
          url: `${chart.repository}/${chart.chart}`,
          ref: { tag: chart.version },
          layerSelector: OCI_LAYER,
        },
      },
      chartSpec: { chartRef: { kind: "OCIRepository", name: chart.release } },
    };
  }
  return {
    source: {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "HelmRepository",
      metadata: { name: chart.release, namespace },
      spec: { interval: "12h", url: chart.repository },
    },
    chartSpec: {
      chart: {
        spec: {
          chart: chart.chart,
          version: chart.version,
          sourceRef: { kind: "HelmRepository", name: chart.release },
        },
      },
    },
  };
}
