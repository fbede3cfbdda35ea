/**
 * Answer changes and the upgrade corners, in memory: the record's digest (plain SHA-256 over canonical JSON), `--unset`
 * paths, values that follow the answers they derive from, a record taken as an answers file, what a change does to
 * servers × environments, and the plan's new rules (renames, deleted folders, line endings).
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAnswersText } from "../src/answers/answers-file.js";
import { resolveEnvironment } from "../src/answers/resolve.js";
import { AnswersSchema, EnvironmentSchema } from "../src/answers/schema.js";
import { unresolveEnvironment, unresolveRepository, unresolveServer } from "../src/answers/unresolve.js";
import { applyUnset } from "../src/answers/unset-path.js";
import { UsageError } from "../src/errors.js";
import { answersDigest } from "../src/record.js";
import { NATIVE_FROM, sha256Hex } from "../src/sha256.js";
import { Tree } from "../src/tree/tree.js";
import { changeSummary, describeAnswersChange, releaseChange } from "../src/upgrade/answers-diff.js";
import { resolvePlan } from "../src/upgrade/merge.js";
import { planUpgrade } from "../src/upgrade/plan.js";
import { upgradeBody, upgradeTitle } from "../src/upgrade/pr-body.js";
import { detectRenames } from "../src/upgrade/renames.js";
import type { UpgradeResult } from "../src/upgrade/types.js";
import { askAddedEnvironment } from "../src/prompts/ask-environments.js";
import { askAddedServer } from "../src/prompts/ask-servers.js";
import { ScriptedPrompter } from "./support/scripted-prompter.js";

const LABELS = { ours: "yours", base: "tiny 1.0.0", theirs: "tiny 2.0.0" };

function tree(files: Record<string, string>): Tree {
  const result = new Tree();
  for (const [path, content] of Object.entries(files)) result.write(path, content);
  return result;
}

describe("the record's digest", () => {
  it("is SHA-256, byte for byte node:crypto's, for empty, block-edge, multi-byte and long input", () => {
    for (const text of [
      "",
      "abc",
      "a".repeat(55),
      "a".repeat(56),
      "a".repeat(64),
      "é€😀".repeat(100),
      // The JavaScript path up to NATIVE_FROM characters (multi-byte text near it), node:crypto's from there.
      "é€😀".repeat(Math.floor((NATIVE_FROM - 1) / 4)),
      "x".repeat(NATIVE_FROM - 1),
      "x".repeat(NATIVE_FROM),
      "x".repeat(100_000),
    ])
      expect(sha256Hex(text), `${text.length} characters`).toBe(createHash("sha256").update(text).digest("hex"));
  });

  it("depends on the answers, not on key order", () => {
    const a = { gitops: "flux", servers: [{ name: "a", port: 1 }] };
    const b = { servers: [{ port: 1, name: "a" }], gitops: "flux" };
    expect(answersDigest(a)).toBe(answersDigest(b));
    expect(answersDigest(a)).not.toBe(answersDigest({ ...a, gitops: "argocd" }));
    expect(answersDigest(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe("--unset", () => {
  const raw = () => ({
    gitops: "flux",
    servers: [
      { name: "a", image: "x:1", env: { LOG: "debug" } },
      { name: "b", image: "x:1" },
    ],
    environments: [{ name: "dev", hostname: "dev.example.com" }],
  });

  it("removes a named entry, a key of free-form values, or an optional answer", () => {
    const answers = raw();
    expect(applyUnset(answers, "servers.b", AnswersSchema)).toBe("servers.b");
    expect(applyUnset(answers, "servers.a.env.LOG", AnswersSchema)).toBe("servers.a.env.LOG");
    expect(applyUnset(answers, "environments.dev.hostname", AnswersSchema)).toBe("environments.dev.hostname");
    expect(answers).toEqual({
      gitops: "flux",
      servers: [{ name: "a", image: "x:1", env: {} }],
      environments: [{ name: "dev" }],
    });
  });

  it("refuses required answers, the last entry, and names nothing has, naming what the user typed", () => {
    const attempt = (path: string, label?: string) => () => applyUnset(raw(), path, AnswersSchema, label);
    expect(attempt("gitops")).toThrow(/^--unset gitops: gitops is required and cannot be unset$/);
    expect(attempt("environments.dev")).toThrow(/'dev' is the only entry of environments/);
    expect(attempt("servers.c", "remove server c")).toThrow(
      /^remove server c: there is no 'c' in servers \(known: a, b\)$/,
    );
    expect(attempt("servers.a.nope")).toThrow(UsageError);
  });
});

describe("values that follow what they derive from", () => {
  const resolved = (environment: Record<string, unknown>) =>
    resolveEnvironment(EnvironmentSchema.parse(environment)) as unknown as Record<string, unknown>;

  it("takes out every value that equals its derived default, and keeps the chosen ones", () => {
    const prod = resolved({ name: "prod", autoscaling: { maxReplicas: 9 } });
    const bare = unresolveEnvironment(prod);
    expect(bare).not.toHaveProperty("replicas");
    expect(bare).not.toHaveProperty("namespace");
    expect((bare.autoscaling as Record<string, unknown>).maxReplicas).toBe(9);
    expect(resolved(bare)).toEqual(prod);
    // Raised replicas carry the autoscaler's floor along; the chosen maximum stays.
    const raised = resolved({ ...bare, replicas: 4 });
    expect(raised).toMatchObject({ replicas: 4, autoscaling: { minReplicas: 4, maxReplicas: 9 } });
  });

  it("derives the repository URL again only when it was the derived one", () => {
    expect(unresolveRepository({ owner: "a", name: "b", url: "https://github.com/a/b.git" })).toEqual({
      owner: "a",
      name: "b",
    });
    const own = { owner: "a", name: "b", url: "https://git.example.com/b.git" };
    expect(unresolveRepository(own)).toEqual(own);
  });

  it("derives a server's path again from its transport only when it was the derived one", () => {
    expect(unresolveServer({ name: "w", transport: "streamable-http", path: "/mcp" })).toEqual({
      name: "w",
      transport: "streamable-http",
    });
    expect(unresolveServer({ name: "w", transport: "sse", path: "/sse" })).toEqual({ name: "w", transport: "sse" });
    const own = { name: "w", transport: "streamable-http", path: "/v1/mcp" };
    expect(unresolveServer(own)).toEqual(own);
  });
});

describe("a .mcp-gitops.yaml as an answers file", () => {
  it("gives its answers; anything else is answers as they stand", async () => {
    const record =
      "blueprint:\n  name: mcp-gitops\n  version: 1.2.0\n  source: bundled\ngenerator: create-mcp-gitops@0.1.0\nanswersDigest: sha256:00\nanswers:\n  gitops: flux\n";
    expect(await parseAnswersText(record, "--answers r.yaml")).toEqual({ gitops: "flux" });
    expect(await parseAnswersText("gitops: flux\nanswers: 1\n", "--answers a.yaml")).toEqual({
      gitops: "flux",
      answers: 1,
    });
  });
});

describe("a JSON answers file", () => {
  it("reads as the YAML parser reads it, strings with colons, quotes and escapes included", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })),
        fc.boolean(),
        async (value, pretty) => {
          const text = JSON.stringify(value, null, pretty ? "\t" : undefined);
          const read = await parseAnswersText(text, "a").catch((error: Error) => error.message);
          const yaml = await parseAnswersText(` ${text}\n# the YAML path`, "a").catch((error: Error) => error.message);
          expect(read).toEqual(yaml);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a repeated key, as the YAML path does", async () => {
    for (const text of ['{"gitops": "flux", "gitops": "argocd"}', '{"a": {"b": 1, "c": ":", "b": 2}}'])
      await expect(parseAnswersText(text, "--answers a.json")).rejects.toThrow(
        /not valid YAML or JSON: Map keys must be unique/,
      );
  });
});

describe("what an answer change does", () => {
  const before = {
    gitops: "flux",
    servers: [{ name: "a" }, { name: "b" }],
    environments: [{ name: "dev" }, { name: "prod", replicas: 2 }],
  };

  it("names servers and environments added, removed and changed, and each release's fate", () => {
    const after = {
      gitops: "flux",
      servers: [{ name: "a" }, { name: "c" }],
      environments: [{ name: "dev" }, { name: "prod", replicas: 4 }],
    };
    const change = describeAnswersChange(before, after)!;
    expect(change.servers).toEqual({ added: ["c"], removed: ["b"], changed: [] });
    expect(change.environments).toEqual({ added: [], removed: [], changed: ["prod"] });
    expect(changeSummary(change)).toBe("add server c; remove server b; change prod");
    expect(releaseChange(change, "c", "dev")).toBe("added");
    expect(releaseChange(change, "b", "prod")).toBe("removed");
    expect(releaseChange(change, "a", "prod")).toBe("changed");
    expect(releaseChange(change, "a", "dev")).toBe("");
    expect(describeAnswersChange(before, structuredClone(before))).toBeUndefined();
  });

  it("titles the pull request after the change and tables servers × environments", () => {
    const change = describeAnswersChange(before, { ...before, servers: [...before.servers, { name: "c" }] })!;
    const result: UpgradeResult = {
      directory: "/r",
      status: "upgraded",
      dryRun: false,
      from: { name: "mcp-gitops", version: "1.2.0", source: "bundled" },
      to: { name: "mcp-gitops", version: "1.2.0", source: "bundled" },
      files: [{ path: "apps/base/c/values.yaml", action: "add" }],
      conflicts: [],
      migrations: [],
      answers: change,
      leftovers: [],
      warnings: [],
    };
    expect(upgradeTitle(result)).toBe("Add server c");
    expect(upgradeTitle({ ...result, to: { ...result.to, version: "1.3.0" } })).toBe(
      "Add server c; upgrade blueprint mcp-gitops 1.2.0 → 1.3.0",
    );
    const body = upgradeBody(result);
    expect(body).toContain("stays at 1.2.0");
    expect(body).toContain(
      "| Server | dev | prod |\n| --- | --- | --- |\n| a | · | · |\n| b | · | · |\n| c | added | added |",
    );
  });
});

describe("the plan's corners", () => {
  it("keeps a folder the user deleted deleted, but adds to folders that still have blueprint files", () => {
    const base = tree({ "extra/one.yaml": "1\n", "keep/one.yaml": "1\n" });
    const theirs = tree({
      "extra/one.yaml": "1\n",
      "extra/new.yaml": "n\n",
      "keep/one.yaml": "1\n",
      "keep/new.yaml": "n\n",
    });
    const ours = new Map([["keep/one.yaml", "1\n"]]);
    const actions = Object.fromEntries(planUpgrade(base, theirs, ours).map((file) => [file.path, file.action]));
    expect(actions).toMatchObject({
      "extra/new.yaml": "stays-deleted",
      "keep/new.yaml": "add",
      "extra/one.yaml": "stays-deleted",
    });
  });

  it("carries an edited file across a rename: declared with placeholders, or found by similarity", async () => {
    const base = tree({ "apps/a/values.yaml": "image: x:1\nport: 80\ncpu: 100m\nmemory: 1Gi\n" });
    const theirs = tree({ "apps/a/server-values.yaml": "image: x:1\nport: 80\ncpu: 250m\nmemory: 1Gi\n" });
    const ours = new Map([
      ["apps/a/values.yaml", { content: "image: x:1-hotfix\nport: 80\ncpu: 100m\nmemory: 1Gi\n" }],
    ]);
    const declared = { "apps/__server__/values.yaml": "apps/__server__/server-values.yaml" };
    for (const options of [{ declared, similar: false }, { similar: true }]) {
      const renames = detectRenames(base, theirs, ours, options);
      expect(renames).toEqual(new Map([["apps/a/server-values.yaml", "apps/a/values.yaml"]]));
      const files = await resolvePlan(planUpgrade(base, theirs, ours, renames), LABELS);
      const byPath = Object.fromEntries(files.map((file) => [file.path, file]));
      expect(byPath["apps/a/values.yaml"]!.action).toBe("renamed");
      expect(byPath["apps/a/server-values.yaml"]).toMatchObject({
        action: "merge",
        renamedFrom: "apps/a/values.yaml",
        content: "image: x:1-hotfix\nport: 80\ncpu: 250m\nmemory: 1Gi\n",
      });
    }
    expect(detectRenames(base, theirs, ours, { similar: false })).toEqual(new Map());
  });

  it("compares and merges CRLF files as text and writes them back in CRLF", async () => {
    const base = tree({ "a.yaml": "one: 1\ntwo: 2\nthree: 3\nfour: 4\n", "b.yaml": "x: 1\n" });
    const theirs = tree({ "a.yaml": "one: 1\ntwo: 2\nthree: 3\nfour: 40\n", "b.yaml": "x: 2\n" });
    const ours = new Map([
      ["a.yaml", "one: 10\r\ntwo: 2\r\nthree: 3\r\nfour: 4\r\n"],
      ["b.yaml", "x: 1\r\n"],
    ]);
    const files = await resolvePlan(planUpgrade(base, theirs, ours), LABELS);
    expect(files.map((file) => [file.path, file.action, file.content])).toEqual([
      ["a.yaml", "merge", "one: 10\r\ntwo: 2\r\nthree: 3\r\nfour: 40\r\n"],
      ["b.yaml", "take-theirs", "x: 2\r\n"],
    ]);
  });
});

describe("add at a terminal asks only what the new entry needs", () => {
  it("a server: its name (not one the repository has) and image when no flag gave them", async () => {
    const prompter = new ScriptedPrompter([[/Container image of weather/, "ghcr.io/acme/weather:1.0.0"]]);
    expect(await askAddedServer({ name: "weather" }, [{ name: "alpha" }], prompter)).toEqual({
      name: "weather",
      image: "ghcr.io/acme/weather:1.0.0",
    });
    const named = new ScriptedPrompter([
      ["Server name", "alpha"],
      ["Server name", "beta"],
    ]);
    expect(await askAddedServer({ image: "x:1" }, [{ name: "alpha" }], named)).toEqual({ image: "x:1", name: "beta" });
    expect(named.rejections.map((rejection) => rejection.message)).toEqual(["duplicates the name 'alpha'"]);
    expect(named.remaining).toEqual([]);
  });

  it("an environment: its name, then its size", async () => {
    const prompter = new ScriptedPrompter([
      ["Environment name", "qa"],
      [/Size of each server in qa/, "large"],
    ]);
    expect(await askAddedEnvironment({}, ["dev", "prod"], prompter)).toEqual({ name: "qa", size: "large" });
  });
});
