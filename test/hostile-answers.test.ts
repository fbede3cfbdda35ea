/**
 * Hostile answers beyond the one-line corpus (issue 19): the host process's Object.prototype stays clean when the
 * package is used as a library, a UTF-16 answers file with its byte-order mark reads like UTF-8, and the layout names
 * the schema reserves are exactly the folders the blueprint puts beside its environment folders.
 */
import { readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { create } from "../src/create.js";
import { RESERVED_ENVIRONMENT_NAMES } from "../src/answers/layout-rules.js";
import { runMain, tempDir } from "./support/cli.js";

describe("prototype keys used as a library", () => {
  it("create() refuses them and leaves Object.prototype alone", async () => {
    const tmp = await tempDir("mcp-gitops-proto-");
    try {
      const attempts = [
        () =>
          create({
            directory: join(tmp.path, "a"),
            yes: true,
            set: ["servers.everything.values.__proto__.isAdmin=true"],
          }),
        () =>
          create({
            directory: join(tmp.path, "b"),
            answers: JSON.parse(
              '{"gitops":"flux","servers":[{"name":"w","image":"ghcr.io/a/w:1.0.0","values":{"__proto__":{"isAdmin":true}}}],"environments":[{"name":"dev"}]}',
            ),
          }),
        () => create({ directory: join(tmp.path, "c"), yes: true, set: ["constructor.prototype.isAdmin=true"] }),
      ];
      for (const attempt of attempts) {
        await expect(attempt()).rejects.toThrow(/is not allowed as a key/);
        expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
        expect(Object.prototype).not.toHaveProperty("isAdmin");
      }
    } finally {
      await tmp.cleanup();
    }
  });
});

describe("answers file encodings", () => {
  it.each([
    ["UTF-16 LE", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("gitops: argocd\n", "utf16le")])],
    ["UTF-16 BE", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("gitops: argocd\n", "utf16le").swap16()])],
    ["UTF-8 with a byte-order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("gitops: argocd\n")])],
  ])("%s (PowerShell's defaults) reads like UTF-8", async (_name, bytes) => {
    const tmp = await tempDir("mcp-gitops-utf16-");
    try {
      await writeFile(join(tmp.path, "answers.yaml"), bytes);
      const run = await runMain(["out", "--yes", "--answers", "answers.yaml", "--dry-run", "--json"], {
        cwd: tmp.path,
      });
      expect(run.code, run.stderr).toBe(0);
      // The engine the file chose shows in what would be written.
      expect(JSON.parse(run.stdout).files.some((file: { path: string }) => file.path.startsWith("argocd/"))).toBe(true);
    } finally {
      await tmp.cleanup();
    }
  });
});

describe("shared namespaces", () => {
  it("are fine where each environment is its own cluster (the engine ignores cluster)", async () => {
    const tmp = await tempDir("mcp-gitops-namespaces-");
    try {
      const run = await runMain(
        [
          "out",
          "--yes",
          "--dry-run",
          "--set",
          "environments.dev.namespace=mcp",
          "--set",
          "environments.prod.namespace=mcp",
        ],
        { cwd: tmp.path },
      );
      expect(run.code, run.stderr).toBe(0);
      const argo = await runMain(
        [
          "out",
          "--yes",
          "--dry-run",
          "--gitops",
          "argocd",
          "--set",
          "environments.dev.namespace=mcp",
          "--set",
          "environments.prod.namespace=mcp",
        ],
        { cwd: tmp.path },
      );
      expect(argo.code).toBe(2);
      expect(argo.stderr).toMatch(
        /^error: --set environments\.prod\.namespace=mcp: deploys into namespace 'mcp' of cluster in-cluster, like environment 'dev'/m,
      );
    } finally {
      await tmp.cleanup();
    }
  });
});

describe("reserved layout names", () => {
  it("are the fixed folders beside environment folders in every layer of the bundled blueprint", () => {
    const files = resolve(import.meta.dirname, "../blueprints/mcp-gitops/files");
    const beside = new Set<string>();
    const walk = (dir: string) => {
      const entries = readdirSync(dir, { withFileTypes: true });
      if (entries.some((entry) => entry.isDirectory() && entry.name === "__env__"))
        for (const entry of entries) if (entry.isDirectory() && entry.name !== "__env__") beside.add(entry.name);
      for (const entry of entries) if (entry.isDirectory()) walk(join(dir, entry.name));
    };
    walk(files);
    expect([...beside].sort()).toEqual([...RESERVED_ENVIRONMENT_NAMES].sort());
  });
});
