/**
 * `.mcp-gitops.yaml`: the answers a repository was generated with, and the blueprint (name, version, source).
 * `upgrade` re-renders the recorded version from it, so it must hold every resolved answer. The record is data the
 * tool owns: a digest of the answers is stored beside them, so an answers section edited by hand (which would make
 * the merge base something the tool never rendered) is recognised instead of silently trusted.
 */
import type { ResolvedAnswers } from "./answers/resolve.js";
import type { Blueprint } from "./blueprint/blueprint.js";
import { toYaml } from "./blueprint/yaml-helpers.js";
import { sha256Hex } from "./sha256.js";

export const RECORD_FILE = ".mcp-gitops.yaml";

export interface GenerationRecord {
  blueprint: { name: string; version: string; source: string; commit?: string };
  generator: string;
  /** `sha256:<hex>` of the answers (answersDigest()); absent in records written by earlier releases. */
  answersDigest: string;
  answers: ResolvedAnswers;
  /** Files the upgrade that wrote this record left with conflict markers; checked by the next run. */
  conflicts?: string[];
}

export function recordFor(
  blueprint: Blueprint,
  answers: ResolvedAnswers,
  generatorVersion: string,
  conflicts: string[] = [],
): GenerationRecord {
  const source = {
    name: blueprint.name,
    version: blueprint.version,
    source: blueprint.source,
    ...(blueprint.commit ? { commit: blueprint.commit } : {}),
  };
  return {
    blueprint: source,
    generator: `create-mcp-gitops@${generatorVersion}`,
    answersDigest: answersDigest(answers),
    answers,
    ...(conflicts.length > 0 ? { conflicts } : {}),
  };
}

/** The record file's text; `document` is toYaml(record), when the caller has printed it already (a fleet's is long). */
export function serializeRecord(record: GenerationRecord, document = toYaml(record)): string {
  return [
    "# Written by create-mcp-gitops. `npx create-mcp-gitops upgrade` reads this file to bring newer blueprint",
    "# versions into this repository without losing your edits. Keep it in Git, and change the answers with",
    "# `create-mcp-gitops upgrade --set …`, `add` or `remove`, never by hand: answersDigest would no longer match.",
    document,
  ].join("\n");
}

/**
 * `sha256:` over a canonical JSON form (keys sorted at every level), so the digest depends on the answers alone,
 * not on key order or YAML formatting.
 */
export function answersDigest(answers: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(answers))}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The tool version a record's `generator` names (`create-mcp-gitops@1.2.3`), if it names one. */
export function generatorVersion(generator: unknown): string | undefined {
  const match = typeof generator === "string" ? /^create-mcp-gitops@(\S+)$/.exec(generator) : null;
  return match?.[1];
}
