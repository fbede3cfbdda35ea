// @ts-check
// Helpers the templates of this blueprint call. Plain functions of the answers: no package imports, no I/O, so any
// version of the blueprint re-renders the same way wherever it runs (upgrade relies on it). The only imports are
// the blueprint's own lib modules, by relative path, so an extracted blueprint version stays self-contained.
/** @import { BlueprintHelpers, BundledServer, ChartServer, ResolvedAnswers, ResolvedEnvironment, ResolvedServer } from "create-mcp-gitops" */
/** @import { ChartValues } from "./production.mjs" */
import { alertTestFile } from "./alert-tests.mjs";
import { ALERTS, activeAlerts, alertRuleFile, alertSettings } from "./alerts.mjs";
import * as argocd from "./argocd.mjs";
import { HEALTH_CHECKS } from "./argocd-health.mjs";
import * as flux from "./flux.mjs";
import {
  COMPONENTS,
  componentNamespace,
  GATEWAY_API,
  installedComponents,
  installsInfrastructure,
} from "./infrastructure.mjs";
import {
  exposesMetrics,
  isMonitored,
  KUBE_PROMETHEUS_STACK_VALUES,
  monitoringEnvironmentValues,
  monitoringServerValues,
  runbookUrl,
} from "./monitoring.mjs";
import { engineChartValues, firstAnnotations, keepAnnotations } from "./engines.mjs";
import { allowedHeadersPatch, edgeValues, effectiveBurst, securityHeaderValues } from "./edge.mjs";
import { configValues, persistenceValues } from "./files.mjs";
import { QUOTA_NAME, quotaDocuments } from "./quota.mjs";
import {
  keepsSecretsInGit,
  managedSecretValues,
  SECRETS_FOLDER,
  secretsKustomization,
  secretStoreValues,
  sopsConfig,
} from "./secrets.mjs";
import { collectorEgress, tracingValues } from "./tracing.mjs";
import { GATEWAY_TLS_SECRET, gatewayDoc, gatewayTls } from "./gateway.mjs";
import { hardeningValues, listenerName, productionValues, serverHostname } from "./production.mjs";
import { scalesOut, serverReplicas } from "./sessions.mjs";
import * as rollout from "./rollout.mjs";
import * as loadTest from "./loadtest.mjs";
import { renovateConfig } from "./renovate.mjs";

/**
 * Requests and limits per size preset: the one source of what a size means, kept per blueprint version so a recorded
 * `size` re-renders as it did. The answers schema's sizes are the keys; the size question's descriptions
 * (src/prompts/ask-environments.ts) and the chart's default `resources` (the small preset) are copies that
 * test/blueprint-contract.test.ts checks against this.
 * @type {Record<ResolvedEnvironment["size"], { requests: Resources, limits: Resources }>}
 */
export const SIZES = {
  small: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  medium: { requests: { cpu: "200m", memory: "256Mi" }, limits: { cpu: "1000m", memory: "1Gi" } },
  large: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "2000m", memory: "2Gi" } },
};

/** @typedef {{ cpu: string, memory: string }} Resources */

export const FLUX_NAMESPACE = flux.FLUX_NAMESPACE;
export const ARGOCD_NAMESPACE = argocd.ARGOCD_NAMESPACE;
export const ARGOCD_PROJECT = argocd.ARGOCD_PROJECT;
export const BUNDLED_CHART_PATH = "charts/mcp-server";
/**
 * Trivy's action, pinned to the commit of v0.36.0, released after the tags were moved to malicious code in March 2026
 * (trivy-action#541): a tag can be moved again, a commit cannot.
 */
export const TRIVY_ACTION = {
  uses: "aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25",
  version: "v0.36.0",
};

/**
 * Splits `registry/repo:tag@sha256:...` into the chart's image values.
 * @param {string} reference
 */
export function imageValues(reference) {
  const at = reference.indexOf("@");
  const digest = at >= 0 ? reference.slice(at + 1) : "";
  const rest = at >= 0 ? reference.slice(0, at) : reference;
  const colon = rest.lastIndexOf(":");
  const hasTag = colon > rest.lastIndexOf("/");
  return { repository: hasTag ? rest.slice(0, colon) : rest, tag: hasTag ? rest.slice(colon + 1) : "", digest };
}

/**
 * Values every environment shares for one server: apps/base/<server>/values.yaml. `answers` adds monitoring and what
 * the GitOps engine needs of the chart (how it runs the MCP check).
 * @param {ResolvedServer} server
 * @param {ResolvedAnswers} [answers]
 */
export function serverValues(server, answers) {
  // An existing chart has its own values layout: only the user's values apply.
  if (server.chart) return server.values;
  /** @type {ChartValues} */
  const values = {
    mode: server.mode,
    image: imageValues(server.image),
    mcp: { transport: server.transport, port: server.port, path: server.path },
  };
  if (server.command.length) values.command = server.command;
  if (server.args.length) values.args = server.args;
  if (Object.keys(server.env).length) values.env = server.env;
  if (server.secretEnvFrom.length) values.envFrom = { secrets: server.secretEnvFrom };
  const externalSecrets = managedSecretValues(server, answers ? firstAnnotations(answers) : {});
  if (externalSecrets) values.externalSecrets = externalSecrets;
  const config = configValues(server);
  if (config) values.config = config;
  const persistence = persistenceValues(server, answers ? keepAnnotations(answers) : {});
  if (persistence) values.persistence = persistence;
  if (answers && isMonitored(answers, server)) values.monitoring = monitoringServerValues(answers, server);
  const engine = answers ? engineChartValues(answers) : {};
  return deepMerge(deepMerge(deepMerge(values, hardeningValues(server)), engine), server.values);
}

/**
 * One environment's values for one server: apps/<env>/<server>/values.yaml. `answers` picks the issuer's owner.
 * @param {ResolvedServer} server
 * @param {ResolvedEnvironment} env
 * @param {ResolvedAnswers} [answers]
 */
export function environmentValues(server, env, answers) {
  if (server.chart) return env.values;
  /** @type {ChartValues} */
  const values = {
    // A stateful server runs one replica whatever the environment's count (sessions.mjs).
    replicaCount: serverReplicas(server, env),
    resources: SIZES[env.size],
    ...productionValues(server, env, answers),
    ...(answers && isMonitored(answers, server) ? { monitoring: monitoringEnvironmentValues(env) } : {}),
    ...(answers ? rollout.rolloutValues(answers, server, env) : {}),
  };
  const store = secretStoreValues(server, env);
  if (store) values.externalSecrets = store;
  const tracing = tracingValues(server, env, answers);
  if (tracing) values.tracing = tracing;
  const edge = edgeValues(env);
  if (edge) values.edge = edge;
  // The collector joins the servers' allowed destinations.
  const collector = collectorEgress(server, env, answers);
  const policy = /** @type {{ egress?: { to: unknown[] } } | undefined} */ (values.networkPolicy);
  if (collector && policy?.egress) policy.egress.to.push(collector);
  return deepMerge(values, env.values);
}

/**
 * What one server's pod requests and is limited to in an environment: its size, under the answers' values.
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 * @returns {{ requests: Resources, limits: Resources }}
 */
export function serverResources(server, env) {
  const base = /** @type {Record<string, unknown>} */ (serverValues(server)).resources;
  const merged = deepMerge(deepMerge(SIZES[env.size], base), env.values.resources);
  return /** @type {{ requests: Resources, limits: Resources }} */ (merged);
}

/**
 * apps/<env>/quota.yaml: the ResourceQuota and LimitRange of the environment's namespace, when its quota is on.
 * @param {ResolvedAnswers} answers
 * @param {ResolvedEnvironment} env
 */
export function environmentQuota(answers, env) {
  return quotaDocuments(answers, env, serverResources, SIZES[env.size]);
}

/**
 * Helm's merge: mappings merge key by key, everything else (lists included) is replaced.
 * @param {unknown} base
 * @param {unknown} override
 * @returns {unknown}
 */
export function deepMerge(base, override) {
  if (!isMapping(base) || !isMapping(override)) return override === undefined ? base : override;
  const result = { ...base };
  for (const [key, value] of Object.entries(override))
    result[key] = key in result ? deepMerge(result[key], value) : value;
  return result;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isMapping(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * OCI charts are pulled through an OCIRepository; https ones through a HelmRepository.
 * @param {ChartServer["chart"]} chart
 */
export function chartSourceKind(chart) {
  return chart.repository.startsWith("oci://") ? "OCIRepository" : "HelmRepository";
}

export const argoDestination = argocd.argoDestination;

/** @type {BlueprintHelpers} */
const helpers = () => ({
  SIZES,
  FLUX_NAMESPACE,
  ARGOCD_NAMESPACE,
  ARGOCD_PROJECT,
  BUNDLED_CHART_PATH,
  imageValues,
  serverValues,
  environmentValues,
  deepMerge,
  chartSourceKind,
  argoDestination,
  serverHostname,
  productionValues,
  listenerName,
  scalesOut,
  serverReplicas,
  gatewayTls,
  gatewayDoc,
  GATEWAY_TLS_SECRET,
  exposesMetrics,
  KUBE_PROMETHEUS_STACK_VALUES,
  isMonitored,
  alertRuleFile,
  alertTestFile,
  ALERTS,
  activeAlerts,
  alertSettings,
  runbookUrl,
  flux,
  argocd,
  HEALTH_CHECKS,
  COMPONENTS,
  GATEWAY_API,
  installedComponents,
  installsInfrastructure,
  componentNamespace,
  environmentQuota,
  QUOTA_NAME,
  tracingValues,
  securityHeaderValues,
  effectiveBurst,
  allowedHeadersPatch,
  keepsSecretsInGit,
  SECRETS_FOLDER,
  secretsKustomization,
  sopsConfig,
  rollout,
  loadTest,
  renovateConfig,
  TRIVY_ACTION,
  /** Several documents in one file, each printed by the yaml library. */
  toYamlDocuments: (/** @type {unknown[]} */ documents, /** @type {(value: unknown) => string} */ toYaml) =>
    documents.map((document) => toYaml(document)).join("---\n"),
});

export default helpers;
