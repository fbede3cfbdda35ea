/**
 * Renames in the blueprint, found so the user's edits follow the file. Path by path, a renamed file looks like one
 * removed (the user's edited copy kept, no longer used) and one added (the blueprint's, without the edit): merging
 * that PR would silently drop the edit. Two sources, as git has its own:
 * - declared: the newer blueprint's `blueprint.yaml` lists `renames: { old/path: new/path }`, with `__server__` and
 *   `__env__` placeholders standing for any server or environment;
 * - detected: a file only the base has and one only the new version has whose lines are at least half the same.
 *   Only when the servers and environments stay the same: otherwise a removed server's files would look like a new
 *   server's.
 * Only files the user edited matter; an untouched one is simply deleted and the new one created.
 */
import type { Tree } from "../tree/tree.js";
import { sameText, toLf } from "./line-endings.js";
import type { FileSide } from "./plan.js";

export interface RenameOptions {
  /** The new blueprint's declared renames, old pattern → new pattern. */
  declared?: Readonly<Record<string, string>>;
  /** Also pair files by content similarity. */
  similar: boolean;
}

/** Similar enough to be the same file, as git's default rename threshold. */
const THRESHOLD = 0.5;
/** Similarity compares every removed file with every added one; beyond this many pairs it is not worth it. */
const MAX_PAIRS = 20_000;

/** New path → old path, for every edited file the blueprint moved. */
export function detectRenames(
  base: Tree,
  theirs: Tree,
  ours: ReadonlyMap<string, FileSide>,
  options: RenameOptions,
): Map<string, string> {
  const removed = base.paths().filter((path) => !theirs.has(path) && edited(path, base, ours));
  const added = new Set(theirs.paths().filter((path) => !base.has(path) && !ours.has(path)));
  const renames = new Map<string, string>();
  const pair = (from: string, to: string) => {
    renames.set(to, from);
    added.delete(to);
  };
  for (const [from, to] of Object.entries(options.declared ?? {})) {
    const pattern = placeholderPattern(from);
    for (const path of removed) {
      const match = pattern.exec(path);
      const target = match && fillPlaceholders(to, match.groups ?? {});
      if (target && added.has(target)) pair(path, target);
    }
  }
  if (!options.similar) return renames;
  const left = removed.filter((path) => ![...renames.values()].includes(path));
  if (left.length === 0 || left.length * added.size > MAX_PAIRS) return renames;
  for (const from of left) {
    let best: { path: string; score: number } | undefined;
    for (const to of added) {
      const score = similarity(base.entry(from)!.content, theirs.entry(to)!.content);
      if (score >= THRESHOLD && (!best || score > best.score)) best = { path: to, score };
    }
    if (best) pair(from, best.path);
  }
  return renames;
}

function edited(path: string, base: Tree, ours: ReadonlyMap<string, FileSide>): boolean {
  const mine = ours.get(path);
  return mine !== undefined && !sameText(mine.content, base.entry(path)!.content);
}

/** `apps/base/__server__/values.yaml` → a pattern capturing the server's name. */
function placeholderPattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${dedupeGroups(escaped.replace(/__(server|env)__/g, "(?<$1>[^/]+)"))}$`);
}

/** A placeholder used twice in one pattern must name the same thing: later uses become back-references. */
function dedupeGroups(source: string): string {
  const named = new Set<string>();
  return source.replace(/\(\?<(server|env)>\[\^\/\]\+\)/g, (group, name: string) => {
    if (named.has(name)) return `\\k<${name}>`;
    named.add(name);
    return group;
  });
}

function fillPlaceholders(pattern: string, groups: Record<string, string>): string | undefined {
  let missing = false;
  const path = pattern.replace(/__(server|env)__/g, (_all, name: string) => {
    if (groups[name] === undefined) missing = true;
    return groups[name] ?? "";
  });
  return missing ? undefined : path;
}

/** Shared non-blank lines over all of them (as a multiset), 0 for anything that is not text. */
function similarity(a: unknown, b: unknown): number {
  if (typeof a !== "string" || typeof b !== "string") return 0;
  const lines = (text: string) =>
    toLf(text)
      .split("\n")
      .filter((line) => line.trim() !== "");
  const left = lines(a);
  const right = lines(b);
  if (left.length === 0 || right.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const line of left) counts.set(line, (counts.get(line) ?? 0) + 1);
  let shared = 0;
  for (const line of right) {
    const count = counts.get(line) ?? 0;
    if (count > 0) {
      shared++;
      counts.set(line, count - 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}
