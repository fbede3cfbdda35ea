/**
 * `.mcp-gitops.yaml`: the answers a repository was generated with, and the blueprint (name, version, source).
 * `upgrade` re-renders the recorded version from it, so it must hold every resolved answer.
 */
import type { ResolvedAnswers } from "./answers/resolve.js";
import type { Blueprint } from "./blueprint/blueprint.js";
import { toYaml } from "./blueprint/yaml-helpers.js";

export const RECORD_FILE = ".mcp-gitops.yaml";

export interface GenerationRecord {
  blueprint: { name: string; version: string; source: string; commit?: string };
  generator: string;
  answers: ResolvedAnswers;
}

export function recordFor(blueprint: Blueprint, answers: ResolvedAnswers, generatorVersion: string): GenerationRecord {
  const source = {
    name: blueprint.name,
    version: blueprint.version,
    source: blueprint.source,
    ...(blueprint.commit ? { commit: blueprint.commit } : {}),
  };
  return { blueprint: source, generator: `create-mcp-gitops@${generatorVersion}`, answers };
}

export function serializeRecord(record: GenerationRecord): string {
  return [
    "# Written by create-mcp-gitops. `npx create-mcp-gitops upgrade` reads this file to bring newer blueprint",
    "# versions into this repository without losing your edits. Keep it in Git.",
    toYaml(record),
  ].join("\n");
}
