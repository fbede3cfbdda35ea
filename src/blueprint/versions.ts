/**
 * Blueprint versions are semantic versions (`1.2.0`, `2.0.0-rc.1`). Ordering them is all upgrade needs: which
 * migrations run, whether a newer version exists, and refusing downgrades. The ordering is semver's own (the
 * well-kept `semver` package), so pre-releases and build metadata follow the specification exactly.
 */
import compare from "semver/functions/compare.js";
import valid from "semver/functions/valid.js";

export function isVersion(text: string): boolean {
  // `valid` also accepts a leading "v" or "=" in loose mode only; strict mode is the default.
  return valid(text) === text || valid(text) === text.replace(/\+.*$/, "");
}

/** Negative when a < b, zero when equal (build metadata ignored), positive when a > b. */
export function compareVersions(a: string, b: string): number {
  if (!isVersion(a) || !isVersion(b)) return a < b ? -1 : a > b ? 1 : 0;
  return compare(a, b);
}

export function sortVersions(versions: Iterable<string>): string[] {
  return [...new Set(versions)].sort(compareVersions);
}
