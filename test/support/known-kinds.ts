// The Kubernetes kinds the tests can validate, and where each one's schema comes from. A kind missing here is
// rejected by validateDocument, so adding a new kind to a blueprint means adding it here first.
import * as metaV1 from "@kubernetes-models/apimachinery/apis/meta/v1";
import * as argoV1alpha1 from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1";
import * as rolloutsV1alpha1 from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1";
import * as certManagerV1 from "@kubernetes-models/cert-manager/cert-manager.io/v1";
import * as externalSecretsV1 from "@kubernetes-models/external-secrets/external-secrets.io/v1";
import * as helmV2 from "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2";
import * as kustomizeV1 from "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1";
import * as sourceV1 from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1";
import * as gatewayV1 from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1";
import * as gatewayV1beta1 from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1";
import * as kedaV1alpha1 from "@kubernetes-models/keda/keda.sh/v1alpha1";
import * as monitoringV1 from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import * as traefikV1alpha1 from "@kubernetes-models/traefik/traefik.io/v1alpha1";
import * as appsV1 from "kubernetes-models/apps/v1";
import * as autoscalingV2 from "kubernetes-models/autoscaling/v2";
import * as batchV1 from "kubernetes-models/batch/v1";
import * as networkingV1 from "kubernetes-models/networking.k8s.io/v1";
import * as policyV1 from "kubernetes-models/policy/v1";
import * as rbacV1 from "kubernetes-models/rbac.authorization.k8s.io/v1";
import * as coreV1 from "kubernetes-models/v1";
import type { TypeRef } from "./unknown-fields.js";

/** A kubernetes-models class: constructing it and calling validate() throws on a schema error. */
export type ModelClass = new (data: object) => { validate(): void };

/** A type checked with a kubernetes-models class plus the unknown-field check on its interface. */
export interface ModelType {
  Model: ModelClass;
  type: TypeRef;
}

/** A kind validated by a kubernetes-models class. */
export interface ModelKind extends ModelType {
  apiVersion: string;
  kind: string;
}

/** A kind with no npm model, validated by a hand-written JSON Schema in ./schemas. */
export interface SchemaKind {
  apiVersion: string;
  kind: string;
  schemaFile: string;
}

/**
 * Kinds backed by kubernetes-models. Only API versions that current controllers serve are listed: Flux
 * HelmRelease v2beta1/v2beta2 have models but helm-controller 1.x no longer serves them.
 */
export const MODEL_KINDS: readonly ModelKind[] = [
  ...group(coreV1, "kubernetes-models/v1", "v1", [
    "ConfigMap",
    "LimitRange",
    "Namespace",
    "PersistentVolumeClaim",
    "Pod",
    "ResourceQuota",
    "Secret",
    "Service",
    "ServiceAccount",
  ]),
  ...group(appsV1, "kubernetes-models/apps/v1", "apps/v1", ["DaemonSet", "Deployment", "StatefulSet"]),
  ...group(batchV1, "kubernetes-models/batch/v1", "batch/v1", ["CronJob", "Job"]),
  ...group(policyV1, "kubernetes-models/policy/v1", "policy/v1", ["PodDisruptionBudget"]),
  ...group(autoscalingV2, "kubernetes-models/autoscaling/v2", "autoscaling/v2", ["HorizontalPodAutoscaler"]),
  ...group(networkingV1, "kubernetes-models/networking.k8s.io/v1", "networking.k8s.io/v1", [
    "Ingress",
    "NetworkPolicy",
  ]),
  ...group(rbacV1, "kubernetes-models/rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1", [
    "ClusterRole",
    "ClusterRoleBinding",
    "Role",
    "RoleBinding",
  ]),
  ...group(helmV2, "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2", "helm.toolkit.fluxcd.io/v2", [
    "HelmRelease",
  ]),
  ...group(sourceV1, "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1", "source.toolkit.fluxcd.io/v1", [
    "GitRepository",
    "HelmRepository",
    "OCIRepository",
  ]),
  ...group(kustomizeV1, "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1", "kustomize.toolkit.fluxcd.io/v1", [
    "Kustomization",
  ]),
  ...group(argoV1alpha1, "@kubernetes-models/argo-cd/argoproj.io/v1alpha1", "argoproj.io/v1alpha1", [
    "AppProject",
    "Application",
    "ApplicationSet",
  ]),
  ...group(
    monitoringV1,
    "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
    "monitoring.coreos.com/v1",
    ["PodMonitor", "PrometheusRule", "ServiceMonitor"],
  ),
  // Gateway: only the listeners docs/gateway.md shows are generated, never applied.
  ...group(gatewayV1, "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1", [
    "Gateway",
    "HTTPRoute",
  ]),
  // ReferenceGrant: v1beta1 is served by every Gateway API release that has it.
  ...group(
    gatewayV1beta1,
    "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1",
    "gateway.networking.k8s.io/v1beta1",
    ["ReferenceGrant"],
  ),
  ...group(certManagerV1, "@kubernetes-models/cert-manager/cert-manager.io/v1", "cert-manager.io/v1", [
    "Certificate",
    "ClusterIssuer",
    "Issuer",
  ]),
  ...group(kedaV1alpha1, "@kubernetes-models/keda/keda.sh/v1alpha1", "keda.sh/v1alpha1", ["ScaledObject"]),
  // external-secrets.io/v1 only: v1beta1 is no longer served (ESO 2.x).
  ...group(externalSecretsV1, "@kubernetes-models/external-secrets/external-secrets.io/v1", "external-secrets.io/v1", [
    "ExternalSecret",
  ]),
  ...group(traefikV1alpha1, "@kubernetes-models/traefik/traefik.io/v1alpha1", "traefik.io/v1alpha1", ["Middleware"]),
  // Argo Rollouts 1.9: the models' keys match its CRDs (the research notes compare them).
  ...group(rolloutsV1alpha1, "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1", "argoproj.io/v1alpha1", [
    "AnalysisTemplate",
    "Rollout",
  ]),
];

/** Kinds without an npm model; their schemas were written by hand from the upstream CRDs. */
export const SCHEMA_KINDS: readonly SchemaKind[] = [
  { apiVersion: "kagent.dev/v1alpha1", kind: "MCPServer", schemaFile: "kagent-mcpserver.json" },
  {
    apiVersion: "autoscaling.k8s.io/v1",
    kind: "VerticalPodAutoscaler",
    schemaFile: "vpa-verticalpodautoscaler.json",
  },
  { apiVersion: "configuration.konghq.com/v1", kind: "KongPlugin", schemaFile: "kong-kongplugin.json" },
  { apiVersion: "flagger.app/v1beta1", kind: "Canary", schemaFile: "flagger-canary.json" },
  { apiVersion: "flagger.app/v1beta1", kind: "MetricTemplate", schemaFile: "flagger-metrictemplate.json" },
  {
    apiVersion: "grafana.integreatly.org/v1beta1",
    kind: "GrafanaDashboard",
    schemaFile: "grafana-operator-grafanadashboard.json",
  },
];

/** Core types that the hand-written schemas embed, by the name their `x-k8s-type` keyword uses. */
export const EMBEDDED_TYPES: Readonly<Record<string, ModelType>> = {
  ObjectMeta: model(metaV1, "@kubernetes-models/apimachinery/apis/meta/v1", "ObjectMeta"),
  LabelSelector: model(metaV1, "@kubernetes-models/apimachinery/apis/meta/v1", "LabelSelector"),
  ...Object.fromEntries(
    [
      "Affinity",
      "ConfigMapKeySelector",
      "Container",
      "LocalObjectReference",
      "PodSecurityContext",
      "ResourceRequirements",
      "SecretKeySelector",
      "SecurityContext",
      "Toleration",
      "Volume",
      "VolumeMount",
    ].map((name) => [name, model(coreV1, "kubernetes-models/v1", name)]),
  ),
};

/** Every interface the unknown-field check must load. */
export function allTypeRefs(): TypeRef[] {
  return [...MODEL_KINDS, ...Object.values(EMBEDDED_TYPES)].map((entry) => entry.type);
}

function group(namespace: object, modulePath: string, apiVersion: string, kinds: readonly string[]): ModelKind[] {
  return kinds.map((kind) => ({ apiVersion, kind, ...model(namespace, modulePath, kind) }));
}

/** Looks a class up by name, failing at import time on a typo rather than skipping validation later. */
function model(namespace: object, modulePath: string, name: string): ModelType {
  const Model: unknown = (namespace as Record<string, unknown>)[name];
  if (typeof Model !== "function") throw new Error(`${modulePath} has no model class ${name}`);
  return { Model: Model as ModelClass, type: { module: `${modulePath}/${name}`, name: `I${name}` } };
}
