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
import type { ResolvedAnswers } from "../answers/resolve.js";
import { BlueprintError } from "../errors.js";
import { contentFromBytes, type FileContent, Tree } from "../tree/tree.js";
import { packageVersion } from "../version.js";
import { type Blueprint, loadBlueprintModule } from "./blueprint.js";
import { bundledTemplate } from "./bundled-lib.js";
import { COMMENT_LINES, loadDocuments, withDocuments, writeBuilt } from "./documents.js";
import { loadEngines } from "./engines.js";
import { type BlueprintScope, clustersOf, renamedPath, scopedPath, scopesFor } from "./scopes.js";
import { escapeMarkdown, toYaml, toYamlBlock, toYamlInline } from "./yaml-helpers.js";

interface SourceFile {
  /** Path inside the layer, with placeholders, e.g. `apps/__env__/__server__/values.yaml.ejs`. */
  path: string;
  absolute: string;
  /** Text for templates and text files, bytes for anything else (see contentFromBytes). */
  content: FileContent;
  /** 0o755 when the blueprint's file is executable; otherwise the writer's default. */
  mode?: number;
}

export type { BlueprintCluster, BlueprintScope } from "./scopes.js";
export type { BlueprintDocument, BlueprintDocuments, DocumentBuilder, DocumentTools } from "./documents.js";

/** The default export of `lib/helpers.mjs`: the object templates see as `h`. */
export type BlueprintHelpers = (scope: BlueprintScope) => Record<string, unknown>;

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
    if ("build" in file) {
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
      const valid = isVouched(written, documents);
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

/**
 * Whether a template's output parses by construction, given what its toYaml() calls printed: whole comment lines,
 * then every printed document in turn, separated by `---` lines (a stream of documents, as `h.toYamlDocuments`
 * writes); or, for one document, that document with comments added at the ends of some lines (a workflow's pinned
 * actions with their versions: `uses: <action>@<sha> # v4`). Such a comment cannot change whether the document
 * parses: toYaml never breaks a scalar over lines except in block scalars, where the added text is content of a line
 * that keeps its indentation (so only non-blank lines may carry one). Anything else is parsed by validateTree.
 */
function isVouched(content: string, documents: string[]): boolean {
  if (documents.length === 0 || !documents.every((document) => ROOT_COLLECTION.test(document))) return false;
  const stream = documents.join("---\n");
  if (isCommentsThen(content, stream)) return true;
  return documents.length === 1 && hasLineEndComments(content, stream);
}

/**
 * A document whose root is a map or a sequence (or a one-line plain scalar). A scalar at the root is left to
 * parsing: the library prints a root block scalar such as `|1-` with its content lines at the root's column, where a
 * line such as `-` does not read back (test/render-valid-by-construction.test.ts found it).
 */
const ROOT_COLLECTION = /^(?:[^\s|>'"[{!&*?#%@`-]|- )/;

const LINE_END_COMMENT = /^ #[^\n\r]*$/;

function hasLineEndComments(content: string, document: string): boolean {
  const lines = content.split("\n");
  const printed = document.split("\n");
  const start = lines.length - printed.length;
  if (
    start < 0 ||
    !COMMENT_LINES.test(
      lines
        .slice(0, start)
        .map((line) => `${line}\n`)
        .join(""),
    )
  )
    return false;
  for (let index = 0; index < printed.length; index++) {
    const [line, own] = [lines[start + index]!, printed[index]!];
    if (line === own) continue;
    if (own.trim() === "" || !line.startsWith(own) || !LINE_END_COMMENT.test(line.slice(own.length))) return false;
  }
  return true;
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

async function loadHelpers(blueprint: Blueprint): Promise<BlueprintHelpers> {
  const module = await loadBlueprintModule<{ default?: BlueprintHelpers }>(blueprint, "lib/helpers.mjs");
  return module?.default ?? (() => ({}));
}

function compile(engine: typeof import("ejs"), file: SourceFile, blueprint: Blueprint): TemplateFn {
  // `<%= %>` emits a YAML-safe inline value (or escaped Markdown); `<%- %>` is for helper output such as toYaml().
  const escapeValue = file.path.endsWith(".md.ejs") ? escapeMarkdown : toYamlInline;
  const fromText = () => {
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
  };
  const compiled =
    blueprint.source === "bundled"
      ? bundledTemplate(relative(blueprint.root, file.absolute).split(sep).join("/"), file.content as string)
      : undefined;
  if (!compiled) return fromText();
  return (data) => {
    // What EJS's own wrapper does: the template sees a copy of the locals on an object without a prototype.
    const locals: Record<string, unknown> = Object.create(null);
    for (const name in data)
      if (Object.hasOwn(data, name) && name !== "__proto__" && name !== "constructor") locals[name] = data[name];
    try {
      return compiled(locals, escapeValue, undefined, undefined);
    } catch {
      // The build's function does not track lines: the template compiled from its text says where it failed.
      return fromText()(data);
    }
  };
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

function normalizeEnding(content: string): string {
  return content.endsWith("\n") ? content : `${content}\n`;
}
