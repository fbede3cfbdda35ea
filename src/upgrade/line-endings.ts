/**
 * Line endings in an upgrade. A working copy saved on Windows holds CRLF files that git shows as clean (the
 * repository's .gitattributes normalises them), while the blueprint renders LF. Comparing and merging the bytes
 * would turn every line into a difference — one conflict over a whole file. So sides are compared and merged as
 * LF-normalised text, and the result goes back to disk in the ending the user's file had.
 */
import { type FileContent, sameContent } from "../tree/tree.js";

/** Whether a text uses CRLF: most of its line breaks are CRLF. */
export function usesCrlf(content: FileContent | undefined): boolean {
  if (typeof content !== "string" || !content.includes("\r\n")) return false;
  const crlf = content.split("\r\n").length - 1;
  const lf = content.split("\n").length - 1;
  return crlf * 2 > lf;
}

export function toLf(text: string): string {
  return text.replace(/\r\n/g, "\n");
}

/** `text` (LF) in the ending of `like`. */
export function inEndingOf(text: string, like: FileContent | undefined): string {
  return usesCrlf(like) ? toLf(text).replace(/\n/g, "\r\n") : text;
}

/** The same content, line endings aside (bytes are compared as they are). */
export function sameText(a: FileContent | undefined, b: FileContent | undefined): boolean {
  if (typeof a === "string" && typeof b === "string") return a === b || toLf(a) === toLf(b);
  return sameContent(a, b);
}
