/**
 * The CLI's bundle runs the bundled blueprint's lib from dist/bundle/blueprint.cjs and its templates from
 * dist/bundle/templates.cjs (src/blueprint/bundled-lib.ts): rendered that way, every answer set of the examples and
 * fixtures gives the very tree the files on disk give. In-process: `__cmgLoad`, the loader the bundle's wrapper
 * provides, is set on the global object for the second render (bin/code-cache.js's loader, without caches).
 */
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolveAnswers } from "../src/answers/resolve.js";
import { AnswersSchema } from "../src/answers/schema.js";
import { loadBundledBlueprint } from "../src/blueprint/blueprint.js";
import { renderBlueprint } from "../src/blueprint/render.js";

const ROOT = resolve(import.meta.dirname, "..");
const { bundleLoader } = createRequire(import.meta.url)("../bin/code-cache.js") as {
  bundleLoader: (dir: string, options: object) => { load: (name: string) => unknown };
};
const global = globalThis as { __cmgLoad?: (name: string) => unknown };

const ANSWER_SETS = [
  ...readdirSync(join(ROOT, "examples")).map((name) => join(ROOT, "examples", name)),
  ...["production.yaml", "fleet-argocd.yaml", "fleet-shared-cluster.yaml", "mcp-fit.yaml"].map((name) =>
    join(ROOT, "test", "fixtures", name),
  ),
];

afterAll(() => {
  delete global.__cmgLoad;
});

describe("the bundled blueprint as the CLI's bundle runs it", () => {
  it("renders every answer set exactly as its files on disk do", async () => {
    const blueprint = await loadBundledBlueprint();
    const sets = await Promise.all(
      ANSWER_SETS.map(async (path) => resolveAnswers(AnswersSchema.parse(parse(await readFile(path, "utf8"))), "x")),
    );
    const fromFiles = [];
    for (const answers of sets) fromFiles.push(await renderBlueprint(blueprint, answers));
    const loader = bundleLoader(join(ROOT, "dist", "bundle"), { userCache: false, shippedCache: false });
    const loaded: string[] = [];
    global.__cmgLoad = (name) => {
      loaded.push(name);
      return loader.load(name);
    };
    for (const [index, answers] of sets.entries()) {
      const tree = await renderBlueprint(blueprint, answers);
      const expected = fromFiles[index]!;
      expect(tree.paths(), ANSWER_SETS[index]).toEqual(expected.paths());
      for (const path of expected.paths())
        expect(tree.read(path), `${ANSWER_SETS[index]}: ${path}`).toEqual(expected.read(path));
    }
    expect(new Set(loaded)).toEqual(new Set(["blueprint", "templates"]));
  });
});
