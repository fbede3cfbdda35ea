// @ts-check
// The prerequisites this repository installs (answers.infrastructure): each one's pinned upstream chart, namespace,
// values, the cluster-scoped kinds it creates (for the Argo CD project that installs it) and what it must come after.
// Versions are pinned here and bumped deliberately; the research notes in the project cite where each was verified.
/** @import { ResolvedAnswers } from "create-mcp-gitops" */
import { KUBE_PROMETHEUS_STACK_VALUES } from "./monitoring.mjs";
import { CONTROLLERS, prometheusUrl, shiftsRouteWeights } from "./rollout.mjs";

/**
 * @typedef {object} UpstreamChart
 * @property {string} release the Helm release name
 * @property {string} repository oci://… or https://…
 * @property {string} chart
 * @property {string} version
 * @property {string} [after] a release of the same component it needs first (its CRDs)
 */

/**
 * @typedef {object} Component
 * @property {string} name the answer key
 * @property {string} title
 * @property {string} namespace
 * @property {UpstreamChart[]} charts
 * @property {{ group: string, kind: string }[]} clusterKinds cluster-scoped kinds its charts create
 * @property {string[]} extraNamespaces namespaces besides its own that its charts write to
 * @property {string[]} after components it needs first
 * @property {(answers: ResolvedAnswers) => Record<string, unknown>} values
 * @property {string[]} [engines] the GitOps engines it serves (default: every one): two components may answer to
 *   one name, each for its engine
 */

const CRD = { group: "apiextensions.k8s.io", kind: "CustomResourceDefinition" };
const RBAC = [
  { group: "rbac.authorization.k8s.io", kind: "ClusterRole" },
  { group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding" },
];
const WEBHOOKS = [
  { group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration" },
  { group: "admissionregistration.k8s.io", kind: "MutatingWebhookConfiguration" },
];

/** The Gateway API CRDs come as a kustomization in the upstream repository, not as a chart. */
export const GATEWAY_API = {
  url: "https://github.com/kubernetes-sigs/gateway-api",
  tag: "v1.6.1",
  path: "config/crd",
  /** config/crd at v1.6.1: the standard-channel CRDs and the safe-upgrades ValidatingAdmissionPolicy. */
  clusterKinds: [
    CRD,
    { group: "admissionregistration.k8s.io", kind: "ValidatingAdmissionPolicy" },
    { group: "admissionregistration.k8s.io", kind: "ValidatingAdmissionPolicyBinding" },
  ],
};

/** @param {ResolvedAnswers} answers */
function gatewayTls(answers) {
  return answers.environments.some((env) => env.exposure.type === "httproute" && env.tls.enabled);
}

/** @type {Component[]} In install order: a component comes after those it names in `after`. */
export const COMPONENTS = [
  {
    name: "certManager",
    title: "cert-manager",
    namespace: "cert-manager",
    charts: [
      {
        release: "cert-manager",
        repository: "oci://quay.io/jetstack/charts",
        chart: "cert-manager",
        version: "v1.21.1",
      },
    ],
    clusterKinds: [CRD, ...RBAC, ...WEBHOOKS],
    // Its leader election lease lives in kube-system.
    extraNamespaces: ["kube-system"],
    after: ["gatewayApi"],
    // Certificates for HTTPRoutes come from the Gateway API integration, off by default.
    values: (answers) => ({
      crds: { enabled: true },
      ...(gatewayTls(answers) ? { config: { gatewayAPI: { enabled: true } } } : {}),
    }),
  },
  {
    name: "kubePrometheusStack",
    title: "kube-prometheus-stack",
    namespace: "",
    charts: [
      {
        release: "kube-prometheus-stack",
        repository: "oci://ghcr.io/prometheus-community/charts",
        chart: "kube-prometheus-stack",
        version: "88.5.3",
      },
    ],
    clusterKinds: [CRD, ...RBAC, ...WEBHOOKS],
    // Services for the control plane's metrics (kubelet, CoreDNS) go to kube-system.
    extraNamespaces: ["kube-system"],
    after: [],
    values: (answers) => {
      const { labels, dashboards } = answers.monitoring;
      // Prometheus selects the servers' ServiceMonitors and PrometheusRules by the labels the answers give them.
      const prometheusSpec = {
        serviceMonitorSelector: { matchLabels: labels },
        ruleSelector: { matchLabels: labels },
        serviceMonitorNamespaceSelector: {},
        ruleNamespaceSelector: {},
      };
      const sidecar = dashboards.enabled && dashboards.provider === "sidecar";
      // kube-state-metrics exports MCPServer conditions for the MCPServerNotReady alert (lib/monitoring.mjs).
      const kagent = answers.servers.some((server) => !server.chart && server.mode === "mcpserver");
      return {
        ...(kagent ? KUBE_PROMETHEUS_STACK_VALUES : {}),
        prometheus: { prometheusSpec },
        ...(sidecar
          ? {
              grafana: {
                sidecar: {
                  dashboards: {
                    enabled: true,
                    label: "grafana_dashboard",
                    labelValue: "1",
                    searchNamespace: "ALL",
                    folderAnnotation: "grafana_folder",
                    provider: { foldersFromFilesStructure: true },
                  },
                },
              },
            }
          : {}),
      };
    },
  },
  {
    name: "grafanaOperator",
    title: "grafana-operator",
    namespace: "grafana-operator",
    charts: [
      {
        release: "grafana-operator",
        repository: "oci://ghcr.io/grafana/helm-charts",
        chart: "grafana-operator",
        version: "5.24.0",
      },
    ],
    clusterKinds: [CRD, ...RBAC],
    extraNamespaces: [],
    after: [],
    values: () => ({}),
  },
  {
    name: "kagent",
    title: "kagent",
    namespace: "",
    charts: [
      {
        release: "kagent-crds",
        repository: "oci://ghcr.io/kagent-dev/kagent/helm",
        chart: "kagent-crds",
        version: "0.9.12",
      },
      {
        release: "kagent",
        repository: "oci://ghcr.io/kagent-dev/kagent/helm",
        chart: "kagent",
        version: "0.9.12",
        after: "kagent-crds",
      },
    ],
    clusterKinds: [CRD, ...RBAC],
    extraNamespaces: [],
    after: [],
    values: () => ({}),
  },
  {
    name: "keda",
    title: "KEDA",
    namespace: "keda",
    charts: [{ release: "keda", repository: "https://kedacore.github.io/charts", chart: "keda", version: "2.20.2" }],
    clusterKinds: [
      CRD,
      ...RBAC,
      { group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration" },
      { group: "apiregistration.k8s.io", kind: "APIService" },
    ],
    extraNamespaces: [],
    after: [],
    values: () => ({}),
  },
  {
    // Fairwinds' chart: the upstream autoscaler chart calls itself not ready for production.
    name: "vpa",
    title: "Vertical Pod Autoscaler",
    namespace: "vpa",
    charts: [{ release: "vpa", repository: "https://charts.fairwinds.com/stable", chart: "vpa", version: "5.0.0" }],
    clusterKinds: [CRD, ...RBAC, { group: "admissionregistration.k8s.io", kind: "MutatingWebhookConfiguration" }],
    extraNamespaces: [],
    after: [],
    values: () => ({}),
  },
  {
    // The operator only: the SecretStore or ClusterSecretStore holds the secret manager's credentials, which never
    // enter this repository (the generated README says how to create it).
    name: "externalSecrets",
    title: "External Secrets Operator",
    namespace: "external-secrets",
    charts: [
      {
        release: "external-secrets",
        repository: "https://charts.external-secrets.io",
        chart: "external-secrets",
        version: "2.9.0",
      },
    ],
    clusterKinds: [CRD, ...RBAC, { group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration" }],
    extraNamespaces: [],
    after: [],
    values: () => ({ installCRDs: true }),
  },
  {
    // Flagger runs the canaries of a Flux repository; its load tester runs the MCP check before each promotion.
    name: "rolloutController",
    title: "Flagger",
    namespace: /** @type {string} */ (CONTROLLERS.flux?.namespace),
    engines: ["flux"],
    charts: [
      { release: "flagger-loadtester", repository: "https://flagger.app", chart: "loadtester", version: "0.38.0" },
      { release: "flagger", repository: "https://flagger.app", chart: "flagger", version: "1.44.0" },
    ],
    clusterKinds: [CRD, ...RBAC],
    extraNamespaces: [],
    after: ["gatewayApi", "kubePrometheusStack"],
    // Each Canary names its provider; Flagger's own default (istio) would look for a mesh that is not there.
    values: (answers) => ({ meshProvider: "kubernetes", metricsServer: prometheusUrl(answers) }),
  },
  {
    name: "rolloutController",
    title: "Argo Rollouts",
    namespace: /** @type {string} */ (CONTROLLERS.argocd?.namespace),
    engines: ["argocd"],
    charts: [
      {
        release: "argo-rollouts",
        repository: "https://argoproj.github.io/argo-helm",
        chart: "argo-rollouts",
        version: "2.41.0",
      },
    ],
    clusterKinds: [CRD, ...RBAC],
    extraNamespaces: [],
    after: ["gatewayApi", "kubePrometheusStack"],
    values: (answers) => {
      const gatewayCanary = answers.environments.some((env) => shiftsRouteWeights(answers, env));
      const { enabled, labels } = answers.monitoring;
      return {
        controller: {
          // The unavailable alert of a server without a scrape reads the controller's rollout_info_* series.
          ...(enabled
            ? { metrics: { enabled: true, serviceMonitor: { enabled: true, additionalLabels: labels } } }
            : {}),
          // Canary weights through Gateway API: an init container copies the plugin where the controller loads it.
          ...(gatewayCanary ? gatewayApiPluginValues() : {}),
        },
      };
    },
  },
];

/**
 * Argo Rollouts' Gateway API traffic router, from its multi-arch image (the release's download is one binary per
 * architecture, linux-amd64 only in a URL), pinned by tag: the image, not a download URL, is what renovate.json
 * updates (lib/renovate.mjs). Its USER is 999, which the chart's runAsNonRoot pod accepts.
 */
export const GATEWAY_API_PLUGIN = {
  name: "argoproj-labs/gatewayAPI",
  image: "ghcr.io/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi:v0.15.0",
  binary: "rollouts-plugin-trafficrouter-gatewayapi",
};

/** The argo-rollouts chart's values that install the plugin: the plugin project's init-container installation. */
function gatewayApiPluginValues() {
  const { name, image, binary } = GATEWAY_API_PLUGIN;
  const mount = { name: "gateway-api-plugin", mountPath: "/plugins" };
  return {
    initContainers: [
      {
        name: "copy-gateway-api-plugin",
        image,
        command: ["/bin/sh", "-c"],
        args: [`cp /bin/${binary} /plugins/`],
        volumeMounts: [mount],
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"] },
          readOnlyRootFilesystem: true,
          seccompProfile: { type: "RuntimeDefault" },
        },
      },
    ],
    volumes: [{ name: mount.name, emptyDir: {} }],
    volumeMounts: [mount],
    trafficRouterPlugins: [{ name, location: `file:///plugins/${binary}` }],
  };
}

/**
 * The namespace a component installs into: kube-prometheus-stack where the answers say Prometheus runs, kagent where
 * they say kagent runs (the servers' network policies let it in from there).
 * @param {Component} component
 * @param {ResolvedAnswers} answers
 */
export function componentNamespace(component, answers) {
  if (component.namespace) return component.namespace;
  if (component.name === "kagent") return answers.environments[0]?.networkPolicy.kagentNamespace ?? "kagent";
  return answers.monitoring.prometheusNamespace;
}

/** @param {ResolvedAnswers} answers */
export function installsGatewayApi(answers) {
  return answers.infrastructure.gatewayApi.install;
}

/**
 * The chart-based components this repository installs, in install order.
 * @param {ResolvedAnswers} answers
 */
export function installedComponents(answers) {
  return COMPONENTS.filter(
    (component) =>
      (!component.engines || component.engines.includes(answers.gitops)) &&
      answers.infrastructure[/** @type {keyof ResolvedAnswers["infrastructure"]} */ (component.name)]?.install,
  );
}

/**
 * Whether the repository installs anything at all.
 * @param {ResolvedAnswers} answers
 */
export function installsInfrastructure(answers) {
  return installsGatewayApi(answers) || installedComponents(answers).length > 0;
}

/**
 * What already installs the components the repository does not (`dependsOn`), as namespace and name.
 * @param {ResolvedAnswers} answers
 * @param {string} defaultNamespace
 */
export function externalDependencies(answers, defaultNamespace) {
  const names = new Set(
    Object.values(answers.infrastructure).flatMap((component) => (component.dependsOn ? [component.dependsOn] : [])),
  );
  return [...names].map((text) => {
    const [namespace, name] = text.includes("/") ? text.split("/") : [defaultNamespace, text];
    return { name: /** @type {string} */ (name), namespace: /** @type {string} */ (namespace) };
  });
}
