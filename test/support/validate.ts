// Schema validation of every Kubernetes document the tests produce.
//
// What is checked, and how strictly:
// - Every document must be a mapping with apiVersion, kind and metadata.name, and its apiVersion/kind must be
//   listed in ./known-kinds.ts; anything else throws "no schema for ...", so a new kind cannot slip through.
// - Model-backed kinds (core, apps, batch, policy, autoscaling, networking, rbac, Flux, Argo CD,
//   prometheus-operator, Gateway API, cert-manager, KEDA): the kubernetes-models validator checks types,
//   required fields and enums; it ignores unknown fields, so ./unknown-fields.ts closes every object the
//   model's TypeScript interface declares, at every depth. Free-form fields stay open: maps such as labels,
//   and the empty interfaces the models use for arbitrary JSON (HelmRelease spec.values, Argo valuesObject).
//   ./crd-gaps.ts corrects for models older or newer than the served CRDs, and adds their CEL rules.
// - Hand-written schemas (./schemas: kagent MCPServer, VPA, GrafanaDashboard) are closed on every object;
//   the core types they embed (securityContext, volumes, ...) get the model-backed check above.
// - Semantics the schemas cannot see: every PrometheusRule expr must parse as PromQL, and a GrafanaDashboard's
//   inline spec.json must parse and pass validateGrafanaDashboard.
// Lenient: fields newer than the model in core Kubernetes types are accepted where the model is newer than
// the cluster (kubernetes-models follows the latest Kubernetes); CEL rules not listed in ./crd-gaps.ts or
// the hand-written schemas; string formats beyond what kubernetes-models checks; cross-document references.
import { fileURLToPath } from "node:url";
import type { ErrorObject } from "ajv";
import { CRD_GAPS, type CrdGaps, genericPath, valuesAt } from "./crd-gaps.js";
import { createSchemaChecker, describeSchemaError, pointerToPath } from "./crd-schemas.js";
import { validateGrafanaDashboard } from "./grafana-dashboard.js";
import { allTypeRefs, EMBEDDED_TYPES, MODEL_KINDS, type ModelType, SCHEMA_KINDS } from "./known-kinds.js";
import { parsePromQL } from "./promql.js";
import { describeUnknownField, UnknownFieldChecker } from "./unknown-fields.js";

export { parsePromQL, validateGrafanaDashboard };

/** A document failed validation; the message names apiVersion, kind and name, then each problem. */
export class DocumentValidationError extends Error {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
    readonly objectName: string,
    readonly problems: readonly string[],
  ) {
    super(`${apiVersion} ${kind} "${objectName}" is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "DocumentValidationError";
  }
}

type Json = Record<string, unknown>;

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const unknownFields = new UnknownFieldChecker(allTypeRefs(), projectRoot);
const modelKinds = new Map(MODEL_KINDS.map((entry) => [kindKey(entry.apiVersion, entry.kind), entry]));
const schemaKinds = new Map(SCHEMA_KINDS.map((entry) => [kindKey(entry.apiVersion, entry.kind), entry]));
const schemaChecker = createSchemaChecker(
  SCHEMA_KINDS.map((entry) => entry.schemaFile),
  checkEmbeddedType,
);

/** Throws a DocumentValidationError unless `doc` is a valid Kubernetes object of a known kind. */
export function validateDocument(doc: unknown): void {
  const { apiVersion, kind, name } = readEnvelope(doc);
  const problems = [...schemaProblems(doc as Json, apiVersion, kind, name), ...semanticProblems(doc as Json, kind)];
  if (problems.length > 0) throw new DocumentValidationError(apiVersion, kind, name, problems);
}

/** Validates every document, reporting all invalid ones together rather than stopping at the first. */
export function validateAll(docs: readonly unknown[]): void {
  const failures: string[] = [];
  for (const doc of docs) {
    try {
      validateDocument(doc);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (failures.length > 0) {
    throw new Error(`${failures.length} of ${docs.length} documents are invalid:\n${failures.join("\n")}`);
  }
}

function readEnvelope(doc: unknown): { apiVersion: string; kind: string; name: string } {
  if (!isObject(doc)) throw new Error(`not a Kubernetes object: ${JSON.stringify(doc)}`);
  const { apiVersion, kind, metadata } = doc;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    throw new Error(`document without apiVersion/kind: ${JSON.stringify(doc).slice(0, 200)}`);
  }
  const name = isObject(metadata) ? metadata.name : undefined;
  if (typeof name !== "string" || name === "") {
    throw new DocumentValidationError(apiVersion, kind, "?", ["metadata.name must be a non-empty string"]);
  }
  return { apiVersion, kind, name };
}

function schemaProblems(doc: Json, apiVersion: string, kind: string, name: string): string[] {
  const key = kindKey(apiVersion, kind);
  const model = modelKinds.get(key);
  if (model) return checkModel(model, doc, "", CRD_GAPS[key]);
  const schema = schemaKinds.get(key);
  if (schema) return schemaChecker.checkDocument(schema.schemaFile, doc);
  throw new Error(
    `no schema for ${apiVersion} ${kind} ("${name}"): add the kind to test/support/known-kinds.ts ` +
      "(an API version controllers no longer serve must stay unlisted)",
  );
}

/**
 * kubernetes-models for types, required fields and enums; the unknown-field check for everything else;
 * then whatever ./crd-gaps.ts knows about where the served CRD differs from the model.
 */
function checkModel(entry: ModelType, value: unknown, at: string, gaps: CrdGaps = {}): string[] {
  if (!isObject(value)) return [`${at || "(document)"}: must be an object`];
  return [
    ...modelValidatorProblems(entry, value, at, gaps),
    ...unknownFields.check(value, entry.type, at).flatMap((field) => {
      const schema = gaps.addedFields?.[genericPath(field.path)];
      return schema ? schemaChecker.checkFragment(schema, field.value, field.path) : [describeUnknownField(field)];
    }),
    ...(gaps.unservedFields ?? []).flatMap((path) =>
      valuesAt(value, path).map(([found]) => `${found}: not served by the installed CRD (only the model has it)`),
    ),
    ...(gaps.rules ?? []).flatMap((rule) => rule(value) ?? []),
  ];
}

function checkEmbeddedType(typeName: string, value: unknown, at: string): string[] {
  const entry = EMBEDDED_TYPES[typeName];
  if (!entry) throw new Error(`schema uses unknown x-k8s-type "${typeName}"; add it to EMBEDDED_TYPES`);
  return checkModel(entry, value, at);
}

/** kubernetes-models throws a ValidationError carrying ajv errors; describe them in our path style. */
function modelValidatorProblems(entry: ModelType, value: Json, at: string, gaps: CrdGaps): string[] {
  try {
    new entry.Model(value).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: ErrorObject[] }).errors;
    if (!Array.isArray(errors)) return [error instanceof Error ? error.message : String(error)];
    return errors.filter((e) => !isAddedEnumValue(e, value, gaps)).map((e) => describeSchemaError(e, at));
  }
}

/** An enum error for a value the served CRD accepts but the older model does not know. */
function isAddedEnumValue(error: ErrorObject, value: Json, gaps: CrdGaps): boolean {
  if (error.keyword !== "enum") return false;
  const allowed = gaps.addedEnumValues?.[genericPath(pointerToPath(error.instancePath))];
  const actual = error.instancePath
    .split("/")
    .slice(1)
    .reduce<unknown>((node, key) => (isObject(node) || Array.isArray(node) ? (node as Json)[key] : undefined), value);
  return typeof actual === "string" && allowed !== undefined && allowed.includes(actual);
}

function semanticProblems(doc: Json, kind: string): string[] {
  if (kind === "PrometheusRule") return promqlProblems(doc);
  if (kind === "GrafanaDashboard") return inlineDashboardProblems(doc);
  return [];
}

function promqlProblems(doc: Json): string[] {
  const problems: string[] = [];
  const groups = isObject(doc.spec) && Array.isArray(doc.spec.groups) ? doc.spec.groups : [];
  groups.forEach((group: unknown, g) => {
    const rules = isObject(group) && Array.isArray(group.rules) ? group.rules : [];
    rules.forEach((rule: unknown, r) => {
      if (!isObject(rule) || typeof rule.expr !== "string") return;
      const problem = captureError(() => parsePromQL(rule.expr as string));
      if (problem) problems.push(`spec.groups[${g}].rules[${r}].expr: ${problem}`);
    });
  });
  return problems;
}

function inlineDashboardProblems(doc: Json): string[] {
  const json = isObject(doc.spec) ? doc.spec.json : undefined;
  if (typeof json !== "string") return [];
  const problem = captureError(() => validateGrafanaDashboard(JSON.parse(json)));
  return problem ? [`spec.json: ${problem}`] : [];
}

function captureError(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
