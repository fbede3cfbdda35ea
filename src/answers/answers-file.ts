/**
 * Reads an `--answers` file (YAML or JSON). Hostile files are expected: alias bombs, merge keys, custom tags
 * and huge files are refused before the schema ever sees them.
 */
import { readFile, stat } from "node:fs/promises";
import { UsageError } from "../errors.js";

const MAX_BYTES = 1024 * 1024;

export async function readAnswersFile(path: string): Promise<Record<string, unknown>> {
  const size = await fileSize(path);
  if (size > MAX_BYTES) throw new UsageError(`--answers ${path}: the file is larger than 1 MiB`);
  const source = await readFile(path, "utf8");
  return parseAnswersText(source, `--answers ${path}`);
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError(`--answers ${path}: not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--answers ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

/** Parses answers text; `label` names the source in messages. JSON is YAML, so one parser serves both. */
export async function parseAnswersText(source: string, label: string): Promise<Record<string, unknown>> {
  const { parseDocument } = await import("yaml");
  // core schema: no merge keys (<<), no !!binary/!!set/etc.; maxAliasCount stops billion-laughs expansion.
  const document = parseDocument(source, { schema: "core", merge: false, uniqueKeys: true, prettyErrors: true, customTags: [] });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) throw new UsageError(`${label}: not valid YAML or JSON: ${firstLine(problem.message)}`);
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    throw new UsageError(`${label}: ${firstLine((error as Error).message)} (aliases are limited to keep expansion small)`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`${label}: must be a mapping of answers (gitops, servers, environments, repository)`);
  }
  return value as Record<string, unknown>;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
