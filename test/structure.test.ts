/**
 * The shape of src/: no import cycles (type-only imports and lazy `import()` included), and folders that depend
 * only in the directions their names promise — the tree knows nothing of blueprints, progress nothing of the CLI,
 * delivery nothing of upgrades.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** file (relative to src) → the src files it imports, statically, as types, or lazily. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const specifiers = [
      ...text.matchAll(/\b(?:import|export)\s[^;]*?\sfrom\s+"(\.{1,2}\/[^"]+)"/gs),
      ...text.matchAll(/\bimport\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g),
    ].map((match) => match[1]!);
    const targets = specifiers.map((specifier) =>
      relative(SRC, resolve(dirname(file), specifier.replace(/\.js$/, ".ts"))),
    );
    graph.set(relative(SRC, file), [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

const folderOf = (file: string) => (file.includes("/") ? file.slice(0, file.indexOf("/")) : ".");

/** Folders each folder must never import from. */
const FORBIDDEN: Record<string, string[]> = {
  tree: ["answers", "blueprint", "cli", "delivery", "progress", "prompts", "upgrade"],
  progress: ["cli", "delivery", "upgrade", "prompts"],
  blueprint: ["cli", "delivery", "upgrade", "prompts", "progress"],
  answers: ["cli", "delivery", "upgrade", "prompts", "progress", "tree", "blueprint"],
  delivery: ["cli", "upgrade", "prompts"],
  prompts: ["cli", "delivery", "upgrade"],
};

describe("src/ structure", () => {
  const graph = importGraph();

  it("has no import cycle, not even through type-only or lazy imports", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("folders depend only in the directions their names promise", () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        if (FORBIDDEN[folderOf(file)]?.includes(folderOf(target))) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("engines are the blueprint's business", () => {
  it("no engine is named in src/ code outside the answers schema's list of engines", () => {
    const named: string[] = [];
    for (const file of sourceFiles(SRC)) {
      if (relative(SRC, file) === "answers/engines.ts") continue;
      // Comments may explain what engines do; code, messages and help must not depend on which ones exist.
      const code = readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/(^|[^:"`'])\/\/[^\n]*/g, "$1");
      for (const line of code.split("\n")) {
        if (/\b(flux|argocd|argo cd)\b/i.test(line)) named.push(`${relative(SRC, file)}: ${line.trim()}`);
      }
    }
    expect(named).toEqual([]);
  });
});
