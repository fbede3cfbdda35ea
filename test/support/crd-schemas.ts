// Compiles the hand-written CRD schemas in ./schemas (kinds that have no npm model) and the small schema
// fragments in ./crd-gaps.ts with ajv, and describes schema errors in one path style for all validators.
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type SchemaObject, type SchemaValidateFunction, type ValidateFunction } from "ajv";

/**
 * Checks a value against an embedded Kubernetes type (the `x-k8s-type` keyword, e.g. "SecurityContext");
 * `at` is the value's path in the document. Returns one message per problem.
 */
export type EmbeddedTypeCheck = (typeName: string, value: unknown, at: string) => string[];

export interface SchemaChecker {
  /** Validates a whole document against a schema file in ./schemas. */
  checkDocument(schemaFile: string, doc: unknown): string[];
  /** Validates one value found at path `at` against a schema fragment. */
  checkFragment(schema: SchemaObject, value: unknown, at: string): string[];
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Compiles the schema files up front, so a broken schema fails loudly once rather than per document. */
export function createSchemaChecker(schemaFiles: readonly string[], checkEmbedded: EmbeddedTypeCheck): SchemaChecker {
  const ajv = createAjv(checkEmbedded);
  const documents = new Map(schemaFiles.map((file) => [file, ajv.compile(loadSchema(file))]));
  const fragments = new WeakMap<SchemaObject, ValidateFunction>();
  return {
    checkDocument(schemaFile, doc) {
      const validate = documents.get(schemaFile);
      if (!validate) throw new Error(`schema ${schemaFile} was not compiled`);
      return run(validate, doc, "");
    },
    checkFragment(schema, value, at) {
      let validate = fragments.get(schema);
      if (!validate) {
        validate = ajv.compile(schema);
        fragments.set(schema, validate);
      }
      return run(validate, value, at);
    },
  };
}

function run(validate: ValidateFunction, value: unknown, at: string): string[] {
  if (validate(value)) return [];
  // An if/then/else failure is also reported by the failing branch, which says what is wrong.
  return (validate.errors ?? []).filter((e) => e.keyword !== "if").map((e) => describeSchemaError(e, at));
}

/** Turns an ajv error into "spec.transportType: must be one of stdio, http"; `at` prefixes its path. */
export function describeSchemaError(error: ErrorObject, at = ""): string {
  // Errors from x-k8s-type already carry their full path.
  if (error.keyword === "x-k8s-type") return error.message ?? "invalid embedded type";
  const path = joinPath(at, pointerToPath(error.instancePath));
  const where = path || "(document)";
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return `${joinPath(path, String(params.additionalProperty))}: unknown field`;
    case "enum":
      return `${where}: must be one of ${(params.allowedValues as unknown[]).map(String).join(", ")}`;
    case "const":
      return `${where}: must be ${JSON.stringify(params.allowedValue)}`;
    case "not":
      return `${where}: ${describeNot(error.schema)}`;
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}

/** "/spec/deployment/args/0" → "spec.deployment.args[0]", the path style of the unknown-field check. */
export function pointerToPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : joinPath(path, segment)), "");
}

/** Our schemas use `not: {required: [a, b]}` for "a and b are mutually exclusive". */
function describeNot(schema: unknown): string {
  const required = (schema as { required?: unknown } | undefined)?.required;
  return Array.isArray(required) ? `must not set both ${required.join(" and ")}` : "must NOT be valid";
}

function joinPath(path: string, key: string): string {
  if (!path) return key;
  if (!key) return path;
  return key.startsWith("[") ? `${path}${key}` : `${path}.${key}`;
}

function createAjv(checkEmbedded: EmbeddedTypeCheck): Ajv {
  // verbose puts each failing schema in its error, which describeNot reads. strictRequired would reject
  // the `not: {required: [...]}` idiom for mutually exclusive fields.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: true });
  // The OpenAPI formats the CRDs use; ajv knows none of them.
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX,
  });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat("byte", { type: "string", validate: isBase64 });

  const validateEmbedded: SchemaValidateFunction = (typeName: string, data: unknown, _parent, context) => {
    const at = pointerToPath(context?.instancePath ?? "");
    const problems = checkEmbedded(typeName, data, at);
    validateEmbedded.errors = problems.map((message) => ({ keyword: "x-k8s-type", message, params: { typeName } }));
    return problems.length === 0;
  };
  ajv.addKeyword({ keyword: "x-k8s-type", schemaType: "string", errors: true, validate: validateEmbedded });
  return ajv;
}

function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

function loadSchema(schemaFile: string): SchemaObject {
  const url = new URL(`./schemas/${schemaFile}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as SchemaObject;
}
