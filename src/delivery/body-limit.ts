/**
 * GitHub refuses a pull request body longer than 65,536 characters. Bodies drop detail first (each composer tries
 * shorter forms); only when even the shortest form is too long is the text cut — at a line, and never inside a
 * surrogate pair — with a note that says so.
 */

/** GitHub refuses a pull request body longer than this many characters. */
export const GITHUB_BODY_LIMIT = 65_536;

/** The first of `forms` (most detailed first) that fits; else the last one cut to fit, ending with `footer`. */
export function fitBody(forms: Iterable<string>, footer: string, limit = GITHUB_BODY_LIMIT): string {
  let last = "";
  for (const form of forms) {
    if (form.length <= limit) return form;
    last = form;
  }
  return cutToLimit(last, footer, limit);
}

/** Cuts at a line boundary below the limit (never inside a surrogate pair) and says so. */
export function cutToLimit(text: string, footer: string, limit = GITHUB_BODY_LIMIT): string {
  const note = `\n\n… (description shortened to GitHub's limit)\n${footer}`;
  let end = Math.max(0, limit - note.length);
  const newline = text.lastIndexOf("\n", end);
  if (newline > 0) end = newline;
  else if (end > 0 && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return (text.slice(0, end) + note).slice(0, limit);
}
