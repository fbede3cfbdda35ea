/**
 * No user-supplied regular expression runs on a backtracking engine (issue 19). The CLI checks matchers with re2js
 * (RE2, as Prometheus); the blueprint, which cannot import packages, matches the alert tests' sample values with its
 * own linear-time NFA (lib/linear-regex.mjs) — checked here to agree with RE2 on generated expressions. The case
 * from the issue (`([^!]|[^?])*!zzz…`, 11.7 s on JavaScript's RegExp) must take well under a second end to end.
 */
import fc from "fast-check";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { linearMatcher } from "../blueprints/mcp-gitops/lib/linear-regex.mjs";
import { runMain, tempDir } from "./support/cli.js";

const atom = fc.constantFrom("a", "b", ".", "[ab]", "[^a]", "\\d", "\\w", "[0-9]", "[[:alpha:]]", "x", "\\.", "(?i:A)");
const regex: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.tuple(tie("node"), tie("node")).map(([a, b]) => `${a}${b}`),
    fc.tuple(tie("node"), tie("node")).map(([a, b]) => `(?:${a}|${b})`),
    fc.tuple(tie("node"), fc.constantFrom("*", "+", "?", "{2}", "{1,3}", "{0,}", "*?")).map(([a, q]) => `(${a})${q}`),
  ),
})).node as fc.Arbitrary<string>;
const input = fc.stringMatching(/^[abxA0-9.!]{0,8}$/);

describe("the blueprint's linear matcher agrees with RE2", () => {
  it("on generated expressions and inputs", () => {
    fc.assert(
      fc.property(regex, fc.array(input, { minLength: 1, maxLength: 6 }), (source, inputs) => {
        const ours = linearMatcher(source);
        const re2 = RE2JS.compile(`^(?:${source})$`);
        for (const text of inputs) expect(ours(text), `${source} on ${JSON.stringify(text)}`).toBe(re2.matches(text));
      }),
      { numRuns: 400 },
    );
  });

  it("on the sample values with matchers people write", () => {
    const samples = ["500", "503", "error", "failure", "ok", "200", "true", "E"];
    for (const source of [
      "5..",
      "5[0-9]{2}",
      "(?i)error|fail.*",
      "[45]\\d\\d",
      "e.*",
      "^5.*$",
      "(?P<c>5)\\d+",
      "[^2].*",
    ]) {
      const re2 = RE2JS.compile(`^(?:${source})$`);
      for (const sample of samples)
        expect(linearMatcher(source)(sample), `${source} ${sample}`).toBe(re2.matches(sample));
    }
  });

  it("takes linear time on an expression that backtracks exponentially", () => {
    const start = performance.now();
    expect(linearMatcher(`([^!]|[^?])*!${"z".repeat(40)}`)(`${"a".repeat(5000)}!`)).toBe(false);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe("a catastrophic errorMatcher (issue 19)", () => {
  const matcher = `code=~"([^!]|[^?])*!${"z".repeat(28)}|5.."`;

  it("create checks and renders it in well under a second; --check and --dry-run of the record do not hang", async () => {
    const tmp = await tempDir("mcp-gitops-redos-");
    try {
      // Modules load on the first run in this process; the time that counts is the matcher's.
      expect((await runMain(["warm", "--yes", "--dry-run"], { cwd: tmp.path })).code).toBe(0);
      let start = performance.now();
      const created = await runMain(["fleet", "--yes", "--set", `monitoring.metrics.errorMatcher=${matcher}`], {
        cwd: tmp.path,
      });
      expect(created.code, created.stderr).toBe(0);
      expect(performance.now() - start).toBeLessThan(1000);
      for (const args of [
        ["upgrade", "fleet", "--check"],
        ["upgrade", "fleet", "--dry-run", "--allow-dirty"],
      ]) {
        start = performance.now();
        const result = await runMain(args, { cwd: tmp.path });
        expect(result.code, result.stderr).toBe(0);
        expect(performance.now() - start).toBeLessThan(1000);
      }
    } finally {
      await tmp.cleanup();
    }
  });
});
