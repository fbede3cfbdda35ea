/**
 * Helm values checked against the chart before anything is written: each release of the blueprint's own chart gets
 * its values files merged as Helm merges them (the chart's values.yaml, then the files in the order the engine layers
 * them) and validated with the chart's values.schema.json — what `helm template` in the cluster would do, after
 * every file was already committed. A failure names the answer the offending value came from (a server's or an
 * environment's `values`) and the schema's rule; a value no answer wrote is the blueprint's bug.
 *
 * Only releases whose server or environment has `values` overrides are checked: the rest hold nothing but what the
 * blueprint generated, which its own tests render with helm, and parsing every release's files would double the time
 * a large fleet takes to scaffold.
 */
import type { CollectedAnswers } from "../answers/collect.js";
import type { ResolvedAnswers } from "../answers/resolve.js";
import { describeIssues } from "../answers/validate.js";
import type * as z from "../answers/zod.js";
import { BlueprintError, UsageError } from "../errors.js";
import type { Tree } from "../tree/tree.js";
import type { ChartRelease } from "./engines.js";

type Json = Record<string, unknown>;
interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: { properties?: Json };
}
type Validate = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

export async function checkChartValues(
  tree: Tree,
  releases: readonly ChartRelease[],
  answers: ResolvedAnswers,
  collected: Pick<CollectedAnswers, "provenance" | "fileLabel" | "raw">,
): Promise<void> {
  const { parse } = await import("yaml");
  const parsed = new Map<string, unknown>();
  const read = (path: string): unknown => {
    if (!parsed.has(path)) {
      const content = tree.read(path);
      if (typeof content !== "string") throw new BlueprintError(`blueprint rendered no ${path} for a release`);
      parsed.set(path, parse(content) ?? {});
    }
    return parsed.get(path);
  };
  const validators = new Map<string, Validate>();
  const issues: z.core.$ZodIssue[] = [];
  const overridden = (values: Json | undefined) => values !== undefined && Object.keys(values).length > 0;
  const checked = releases.filter(
    (release) =>
      overridden(answers.servers.find((server) => server.name === release.server)?.values) ||
      overridden(answers.environments.find((env) => env.name === release.environment)?.values),
  );
  for (const release of checked) {
    let validate = validators.get(release.chart);
    if (!validate) {
      validate = await compileSchema(tree, release.chart);
      validators.set(release.chart, validate);
    }
    const values = release.values.reduce<unknown>(
      (merged, file) => coalesce(merged, read(file)),
      read(`${release.chart}/values.yaml`),
    );
    if (validate(values)) continue;
    for (const error of validate.errors ?? []) issues.push(issueFor(error, release, answers));
    if (issues.length >= 10) break;
  }
  if (issues.length > 0) throw new UsageError(describeIssues(issues, collected));
}

async function compileSchema(tree: Tree, chart: string): Promise<Validate> {
  const text = tree.read(`${chart}/values.schema.json`);
  if (typeof text !== "string") return () => true;
  // ajv is CommonJS: its class is the default export's default under the bundle, the default itself under Node.
  const module = (await import("ajv")) as unknown as { default: { default?: unknown } };
  const Ajv = (module.default.default ?? module.default) as new (
    options: object,
  ) => {
    compile(schema: object): Validate;
  };
  // Helm validates formats loosely too; `verbose` keeps the schema of a failing object, to list what it allows.
  return new Ajv({ allErrors: false, strict: false, verbose: true }).compile(JSON.parse(text));
}

/** Helm's merge of values files: mappings merge key by key, a null removes the key, anything else replaces. */
export function coalesce(base: unknown, override: unknown): unknown {
  if (!isMapping(base) || !isMapping(override)) return override === undefined ? base : override;
  const result: Json = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete result[key];
    else result[key] = key in result ? coalesce(result[key], value) : value;
  }
  return result;
}

/** The schema error as an issue at the answer that wrote the value: the environment's values, else the server's. */
function issueFor(error: SchemaError, release: ChartRelease, answers: ResolvedAnswers): z.core.$ZodIssue {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.keyword === "additionalProperties") path.push(String(error.params.additionalProperty));
  const envIndex = answers.environments.findIndex((env) => env.name === release.environment);
  const serverIndex = answers.servers.findIndex((server) => server.name === release.server);
  const owners: [PropertyKey[], unknown][] = [
    [["environments", envIndex, "values"], answers.environments[envIndex]?.values],
    [["servers", serverIndex, "values"], answers.servers[serverIndex]?.values],
  ];
  // The longest part of the path an answer wrote: a value the chart refuses, or the mapping it should not be in.
  for (let length = path.length; length > 0; length--) {
    for (const [prefix, values] of owners) {
      const found = valueIn(values, path.slice(0, length));
      if (found === undefined) continue;
      // A refused mapping that holds one value is named down to that value: the flag that set it (--set a.b.c=1).
      const at = [...prefix, ...path.slice(0, length), ...onlyPath(found)];
      return { code: "custom", path: at, message: rule(error), input: undefined };
    }
  }
  throw new BlueprintError(
    `blueprint rendered values that its chart's values.schema.json refuses, for ${release.server} in ${release.environment}: ${path.join(".") || "(values)"} ${error.message ?? error.keyword}`,
  );
}

function rule(error: SchemaError): string {
  const schema = "the chart's values.schema.json";
  if (error.keyword === "additionalProperties") {
    const known = Object.keys(error.parentSchema?.properties ?? {});
    const listed = known.length > 12 ? `${known.slice(0, 12).join(", ")}, …` : known.join(", ");
    return `is not a value ${schema} allows${known.length ? ` (allowed here: ${listed})` : ""}`;
  }
  if (error.keyword === "enum") {
    const allowed = (error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ");
    return `must be one of ${allowed} (${schema})`;
  }
  return `${error.message ?? `fails the ${error.keyword} rule`} (${schema})`;
}

/** The keys down to the single value a chain of one-key mappings holds; none for anything else. */
function onlyPath(value: unknown): string[] {
  const path: string[] = [];
  let node = value;
  while (isMapping(node) && Object.keys(node).length === 1) {
    const key = Object.keys(node)[0]!;
    path.push(key);
    node = node[key];
  }
  return path;
}

function valueIn(values: unknown, path: readonly string[]): unknown {
  let node = values;
  for (const key of path) node = isMapping(node) || Array.isArray(node) ? (node as Json)[key] : undefined;
  return node;
}

function isMapping(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
