/**
 * The renderer vouches for files that are comment lines plus one toYaml() document, so validation can skip parsing
 * them again. Vouching must be sound: every vouched file parses, whatever the answers contain.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { ResolvedAnswers } from "../src/answers/resolve.js";
import { loadBundledBlueprint, type Blueprint } from "../src/blueprint/blueprint.js";
import { renderBlueprint } from "../src/blueprint/render.js";
import { collectAnswers } from "../src/answers/collect.js";
import { validateAnswers } from "../src/answers/validate.js";
import { renderRepository } from "../src/create.js";
import { RECORD_FILE } from "../src/record.js";
import { tempDir } from "./support/cli.js";

const TEMPLATES: Record<string, string> = {
  "__server__/vouched.yaml.ejs":
    "# <%= server.name %>: <%= server.description %>\n\n# more\n<%- toYaml(server.values) -%>\n",
  "__server__/literal-key.yaml.ejs": "kind: Test\n<%- toYaml(server.values) -%>\n",
  "__server__/two-documents.yaml.ejs": "<%- toYaml(server.values) -%>\n---\n<%- toYaml({ name: server.name }) -%>\n",
  "__server__/indented-comment.yaml.ejs": "  # <%= server.name %>\n<%- toYaml(server.values) -%>\n",
  "__server__/unused-call.yaml.ejs":
    "<% toYaml(server.values) %># <%= server.name %>\n<%- toYaml({ name: server.name }) -%>\n",
  // A workflow's pinned actions get their versions as comments at the ends of lines.
  "__server__/line-comments.yaml.ejs":
    '<%- toYaml(server.values).split("\\n").map((line) => (line.trim() ? `${line} # v1 "x" \'y\' #z` : line)).join("\\n") -%>',
  // A comment on a blank line could end a block scalar: not vouched.
  "__server__/blank-line-comments.yaml.ejs":
    '<%- toYaml(server.values).split("\\n").map((line) => (line.trim() ? line : `${line} # c`)).join("\\n") -%>\n',
  "static.yaml": "kind: Static\n",
};

let root: { path: string; cleanup: () => Promise<void> };
let blueprint: Blueprint;

beforeAll(async () => {
  root = await tempDir("mcp-gitops-render-");
  for (const [path, text] of Object.entries(TEMPLATES)) {
    const file = join(root.path, "files", "common", path);
    await mkdir(join(file, ".."), { recursive: true });
    await writeFile(file, text);
  }
  blueprint = { name: "test", version: "1.0.0", root: root.path, source: root.path };
});

afterAll(async () => {
  await root.cleanup();
});

function answersFor(servers: { name: string; description: string; values: unknown }[]): ResolvedAnswers {
  return { gitops: "flux", servers, environments: [{ name: "dev" }] } as unknown as ResolvedAnswers;
}

describe("valid by construction (a tree entry's `valid`)", () => {
  it("vouches only for comment lines followed by toYaml() documents, or one with comments at line ends", async () => {
    const tree = await renderBlueprint(
      blueprint,
      answersFor([{ name: "weather", description: "Weather", values: { a: 1, b: "x\n\nz\n" } }]),
    );
    const vouched = tree.paths().filter((path) => Boolean(tree.entry(path)?.valid));
    expect(vouched).toEqual(["weather/line-comments.yaml", "weather/two-documents.yaml", "weather/vouched.yaml"]);
  });

  it("stops vouching for a file once its content changes", async () => {
    const tree = await renderBlueprint(blueprint, answersFor([{ name: "weather", description: "", values: { a: 1 } }]));
    const path = "weather/vouched.yaml";
    expect(Boolean(tree.entry(path)?.valid)).toBe(true);
    tree.write(path, "a: [\n");
    expect(Boolean(tree.entry(path)?.valid)).toBe(false);
  });

  it("every vouched file parses, whatever the descriptions and values are", async () => {
    // Line breaks, YAML indicators and odd Unicode line separators, often; any Unicode now and then.
    const awkward = fc.string({
      unit: fc.constantFrom("\n", "\r", "#", ":", "-", " ", "'", '"', "{", "[", "|", "\u2028", "\u0085", "a"),
      maxLength: 20,
    });
    const description = fc.oneof(awkward, fc.string({ unit: "binary", maxLength: 40 }));
    const values = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(awkward, fc.oneof(awkward, fc.array(awkward, { maxLength: 3 }))),
      awkward,
    );
    const server = fc.record({ description, values });
    await fc.assert(
      fc.asyncProperty(fc.array(server, { minLength: 1, maxLength: 8 }), async (servers) => {
        const tree = await renderBlueprint(
          blueprint,
          answersFor(servers.map((s, index) => ({ name: `s${index}`, ...s }))),
        );
        for (const path of tree.paths()) {
          const content = tree.read(path)!;
          if (!tree.entry(path)?.valid) continue;
          const errors = parseAllDocuments(content, { uniqueKeys: true }).flatMap((document) => document.errors);
          expect(errors, `${path}:\n${content}`).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("the bundled blueprint's verbatim files", () => {
  // The renderer trusts them without parsing (they are copied byte for byte, whatever the answers): this is the check.
  it("every verbatim YAML and JSON file parses, with unique keys", async () => {
    const bundled = await loadBundledBlueprint();
    const files = (await readdir(join(bundled.root, "files"), { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name))
      .filter((path) => !/[/\\]templates[/\\]/.test(relative(bundled.root, path)));
    expect(files.length).toBeGreaterThan(5);
    for (const path of files) {
      const text = await readFile(path, "utf8");
      if (path.endsWith(".json")) {
        expect(() => JSON.parse(text), path).not.toThrow();
      } else {
        const errors = parseAllDocuments(text, { uniqueKeys: true }).flatMap((document) => document.errors);
        expect(errors, path).toEqual([]);
      }
    }
  });

  it("are vouched for, as is the generation record; a custom blueprint's verbatim files are not", async () => {
    const tree = await renderRepository(
      await loadBundledBlueprint(),
      validateAnswers(await collectAnswers({ yes: true }), "demo"),
    );
    for (const path of ["charts/mcp-server/values.yaml", "charts/mcp-server/Chart.yaml", RECORD_FILE]) {
      expect(Boolean(tree.entry(path)?.valid), path).toBe(true);
    }
    const custom = await renderBlueprint(blueprint, answersFor([{ name: "weather", description: "", values: {} }]));
    expect(Boolean(custom.entry("static.yaml")?.valid)).toBe(false);
  });
});
