/**
 * fast-yaml.ts must print exactly what the yaml library prints (libraryToYaml): differentially on arbitrary JSON-like
 * data with hostile strings, and on every file of the bundled blueprint rendered for real answer sets.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { Document, parse } from "yaml";
import { resolveAnswers } from "../src/answers/resolve.js";
import { AnswersSchema } from "../src/answers/schema.js";
import { BUNDLED_BLUEPRINT, bundledBlueprintsDir, loadBlueprint } from "../src/blueprint/blueprint.js";
import { renderBlueprint } from "../src/blueprint/render.js";
import { FastYaml, fastYaml } from "../src/blueprint/fast-yaml.js";
import {
  libraryToYaml,
  libraryToYamlInline,
  readsAsNonString,
  toYaml,
  toYamlInline,
} from "../src/blueprint/yaml-helpers.js";

const NASTY = [
  "",
  " ",
  "  lead",
  "trail ",
  "a: b",
  "a:b",
  "a #b",
  "#c",
  "- x",
  "-",
  "--",
  "---",
  "...",
  "? q",
  ":",
  "'",
  '"',
  "'q'",
  '"q"',
  "\n",
  "\r\n",
  "a\nb",
  "a\n\nb\n",
  "\n lead",
  "a\n",
  "a\n\n",
  " \n ",
  "a\tb",
  "\t",
  "\u2028",
  "x\u2029y",
  "\u0085",
  "e0",
  "E5",
  "e12x",
  "e-0",
  "E-12",
  "true",
  "False",
  "YES",
  "no",
  "On",
  "off",
  "y",
  "N",
  "~",
  "null",
  "NULL",
  "Null",
  ".inf",
  "-.Inf",
  ".NaN",
  "<<",
  "=",
  "0",
  "-0",
  "007",
  "0x1F",
  "0o17",
  "0O17",
  "0X1F",
  "0B101",
  "0b101",
  "-0x_1f",
  "+0o7_7",
  "0xG",
  "0o8",
  "1e3",
  "1_000",
  "1:20",
  "2001-12-14",
  "2001-12-14t21:59:43.10-05:00",
  "+1",
  ".5",
  "[a]",
  "{a: 1}",
  "&a",
  "*a",
  "!tag",
  "%YAML",
  "@x",
  "`x",
  "|",
  ">",
  "ünïcödé",
  "日本語",
  "😀",
  "\u0000",
  "\u007f",
  "\ufeff",
  "a".repeat(130),
  "x ".repeat(60),
  "line one\n  indented\nlast",
  "<%= x %>",
  "C:\\path",
  ".",
  "..",
  "...",
  "....",
  ".../x",
  "../../base/x",
  ". #x",
  ".: x",
  "a\\nb",
  // Versions and words (`<%= %>` prints them itself), keys YAML reads as booleans, scripts (literal blocks).
  "88.5.3",
  "1.2",
  "0.1.0",
  "1.2.3-rc.1",
  "v1.2",
  "1-2",
  "a-",
  "/",
  'set -euo pipefail\nfor x in a b; do\n  echo "$x" # note\ndone\n',
  "a\n\n\nb\n",
  "a\n  b",
  "a:\n- b",
  "x\n---\ny",
];

const nastyString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: fc.constantFrom("a", " ", ":", "#", "-", "\n", "\t", "'", '"', "\u2028", "0", "y", ".", "é") }),
  fc.string({ unit: "grapheme" }),
  fc.string(),
  fc.stringMatching(/^[A-Za-z_/][A-Za-z0-9_./-]{0,12}$/),
  // One-line ASCII text, which the emitter prints without asking the library (plain, or quoted the library's way).
  fc
    .tuple(
      fc.constantFrom("a", "Y", "e", "E", "n", "o", "_", "/", "0", "1", "2", "$", "(", ".", "..", "...", "../"),
      fc.string({
        unit: fc.constantFrom(
          "a",
          "e",
          "s",
          "x",
          "b",
          "0",
          "1",
          "7",
          "9",
          "_",
          ".",
          " ",
          ":",
          "#",
          "'",
          '"',
          "\\",
          "{",
          "}",
          "[",
          ",",
          "%",
          "-",
          "+",
          "=",
          "!",
          "&",
          "*",
          "|",
          ">",
          "@",
          "`",
          "?",
        ),
        maxLength: 14,
      }),
    )
    .map(([first, rest]) => first + rest),
  // Numbers, dates and times in YAML 1.1's spellings, and near misses: quoted by the library, plain when not.
  fc
    .tuple(
      fc.constantFrom("", "+", "-"),
      fc.constantFrom(
        "0",
        "12",
        "0b1",
        "0B1",
        "0x1F",
        "0X1f",
        "0o17",
        "0O7",
        "0x_1",
        "07",
        "08",
        "1_000",
        "1:20",
        "1:20:30.5",
        "1.5",
        "1.",
        "1e5",
        "1.5E-3",
        "2001-12-14",
        "2001-1-2 3:04:05 -5",
      ),
      fc.constantFrom("", " ", "x", "m", ".0", "_", "Z"),
    )
    .map(([sign, number, tail]) => sign + number + tail),
);
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, 0.1, 1e-7, 123456789012345680000),
);
const scalar = fc.oneof(nastyString, number, fc.boolean(), fc.constant(null));

const { value: jsonLike } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", maxDepth: 5, withCrossShrink: true }, scalar, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(nastyString, fc.oneof(tie("value"), fc.constant(undefined)), { maxKeys: 4 }),
}));

describe("fast YAML emitter", () => {
  afterEach(() => {
    delete process.env.MCP_GITOPS_YAML;
  });

  it("prints arbitrary JSON-like data byte for byte like the yaml library", () => {
    // A fresh emitter with the same oracle as toYaml's, to count how often the fast path answered at all.
    const own = new FastYaml({
      value: (value) => libraryToYaml({ a: value }).slice(3, -1),
      key: (key) => libraryToYaml({ [key]: 1 }).replace(/\n$/, ""),
      readsAsNonString,
    });
    let fast = 0;
    fc.assert(
      fc.property(jsonLike, (value) => {
        const reference = libraryToYaml(value);
        expect(toYaml(value)).toBe(reference);
        const text = fastYaml(value, own);
        if (text !== undefined) {
          expect(text).toBe(reference);
          fast++;
        }
      }),
      { numRuns: 5000 },
    );
    expect(fast).toBeGreaterThan(2000);
  });

  it("matches the library for every nasty string as key, value and item at several depths", () => {
    for (const text of NASTY) {
      const value = {
        [text]: text,
        list: [text, [text], { [text]: [text] }],
        deep: { a: { b: [{ c: text, d: [text] }] } },
      };
      expect(toYaml(value)).toBe(libraryToYaml(value));
    }
  });

  it("handles empty collections, nested sequences, undefined pairs and numbers like the library", () => {
    const cases: unknown[] = [
      {},
      [],
      [[]],
      [{}],
      [[1, [2, []]]],
      { a: {}, b: [], c: { d: undefined } },
      { a: undefined },
      [{ a: [{ b: 1 }], c: null }],
      { n: [1e21, -0, 0.1, 1e-7, -5, 2 ** 53] },
      Object.assign(Object.create(null), { a: 1 }),
    ];
    for (const value of cases) expect(toYaml(value)).toBe(libraryToYaml(value));
  });

  it("falls back to the library for what is not plain data", () => {
    const cases: unknown[] = [
      "top",
      1,
      null,
      true,
      new Date(0),
      { d: new Date(0) },
      new Map([["a", 1]]),
      [undefined],
      { a: 1n },
      { a: Infinity },
    ];
    for (const value of cases) expect(toYaml(value)).toBe(libraryToYaml(value));
  });

  it("prints inline scalars like the library's flow style", () => {
    fc.assert(
      fc.property(nastyString, (text) => {
        expect(toYamlInline(text)).toBe(libraryToYamlInline(text));
      }),
      { numRuns: 5000 },
    );
    for (const text of NASTY) expect(toYamlInline(text)).toBe(libraryToYamlInline(text));
  });

  it("keeps -0, 0 and look-alike strings apart in its caches, as block values and inline", () => {
    const values = [-0, 0, "-0", "0", "-0 as number", "NEGATIVE_ZERO", null, "null", true, "true"];
    for (const round of [1, 2]) {
      for (const value of values) {
        expect(toYaml({ a: value }), `round ${round}: ${String(value)}`).toBe(libraryToYaml({ a: value }));
        const inline = new Document(value, { version: "1.1" })
          .toString({ lineWidth: 0, collectionStyle: "flow" })
          .replace(/\n$/, "");
        expect(toYamlInline(value), `round ${round}: ${String(value)}`).toBe(inline);
      }
    }
  });

  it("renders the bundled blueprint byte-identically to the library path", async () => {
    const blueprint = await loadBlueprint(join(bundledBlueprintsDir(), BUNDLED_BLUEPRINT), BUNDLED_BLUEPRINT);
    const sets = await Promise.all(
      ["production.yaml", "fleet-argocd.yaml"].map((name) =>
        readFile(resolve(import.meta.dirname, "fixtures", name), "utf8"),
      ),
    );
    const minimal = {
      gitops: "argocd",
      servers: [{ name: "weather", image: "ghcr.io/acme/weather:1.0.0" }],
      environments: [{ name: "dev" }],
    };
    let compared = 0;
    for (const raw of [...sets.map((text) => parse(text) as unknown), minimal]) {
      const answers = resolveAnswers(AnswersSchema.parse(raw), "fleet-repo");
      process.env.MCP_GITOPS_YAML = "library";
      const reference = await renderBlueprint(blueprint, answers);
      delete process.env.MCP_GITOPS_YAML;
      const fast = await renderBlueprint(blueprint, answers);
      expect(fast.paths()).toEqual(reference.paths());
      for (const [path, content] of reference.entries()) {
        expect(fast.read(path), path).toBe(content);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});
