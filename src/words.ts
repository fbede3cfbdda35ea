/** Wording shared by every report (CLI, pull requests): one way to count things in English. */

/** `1 server`, `3 servers`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
