// @ts-check
// The files of this blueprint that are one document of data under a comment header: every server's values, and in
// every environment its values, alert rules and alert tests — on a fleet, almost all of the bytes — and the GitOps
// engine's object per server (Flux's HelmRelease and Kustomizations, Argo CD's Applications). The renderer
// calls the default export once per render and each builder once per file, and prints the document once, with no
// template in between (see BlueprintDocuments in src/blueprint/render.ts). What every environment of a server
// shares is computed once per server here; what the documents contain stays in the functions they call.
/** @import { BlueprintDocuments, BlueprintScope, BundledServer, ResolvedAnswers, ResolvedEnvironment, ResolvedServer } from "create-mcp-gitops" */
import { alertTestFile } from "./alert-tests.mjs";
import { alertRuleFile } from "./alerts.mjs";
import * as argocd from "./argocd.mjs";
import * as flux from "./flux.mjs";
import { BUNDLED_CHART_PATH, chartSourceKind, environmentValues, serverValues } from "./helpers.mjs";
import * as rollout from "./rollout.mjs";
import { alertShape, isMonitored } from "./monitoring.mjs";

/** @type {BlueprintDocuments} */
const documents = (answers, { inline, token }) => {
  /**
   * Comment lines with answers printed as a template's `<%= %>` prints them.
   * @param {TemplateStringsArray} strings
   * @param {unknown[]} values
   */
  const comment = (strings, ...values) => String.raw({ raw: strings }, ...values.map(inline));
  /** @param {BlueprintScope} scope */
  const serverOf = (scope) => /** @type {ResolvedServer} */ (scope.server);
  /** @param {BlueprintScope} scope */
  const envOf = (scope) => /** @type {ResolvedEnvironment} */ (scope.env);
  /** @param {BlueprintScope} scope */
  const monitored = (scope) => isMonitored(answers, serverOf(scope));
  // A fleet's alert rules and tests differ between servers of one environment only in the server's name when the
  // servers are alike in alertShape(): each is built once per environment and shape, with a token for the name that
  // the renderer fills in per file (src/blueprint/stamps.ts).
  const NAME = token("server");
  /** @type {Map<string, unknown>} */
  const shared = new Map();
  /**
   * @param {string} kind
   * @param {BundledServer} server
   * @param {ResolvedEnvironment} env
   * @param {(server: BundledServer) => unknown} build
   */
  const perShape = (kind, server, env, build) => {
    const key = `${kind}\n${env.name}\n${alertShape(server)}`;
    let document = shared.get(key);
    if (document === undefined) {
      document = build({ ...server, name: NAME });
      shared.set(key, document);
    }
    return { document, fill: { [NAME]: server.name } };
  };
  return {
    "common/apps/base/__server__/values.yaml": (scope) => {
      const server = serverOf(scope);
      return {
        comments: comment`# Values for ${server.name} in every environment. Environment overrides live in apps/<environment>/${server.name}/values.yaml.
# Edit freely: \`create-mcp-gitops upgrade\` merges blueprint changes into your edits.
`,
        document: serverValues(server, answers),
      };
    },
    "common/apps/__env__/__server__/values.yaml": (scope) => {
      const [server, env] = [serverOf(scope), envOf(scope)];
      return {
        comments: comment`# Values for ${server.name} in ${env.name} (${env.profile} profile), applied over apps/base/${server.name}/values.yaml.
`,
        document: environmentValues(server, env, answers),
      };
    },
    "common/apps/__env__/__server__/alerts.yaml": (scope) => {
      if (!monitored(scope)) return undefined;
      const [server, env] = [/** @type {BundledServer} */ (serverOf(scope)), envOf(scope)];
      return {
        comments: comment`# Alert rules for ${server.name} in ${env.name}, in Prometheus's rule-file format. This one file is both what
# promtool checks and tests (alerts.test.yaml) and, layered into the chart's values, the PrometheusRule the cluster
# runs. Thresholds come from the answers: change them with --set environments.${env.name}.alerts.<alert>.threshold=...
# and re-generate, or edit here and in alerts.test.yaml together (CI runs \`promtool test rules\`).
`,
        ...perShape("rules", server, env, (named) => alertRuleFile(answers, named, env)),
      };
    },
    "common/apps/__env__/__server__/alerts.test.yaml": (scope) => {
      if (!monitored(scope)) return undefined;
      const [server, env] = [/** @type {BundledServer} */ (serverOf(scope)), envOf(scope)];
      return {
        comments: comment`# Unit tests for alerts.yaml: \`promtool test rules apps/${env.name}/${server.name}/alerts.test.yaml\`. Every alert has
# a series history that fires it (and is still pending before its \`for\` has passed) and one that must stay quiet.
`,
        ...perShape("tests", server, env, (named) => alertTestFile(answers, named, env)),
      };
    },
    "flux/apps/base/__server__/kustomization.yaml": (scope) => {
      const server = serverOf(scope);
      return {
        comments: "",
        document: {
          apiVersion: "kustomize.config.k8s.io/v1beta1",
          kind: "Kustomization",
          resources: [...(server.chart ? ["source.yaml"] : []), "helmrelease.yaml"],
          configMapGenerator: [{ name: `${server.name}-base-values`, files: ["values.yaml"] }],
          configurations: ["kustomizeconfig.yaml"],
        },
      };
    },
    "flux/apps/base/__server__/helmrelease.yaml": (scope) => {
      const server = serverOf(scope);
      return {
        comments: comment`# Flux installs ${server.name} with the chart and the values of apps/base/${server.name} and apps/<environment>/${server.name}.
`,
        document: fluxHelmRelease(answers, server),
      };
    },
    "flux/apps/__env__/__server__/kustomization.yaml": (scope) => {
      const [server, env] = [serverOf(scope), envOf(scope)];
      // An environment on its own revision takes the bundled chart from that revision too.
      const source = flux.sourceName(answers, env);
      const patches =
        !server.chart && source !== flux.BOOTSTRAP_SOURCE
          ? [
              {
                target: { kind: "HelmRelease", name: server.name },
                patch: JSON.stringify([{ op: "replace", path: "/spec/chart/spec/sourceRef/name", value: source }]),
              },
            ]
          : [];
      return {
        comments: comment`# ${server.name} in ${env.name}: the shared definition plus this environment's values.yaml.
`,
        document: {
          apiVersion: "kustomize.config.k8s.io/v1beta1",
          kind: "Kustomization",
          resources: [`../../base/${server.name}`],
          configMapGenerator: [
            { name: `${server.name}-env-values`, files: ["values.yaml"] },
            ...(isMonitored(answers, server) ? [{ name: `${server.name}-alerts`, files: ["alerts.yaml"] }] : []),
          ],
          configurations: ["kustomizeconfig.yaml"],
          ...(patches.length ? { patches } : {}),
        },
      };
    },
    "argocd/argocd/__env__/__server__.yaml": (scope) => {
      const [server, env] = [serverOf(scope), envOf(scope)];
      return {
        comments: comment`# ${server.name} in ${env.name}: the chart with apps/base/${server.name}/values.yaml, then apps/${env.name}/${server.name}/values.yaml.
`,
        document: argoApplication(answers, server, env),
      };
    },
  };
};

/**
 * Flux's HelmRelease of a server: the bundled chart from the repository's own source, or the server's chart.
 * @param {ResolvedAnswers} answers
 * @param {ResolvedServer} server
 */
function fluxHelmRelease(answers, server) {
  const chartSpec = server.chart
    ? chartSourceKind(server.chart) === "OCIRepository"
      ? { chartRef: { kind: "OCIRepository", name: `${server.name}-chart` } }
      : {
          chart: {
            spec: {
              chart: server.chart.name,
              version: server.chart.version,
              sourceRef: { kind: "HelmRepository", name: `${server.name}-charts` },
              interval: "1h",
            },
          },
        }
    : // ChartVersion: a new chart artifact (and so a Helm upgrade) only when Chart.yaml's version changes, not on every
      // commit to the repository (Revision would make the version <version>+<commit> and roll every pod). The workflow
      // fails a chart change without a version bump. An environment on another revision patches sourceRef.name.
      {
        chart: {
          spec: {
            chart: `./${BUNDLED_CHART_PATH}`,
            reconcileStrategy: "ChartVersion",
            sourceRef: { kind: "GitRepository", name: flux.BOOTSTRAP_SOURCE, namespace: flux.FLUX_NAMESPACE },
          },
        },
      };
  // Flagger scales the Deployment in Git to zero between rollouts and serves from <server>-primary: drift detection
  // must leave its replica count alone, or the two would fight.
  const flagger = answers.environments.some((env) => rollout.serverController(answers, server, env));
  const drift = flagger
    ? { mode: "enabled", ignore: [{ paths: ["/spec/replicas"], target: { kind: "Deployment" } }] }
    : { mode: "enabled" };
  return {
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    kind: "HelmRelease",
    metadata: {
      name: server.name,
      labels: { "app.kubernetes.io/part-of": "mcp-servers", "app.kubernetes.io/name": server.name },
    },
    spec: {
      interval: "10m",
      timeout: "5m",
      releaseName: server.name,
      ...chartSpec,
      install: flux.RETRY_INSTALL,
      upgrade: {
        crds: "CreateReplace",
        cleanupOnFail: true,
        remediation: { retries: 3, strategy: "rollback", remediateLastFailure: true },
      },
      rollback: { cleanupOnFail: true },
      // The chart's MCP check runs as its helm test after every install and upgrade; a failure fails the release,
      // and the remediation above rolls an upgrade back. A server on its own chart keeps that chart's own tests, not
      // run.
      ...(server.chart ? {} : { test: { enable: true, timeout: "5m" } }),
      driftDetection: drift,
      valuesFrom: [
        { kind: "ConfigMap", name: `${server.name}-base-values`, valuesKey: "values.yaml" },
        { kind: "ConfigMap", name: `${server.name}-env-values`, valuesKey: "values.yaml" },
        // The environment's alert rules (a Prometheus rule file that promtool tests) become the chart's `groups`.
        ...(isMonitored(answers, server)
          ? [{ kind: "ConfigMap", name: `${server.name}-alerts`, valuesKey: "alerts.yaml" }]
          : []),
      ],
    },
  };
}

/**
 * Argo CD's Application of a server in an environment: the chart with the base and the environment's values.
 * @param {ResolvedAnswers} answers
 * @param {ResolvedServer} server
 * @param {ResolvedEnvironment} env
 */
function argoApplication(answers, server, env) {
  const valueFiles = [
    `apps/base/${server.name}/values.yaml`,
    `apps/${env.name}/${server.name}/values.yaml`,
    // The environment's alert rules (a Prometheus rule file that promtool tests) become the chart's `groups`.
    ...(isMonitored(answers, server) ? [`apps/${env.name}/${server.name}/alerts.yaml`] : []),
  ];
  // The environment's revision: promoting it moves the chart and the values of every server in the environment.
  const git = { repoURL: answers.repository.url, targetRevision: argocd.targetRevision(env.revision) };
  const sources = server.chart
    ? {
        sources: [
          {
            repoURL: server.chart.repository.replace(/^oci:\/\//, ""),
            chart: server.chart.name,
            targetRevision: server.chart.version,
            helm: { releaseName: server.name, valueFiles: valueFiles.map((file) => `$values/${file}`) },
          },
          { ...git, ref: "values" },
        ],
      }
    : {
        source: {
          ...git,
          path: BUNDLED_CHART_PATH,
          helm: { releaseName: server.name, valueFiles: valueFiles.map((file) => `../../${file}`) },
        },
      };
  // A canary through Gateway API: Argo Rollouts moves the route's backend weights; Argo CD leaves them to it, in the
  // diff and in every sync.
  const weights =
    !server.chart && rollout.shiftsRouteWeights(answers, env) && rollout.serverController(answers, server, env);
  const ignore = weights
    ? {
        ignoreDifferences: [
          {
            group: "gateway.networking.k8s.io",
            kind: "HTTPRoute",
            name: server.name,
            jqPathExpressions: [".spec.rules[].backendRefs[].weight"],
          },
        ],
      }
    : {};
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: `${server.name}-${env.name}`,
      namespace: argocd.ARGOCD_NAMESPACE,
      labels: {
        "app.kubernetes.io/part-of": "mcp-servers",
        "app.kubernetes.io/name": server.name,
        "mcp-gitops/environment": env.name,
      },
      annotations: argocd.SERVER_SIDE_DIFF,
      finalizers: [argocd.FINALIZER],
    },
    spec: {
      project: argocd.ARGOCD_PROJECT,
      ...sources,
      destination: argocd.argoDestination(env),
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: [
          "CreateNamespace=true",
          "ServerSideApply=true",
          "PruneLast=true",
          ...(weights ? ["RespectIgnoreDifferences=true"] : []),
        ],
        managedNamespaceMetadata: argocd.managedNamespaceMetadata(env),
        retry: argocd.RETRY,
      },
      revisionHistoryLimit: 10,
      ...ignore,
    },
  };
}

export default documents;
