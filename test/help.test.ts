/**
 * Help is generated from the same declarations as the parser (src/cli/flags.ts), so it cannot list a flag the parser
 * refuses, miss one it accepts, or promise a default the run does not apply. `help` and `create` are commands, not
 * folders; errors name the flag the person typed.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SERVER, PLACEHOLDER_OWNER, SERVER_DEFAULTS } from "../src/answers/defaults.js";
import { CREATE_SPEC } from "../src/cli/create-spec.js";
import { DOCTOR_SPEC } from "../src/cli/doctor-spec.js";
import { parseCommand } from "../src/cli/flags.js";
import { ADD_SPEC } from "../src/cli/add-spec.js";
import { REMOVE_SPEC } from "../src/cli/remove-spec.js";
import { UPGRADE_SPEC } from "../src/cli/upgrade-spec.js";
import { runMain, tempDir } from "./support/cli.js";

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir("mcp-gitops-help-");
});
afterAll(() => dir.cleanup());

/** The help line of a flag, continuation lines joined. */
function helpOf(text: string, flag: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => new RegExp(`^\\s+(-\\w, )?--${flag}\\b`).test(line));
  expect(start, `--${flag} is in the help`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => !/^ {29}\S/.test(line));
  return [lines[start]!, ...rest.slice(0, end < 0 ? rest.length : end)].map((line) => line.trim()).join(" ");
}

/** What .mcp-gitops.yaml records after a run in a fresh folder. */
async function recorded(args: string[]): Promise<any> {
  const target = join(dir.path, `run-${Math.random().toString(36).slice(2)}`);
  const result = await runMain([target, ...args]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return parse(await readFile(join(target, ".mcp-gitops.yaml"), "utf8")).answers;
}

describe("help and the parser read one declaration", () => {
  for (const spec of [CREATE_SPEC, UPGRADE_SPEC, ADD_SPEC, REMOVE_SPEC, DOCTOR_SPEC]) {
    it(`${spec.name || "create"}: every declared flag is in its help, and the parser accepts every one`, async () => {
      const help = (await runMain(spec.name ? [spec.name, "--help"] : ["--help"])).stdout;
      for (const [name, flag] of Object.entries(spec.flags)) {
        helpOf(help, name);
        const argv = flag.type === "boolean" ? [`--${name}`] : [`--${name}`, "x"];
        expect(parseCommand(spec, argv).values[name as keyof typeof spec.flags]).toBeDefined();
      }
      const listed = [...help.matchAll(/^\s+(?:-\w, )?--([\w-]+)/gm)].map((match) => match[1]);
      expect(new Set(listed)).toEqual(new Set(Object.keys(spec.flags)));
    });
  }

  it("help, help create, --help and create --help print the same text; help <command> is <command> --help", async () => {
    const texts = await Promise.all(
      [["help"], ["help", "create"], ["--help"], ["create", "--help"], ["-h"]].map((args) =>
        runMain(args, { cwd: dir.path }),
      ),
    );
    for (const result of texts) expect(result).toEqual({ code: 0, stdout: texts[0]!.stdout, stderr: "" });
    expect(texts[0]!.stdout).toMatch(
      /^Commands\n {2}upgrade .*\n {2}add .*\n {2}remove .*\n {2}doctor .*\n {2}help \[command\]/m,
    );
    for (const command of ["upgrade", "add", "remove", "doctor"])
      expect((await runMain(["help", command])).stdout).toBe((await runMain([command, "--help"])).stdout);
    expect(await readdir(dir.path)).toEqual([]);
  });

  it("help <unknown> is bad input naming the commands", async () => {
    const result = await runMain(["help", "deploy"], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: help deploy: no such command (commands: create, upgrade, add, remove, doctor, help)\n",
    );
  });
});

describe("the defaults help shows are what --yes gives", () => {
  it("no server given: the example server's port, transport and path; the engine and environments --yes picks", async () => {
    const help = (await runMain(["--help"])).stdout;
    const answers = await recorded(["--yes"]);
    const server = answers.servers[0];
    expect(server).toMatchObject({
      name: DEFAULT_SERVER.name,
      port: DEFAULT_SERVER.port,
      transport: DEFAULT_SERVER.transport,
      path: DEFAULT_SERVER.path,
    });
    expect(helpOf(help, "port")).toContain(`the example server: ${server.port})`);
    expect(helpOf(help, "transport")).toContain(`the example server: ${server.transport})`);
    expect(helpOf(help, "path")).toContain(`the example server: ${server.path})`);
    expect(helpOf(help, "gitops")).toContain(`(--yes: ${answers.gitops})`);
    expect(helpOf(help, "envs")).toContain(`(--yes: ${answers.environments.map((env: any) => env.name).join(",")})`);
    expect(helpOf(help, "name")).toContain(`(--yes: ${server.name},`);
    expect(helpOf(help, "repository")).toContain(`(default: ${PLACEHOLDER_OWNER}/<directory>`);
    expect(answers.repository.owner).toBe(PLACEHOLDER_OWNER);
  });

  it("a server given by --image: the schema's own defaults, which help shows first", async () => {
    const help = (await runMain(["--help"])).stdout;
    const server = (await recorded(["--yes", "--name", "weather", "--image", "ghcr.io/acme/weather:1.0.0"])).servers[0];
    expect(server).toMatchObject(SERVER_DEFAULTS);
    for (const field of ["port", "transport", "path", "mode"] as const)
      expect(helpOf(help, field)).toContain(`(default: ${server[field]}`);
  });

  it("--yes makes no git repository, as help says", async () => {
    const target = join(dir.path, "no-git");
    expect((await runMain([target, "--yes"])).code).toBe(0);
    expect(await readdir(target)).not.toContain(".git");
    expect(helpOf((await runMain(["--help"])).stdout, "git")).toContain("no with --yes");
  });

  it("says what --force overwrites, and that --answers may hold monitoring", async () => {
    const help = (await runMain(["--help"])).stdout;
    expect(helpOf(help, "force")).toMatch(/overwritten, your edits to them included/);
    expect(helpOf(help, "answers")).toContain("monitoring");
  });
});

describe("create is a command, and so is help", () => {
  it("create <dir> writes exactly what <dir> writes; create with no folder uses the --yes folder, not ./create", async () => {
    const work = await tempDir();
    try {
      await runMain(["a", "--yes"], { cwd: work.path });
      await runMain(["create", "b", "--yes"], { cwd: work.path });
      await runMain(["create", "--yes"], { cwd: work.path });
      expect((await readdir(work.path)).sort()).toEqual(["a", "b", "mcp-gitops"]);
      const files = async (name: string) => (await readdir(join(work.path, name), { recursive: true })).sort();
      expect(await files("b")).toEqual(await files("a"));
    } finally {
      await work.cleanup();
    }
  });
});

describe("errors name the flag the person typed", () => {
  it("--yes --image without --name names --name, not servers[0].name", async () => {
    const result = await runMain(["x", "--yes", "--image", "ghcr.io/acme/weather:1.0.0"], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: .*--name\b/);
    expect(result.stderr).not.toContain("servers[0]");
  });

  it("--git with --no-git, and --repository with --repo, are contradictions", async () => {
    expect((await runMain(["x", "--yes", "--git", "--no-git"])).stderr).toBe("error: --git and --no-git: give one\n");
    const both = await runMain(["x", "--yes", "--repo", "acme/fleet", "--repository", "acme/fleet"]);
    expect(both.stderr).toMatch(/^error: --repository: not with --repo/);
  });
});
