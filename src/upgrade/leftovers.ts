/**
 * What an earlier upgrade left for a person, checked before any run says "up to date": files still holding its
 * conflict markers (committed by accident, say), and files it left conflicted whose resolution no longer parses (a
 * block moved outside the markers, two `resources:` keys). In a git work tree every file git would show is searched
 * (`git grep`, tracked and untracked); elsewhere the files the record lists as left with conflicts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runGit } from "../git/run.js";
import { inspectPathSync } from "../tree/target-paths.js";
import type { RecordedGeneration } from "./recorded.js";

/** The label of the user's side in every conflict an upgrade writes: `<<<<<<< yours`. */
export const OURS_LABEL = "yours";
const MARKER = new RegExp(`^<<<<<<< ${OURS_LABEL}\\r?$`, "m");
/** Helm templates are Go templates, not YAML. */
const GO_TEMPLATE = /(^|\/)templates\//;

export interface Leftover {
  path: string;
  /** "markers", or why the resolved file does not parse. */
  problem: string;
}

export async function leftoverConflicts(directory: string, record: RecordedGeneration): Promise<Leftover[]> {
  const marked = new Set(await filesWithMarkers(directory, record.conflicts));
  const leftovers: Leftover[] = [...marked].sort().map((path) => ({ path, problem: "markers" }));
  for (const path of record.conflicts) {
    if (marked.has(path)) continue;
    const text = readText(directory, path);
    const problem = text === undefined ? undefined : await parseProblem(path, text);
    if (problem) leftovers.push({ path, problem });
  }
  return leftovers;
}

async function filesWithMarkers(directory: string, listed: string[]): Promise<string[]> {
  const run = await runGit(["grep", "-l", "-I", "--untracked", "-e", `^<<<<<<< ${OURS_LABEL}$`, "--", "."], {
    cwd: directory,
  });
  // 0: found, 1: none found; anything else (not a git work tree) falls back to the files the record lists.
  if (run.code === 0) return run.stdout.split("\n").filter(Boolean);
  if (run.code === 1) return [];
  return listed.filter((path) => MARKER.test(readText(directory, path) ?? ""));
}

function readText(directory: string, path: string): string | undefined {
  const full = join(directory, path);
  try {
    return inspectPathSync(full, "[directory]") === "file" ? readFileSync(full, "utf8") : undefined;
  } catch {
    return undefined;
  }
}

async function parseProblem(path: string, text: string): Promise<string | undefined> {
  if (/\.ya?ml$/.test(path) && !GO_TEMPLATE.test(path)) {
    const { parseAllDocuments } = await import("yaml");
    for (const document of parseAllDocuments(text, { uniqueKeys: true, prettyErrors: true })) {
      const error = document.errors[0];
      if (error) return `not valid YAML: ${error.message.split("\n")[0]!.replace(/:\s*$/, "")}`;
    }
  }
  if (path.endsWith(".json")) {
    try {
      JSON.parse(text);
    } catch (error) {
      return `not valid JSON (${(error as Error).message})`;
    }
  }
  return undefined;
}
