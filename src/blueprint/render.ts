/**
 * Renders a blueprint with resolved answers into a Tree.
 *
 * - `files/common/**` always, `files/<gitops>/**` for the chosen engine; the layer folder is not part of the path.
 * - `__server__` in a path renders once per server, `__env__` once per environment.
 * - `*.ejs` is rendered and loses the suffix; a template that renders to nothing produces no file.
 * - `_gitignore`-style names become dotfiles (so the package itself does not act on them).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { ResolvedAnswers, ResolvedEnvironment } from "../answers/resolve.js";
import type { Server } from "../answers/schema.js";
import { Tree } from "../tree/tree.js";
import type { Blueprint } from "./blueprint.js";
import { escapeMarkdown, toYaml, toYamlBlock, toYamlInline } from "./yaml-helpers.js";

const DOTFILES: Record<string, string> = {
  _gitignore: ".gitignore",
  _helmignore: ".helmignore",
  _github: ".github",
  _gitattributes: ".gitattributes",
};

interface SourceFile {
  /** Path inside the layer, with placeholders, e.g. `apps/__env__/__server__/values.yaml.ejs`. */
  path: string;
  absolute: string;
  content: string;
}

interface Scope {
  server?: Server;
  env?: ResolvedEnvironment;
}

type TemplateFn = (locals: Record<string, unknown>) => string;

/** Per tree: path → content of the files `isValidByConstruction` vouches for. */
const validByConstruction = new WeakMap<Tree, Map<string, string>>();

/**
 * True when `content` is exactly what renderBlueprint wrote at `path` and that file was a verbatim file of the bundled
 * blueprint, or whole-line comments (or blank lines) followed by the output of a single toYaml() call. The yaml
 * library wrote that document, so it parses (with unique keys: it came from a JS object), and comment lines cannot
 * change that. validateTree can skip parsing such files again — in a fleet they are nearly all of the bytes. A file
 * changed after rendering is not vouched for.
 */
export function isValidByConstruction(tree: Tree, path: string, content: string): boolean {
  return validByConstruction.get(tree)?.get(path) === content;
}

/** Writes `content` at `path`, vouched for when it is comment lines followed by `document`, one toYaml() output. */
export function writeDocument(tree: Tree, path: string, content: string, document: string): void {
  tree.write(path, content);
  if (isCommentsThen(content, document)) vouchedIn(tree).set(path, content);
}

function vouchedIn(tree: Tree): Map<string, string> {
  let vouched = validByConstruction.get(tree);
  if (!vouched) {
    vouched = new Map();
    validByConstruction.set(tree, vouched);
  }
  return vouched;
}

export async function renderBlueprint(blueprint: Blueprint, answers: ResolvedAnswers): Promise<Tree> {
  const [files, helpers, ejs] = await Promise.all([
    readLayers(blueprint.root, ["common", answers.gitops]),
    loadHelpers(blueprint.root),
    import("ejs").then((module) => (module as unknown as { default?: typeof module }).default ?? module),
  ]);
  const tree = new Tree();
  const vouched = vouchedIn(tree);
  // Files the bundled blueprint copies verbatim are its own, answers cannot reach them, and the test suite parses
  // each one (test/render-valid-by-construction.test.ts): no run needs to parse them again. Other blueprints' are.
  const trustVerbatim = blueprint.source === "bundled";
  const base = {
    answers,
    blueprint: { name: blueprint.name, version: blueprint.version },
    toYaml,
    toYamlBlock,
    toYamlInline,
  };
  for (const file of files) {
    const template = file.path.endsWith(".ejs") ? compile(ejs, file) : undefined;
    for (const scope of scopesFor(file.path, answers)) {
      const path = outputPath(file.path, scope);
      const h = helpers({ answers, ...scope });
      const documents: string[] = [];
      const recordingToYaml = (value: unknown) => {
        const yaml = toYaml(value);
        documents.push(yaml);
        return yaml;
      };
      const content = template ? template({ ...base, ...scope, h, toYaml: recordingToYaml }) : file.content;
      if (content.trim() === "") continue;
      const written = normalizeEnding(content);
      tree.write(path, written);
      if (template ? documents.length === 1 && isCommentsThen(written, documents[0]) : trustVerbatim)
        vouched.set(path, written);
    }
  }
  return tree;
}

/** `content` is whole-line comments or blank lines, then exactly `document` (a non-empty toYaml() output). */
function isCommentsThen(content: string, document: string): boolean {
  if (document === "" || !content.endsWith(document)) return false;
  return /^(?:#[^\n\r]*\n|\n)*$/.test(content.slice(0, content.length - document.length));
}

/**
 * Synchronous reads: a blueprint is a few dozen small files, and reading them one after another on this thread is
 * several times faster than promises that each cross to the thread pool four times (open, stat, read, close).
 */
async function readLayers(root: string, layers: string[]): Promise<SourceFile[]> {
  const files = layers.flatMap((layer) => {
    const layerRoot = join(root, "files", layer);
    return listFiles(layerRoot).map((absolute) => ({
      path: relative(layerRoot, absolute).split(sep).join("/"),
      absolute,
      content: readFileSync(absolute, "utf8"),
    }));
  });
  // Code-unit order, like Tree.paths(): localeCompare would first load ICU's collation data (7 ms at start-up).
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function listFiles(dir: string): string[] {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.isFile() ? [path] : [];
  });
}

type HelperFactory = (scope: { answers: ResolvedAnswers } & Scope) => Record<string, unknown>;

async function loadHelpers(root: string): Promise<HelperFactory> {
  const path = join(root, "lib", "helpers.mjs");
  try {
    const module = (await import(pathToFileURL(path).href)) as { default?: HelperFactory };
    return module.default ?? (() => ({}));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND") return () => ({});
    throw error;
  }
}

function compile(engine: typeof import("ejs"), file: SourceFile): TemplateFn {
  // `<%= %>` emits a YAML-safe inline value (or escaped Markdown); `<%- %>` is for helper output such as toYaml().
  const escapeValue = file.path.endsWith(".md.ejs") ? escapeMarkdown : toYamlInline;
  return engine.compile(file.content, {
    filename: file.absolute,
    escape: escapeValue,
    async: false,
    strict: false,
  }) as TemplateFn;
}

function scopesFor(path: string, answers: ResolvedAnswers): Scope[] {
  const servers: (Server | undefined)[] = path.includes("__server__") ? answers.servers : [undefined];
  const envs: (ResolvedEnvironment | undefined)[] = path.includes("__env__") ? answers.environments : [undefined];
  return envs.flatMap((env) => servers.map((server) => ({ env, server })));
}

function outputPath(path: string, scope: Scope): string {
  const renamed = path
    .replace(/\.ejs$/, "")
    .split("/")
    .map((segment) => DOTFILES[segment] ?? segment)
    .join("/");
  return renamed.replaceAll("__server__", scope.server?.name ?? "").replaceAll("__env__", scope.env?.name ?? "");
}

function normalizeEnding(content: string): string {
  return content.endsWith("\n") ? content : `${content}\n`;
}
