/**
 * Reads an `--answers` file (YAML or JSON). Hostile files are expected: alias bombs, merge keys, custom tags
 * and huge files are refused before the schema ever sees them.
 */
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../errors.js";

const MAX_BYTES = 1024 * 1024;

/** Reads `path` (relative to `cwd`, default the current directory); messages name it as given. */
export async function readAnswersFile(path: string, cwd?: string): Promise<Record<string, unknown>> {
  const full = cwd === undefined ? path : resolve(cwd, path);
  const size = await fileSize(full, path);
  if (size > MAX_BYTES) throw new UsageError(`--answers ${path}: the file is larger than 1 MiB`);
  const source = await readFile(full, "utf8");
  return parseAnswersText(source, `--answers ${path}`);
}

async function fileSize(full: string, path: string): Promise<number> {
  try {
    const info = await stat(full);
    if (!info.isFile()) throw new UsageError(`--answers ${path}: not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `--answers ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
}

/** Parses answers text; `label` names the source in messages. JSON is YAML, so one parser serves both. */
export async function parseAnswersText(source: string, label: string): Promise<Record<string, unknown>> {
  const { parseDocument, LineCounter } = await import("yaml");
  // core schema: no merge keys (<<), no !!binary/!!set/etc.; maxAliasCount stops billion-laughs expansion.
  const lineCounter = new LineCounter();
  const document = parseDocument(source, {
    schema: "core",
    merge: false,
    uniqueKeys: true,
    prettyErrors: true,
    customTags: [],
    lineCounter,
  });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) throw new UsageError(`${label}: not valid YAML or JSON: ${firstLine(problem.message)}`);
  const construct = await plainDataProblem(document, (offset) => lineCounter.linePos(offset));
  if (construct) throw new UsageError(`${label}: ${construct}`);
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    const message = firstLine((error as Error).message);
    if (/alias count/i.test(message))
      throw new UsageError(`${label}: ${message} (aliases are limited to keep expansion small)`);
    throw new UsageError(`${label}: not valid YAML or JSON: ${message}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`${label}: must be a mapping of answers (gitops, servers, environments, repository)`);
  }
  return answersOfRecord(value as Record<string, unknown>);
}

const RECORD_KEYS = new Set(["blueprint", "generator", "answersDigest", "answers", "conflicts"]);

/**
 * A generation record (`.mcp-gitops.yaml`: blueprint, generator, answers) is accepted as an answers file: its answers
 * are the answers. Recognised by its shape, so an answers file never has to say which kind it is.
 */
function answersOfRecord(value: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(value);
  const mapping = (item: unknown) => typeof item === "object" && item !== null && !Array.isArray(item);
  if (!mapping(value.blueprint) || !mapping(value.answers) || !keys.every((key) => RECORD_KEYS.has(key))) return value;
  return value.answers as Record<string, unknown>;
}

function firstLine(message: string): string {
  // The yaml library ends its first line with ':' before a code frame; the frame is not shown, so neither is the colon.
  return (message.split("\n")[0] ?? message).replace(/:\s*$/, "");
}

/** Tags YAML's core schema resolves to plain data; anything else (!!binary, !!set, !!python/...) is refused. */
const PLAIN_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((name) => `tag:yaml.org,2002:${name}`),
);

/**
 * Answers are plain data. Refuses explicit tags that construct something else, and merge keys (`<<`), which the
 * core schema would otherwise keep as an ordinary key named "<<" and report as unknown.
 */
async function plainDataProblem(
  document: import("yaml").Document,
  position: (offset: number) => { line: number; col: number },
): Promise<string | undefined> {
  const { visit, isScalar } = await import("yaml");
  let found: string | undefined;
  const at = (range?: readonly number[] | null) =>
    range ? ` at line ${position(range[0]!).line}, column ${position(range[0]!).col}` : "";
  visit(document, {
    Node(_key, node) {
      if (node.tag && !PLAIN_TAGS.has(node.tag)) {
        found = `the tag ${node.tag.replace("tag:yaml.org,2002:", "!!")}${at(node.range)} is not allowed: answers are plain strings, numbers, booleans, lists and mappings`;
        return visit.BREAK;
      }
      return undefined;
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === "<<" && pair.key.type === "PLAIN") {
        found = `merge keys (<<)${at(pair.key.range)} are not supported: write the values out in full`;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
