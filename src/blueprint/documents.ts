/**
 * Documents of data: files that are one YAML document under whole comment lines (values, alert rules, alert tests —
 * on a fleet, almost all of the bytes), built by the blueprint's functions in `lib/documents.mjs` and printed once,
 * with no template in between. Valid by construction, as a template's comment lines plus one toYaml() are.
 */
import type { ResolvedAnswers } from "../answers/resolve.js";
import { BlueprintError } from "../errors.js";
import type { Tree } from "../tree/tree.js";
import { type Blueprint, loadBlueprintModule } from "./blueprint.js";
import type { BlueprintScope } from "./scopes.js";
import { newToken, stampedFile } from "./stamps.js";
import { toYaml, toYamlInline } from "./yaml-helpers.js";

/**
 * A file that is one YAML document of data under whole comment lines. `comments` is those lines, each ending in a
 * newline (or empty); `document` is printed with toYaml() after them, as `<%- toYaml(document) -%>` would.
 */
export interface BlueprintDocument {
  comments: string;
  document: unknown;
  /**
   * For a document shared by several files (the same object returned for each): the tokens it holds (from
   * DocumentTools.token), each with what it stands for in this file. The renderer prints the shared document once
   * and puts each file's names into the text (see stamps.ts).
   */
  fill?: Record<string, string>;
}

/** Builds one document for a scope, or nothing: then no file, like a template that renders to nothing. */
export type DocumentBuilder = (scope: BlueprintScope) => BlueprintDocument | undefined;

/** What a documents module gets besides the answers: `inline` prints a value as `<%= %>` does in a template. */
export interface DocumentTools {
  inline: (value: unknown) => string;
  /**
   * A token to build a document shared by files that differ only in a name with: it stands for the name (a
   * lower-case DNS label) inside string values, and the file's `fill` says which name. One per render and `name`.
   */
  token: (name: string) => string;
}

/**
 * The default export of `lib/documents.mjs`: called once per render with the answers, it returns a builder per file,
 * keyed by the file's path under `files/` (layer first, placeholders kept, e.g.
 * `common/apps/__env__/__server__/alerts.yaml`). Such a file is the blueprint's function output printed once, with
 * no template in between, and the once-per-render call lets a blueprint compute what every environment of a server
 * (or every server) shares only once.
 */
export type BlueprintDocuments = (answers: ResolvedAnswers, tools: DocumentTools) => Record<string, DocumentBuilder>;

/** A document in the renderer's list of files: its path inside the layer, with placeholders. */
export interface DocumentSource {
  path: string;
  /** Its entry in lib/documents.mjs (the layer, then the path), for messages. */
  key: string;
  build: DocumentBuilder;
}

/** Whole-line comments or blank lines. */
export const COMMENT_LINES = /^(?:#[^\n\r]*\n|\n)*$/;

/** The blueprint's documents in these layers, keyed by path inside the layer; none without the module. */
export async function loadDocuments(
  blueprint: Blueprint,
  answers: ResolvedAnswers,
  layers: string[],
): Promise<Map<string, DocumentSource>> {
  const module = await loadBlueprintModule<{ default?: BlueprintDocuments }>(blueprint, "lib/documents.mjs");
  const builders = new Map<string, DocumentSource>();
  if (!module?.default) return builders;
  let all: Record<string, DocumentBuilder>;
  try {
    const tokens = new Map<string, string>();
    const token = (name: string) => tokens.get(name) ?? tokens.set(name, newToken(name)).get(name)!;
    all = module.default(answers, { inline: toYamlInline, token });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new BlueprintError(`blueprint ${blueprint.name} ${blueprint.version}: lib/documents.mjs: ${message}`);
  }
  for (const [key, build] of Object.entries(all)) {
    const slash = key.indexOf("/");
    const path = key.slice(slash + 1);
    if (layers.includes(key.slice(0, slash))) builders.set(path, { path, key, build });
  }
  return builders;
}

/** The layers' files plus the documents, in path order; a document and a file of the same name are a conflict. */
export function withDocuments<T extends { path: string }>(
  sources: T[],
  documents: Map<string, DocumentSource>,
  blueprint: Blueprint,
): (T | DocumentSource)[] {
  if (documents.size === 0) return sources;
  for (const file of sources) {
    const document = documents.get(file.path.replace(/\.ejs$/, ""));
    if (document) throw documentError(document, blueprint, `files/ renders ${document.path} too`);
  }
  return [...sources, ...documents.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * One document of `lib/documents.mjs`: its comment lines, then the data printed once. Valid by construction, as a
 * template's comment lines plus one toYaml() are; comments that are not whole comment lines are the blueprint's bug.
 */
export function writeBuilt(
  tree: Tree,
  path: string,
  file: DocumentSource,
  blueprint: Blueprint,
  scope: BlueprintScope,
): void {
  let built: BlueprintDocument | undefined;
  try {
    built = file.build(scope);
  } catch (error) {
    throw documentError(file, blueprint, error instanceof Error ? error.message : String(error));
  }
  if (built === undefined) return;
  if (!COMMENT_LINES.test(built.comments))
    throw documentError(file, blueprint, "its comments must be whole lines starting with # (each ending in a newline)");
  if (built.fill) {
    // A shared document: its text and bytes made from its stamp.
    const file = stampedFile(built.comments, built.document, built.fill);
    if (file.encoded) {
      tree.writeEncoded(path, file.encoded, { valid: isCollection(built.document) });
      return;
    }
    if (file.empty && built.comments.trim() === "") return;
    tree.write(path, file.text, { valid: !file.empty && isCollection(built.document) });
    return;
  }
  const document = toYaml(built.document);
  if (document === "" && built.comments.trim() === "") return;
  // Whole comment lines end in a newline, and so does every toYaml() output.
  tree.write(path, built.comments + document, { valid: document !== "" && isCollection(built.document) });
}

/** A map or a sequence at the root: a root scalar (a `|1-` block scalar) is left to validation (see render.ts). */
function isCollection(document: unknown): boolean {
  return document !== null && typeof document === "object";
}

function documentError(file: DocumentSource, blueprint: Blueprint, message: string): BlueprintError {
  return new BlueprintError(
    `blueprint ${blueprint.name} ${blueprint.version}: lib/documents.mjs, "${file.key}": ${message.split("\n")[0]}`,
  );
}
