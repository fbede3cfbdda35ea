// Where the npm models differ from the CRDs that current controllers serve, found by comparing each model's
// TypeScript interface with the upstream CRD (Flux helm-controller 1.6.3, source-controller 1.9.1,
// kustomize-controller 1.9.4, cert-manager 1.21.1, KEDA 2.20.2, Gateway API 1.6.1 standard channel):
// - fields the CRD has and the model lacks, which the unknown-field check would wrongly reject;
// - enum values the CRD accepts and the model's validator rejects;
// - fields the model has but the served CRD does not (Gateway API experimental-channel fields);
// - the CRD's CEL rules (x-kubernetes-validations), which no JSON Schema validator runs.
// When a model package is upgraded, delete the entries it has caught up with.
import type { SchemaObject } from "ajv";

type Json = Record<string, unknown>;

/** A CEL rule, as a function returning a problem message or undefined. */
export type CrdRule = (doc: Json) => string | undefined;

export interface CrdGaps {
  /** Fields the CRD has and the model lacks, by path ("spec.valuesFrom[].literal"), with their schema. */
  addedFields?: Readonly<Record<string, SchemaObject>>;
  /** Enum values the CRD accepts beyond the model's, by path. */
  addedEnumValues?: Readonly<Record<string, readonly string[]>>;
  /** Paths of fields the model knows but the served CRD does not. */
  unservedFields?: readonly string[];
  rules?: readonly CrdRule[];
}

const string = (values: readonly string[]): SchemaObject => ({ type: "string", enum: values });
const objectOf = (properties: Json, required: readonly string[] = []): SchemaObject => ({
  type: "object",
  additionalProperties: false,
  required,
  properties,
});
const localRef = objectOf({ name: { type: "string" } }, ["name"]);

const kubeConfigRules: CrdRule[] = [
  (doc) => {
    const kubeConfig = child(doc, "spec", "kubeConfig");
    if (kubeConfig === undefined) return undefined;
    const count = ["configMapRef", "secretRef"].filter((key) => has(kubeConfig, key)).length;
    return count === 1 ? undefined : "spec.kubeConfig: set exactly one of configMapRef and secretRef";
  },
];

/** Keyed by "apiVersion kind". */
export const CRD_GAPS: Readonly<Record<string, CrdGaps>> = {
  "helm.toolkit.fluxcd.io/v2 HelmRelease": {
    addedFields: {
      "spec.postRenderStrategy": string(["nohooks", "combined", "separate"]),
      "spec.upgrade.chartNameChangeStrategy": string(["InPlaceUpdate", "Reinstall"]),
      "spec.valuesFrom[].literal": { type: "boolean" },
    },
    rules: [
      (doc) =>
        has(child(doc, "spec"), "chart") === has(child(doc, "spec"), "chartRef")
          ? "spec: set exactly one of chart and chartRef"
          : undefined,
      (doc) => {
        const strategy = child(doc, "spec", "install", "strategy");
        return has(strategy, "retryInterval") && strategy?.name === "RemediateOnFailure"
          ? "spec.install.strategy.retryInterval: not allowed with the RemediateOnFailure strategy"
          : undefined;
      },
      (doc) => {
        const strategy = child(doc, "spec", "upgrade", "strategy");
        return has(strategy, "retryInterval") && strategy?.name !== "RetryOnFailure"
          ? "spec.upgrade.strategy.retryInterval: only allowed with the RetryOnFailure strategy"
          : undefined;
      },
      ...kubeConfigRules,
    ],
  },
  "kustomize.toolkit.fluxcd.io/v1 Kustomization": {
    addedFields: {
      "spec.buildMetadata": { type: "array", items: string(["originAnnotations", "transformerAnnotations"]) },
      "spec.ignore": {
        type: "array",
        items: objectOf(
          {
            paths: { type: "array", items: { type: "string" } },
            target: objectOf(
              Object.fromEntries(
                ["annotationSelector", "group", "kind", "labelSelector", "name", "namespace", "version"].map((k) => [
                  k,
                  { type: "string" },
                ]),
              ),
            ),
          },
          ["paths"],
        ),
      },
      "spec.postBuild.substituteStrategy": string(["WithVariables", "Always"]),
    },
    rules: kubeConfigRules,
  },
  "source.toolkit.fluxcd.io/v1 GitRepository": {
    addedEnumValues: { "spec.provider": ["aws"] },
    rules: [
      (doc) => {
        const spec = child(doc, "spec");
        if (!has(spec, "serviceAccountName")) return undefined;
        return spec?.provider === "azure" || spec?.provider === "aws"
          ? undefined
          : "spec.serviceAccountName: only allowed with provider azure or aws";
      },
    ],
  },
  "source.toolkit.fluxcd.io/v1 OCIRepository": {
    addedFields: { "spec.verify.trustedRootSecretRef": localRef },
  },
  "cert-manager.io/v1 Certificate": {
    addedFields: {
      "spec.renewal": objectOf({
        policy: string(["RenewBefore", "Disabled"]),
        windows: {
          type: "array",
          items: objectOf(
            {
              cron: { type: "string", minLength: 1 },
              timezone: { type: "string", minLength: 1 },
              windowDuration: { type: "string", pattern: "^([0-9]+(\\.[0-9]+)?(s|m|h))+$" },
            },
            ["cron", "windowDuration"],
          ),
        },
      }),
    },
    addedEnumValues: { "spec.keystores.pkcs12.profile": ["Modern2026"] },
  },
  "cert-manager.io/v1 Issuer": issuerGaps(),
  "cert-manager.io/v1 ClusterIssuer": issuerGaps(),
  "keda.sh/v1alpha1 ScaledObject": {
    addedEnumValues: { "spec.fallback.behavior": ["scalingModifiers"] },
    rules: [
      (doc) => {
        const spec = child(doc, "spec");
        const min = spec?.minReplicaCount;
        const max = typeof spec?.maxReplicaCount === "number" ? spec.maxReplicaCount : 100;
        return typeof min === "number" && min > max
          ? `spec.minReplicaCount: must not exceed maxReplicaCount (${max})`
          : undefined;
      },
    ],
  },
  "gateway.networking.k8s.io/v1 HTTPRoute": {
    unservedFields: [
      "spec.useDefaultGateways",
      "spec.rules[].retry",
      "spec.rules[].sessionPersistence",
      "spec.rules[].filters[].externalAuth",
      "spec.rules[].backendRefs[].filters[].externalAuth",
    ],
  },
};

function issuerGaps(): CrdGaps {
  return {
    addedFields: {
      "spec.acme.solvers[].waitInsteadOfSelfCheck": { type: "string" },
      "spec.vault.auth.aws": objectOf(
        {
          iamRoleArn: { type: "string" },
          mountPath: { type: "string" },
          region: { type: "string" },
          role: { type: "string", minLength: 1 },
          serviceAccountRef: objectOf(
            { audiences: { type: "array", items: { type: "string" } }, name: { type: "string" } },
            ["name"],
          ),
          vaultHeaderValue: { type: "string" },
        },
        ["role"],
      ),
      "spec.venafi.ngts": objectOf(
        {
          credentialsRef: localRef,
          tokenEndpoint: { type: "string" },
          tsgID: { type: "string" },
          url: { type: "string" },
        },
        ["credentialsRef", "tsgID"],
      ),
    },
  };
}

/** "spec.rules[3].retry" → "spec.rules[].retry", the form the tables above use. */
export function genericPath(path: string): string {
  return path.replace(/\[\d+\]/g, "[]");
}

/** Every value at a generic path, with its concrete path: "spec.rules[].retry" → [["spec.rules[0].retry", v]]. */
export function valuesAt(doc: unknown, genericPathText: string): [string, unknown][] {
  let found: [string, unknown][] = [["", doc]];
  for (const segment of genericPathText.split(".")) {
    const key = segment.replace(/\[\]/g, "");
    const arrayDepth = (segment.match(/\[\]/g) ?? []).length;
    found = found.flatMap(([path, value]) => {
      if (!isObject(value) || !(key in value)) return [];
      let entries: [string, unknown][] = [[path ? `${path}.${key}` : key, value[key]]];
      for (let i = 0; i < arrayDepth; i++) entries = entries.flatMap(([p, v]) => arrayItems(p, v));
      return entries;
    });
  }
  return found;
}

function arrayItems(path: string, value: unknown): [string, unknown][] {
  return Array.isArray(value) ? value.map((item, n): [string, unknown] => [`${path}[${n}]`, item]) : [];
}

function child(doc: unknown, ...keys: string[]): Json | undefined {
  let value: unknown = doc;
  for (const key of keys) value = isObject(value) ? value[key] : undefined;
  return isObject(value) ? value : undefined;
}

function has(object: Json | undefined, key: string): boolean {
  return object !== undefined && object[key] !== undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
