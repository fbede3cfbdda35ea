// @ts-check
// What a cluster needs before a repository rendered from these answers can run there: the API resources its files
// use, the controllers that serve them, and how to install each. `create-mcp-gitops doctor` compares the list with
// the cluster. The GitOps engine's own needs are its descriptor's (engines.mjs); the features' are listed here.
// Plain functions of the answers, like every lib module.
/** @import { Requirement, ResolvedAnswers } from "create-mcp-gitops" */
import engines from "./engines.mjs";
import { isMonitored } from "./monitoring.mjs";
import { serverController } from "./controllers.mjs";

const PROMETHEUS_OPERATOR = ["prometheus-operator", "kube-prometheus-stack-operator"];
const KUBE_PROMETHEUS_STACK =
  "helm install kube-prometheus-stack oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack -n monitoring --create-namespace";
const CERT_MANAGER =
  "helm install cert-manager oci://quay.io/jetstack/charts/cert-manager -n cert-manager --create-namespace --set crds.enabled=true";
const GATEWAY_API =
  "kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/standard-install.yaml (and a Gateway controller)";

const TRAEFIK_INSTALL =
  "helm install traefik traefik --repo https://traefik.github.io/charts -n traefik --create-namespace";
const KONG_INSTALL = "helm install kong ingress --repo https://charts.konghq.com -n kong --create-namespace";

/**
 * Everything the answers need, one entry per API resource (features that share one are listed together).
 * @param {ResolvedAnswers} answers
 * @returns {Requirement[]}
 */
export function requirements(answers) {
  /** @type {Requirement[]} */
  const needed = [...(engines[answers.gitops]?.requirements?.(answers) ?? [])];
  // Servers on their own chart bring their own objects: only the bundled chart's are known here.
  const deployments = answers.servers.filter((server) => !server.chart && server.mode === "deployment");
  if (answers.servers.some((server) => !server.chart && server.mode === "mcpserver")) {
    needed.push({
      feature: "servers in mode mcpserver",
      kind: "MCPServer",
      resource: "mcpservers.kagent.dev",
      controllers: ["kmcp-controller-manager", "kagent-controller"],
      install:
        "helm install kagent-crds oci://ghcr.io/kagent-dev/kagent/helm/kagent-crds -n kagent --create-namespace && helm install kagent oci://ghcr.io/kagent-dev/kagent/helm/kagent -n kagent",
    });
  }
  if (answers.servers.some((server) => isMonitored(answers, server))) {
    for (const [kind, resource] of [
      ["ServiceMonitor", "servicemonitors.monitoring.coreos.com"],
      ["PrometheusRule", "prometheusrules.monitoring.coreos.com"],
    ])
      needed.push(need("monitoring", kind, resource, PROMETHEUS_OPERATOR, KUBE_PROMETHEUS_STACK));
    if (answers.monitoring.dashboards.enabled && answers.monitoring.dashboards.provider === "grafana-operator")
      needed.push(
        need(
          "Grafana dashboards",
          "GrafanaDashboard",
          "grafanadashboards.grafana.integreatly.org",
          ["grafana-operator"],
          "helm install grafana-operator oci://ghcr.io/grafana/helm-charts/grafana-operator -n grafana --create-namespace",
        ),
      );
  }
  if (answers.servers.some((server) => !server.chart && server.managedSecrets.length > 0))
    needed.push(
      need(
        "managed secrets",
        "ExternalSecret",
        "externalsecrets.external-secrets.io",
        ["external-secrets"],
        "helm install external-secrets external-secrets --repo https://charts.external-secrets.io -n external-secrets --create-namespace",
      ),
    );
  if (answers.sealedSecrets)
    needed.push(
      need(
        "sealed secrets",
        "SealedSecret",
        "sealedsecrets.bitnami.com",
        [answers.sealedSecrets.controllerName],
        `helm install sealed-secrets sealed-secrets --repo https://bitnami-labs.github.io/sealed-secrets -n ${answers.sealedSecrets.controllerNamespace}`,
      ),
    );
  for (const env of answers.environments) {
    const where = `${env.name}`;
    const edge = env.exposure.implementation;
    const policies = env.exposure.rateLimit || env.exposure.cors || env.exposure.securityHeaders;
    if (policies && edge === "traefik")
      needed.push(
        need(`edge policy in ${where}`, "Middleware", "middlewares.traefik.io", ["traefik"], TRAEFIK_INSTALL),
      );
    if (policies && edge === "kong")
      needed.push(
        need(`edge policy in ${where}`, "KongPlugin", "kongplugins.configuration.konghq.com", [], KONG_INSTALL),
      );
    if (env.tls.enabled && env.exposure.type !== "none") {
      needed.push(
        need(`TLS in ${where}`, "Certificate", "certificates.cert-manager.io", ["cert-manager"], CERT_MANAGER),
      );
      const issuer = env.tls.issuer.kind;
      needed.push(
        need(`TLS in ${where}`, issuer, `${issuer.toLowerCase()}s.cert-manager.io`, ["cert-manager"], CERT_MANAGER),
      );
    }
    if (env.exposure.type === "httproute") {
      needed.push(need(`HTTPRoute in ${where}`, "HTTPRoute", "httproutes.gateway.networking.k8s.io", [], GATEWAY_API));
      needed.push(need(`HTTPRoute in ${where}`, "Gateway", "gateways.gateway.networking.k8s.io", [], GATEWAY_API));
    }
    if (env.keda.enabled && deployments.length > 0)
      needed.push(
        need(
          `KEDA in ${where}`,
          "ScaledObject",
          "scaledobjects.keda.sh",
          ["keda-operator"],
          "helm install keda keda --repo https://kedacore.github.io/charts -n keda --create-namespace",
        ),
      );
    const controller = answers.servers.map((server) => serverController(answers, server, env)).find(Boolean);
    if (controller)
      for (const [kind, resource] of controller.kinds)
        needed.push(
          need(`${env.rollout.strategy} in ${where}`, kind, resource, [controller.deployment], controller.install),
        );
    if (env.vpa.enabled)
      needed.push(
        need(
          `VPA in ${where}`,
          "VerticalPodAutoscaler",
          "verticalpodautoscalers.autoscaling.k8s.io",
          ["vpa-recommender"],
          "helm install vpa vpa --repo https://charts.fairwinds.com/stable -n vpa --create-namespace",
        ),
      );
  }
  return merged(needed);
}

/**
 * @param {string} feature @param {string} kind @param {string} resource @param {string[]} controllers
 * @param {string} install
 * @returns {Requirement}
 */
function need(feature, kind, resource, controllers, install) {
  return { feature, kind, resource, ...(controllers.length ? { controllers } : {}), install };
}

/** One entry per resource; the features needing it joined. @param {Requirement[]} list */
function merged(list) {
  /** @type {Map<string, Requirement>} */
  const byResource = new Map();
  for (const item of list) {
    const seen = byResource.get(item.resource);
    if (!seen) byResource.set(item.resource, { ...item });
    else if (!seen.feature.split(", ").includes(item.feature)) seen.feature = `${seen.feature}, ${item.feature}`;
  }
  return [...byResource.values()];
}

export default requirements;
