/**
 * The in-memory file tree every command renders into. Validation, dry runs and conflict checks work on it;
 * only `flush` touches the disk. Paths are POSIX, relative, and can never leave the tree's root.
 *
 * A file is bytes with a mode: text (the usual case: rendered YAML, Markdown) is kept as a string, anything else
 * (an image, an archive) as bytes, and an executable script keeps its exec bit. A file can also carry the renderer's
 * word that it is valid already (printed by the yaml library, or a verbatim file the test suite parses), so
 * validation need not parse it again; the word belongs to that entry and is gone once the entry is rewritten.
 */
import { isUtf8 } from "node:buffer";
import { UsageError } from "../errors.js";

/** Text as a string; bytes for files that are not UTF-8 text. */
export type FileContent = string | Uint8Array;

export interface TreeEntry {
  content: FileContent;
  /**
   * Permission bits to give the file (e.g. 0o755 for a script). Undefined: a new file gets the usual 0o644 (less the
   * umask), an existing one keeps the mode it has.
   */
  mode?: number;
  /** The renderer vouches that this content parses (see src/blueprint/render.ts); validation skips it. */
  valid?: boolean;
  /**
   * The UTF-8 bytes of a text `content`, when the renderer made the file as bytes (a stamped document, see
   * src/blueprint/stamps.ts): the writer writes these, and the text is decoded only if something reads it.
   */
  encoded?: Uint8Array;
}

export interface WriteOptions {
  mode?: number;
  valid?: boolean;
}

export class Tree {
  private readonly files = new Map<string, TreeEntry>();

  write(path: string, content: FileContent, options: WriteOptions = {}): void {
    this.set(path, { content }, options);
  }

  /**
   * A text file given as its UTF-8 bytes (a stamped document): a fleet writes thousands of them and reads none, so
   * the text is decoded only if something asks for it (a dry run's diff, an upgrade's merge).
   */
  writeEncoded(path: string, encoded: Uint8Array, options: WriteOptions = {}): void {
    let text: string | undefined;
    const entry: TreeEntry = {
      get content() {
        text ??= Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength).toString("utf8");
        return text;
      },
      encoded,
    };
    this.set(path, entry, options);
  }

  private set(path: string, entry: TreeEntry, options: WriteOptions): void {
    if (options.mode !== undefined) entry.mode = options.mode;
    if (options.valid) entry.valid = true;
    this.files.set(safeRelativePath(path), entry);
  }

  entry(path: string): TreeEntry | undefined {
    return this.files.get(path);
  }

  read(path: string): FileContent | undefined {
    return this.files.get(path)?.content;
  }

  /** The file as text; a blueprint bug (never the user's input) when the file holds bytes. */
  readText(path: string): string | undefined {
    const content = this.files.get(path)?.content;
    if (content === undefined || typeof content === "string") return content;
    throw new Error(`${path}: holds binary content, not text`);
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  /** Paths in a stable order, so output and listings never depend on render order. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  entries(): [string, FileContent][] {
    return this.paths().map((path) => [path, this.files.get(path)!.content]);
  }

  get size(): number {
    return this.files.size;
  }
}

/** The bytes a file holds on disk. */
export function bytesOf(content: FileContent): Uint8Array {
  return typeof content === "string" ? Buffer.from(content, "utf8") : content;
}

/** An entry's bytes: the ones it was made as (a stamped document), else its content's; never decoded to encode again. */
export function entryBytes(entry: TreeEntry): Uint8Array {
  return entry.encoded ?? bytesOf(entry.content);
}

/** Same bytes, whatever form each side is kept in. */
export function sameContent(a: FileContent | undefined, b: FileContent | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === "string" && typeof b === "string") return a === b;
  return Buffer.from(bytesOf(a)).equals(bytesOf(b));
}

/**
 * Bytes read from disk as they should be kept: text when they are UTF-8 without NUL bytes (what git also calls
 * text), else bytes. Decoding and re-encoding must give the same bytes, so nothing is ever silently replaced.
 */
export function contentFromBytes(bytes: Buffer): FileContent {
  if (bytes.includes(0)) return bytes;
  // Well-formed UTF-8 decodes and encodes back to the same bytes; isUtf8 says so without a second copy to compare.
  return isUtf8(bytes) ? bytes.toString("utf8") : bytes;
}

/** Refuses absolute paths, `..`, empty segments and control characters: a rendered path is data too. */
export function safeRelativePath(path: string): string {
  const segments = path.split("/");
  const bad =
    path.length === 0 ||
    path.length > 1024 ||
    path.startsWith("/") ||
    /[\u0000-\u001f\\]/.test(path) ||
    segments.some((segment) => segment === "" || segment === "." || segment === "..");
  if (bad) throw new UsageError(`refusing to write outside the target directory: ${JSON.stringify(path)}`);
  return path;
}
