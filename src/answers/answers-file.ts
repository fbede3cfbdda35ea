/**
 * Reads an `--answers` file (YAML or JSON). Hostile files are expected: alias bombs, merge keys, custom tags
 * and huge files are refused before the schema ever sees them.
 */
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../errors.js";
import { checkPlainData } from "./plain-data.js";

const MAX_BYTES = 1024 * 1024;

/** Reads `path` (relative to `cwd`, default the current directory); messages name it as given. */
export async function readAnswersFile(path: string, cwd?: string): Promise<Record<string, unknown>> {
  const full = cwd === undefined ? path : resolve(cwd, path);
  const size = await fileSize(full, path);
  if (size > MAX_BYTES) throw new UsageError(`--answers ${path}: the file is larger than 1 MiB`);
  const source = decodeAnswers(await readFile(full), `--answers ${path}`);
  return parseAnswersText(source, `--answers ${path}`);
}

/**
 * The file's text, decoded strictly: UTF-8 (with or without a byte-order mark), or UTF-16 with a byte-order mark —
 * what PowerShell writes by default. Bytes that are not valid UTF-8 are refused with their offset, never replaced.
 */
export function decodeAnswers(bytes: Buffer, label: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // NUL is valid UTF-8 but never YAML text: here it means UTF-16 without its byte-order mark, or not text at all.
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new UsageError(
      bytes.length > 1 && (bytes[0] === 0 || bytes[1] === 0)
        ? `${label}: looks like UTF-16 without a byte-order mark; save it as UTF-8 (or UTF-16 with a byte-order mark)`
        : `${label}: is not text (a NUL byte at byte ${nul}); save it as UTF-8`,
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start));
  } catch {
    const offset = invalidUtf8Offset(bytes);
    throw new UsageError(
      `${label}: is not valid UTF-8 (byte ${offset}: 0x${bytes[offset]?.toString(16).padStart(2, "0")}); save it as UTF-8`,
    );
  }
}

/** Where the first byte sequence that is not UTF-8 starts. */
function invalidUtf8Offset(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index]!;
    const length =
      byte < 0x80
        ? 1
        : byte >= 0xc2 && byte < 0xe0
          ? 2
          : byte >= 0xe0 && byte < 0xf0
            ? 3
            : byte >= 0xf0 && byte < 0xf5
              ? 4
              : 0;
    if (length === 0 || index + length > bytes.length) return index;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(index, index + length));
    } catch {
      return index;
    }
    index += length;
  }
  return index;
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
  const value = parseJson(source) ?? (await parseYaml(source, label));
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`${label}: must be a mapping of answers (gitops, servers, environments, repository)`);
  }
  checkPlainData(value, label);
  return answersOfRecord(value as Record<string, unknown>);
}

/**
 * A JSON object as the yaml library would read it, by JSON.parse: a fleet's answers file (often written by a
 * script) parses twenty times faster so. Undefined for anything else — YAML, invalid JSON, or JSON whose objects
 * repeat a key, which JSON.parse would silently collapse and the YAML path refuses — and the YAML path decides.
 */
function parseJson(source: string): unknown {
  if (!/^\s*\{/.test(source)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return undefined;
  }
  return membersIn(source) === keysIn(value) ? value : undefined;
}

/** Members written in JSON text: its colons outside strings. */
function membersIn(json: string): number {
  let count = 0;
  for (let index = 0; index < json.length; index++) {
    const char = json.charCodeAt(index);
    if (char === 0x3a) count++;
    else if (char === 0x22) {
      // Skip the string, escapes included; JSON.parse has already checked that it ends.
      for (index++; json.charCodeAt(index) !== 0x22; index++) if (json.charCodeAt(index) === 0x5c) index++;
    }
  }
  return count;
}

/** Keys held by every object in a parsed JSON value. */
function keysIn(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  let count = 0;
  if (Array.isArray(value)) for (const item of value) count += keysIn(item);
  else for (const key of Object.keys(value)) count += 1 + keysIn((value as Record<string, unknown>)[key]);
  return count;
}

async function parseYaml(source: string, label: string): Promise<unknown> {
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
  try {
    return document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    const message = firstLine((error as Error).message);
    if (/alias count/i.test(message))
      throw new UsageError(`${label}: ${message} (aliases are limited to keep expansion small)`);
    throw new UsageError(`${label}: not valid YAML or JSON: ${message}`);
  }
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
