/**
 * The in-memory file tree every command renders into. Validation, dry runs and conflict checks work on it;
 * only `flush` touches the disk. Paths are POSIX, relative, and can never leave the tree's root.
 */
import { UsageError } from "../errors.js";

export class Tree {
  private readonly files = new Map<string, string>();

  write(path: string, content: string): void {
    this.files.set(safeRelativePath(path), content);
  }

  read(path: string): string | undefined {
    return this.files.get(path);
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

  entries(): [string, string][] {
    return this.paths().map((path) => [path, this.files.get(path)!]);
  }

  get size(): number {
    return this.files.size;
  }
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
