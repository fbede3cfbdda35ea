/**
 * Renders a blueprint with resolved answers into a Tree.
 *
 * - `files/common/**` always, `files/<gitops>/**` for the chosen engine; the layer folder is not part of the path.
 * - `__server__` in a path renders once per server, `__env__` once per environment.
 * - `*.ejs` is rendered and loses the suffix; a template that renders to nothing produces no file.
 * - Documents of data (`lib/documents.mjs`) are built by the blueprint's functions and printed once each, without a
 *   template: the bulk of a fleet's bytes (see BlueprintDocuments).
 * - `_gitignore`-style names become dotfiles (so the package itself does not act on them).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { ResolvedAnswers, ResolvedEnvironment, ResolvedServer } from "../answers/resolve.js";
import { BlueprintError } from "../errors.js";
import { contentFromBytes, type FileContent, Tree } from "../tree/tree.js";
import { packageVersion } from "../version.js";
import { type Blueprint, loadBlueprintModule } from "./blueprint.js";
import { type EngineDescriptor, loadEngines } from "./engines.js";
import { escapeMarkdown, toYaml, toYamlBlock, toYamlInline } from "./yaml-helpers.js";

const DOTFILES: Record<string, string> = {
  _gitignore: ".gitignore",
  _helmignore: ".helmignore",
  _github: ".github",
  _gitattributes: ".gitattributes",
  "_sops.yaml": ".sops.yaml",
  _trivyignore: ".trivyignore",
};

interface SourceFile {
  /** Path inside the layer, with placeholders, e.g. `apps/__env__/__server__/values.yaml.ejs`. */
  path: string;
  absolute: string;
  /** Text for templates and text files, bytes for anything else (see contentFromBytes). */
  content: FileContent;
  /** 0o755 when the blueprint's file is executable; otherwise the writer's default. */
  mode?: number;
  /** A document of `lib/documents.mjs` instead of a file: builds it for a scope. */
  build?: DocumentBuilder;
}

interface Scope {
  server?: ResolvedServer;
  env?: ResolvedEnvironment;
  cluster?: BlueprintCluster;
}

/** A cluster and the environments that run in it, in the answers' order (see EngineDescriptor.cluster). */
export interface BlueprintCluster {
  name: string;
  environments: ResolvedEnvironment[];
}

/**
 * What a blueprint's `lib/helpers.mjs` default export is called with once per rendered file: the resolved answers,
 * plus the server and environment of a `__server__`/`__env__` path. Part of the package's types so a blueprint can
 * type-check its helpers against them (`@import { BlueprintScope } from "create-mcp-gitops"` in JSDoc).
 */
export interface BlueprintScope extends Scope {
  answers: ResolvedAnswers;
}

/** The default export of `lib/helpers.mjs`: the object templates see as `h`. */
export type BlueprintHelpers = (scope: BlueprintScope) => Record<string, unknown>;

/**
 * A file that is one YAML document of data under whole comment lines. `comments` is those lines, each ending in a
 * newline (or empty); `document` is printed with toYaml() after them, as `<%- toYaml(document) -%>` would.
 */
export interface BlueprintDocument {
  comments: string;
  document: unknown;
}

/** Builds one document for a scope, or nothing: then no file, like a template that renders to nothing. */
export type DocumentBuilder = (scope: BlueprintScope) => BlueprintDocument | undefined;

/** What a documents module gets besides the answers: `inline` prints a value as `<%= %>` does in a template. */
export interface DocumentTools {
  inline: (value: unknown) => string;
}

/**
 * The default export of `lib/documents.mjs`: called once per render with the answers, it returns a builder per file,
 * keyed by the file's path under `files/` (layer first, placeholders kept, e.g.
 * `common/apps/__env__/__server__/alerts.yaml`). Such a file is the blueprint's function output printed once, with
 * no template in between, and the once-per-render call lets a blueprint compute what every environment of a server
 * (or every server) shares only once.
 */
export type BlueprintDocuments = (answers: ResolvedAnswers, tools: DocumentTools) => Record<string, DocumentBuilder>;

type TemplateFn = (locals: Record<string, unknown>) => string;

/** Writes `content` at `path`, vouched for when it is comment lines followed by `document`, one toYaml() output. */
export function writeDocument(tree: Tree, path: string, content: string, document: string): void {
  tree.write(path, content, { valid: isCommentsThen(content, document) });
}

export interface RenderOptions {
  /**
   * The create-mcp-gitops version templates see as `generator.version` (a workflow pins it). Default: this one; an
   * upgrade renders its base with the version the record names, so a newer tool shows as a change to take.
   */
  generatorVersion?: string;
}

export async function renderBlueprint(
  blueprint: Blueprint,
  answers: ResolvedAnswers,
  options: RenderOptions = {},
): Promise<Tree> {
  const layers = ["common", answers.gitops];
  const [sources, documents, helpers, engines, ejs] = await Promise.all([
    readLayers(blueprint.root, layers),
    loadDocuments(blueprint, answers, layers),
    loadHelpers(blueprint),
    loadEngines(blueprint),
    import("ejs").then((module) => (module as unknown as { default?: typeof module }).default ?? module),
  ]);
  const files = withDocuments(sources, documents, blueprint);
  const tree = new Tree();
  const clusters = clustersOf(answers, engines[answers.gitops]);
  // Files the bundled blueprint copies verbatim are its own, answers cannot reach them, and the test suite parses
  // each one (test/render-valid-by-construction.test.ts): no run needs to parse them again. Other blueprints' are.
  const trustVerbatim = blueprint.source === "bundled";
  const base = {
    answers,
    // The engine's descriptor (lib/engines.mjs), so templates never branch on the engine's name.
    engine: engines[answers.gitops],
    // Every cluster with its environments, as the engine groups them (`__cluster__` renders once per cluster).
    clusters,
    escapeMarkdown,
    blueprint: { name: blueprint.name, version: blueprint.version },
    generator: { name: "create-mcp-gitops", version: options.generatorVersion ?? packageVersion() },
    toYaml,
    toYamlBlock,
    toYamlInline,
  };
  for (const file of files) {
    const renamed = renamedPath(file.path);
    if (file.build) {
      for (const scope of scopesFor(file.path, answers, clusters))
        writeBuilt(tree, scopedPath(renamed, scope), file, blueprint, { answers, ...scope });
      continue;
    }
    const template = file.path.endsWith(".ejs") ? compile(ejs, file, blueprint) : undefined;
    for (const scope of scopesFor(file.path, answers, clusters)) {
      const path = scopedPath(renamed, scope);
      if (!template) {
        if (typeof file.content !== "string") tree.write(path, file.content, { mode: file.mode });
        else if (file.content.trim() !== "")
          tree.write(path, normalizeEnding(file.content), { mode: file.mode, valid: trustVerbatim });
        continue;
      }
      const documents: string[] = [];
      const recordingToYaml = (value: unknown) => {
        const yaml = toYaml(value);
        documents.push(yaml);
        return yaml;
      };
      const content = runTemplate(template, file, blueprint, () => ({
        ...base,
        ...scope,
        h: helpers({ answers, ...scope }),
        toYaml: recordingToYaml,
      }));
      if (content.trim() === "") continue;
      const written = normalizeEnding(content);
      const valid = documents.length === 1 && isCommentsThen(written, documents[0]!);
      tree.write(path, written, { mode: file.mode, valid });
    }
  }
  return tree;
}

/** `content` is whole-line comments or blank lines, then exactly `document` (a non-empty toYaml() output). */
function isCommentsThen(content: string, document: string): boolean {
  if (document === "" || !content.endsWith(document)) return false;
  return COMMENT_LINES.test(content.slice(0, content.length - document.length));
}

const COMMENT_LINES = /^(?:#[^\n\r]*\n|\n)*$/;

/**
 * One document of `lib/documents.mjs`: its comment lines, then the data printed once. Valid by construction, as a
 * template's comment lines plus one toYaml() are; comments that are not whole comment lines are the blueprint's bug.
 */
function writeBuilt(tree: Tree, path: string, file: SourceFile, blueprint: Blueprint, scope: BlueprintScope): void {
  let built: BlueprintDocument | undefined;
  try {
    built = file.build!(scope);
  } catch (error) {
    throw documentError(file, blueprint, error instanceof Error ? error.message : String(error));
  }
  if (built === undefined) return;
  if (!COMMENT_LINES.test(built.comments))
    throw documentError(file, blueprint, "its comments must be whole lines starting with # (each ending in a newline)");
  const document = toYaml(built.document);
  if (document === "" && built.comments.trim() === "") return;
  tree.write(path, normalizeEnding(built.comments + document), { valid: document !== "" });
}

function documentError(file: SourceFile, blueprint: Blueprint, message: string): BlueprintError {
  return new BlueprintError(
    `blueprint ${blueprint.name} ${blueprint.version}: lib/documents.mjs (files/${file.path}): ${message.split("\n")[0]}`,
  );
}

/**
 * Synchronous reads: a blueprint is a few dozen small files, and reading them one after another on this thread is
 * several times faster than promises that each cross to the thread pool four times (open, stat, read, close).
 */
async function readLayers(root: string, layers: string[]): Promise<SourceFile[]> {
  const files = layers.flatMap((layer) => {
    const layerRoot = join(root, "files", layer);
    return listFiles(layerRoot).map((absolute): SourceFile => {
      const path = relative(layerRoot, absolute).split(sep).join("/");
      const bytes = readFileSync(absolute);
      const executable = (statSync(absolute).mode & 0o111) !== 0;
      // Templates are text by definition; other files are text only when their bytes decode and encode back exactly.
      const content = path.endsWith(".ejs") ? bytes.toString("utf8") : contentFromBytes(bytes);
      return { path, absolute, content, ...(executable ? { mode: 0o755 } : {}) };
    });
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

/** The blueprint's document builders for these layers, keyed by path inside the layer; none without the module. */
async function loadDocuments(
  blueprint: Blueprint,
  answers: ResolvedAnswers,
  layers: string[],
): Promise<Map<string, DocumentBuilder>> {
  const module = await loadBlueprintModule<{ default?: BlueprintDocuments }>(blueprint, "lib/documents.mjs");
  const builders = new Map<string, DocumentBuilder>();
  if (!module?.default) return builders;
  let all: Record<string, DocumentBuilder>;
  try {
    all = module.default(answers, { inline: toYamlInline });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new BlueprintError(`blueprint ${blueprint.name} ${blueprint.version}: lib/documents.mjs: ${message}`);
  }
  for (const [key, build] of Object.entries(all)) {
    const slash = key.indexOf("/");
    if (layers.includes(key.slice(0, slash))) builders.set(key.slice(slash + 1), build);
  }
  return builders;
}

/** The layers' files plus the documents, in path order; a document and a file of the same name are a conflict. */
function withDocuments(
  sources: SourceFile[],
  documents: Map<string, DocumentBuilder>,
  blueprint: Blueprint,
): SourceFile[] {
  if (documents.size === 0) return sources;
  const built = [...documents].map(([path, build]): SourceFile => ({ path, absolute: "", content: "", build }));
  for (const file of sources) {
    const name = file.path.replace(/\.ejs$/, "");
    if (documents.has(name))
      throw new BlueprintError(
        `blueprint ${blueprint.name} ${blueprint.version}: files/${file.path} and lib/documents.mjs both render ${name}`,
      );
  }
  return [...sources, ...built].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function loadHelpers(blueprint: Blueprint): Promise<BlueprintHelpers> {
  const module = await loadBlueprintModule<{ default?: BlueprintHelpers }>(blueprint, "lib/helpers.mjs");
  return module?.default ?? (() => ({}));
}

function compile(engine: typeof import("ejs"), file: SourceFile, blueprint: Blueprint): TemplateFn {
  // `<%= %>` emits a YAML-safe inline value (or escaped Markdown); `<%- %>` is for helper output such as toYaml().
  const escapeValue = file.path.endsWith(".md.ejs") ? escapeMarkdown : toYamlInline;
  try {
    return engine.compile(file.content as string, {
      filename: file.absolute,
      escape: escapeValue,
      async: false,
      strict: false,
    }) as TemplateFn;
  } catch (error) {
    throw templateError(error, file, blueprint);
  }
}

/** Runs a template; whatever it (or a helper it calls) throws is the blueprint's fault, reported with file and line. */
function runTemplate(template: TemplateFn, file: SourceFile, blueprint: Blueprint, locals: () => object): string {
  try {
    return template(locals() as Record<string, unknown>);
  } catch (error) {
    throw templateError(error, file, blueprint);
  }
}

/**
 * EJS reports a failure as `<filename>:<line>` then a code frame, a blank line and the message (render errors), or
 * as the message with ` in <filename>` (syntax errors); either way the reader needs the blueprint's file, the line
 * and the message, not a stack.
 */
function templateError(error: unknown, file: SourceFile, blueprint: Blueprint): BlueprintError {
  const text = error instanceof Error ? error.message : String(error);
  const framed = /^[^\n]*:(\d+)\n[\s\S]*?\n\n([\s\S]*)$/.exec(text);
  const line = framed ? ` line ${framed[1]}` : "";
  const message = (framed ? framed[2]! : text.replace(/ in \S+ while compiling ejs[\s\S]*$/, " (while compiling)"))
    .split("\n")[0]!
    .trim();
  const where = `files/${relative(join(blueprint.root, "files"), file.absolute).split(sep).join("/")}`;
  return new BlueprintError(`blueprint ${blueprint.name} ${blueprint.version}: ${where}${line}: ${message}`);
}

/** Environments grouped by the cluster the engine places them in, in the order each cluster first appears. */
export function clustersOf(answers: ResolvedAnswers, engine?: Pick<EngineDescriptor, "cluster">): BlueprintCluster[] {
  const clusters = new Map<string, BlueprintCluster>();
  for (const env of answers.environments) {
    const name = engine?.cluster ? engine.cluster(env) : env.name;
    const cluster = clusters.get(name) ?? { name, environments: [] };
    cluster.environments.push(env);
    clusters.set(name, cluster);
  }
  return [...clusters.values()];
}

/** `__cluster__` renders once per cluster; with `__env__` too, once per environment of that cluster. */
function scopesFor(path: string, answers: ResolvedAnswers, clusters: BlueprintCluster[]): Scope[] {
  const servers: (ResolvedServer | undefined)[] = path.includes("__server__") ? answers.servers : [undefined];
  const perCluster: (BlueprintCluster | undefined)[] = path.includes("__cluster__") ? clusters : [undefined];
  return perCluster.flatMap((cluster) => {
    const all = cluster?.environments ?? answers.environments;
    const envs: (ResolvedEnvironment | undefined)[] = path.includes("__env__") ? all : [undefined];
    return envs.flatMap((env) => servers.map((server) => ({ env, server, cluster })));
  });
}

/** The output path with placeholders kept: dotfile names restored, `.ejs` dropped. */
function renamedPath(path: string): string {
  return path
    .replace(/\.ejs$/, "")
    .split("/")
    .map((segment) => DOTFILES[segment] ?? segment)
    .join("/");
}

/** A renamed path for one scope (a fleet has thousands: the renaming is done once per source file). */
function scopedPath(renamed: string, scope: Scope): string {
  if (!renamed.includes("__")) return renamed;
  return renamed
    .replaceAll("__server__", scope.server?.name ?? "")
    .replaceAll("__env__", scope.env?.name ?? "")
    .replaceAll("__cluster__", scope.cluster?.name ?? "");
}

function normalizeEnding(content: string): string {
  return content.endsWith("\n") ? content : `${content}\n`;
}
