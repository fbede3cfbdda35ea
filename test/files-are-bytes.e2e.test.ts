/**
 * Files are bytes with a mode: a blueprint's binary file (a PNG whose bytes are not UTF-8) and executable script
 * arrive byte-exact and executable through `create`, through `upgrade` (both for a blueprint change and for a user's
 * own change), and through the release archive; a template that fails to render is a blueprint error naming the file
 * and line, without a stack.
 */
import { execFile } from "node:child_process";
import { chmod, cp, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unpackRelease } from "../src/blueprint/archive.js";
import { runCli, tempDir } from "./support/cli.js";
import { commitAll } from "./support/upgrade-repos.js";

/** A 1×1 PNG: 82 bytes, many of them not valid UTF-8 (0x89, 0xFF...). */
const PNG_V1 = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4a30000000049454e44ae426082",
  "hex",
);
const PNG_V2 = Buffer.concat([PNG_V1.subarray(0, 60), Buffer.from([0xff, 0xfe, 0x00, 0x80]), PNG_V1.subarray(60)]);

const SERVER = ["--yes", "--name", "demo", "--image", "ghcr.io/acme/demo:1.0.0"];

async function blueprint(root: string, version: string, png: Buffer, script: string): Promise<string> {
  const dir = join(root, `bytes-${version}`);
  await mkdir(join(dir, "files/common/assets"), { recursive: true });
  await mkdir(join(dir, "files/common/scripts"), { recursive: true });
  await writeFile(join(dir, "blueprint.yaml"), `name: bytes\nversion: ${version}\n`);
  await writeFile(join(dir, "files/common/assets/logo.png"), png);
  await writeFile(join(dir, "files/common/scripts/check.sh"), script);
  await chmod(join(dir, "files/common/scripts/check.sh"), 0o755);
  await writeFile(join(dir, "files/common/scripts/later.sh.ejs"), "#!/bin/sh\necho <%= answers.servers[0].name %>\n");
  await writeFile(join(dir, "files/common/notes.txt"), "notes\n");
  return dir;
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe("a blueprint's binary file and executable script", () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let v1: string;
  let v2: string;
  let repo: string;

  beforeAll(async () => {
    tmp = await tempDir("mcp-gitops-bytes-");
    v1 = await blueprint(tmp.path, "1.0.0", PNG_V1, "#!/bin/sh\necho v1\n");
    v2 = await blueprint(tmp.path, "2.0.0", PNG_V2, "#!/bin/sh\necho v2\n");
    // 2.0.0 also makes a template executable and a text file executable.
    await chmod(join(v2, "files/common/scripts/later.sh.ejs"), 0o755);
    await chmod(join(v2, "files/common/notes.txt"), 0o755);
    repo = join(tmp.path, "app");
    const created = await runCli(["app", ...SERVER, "--blueprint", v1], { cwd: tmp.path });
    expect(created.code, created.stderr).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it("create writes the PNG byte for byte and the script executable", async () => {
    expect((await readFile(join(repo, "assets/logo.png"))).equals(PNG_V1)).toBe(true);
    expect(await modeOf(join(repo, "scripts/check.sh"))).toBe(0o755);
    expect(await modeOf(join(repo, "scripts/later.sh"))).toBe(0o644);
    expect(await modeOf(join(repo, "notes.txt"))).toBe(0o644);
  });

  it("upgrade takes the blueprint's new bytes and modes, and keeps a mode the user set", async () => {
    await chmod(join(repo, "notes.txt"), 0o600);
    await commitAll(repo, "Generated with bytes 1.0.0");
    const upgraded = await runCli(["upgrade", "--blueprint", v2, "--json"], { cwd: repo });
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect((await readFile(join(repo, "assets/logo.png"))).equals(PNG_V2)).toBe(true);
    expect(await readFile(join(repo, "scripts/check.sh"), "utf8")).toBe("#!/bin/sh\necho v2\n");
    expect(await modeOf(join(repo, "scripts/check.sh"))).toBe(0o755);
    expect(await modeOf(join(repo, "scripts/later.sh"))).toBe(0o755);
    // The user's own mode change (no read for others) is kept; the blueprint's exec bit is added where read is.
    expect(await modeOf(join(repo, "notes.txt"))).toBe(0o700);
  });

  it("a binary file changed both by the user and in the blueprint is a conflict that keeps the user's bytes", async () => {
    const fork = join(tmp.path, "fork");
    const created = await runCli(["fork", ...SERVER, "--blueprint", v1], { cwd: tmp.path });
    expect(created.code, created.stderr).toBe(0);
    const mine = Buffer.concat([PNG_V1, Buffer.from([0x00, 0xff])]);
    await writeFile(join(fork, "assets/logo.png"), mine);
    await commitAll(fork, "Mine");
    const upgraded = await runCli(["upgrade", "--blueprint", v2, "--json"], { cwd: fork });
    expect(upgraded.code, upgraded.stderr).toBe(1);
    const report = JSON.parse(upgraded.stdout);
    expect(report.conflicts).toEqual(["assets/logo.png"]);
    expect(report.files).toContainEqual({ path: "assets/logo.png", action: "binary-conflict", conflicts: 1 });
    expect((await readFile(join(fork, "assets/logo.png"))).equals(mine)).toBe(true);
  });
});

describe("a template that fails to render", () => {
  it("is a blueprint error naming the file and line, exit 1, no stack, nothing written", async () => {
    const tmp = await tempDir("mcp-gitops-bad-template-");
    try {
      const broken = join(tmp.path, "broken");
      await cp(await blueprint(tmp.path, "1.0.0", PNG_V1, "#!/bin/sh\n"), broken, { recursive: true });
      await writeFile(join(broken, "files/common/bad.yaml.ejs"), "a: 1\nb: <%= answers.nope.deeper %>\n");
      const result = await runCli(["out", ...SERVER, "--blueprint", broken], { cwd: tmp.path });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(
        /^error: blueprint bytes 1\.0\.0: files\/common\/bad\.yaml\.ejs line 2: Cannot read properties of undefined \(reading 'deeper'\)$/,
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
      await expect(stat(join(tmp.path, "out"))).rejects.toThrow();
    } finally {
      await tmp.cleanup();
    }
  });
});

describe("the release archive (scripts/release-blueprint.mjs)", () => {
  it("keeps a binary file byte for byte and an executable script executable", async () => {
    const tmp = await tempDir("mcp-gitops-archive-");
    try {
      const project = join(tmp.path, "project");
      await mkdir(join(project, "blueprints"), { recursive: true });
      await cp(await blueprint(tmp.path, "1.0.0", PNG_V1, "#!/bin/sh\necho v1\n"), join(project, "blueprints/bytes"), {
        recursive: true,
      });
      await commitAll(project, "Release bytes 1.0.0");
      const script = resolve(import.meta.dirname, "../scripts/release-blueprint.mjs");
      await run(process.execPath, [script, "--root", project, "--blueprint", "bytes"]);
      const archive = await readFile(join(project, "blueprints/releases/bytes-1.0.0.json.gz"));
      const into = join(tmp.path, "unpacked");
      await unpackRelease(archive, { name: "bytes", version: "1.0.0" }, into);
      expect((await readFile(join(into, "files/common/assets/logo.png"))).equals(PNG_V1)).toBe(true);
      expect(await modeOf(join(into, "files/common/scripts/check.sh"))).toBe(0o755);
      expect(await modeOf(join(into, "files/common/notes.txt"))).toBe(0o644);
    } finally {
      await tmp.cleanup();
    }
  });
});

function run(file: string, args: string[]): Promise<string> {
  return new Promise((done, fail) =>
    execFile(file, args, (error, stdout, stderr) => (error ? fail(new Error(stderr)) : done(stdout))),
  );
}
