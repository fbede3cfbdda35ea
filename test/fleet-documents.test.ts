/**
 * The fleet path (documents of data built by lib/documents.mjs and printed once, the fast emitter, the batched
 * writer) must write exactly what the per-file EJS path wrote. The reference is that path, kept reachable: the
 * bundled blueprint with lib/documents.mjs taken out and the templates it replaced put back
 * (test/fixtures/reference-templates/), printed by the yaml library alone. Both call the same data functions
 * (lib/alerts.mjs, lib/alert-tests.mjs, lib/helpers.mjs), so what the documents contain has one source; only the
 * comment headers and which function fills which file are stated twice, and this test is what keeps them equal.
 */
import { readdirSync } from "node:fs";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolveAnswers } from "../src/answers/resolve.js";
import { AnswersSchema } from "../src/answers/schema.js";
import { type Blueprint, loadBlueprint, loadBundledBlueprint } from "../src/blueprint/blueprint.js";
import { renderBlueprint } from "../src/blueprint/render.js";
import { newToken } from "../src/blueprint/stamps.js";
import { flush, planChanges } from "../src/tree/flush.js";
import type { Tree } from "../src/tree/tree.js";
import { tempDir } from "./support/cli.js";

const FIXTURES = resolve(import.meta.dirname, "fixtures");
const EXAMPLES = resolve(import.meta.dirname, "..", "examples");

/** A fleet of `servers` × `envs` on `gitops`, servers alternately scraped, on kagent's MCPServer and on a chart. */
function fleet(gitops: string, servers: number, envs: string[], extra: Record<string, unknown> = {}) {
  return {
    gitops,
    repository: { owner: "acme", name: "fleet" },
    servers: Array.from({ length: servers }, (_, index) => ({
      name: `mcp-${index + 1}`,
      image: `ghcr.io/acme/mcp-${index + 1}:1.${index}.0`,
      ...(index % 3 === 1 ? { metrics: { port: 9090 } } : {}),
      ...(index % 4 === 2 ? { mode: "mcpserver" } : {}),
      ...(index === 4 ? { chart: { repository: "oci://ghcr.io/acme/charts", name: "own", version: "1.0.0" } } : {}),
      ...(index === 5
        ? { chart: { repository: "https://charts.example.com", name: "theirs", version: "^2.0.0" } }
        : {}),
      env: { REGION: "eu-west-1" },
    })),
    environments: envs.map((name) => ({
      name,
      ...(name.startsWith("prod") ? { hostname: `${name}.mcp.example.com` } : {}),
      ...(name === "staging" ? { alerts: { cpu: { threshold: 0.5 }, unavailable: { enabled: false } } } : {}),
    })),
    ...extra,
  };
}

const ANSWER_SETS: [string, () => Promise<unknown>][] = [
  ["flux 6×4, monitoring on", async () => fleet("flux", 6, ["dev", "test", "staging", "prod"])],
  ["argocd 6×4, monitoring on", async () => fleet("argocd", 6, ["dev", "test", "staging", "prod"])],
  [
    "flux 5×3, monitoring off",
    async () => fleet("flux", 5, ["dev", "staging", "prod"], { monitoring: { enabled: false } }),
  ],
  [
    "argocd 5×3, monitoring off",
    async () => fleet("argocd", 5, ["dev", "staging", "prod"], { monitoring: { enabled: false } }),
  ],
  ...["production.yaml", "fleet-argocd.yaml", "fleet-shared-cluster.yaml", "mcp-fit.yaml"].map(
    (name): [string, () => Promise<unknown>] => [name, async () => parse(await readFile(join(FIXTURES, name), "utf8"))],
  ),
  // The examples turn on rollouts, storage, tracing, edge policies: what the alert documents' shapes depend on.
  ...readdirSync(EXAMPLES).map((name): [string, () => Promise<unknown>] => [
    `examples/${name}`,
    async () => parse(await readFile(join(EXAMPLES, name), "utf8")),
  ]),
  // A canary through Gateway API under Argo CD: Argo Rollouts moves the route's weights, which the Application ignores.
  [
    "examples/canary-flux.yaml on argocd",
    async () => ({ ...parse(await readFile(join(EXAMPLES, "canary-flux.yaml"), "utf8")), gitops: "argocd" }),
  ],
];

let scratch: { path: string; cleanup: () => Promise<void> };
let bundled: Blueprint;
let reference: Blueprint;

beforeAll(async () => {
  scratch = await tempDir("mcp-gitops-fleet-documents-");
  bundled = await loadBundledBlueprint();
  const root = join(scratch.path, "reference");
  await cp(bundled.root, root, { recursive: true });
  await rm(join(root, "lib", "documents.mjs"));
  await cp(join(FIXTURES, "reference-templates"), join(root, "files"), { recursive: true });
  reference = await loadBlueprint(root, "reference");
});

afterAll(async () => {
  await scratch.cleanup();
});

async function referenceRender(answers: ReturnType<typeof resolveAnswers>): Promise<Tree> {
  process.env.MCP_GITOPS_YAML = "library";
  try {
    return await renderBlueprint(reference, answers);
  } finally {
    delete process.env.MCP_GITOPS_YAML;
  }
}

describe("fleet documents", () => {
  it("the reference blueprint renders these files from templates, the bundled one from lib/documents.mjs", async () => {
    const { default: documents } = await import("../blueprints/mcp-gitops/lib/documents.mjs");
    const answers = resolveAnswers(AnswersSchema.parse(fleet("flux", 1, ["dev"])), "fleet");
    const built = Object.keys(documents(answers, { inline: String, token: newToken }));
    expect(built.length).toBeGreaterThanOrEqual(4);
    for (const path of built) {
      const template = join(FIXTURES, "reference-templates", `${path}.ejs`);
      await expect(readFile(template, "utf8"), `${template} (the reference for ${path})`).resolves.toContain("<%");
    }
  });

  it.each(ANSWER_SETS)("%s: every file is byte-identical to the per-file template path", async (_name, load) => {
    const answers = resolveAnswers(AnswersSchema.parse(await load()), "fleet");
    const [expected, actual] = [await referenceRender(answers), await renderBlueprint(bundled, answers)];
    expect(actual.paths()).toEqual(expected.paths());
    for (const path of expected.paths()) {
      expect(actual.read(path), path).toStrictEqual(expected.read(path));
      expect(actual.entry(path)?.mode, path).toBe(expected.entry(path)?.mode);
    }
    // The documents are vouched for: validation need not parse them.
    const documents = actual
      .paths()
      .filter((path) => /^apps\/[^/]+\/[^/]+\/(alerts|alerts\.test|values)\.yaml$/.test(path));
    expect(documents.length).toBeGreaterThan(0);
    for (const path of documents) expect(actual.entry(path)?.valid, path).toBe(true);
  });

  it("writes the fleet to disk byte for byte", async () => {
    const answers = resolveAnswers(AnswersSchema.parse(fleet("flux", 12, ["dev", "staging", "prod"])), "fleet");
    const expected = await referenceRender(answers);
    const actual = await renderBlueprint(bundled, answers);
    const target = join(scratch.path, "written");
    await flush(actual, target, await planChanges(actual, target), { exists: false, empty: true });
    for (const path of expected.paths()) {
      const bytes = await readFile(join(target, path));
      const content = expected.read(path)!;
      expect(bytes.equals(Buffer.from(content)), path).toBe(true);
    }
  });

  it("refuses a builder's comments that are not whole comment lines, and names the file of a builder that throws", async () => {
    const answers = resolveAnswers(AnswersSchema.parse(fleet("flux", 1, ["dev"])), "fleet");
    const cases: [string, RegExp][] = [
      [
        '"common/a.yaml": () => ({ comments: "# no newline", document: { a: 1 } })',
        /lib\/documents\.mjs, "common\/a\.yaml": its comments must be whole lines/,
      ],
      ['"common/a.yaml": () => ({ comments: "not a comment\\n", document: 1 })', /its comments must be whole lines/],
      [
        '"common/__server__/a.yaml": ({ server }) => { throw new Error(`no ${server.name}`); }',
        /lib\/documents\.mjs, "common\/__server__\/a\.yaml": no mcp-1$/,
      ],
      [
        '"common/kept.yaml": () => undefined',
        /lib\/documents\.mjs, "common\/kept\.yaml": files\/ renders kept\.yaml too/,
      ],
    ];
    for (const [index, [entry, message]] of cases.entries()) {
      // A folder per case: an imported module stays cached under its URL.
      const root = join(scratch.path, `broken-${index}`);
      await mkdir(join(root, "lib"), { recursive: true });
      await mkdir(join(root, "files", "common"), { recursive: true });
      await writeFile(join(root, "files", "common", "kept.yaml"), "kept: true\n");
      await writeFile(join(root, "lib", "documents.mjs"), `export default () => ({ ${entry} });\n`);
      const blueprint: Blueprint = { name: "broken", version: "1.0.0", root, source: root };
      await expect(renderBlueprint(blueprint, answers)).rejects.toThrow(message);
    }
  });
});
