/**
 * Validates requests against GitHub's published OpenAPI description, so a client that sends a body the
 * real API would reject fails here too. The dereferenced description is ~70 MB: it is parsed once per
 * process, and each operation's validators are compiled on first use.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject } from "ajv";
import type { OpenApiDescription } from "./types.js";
import { REST_DOCS } from "./http.js";

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: object }> };
  externalDocs?: { url: string };
}

interface Description {
  paths: Record<string, Record<string, Operation | undefined> | undefined>;
}

export interface OperationValidator {
  documentationUrl: string;
  /** GitHub-style problem lines; empty when the request is valid. */
  problems(query: URLSearchParams, body: unknown): string[];
}

const require = createRequire(import.meta.url);
const descriptions = new Map<OpenApiDescription, Description>();
const validators = new Map<string, OperationValidator>();

// The description is OpenAPI 3.0: `nullable`, `example` and `x-github` are not JSON Schema, and formats
// such as `repo.nwo` are GitHub's own, so unknown keywords and formats are ignored rather than fatal.
const bodyAjv = new Ajv({ strict: false, allErrors: true, verbose: true, validateFormats: false, logger: false });

function loadDescription(name: OpenApiDescription): Description {
  let description = descriptions.get(name);
  if (!description) {
    const file = require.resolve(`@octokit/openapi/generated/${name}.deref.json`);
    description = requestSide(JSON.parse(readFileSync(file, "utf8")) as Description);
    descriptions.set(name, description);
  }
  return description;
}

/**
 * Keep only what validation reads. The dereferenced response schemas are most of the document; dropping
 * them takes the retained heap from ~185 MB to ~20 MB per process, which matters with parallel forks.
 */
function requestSide(full: Description): Description {
  const paths: Description["paths"] = {};
  for (const [template, operations] of Object.entries(full.paths)) {
    const kept: Record<string, Operation> = {};
    for (const [method, op] of Object.entries(operations ?? {})) {
      if (op && typeof op === "object")
        kept[method] = { parameters: op.parameters, requestBody: op.requestBody, externalDocs: op.externalDocs };
    }
    paths[template] = kept;
  }
  return { paths };
}

/** Validators for `method` on the description's `template` path (e.g. `/repos/{owner}/{repo}/pulls`). */
export function operationValidator(name: OpenApiDescription, method: string, template: string): OperationValidator {
  const key = `${name} ${method} ${template}`;
  let validator = validators.get(key);
  if (!validator) {
    const operation = loadDescription(name).paths[template]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${name} describes no ${method} ${template}`);
    validator = compileOperation(operation);
    validators.set(key, validator);
  }
  return validator;
}

function compileOperation(operation: Operation): OperationValidator {
  const bodySchema = operation.requestBody?.content?.["application/json"]?.schema;
  const validateBody = bodySchema ? bodyAjv.compile(bodySchema) : undefined;
  // Only presence is checked for query parameters: GitHub ignores malformed optional ones (an unknown
  // `state`, a non-numeric `per_page`), and rejecting them here would fail code that works in production.
  const requiredQuery = (operation.parameters ?? []).filter((p) => p.in === "query" && p.required).map((p) => p.name);
  return {
    documentationUrl: operation.externalDocs?.url ?? REST_DOCS,
    problems(query, body) {
      const lines = requiredQuery.filter((name) => !query.has(name)).map((name) => `"${name}" wasn't supplied.`);
      // GitHub treats a missing body like `{}`, so required properties are still reported.
      if (validateBody && !validateBody(body ?? {})) lines.push(...describeErrors(validateBody.errors ?? []));
      return [...new Set(lines)];
    },
  };
}

/** Turn ajv errors into the sentences GitHub writes after "Invalid request.\n\n". */
function describeErrors(errors: ErrorObject[]): string[] {
  // oneOf/anyOf only summarise their branches; the branch errors say what is actually wrong.
  const leaves = errors.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf");
  return (leaves.length > 0 ? leaves : errors).map(describeError);
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const subject = error.instancePath === "" ? "" : `For '${schemaPath(error.instancePath)}', `;
  const value = inspect(error.data);
  switch (error.keyword) {
    case "required":
      return `"${String(params.missingProperty)}" wasn't supplied.`;
    case "additionalProperties":
      return `"${String(params.additionalProperty)}" is not a permitted key.`;
    case "type":
      return `${subject}${value} is not ${typePhrase(String(params.type))}.`;
    case "enum":
      return `${subject}${value} is not a member of [${(params.allowedValues as unknown[]).map(inspect).join(", ")}].`;
    default:
      return `${subject}${value} ${error.message ?? "is invalid"}.`;
  }
}

/** GitHub names the failing schema location: `/labels/0` → `properties/labels/items`. */
function schemaPath(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((segment) =>
      /^\d+$/.test(segment) ? "items" : `properties/${segment.replace(/~1/g, "/").replace(/~0/g, "~")}`,
    )
    .join("/");
}

/** "a string", "an integer", "an integer, string, or null" — GitHub's wording. */
function typePhrase(types: string): string {
  const list = types.split(",");
  const first = list[0] === "null" ? "null" : `${/^[aeiou]/.test(list[0]) ? "an" : "a"} ${list[0]}`;
  if (list.length === 1) return first;
  if (list.length === 2) return `${first} or ${list[1]}`;
  const rest = list.slice(1);
  return `${first}, ${rest
    .slice(0, -1)
    .map((t) => `${t}, `)
    .join("")}or ${rest[rest.length - 1]}`;
}

/** Values appear as Ruby's `inspect` prints them, since that is what GitHub's validator echoes. */
function inspect(value: unknown): string {
  if (value === null || value === undefined) return "nil";
  if (Array.isArray(value)) return `[${value.map(inspect).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}=>${inspect(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}
