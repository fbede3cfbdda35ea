/**
 * Upgrade, in memory: the pure plan for every combination of base/theirs/ours, the real `git merge-file` behind
 * the merge, answer migrations, versions, blueprint sources and the shipped release archives.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBundledBlueprint } from "../src/blueprint/blueprint.js";
import { UsageError } from "../src/errors.js";
import { Tree } from "../src/tree/tree.js";
import { archivedVersions } from "../src/blueprint/archive.js";
import { unifiedDiff } from "../src/upgrade/diff.js";
import { Merger, resolvePlan } from "../src/upgrade/merge.js";
import { runMigrations } from "../src/blueprint/migrations.js";
import { planUpgrade, type UpgradeAction } from "../src/upgrade/plan.js";
import { upgradeBody, upgradeTitle } from "../src/upgrade/pr-body.js";
import type { UpgradeResult } from "../src/upgrade/types.js";
import { inRecordedOrder } from "../src/upgrade/recorded.js";
import {
  BlueprintWorkspace,
  bundledVersions,
  openBlueprint,
  parseBlueprintSource,
  recordedSource,
} from "../src/blueprint/sources.js";
import { compareVersions, sortVersions } from "../src/blueprint/versions.js";

const LABELS = { ours: "yours", base: "tiny 1.0.0", theirs: "tiny 2.0.0" };

function tree(files: Record<string, string>): Tree {
  const result = new Tree();
  for (const [path, content] of Object.entries(files)) result.write(path, content);
  return result;
}

describe("planUpgrade", () => {
  // [case, base, theirs, ours, expected]; undefined = the file does not exist on that side.
  const cases: [string, string | undefined, string | undefined, string | undefined, UpgradeAction][] = [
    ["untouched everywhere", "a\n", "a\n", "a\n", "keep"],
    ["only the user changed it", "a\n", "a\n", "mine\n", "keep"],
    ["only the blueprint changed it", "a\n", "b\n", "a\n", "take-theirs"],
    ["both made the same change", "a\n", "b\n", "b\n", "keep"],
    ["both changed it differently", "a\n", "b\n", "c\n", "merge"],
    ["new in the blueprint", undefined, "new\n", undefined, "add"],
    ["new in the blueprint, identical file already there", undefined, "new\n", "new\n", "keep"],
    ["new in the blueprint, the user has a different file there", undefined, "new\n", "mine\n", "add-conflict"],
    ["removed from the blueprint, unmodified", "old\n", undefined, "old\n", "delete"],
    ["removed from the blueprint, modified", "old\n", undefined, "old, edited\n", "keep-modified-removed"],
    ["removed from the blueprint and by the user", "old\n", undefined, undefined, "stays-deleted"],
    ["deleted by the user, unchanged by the blueprint", "a\n", "a\n", undefined, "stays-deleted"],
    ["deleted by the user, changed by the blueprint", "a\n", "b\n", undefined, "stays-deleted"],
  ];
  it.each(cases)("%s → %s", (_name, base, theirs, ours, expected) => {
    const side = (content: string | undefined) =>
      content === undefined ? new Map<string, string>() : new Map([["f.yaml", content]]);
    const [planned] = planUpgrade(side(base), side(theirs), side(ours));
    expect(planned).toMatchObject({ path: "f.yaml", action: expected });
  });

  it("looks only at paths the blueprint knows, in a stable order, and accepts trees and maps alike", () => {
    const plan = planUpgrade(
      tree({ "b.yaml": "1\n", "a.yaml": "1\n" }),
      tree({ "a.yaml": "2\n", "c.yaml": "3\n" }),
      new Map([
        ["a.yaml", "1\n"],
        ["mine.txt", "x\n"],
      ]),
    );
    expect(plan.map((file) => [file.path, file.action])).toEqual([
      ["a.yaml", "take-theirs"],
      ["b.yaml", "stays-deleted"],
      ["c.yaml", "add"],
    ]);
  });
});

describe("merge (real git merge-file)", () => {
  const base = "image: demo:1.0.0\nreplicas: 1\nresources:\n  cpu: 100m\n  memory: 128Mi\nlogLevel: info\n";

  it("keeps the user's edit and takes the blueprint's change elsewhere in the same file", async () => {
    const merger = new Merger(LABELS);
    const ours = base.replace("replicas: 1", "replicas: 3");
    const theirs = base.replace("logLevel: info", "logLevel: warn");
    const merged = await merger.merge(ours, base, theirs);
    await merger.dispose();
    expect(merged).toEqual({
      content: base.replace("replicas: 1", "replicas: 3").replace("logLevel: info", "logLevel: warn"),
      conflicts: 0,
    });
  });

  it("leaves overlapping edits inline with standard markers labelled with the versions", async () => {
    const merger = new Merger(LABELS);
    const merged = await merger.merge(
      base.replace("cpu: 100m", "cpu: 150m"),
      base,
      base.replace("cpu: 100m", "cpu: 250m"),
    );
    await merger.dispose();
    expect(merged.conflicts).toBe(1);
    expect(merged.content).toContain("<<<<<<< yours\n  cpu: 150m\n=======\n  cpu: 250m\n>>>>>>> tiny 2.0.0\n");
    expect(merged.content.startsWith("image: demo:1.0.0\nreplicas: 1\n")).toBe(true);
  });

  it("ignores the user's merge.conflictStyle (no diff3 base section)", async () => {
    const merger = new Merger(LABELS);
    const previous = process.env.GIT_CONFIG_PARAMETERS;
    process.env.GIT_CONFIG_PARAMETERS = "'merge.conflictstyle'='diff3'";
    try {
      const merged = await merger.merge("x\n", "a\n", "y\n");
      expect(merged.content).toBe("<<<<<<< yours\nx\n=======\ny\n>>>>>>> tiny 2.0.0\n");
    } finally {
      if (previous === undefined) delete process.env.GIT_CONFIG_PARAMETERS;
      else process.env.GIT_CONFIG_PARAMETERS = previous;
      await merger.dispose();
    }
  });

  it("resolves a plan: merges, conflicts, and an add/add conflict that keeps every line of the user's file", async () => {
    const plan = planUpgrade(
      tree({ "values.yaml": base, "conflict.yaml": "timeout: 30s\n" }),
      tree({
        "values.yaml": base.replace("logLevel: info", "logLevel: warn"),
        "conflict.yaml": "timeout: 60s\n",
        "new.yaml": "owner: blueprint\n",
      }),
      new Map([
        ["values.yaml", base.replace("replicas: 1", "replicas: 3")],
        ["conflict.yaml", "timeout: 45s\n"],
        ["new.yaml", "owner: me\nnote: mine\n"],
      ]),
    );
    const resolved = await resolvePlan(plan, LABELS);
    const byPath = Object.fromEntries(resolved.map((file) => [file.path, file]));
    expect(byPath["values.yaml"]).toMatchObject({ action: "merge", conflicts: 0 });
    expect(byPath["conflict.yaml"]).toMatchObject({ action: "merged-with-conflicts", conflicts: 1 });
    expect(byPath["new.yaml"]!.action).toBe("add-conflict");
    expect(byPath["new.yaml"]!.content).toMatch(
      /^<<<<<<< yours\nowner: me\nnote: mine\n=======\nowner: blueprint\n>>>>>>> tiny 2.0.0\n$/,
    );
  });
});

describe("answer migrations", () => {
  const migrations = {
    "2.0.0": {
      description: "b",
      migrate: (answers: Record<string, unknown>) => ({ ...answers, steps: [...(answers.steps as string[]), "2.0.0"] }),
    },
    "1.10.0": {
      description: "a",
      migrate: (answers: Record<string, unknown>) => ({
        ...answers,
        steps: [...(answers.steps as string[]), "1.10.0"],
      }),
    },
    "1.2.0": { description: "old", migrate: () => ({ steps: ["must not run"] }) },
    "3.0.0": { description: "future", migrate: () => ({ steps: ["must not run"] }) },
  };

  it("runs the migrations after the recorded version up to the target, in version order, without touching the input", () => {
    const recorded = { steps: [] as string[] };
    const { answers, applied } = runMigrations(recorded, migrations, "1.2.0", "2.0.0");
    expect(answers.steps).toEqual(["1.10.0", "2.0.0"]);
    expect(applied).toEqual([
      { version: "1.10.0", description: "a" },
      { version: "2.0.0", description: "b" },
    ]);
    expect(recorded.steps).toEqual([]);
  });

  it("refuses a migration that does not return answers", () => {
    expect(() =>
      runMigrations({}, { "2.0.0": { description: "broken", migrate: () => undefined as never } }, "1.0.0", "2.0.0"),
    ).toThrow(/returned undefined/);
  });
});

describe("versions", () => {
  it("orders semantic versions numerically, pre-releases before their release", () => {
    expect(sortVersions(["1.10.0", "1.2.0", "1.2.0-rc.1", "0.9.9", "1.2.0-rc.10", "1.2.0-beta"])).toEqual([
      "0.9.9",
      "1.2.0-beta",
      "1.2.0-rc.1",
      "1.2.0-rc.10",
      "1.2.0",
      "1.10.0",
    ]);
    expect(compareVersions("1.0.0+build.1", "1.0.0")).toBe(0);
  });
});

describe("blueprint sources", () => {
  it("reads bundled, folders and git URLs with refs, and records folders relative to the repository", () => {
    expect(parseBlueprintSource("bundled", "/work")).toEqual({ kind: "bundled" });
    expect(parseBlueprintSource("../acme", "/work/repo")).toEqual({ kind: "dir", path: "/work/acme" });
    expect(parseBlueprintSource("https://git.example.test/acme/bp.git#v2.0.0", "/")).toEqual({
      kind: "git",
      url: "https://git.example.test/acme/bp.git",
      ref: "v2.0.0",
    });
    expect(parseBlueprintSource("git@git.example.test:acme/bp.git", "/")).toEqual({
      kind: "git",
      url: "git@git.example.test:acme/bp.git",
      ref: undefined,
    });
    expect(recordedSource({ kind: "dir", path: "/work/acme" }, "/work/repo")).toBe("../acme");
    expect(recordedSource({ kind: "dir", path: "/work/repo/blueprint" }, "/work/repo")).toBe("./blueprint");
    expect(recordedSource({ kind: "git", url: "file:///srv/bp.git", ref: "main" }, "/work/repo")).toBe(
      "file:///srv/bp.git#main",
    );
  });

  it.each([
    ["https://user:token@git.example.test/acme/bp.git#main", /password or token/],
    ["https://git.example.test/acme/bp.git#--upload-pack=evil", /ref/],
    ["file:///srv/bp.git#a b", /ref/],
  ])("refuses %s", (source, message) => {
    expect(() => parseBlueprintSource(source, "/")).toThrow(message);
  });

  it("never treats an ext:: transport as a git URL (it would run a command)", () => {
    expect(parseBlueprintSource("ext::sh -c touch% /tmp/pwned", "/work")).toMatchObject({ kind: "dir" });
  });

  it("refuses a folder that does not exist", async () => {
    const workspace = new BlueprintWorkspace();
    await expect(
      openBlueprint({ kind: "dir", path: "/nonexistent/blueprint" }, { workspace, repository: "/tmp" }),
    ).rejects.toThrow(UsageError);
    await workspace.dispose();
  });

  it("ships every released version of the bundled blueprint, and re-creates 1.0.0 from its archive", async () => {
    const live = await loadBundledBlueprint();
    const versions = await bundledVersions();
    expect(versions).toContain("1.0.0");
    expect(versions.at(-1)).toBe(live.version);
    // Released versions never change: a blueprint change after a release needs a version bump (and an archive).
    expect(await archivedVersions(live.name)).not.toContain(live.version);
    expect(compareVersions(live.version, "1.0.0")).toBeGreaterThan(0);
    const workspace = new BlueprintWorkspace();
    try {
      const old = await openBlueprint({ kind: "bundled" }, { workspace, repository: "/tmp", version: "1.0.0" });
      expect(old).toMatchObject({ name: "mcp-gitops", version: "1.0.0", source: "bundled" });
      expect(await readFile(join(old.root, "files/common/charts/mcp-server/Chart.yaml"), "utf8")).toMatch(
        /^apiVersion: v2/m,
      );
      await expect(
        openBlueprint({ kind: "bundled" }, { workspace, repository: "/tmp", version: "0.0.1" }),
      ).rejects.toThrow(/not shipped.*1\.0\.0/);
    } finally {
      await workspace.dispose();
    }
  });
});

describe("record and diff helpers", () => {
  it("keeps the recorded key order when rewriting the answers, new keys last", () => {
    const next = inRecordedOrder(
      { a: 1, b: { y: 2, x: 1, z: 3 }, c: [{ q: 1, p: 2 }] },
      { b: { x: 0, y: 0 }, a: 0, c: [{ p: 0, q: 0 }] },
    );
    expect(JSON.stringify(next)).toBe('{"b":{"x":1,"y":2,"z":3},"a":1,"c":[{"p":2,"q":1}]}');
  });

  it("prints a unified diff with repository paths for updated, created and deleted files", async () => {
    const diff = await unifiedDiff([
      { path: "apps/demo/values.yaml", before: "a: 1\n", after: "a: 2\n" },
      { path: "config/new.yaml", after: "new: true\n" },
      { path: "config/old.yaml", before: "old: true\n" },
      { path: "same.yaml", before: "x\n", after: "x\n" },
    ]);
    expect(diff).toContain("diff --git a/apps/demo/values.yaml b/apps/demo/values.yaml\n");
    expect(diff).toContain("--- a/apps/demo/values.yaml\n+++ b/apps/demo/values.yaml\n@@ -1 +1 @@\n-a: 1\n+a: 2\n");
    expect(diff).toContain("new file mode");
    expect(diff).toContain("+++ b/config/new.yaml");
    expect(diff).toContain("deleted file mode");
    expect(diff).toContain("--- a/config/old.yaml");
    expect(diff).not.toContain("same.yaml");
  });
});

describe("upgrade pull request text", () => {
  const result = (files: number): UpgradeResult => ({
    directory: "/r",
    status: "upgraded",
    dryRun: false,
    from: { name: "mcp-gitops", version: "1.0.0", source: "bundled" },
    to: { name: "mcp-gitops", version: "1.1.0", source: "bundled" },
    files: [
      { path: "apps/base/a/values.yaml", action: "merged-with-conflicts", conflicts: 2 },
      ...Array.from({ length: files }, (_, index) => ({
        path: `apps/dev/server-${index}/values.yaml`,
        action: "take-theirs" as const,
      })),
    ],
    conflicts: ["apps/base/a/values.yaml"],
    migrations: [{ version: "1.1.0", description: "x is now y" }],
    leftovers: [],
    warnings: [],
  });

  it("names the versions, puts conflicts first, and lists migrations", () => {
    const body = upgradeBody(result(3));
    expect(upgradeTitle(result(3))).toBe("Upgrade blueprint mcp-gitops 1.0.0 → 1.1.0");
    expect(body.indexOf("apps/base/a/values.yaml")).toBeLessThan(body.indexOf("apps/dev/server-0/values.yaml"));
    expect(body).toContain("stays a draft");
    expect(body).toContain("- 1.1.0: x is now y");
  });

  it("stays within GitHub's body limit for a huge fleet by dropping detail", () => {
    const body = upgradeBody(result(5000), { limit: 4000 });
    expect(body.length).toBeLessThanOrEqual(4000);
    expect(body).toContain("apps/base/a/values.yaml");
    expect(body).toMatch(/… and \d+ more/);
  });
});
