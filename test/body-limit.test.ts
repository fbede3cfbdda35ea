/** The one body-capping helper both pull requests use: detail is dropped first; a cut is at a line, never mid-pair. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutToLimit, fitBody } from "../src/delivery/body-limit.js";
import { upgradeBody } from "../src/upgrade/pr-body.js";
import type { UpgradeResult } from "../src/upgrade/types.js";

const FOOTER = "<!-- footer -->";

describe("fitBody", () => {
  it("takes the first form that fits", () => {
    expect(fitBody(["x".repeat(20), "y".repeat(10), "z"], FOOTER, 12)).toBe("y".repeat(10));
  });

  it("cuts the last form at a line boundary and ends with the note and footer", () => {
    const body = fitBody(["line one\nline two\nline three\n".repeat(20)], FOOTER, 120);
    expect(body.length).toBeLessThanOrEqual(120);
    expect(body.endsWith(`… (description shortened to GitHub's limit)\n${FOOTER}`)).toBe(true);
    expect(
      body
        .split("\n\n…")[0]!
        .split("\n")
        .every((line) => /^line (one|two|three)$/.test(line)),
    ).toBe(true);
  });

  it("never splits a surrogate pair, whatever the text and limit", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), fc.integer({ min: 60, max: 400 }), (text, limit) => {
        const body = cutToLimit(text, FOOTER, limit);
        expect(body.length).toBeLessThanOrEqual(limit);
        expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }),
    );
  });
});

describe("the upgrade pull request body", () => {
  it("fits any limit by dropping rows first, and a cut never lands inside a line", () => {
    const result = {
      directory: "/r",
      status: "upgraded",
      dryRun: false,
      from: { name: "mcp-gitops", version: "1.0.0", source: "bundled" },
      to: { name: "mcp-gitops", version: "1.1.0", source: "bundled" },
      files: Array.from({ length: 3000 }, (_, i) => ({
        path: `apps/env/server-😀-${i}/values.yaml`,
        action: "take-theirs",
      })),
      conflicts: [],
      migrations: [],
      warnings: [],
    } as unknown as UpgradeResult;
    for (const limit of [400, 2000, 65_536]) {
      const body = upgradeBody(result, { limit });
      expect(body.length).toBeLessThanOrEqual(limit);
      expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });
});
