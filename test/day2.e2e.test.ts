/**
 * Day 2 (issue "change the answers of a living repository"), on both engines with real git: a 3-server ×
 * 3-environment repository with user edits in several files gets a new server, a new environment, a changed prod
 * replica count and hostname, and loses a server — once through `upgrade --answers/--set/--unset`, once through the
 * convenience commands. After each change every user edit is still there, the new files exist and are listed where
 * the engine looks, removed ones are gone (unless edited), `.mcp-gitops.yaml` records the new answers, and running
 * the same command again changes nothing. The final repositories render with helm and kustomize and validate. One
 * change goes through `--pr` against the loopback GitHub.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GITOPS_ENGINES } from "../src/answers/engines.js";
import { runMain, tempDir } from "./support/cli.js";
import { snapshotTree } from "./support/files.js";
import { startFakeGitHub, type FakeGitHub } from "./support/github-server.js";
import { checkRepository } from "./support/repo-check.js";
import { commitAll, git, readRecord } from "./support/upgrade-repos.js";

const [FLUX, ARGO] = GITOPS_ENGINES;
const read = (dir: string, path: string) => readFile(join(dir, path), "utf8");
const exists = (dir: string, path: string) =>
  readFile(join(dir, path)).then(
    () => true,
    () => false,
  );

const ANSWERS = (gitops: string) => ({
  gitops,
  repository: { owner: "octo", name: "fleet" },
  // Stateless, so prod's replica count reaches them (a stateful server runs one replica, like delta below).
  servers: ["alpha", "beta", "gamma"].map((name) => ({
    name,
    image: `ghcr.io/acme/${name}-mcp:1.0.0`,
    port: 8080,
    stateless: true,
  })),
  environments: [{ name: "dev" }, { name: "staging" }, { name: "prod" }],
});

/** The engine's overlay listing every server of an environment, and how it names a server there. */
function listing(gitops: string, env: string, server: string): { file: string; entry: string } {
  return gitops === FLUX
    ? { file: `apps/${env}/kustomization.yaml`, entry: `  - ${server}\n` }
    : { file: `argocd/${env}/kustomization.yaml`, entry: `  - ${server}.yaml\n` };
}

/** Edits a person made after generating: a values comment, a note in the README, a line atop an overlay. */
const EDITS = (gitops: string): Record<string, string> => ({
  "apps/prod/alpha/values.yaml": "# ops: two extra pods during the sale\n",
  "apps/base/beta/values.yaml": "# beta is owned by team b\n",
  "README.md": "\n## Our notes\n\nPage the on-call first.\n",
  [listing(gitops, "dev", "alpha").file]: "",
});
const HEADER = "# reviewed by platform\n";

async function applyEdits(repo: string, gitops: string): Promise<void> {
  for (const [path, appended] of Object.entries(EDITS(gitops))) {
    const text = await read(repo, path);
    await writeFile(join(repo, path), appended ? `${text}${appended}` : `${HEADER}${text}`);
  }
}

async function expectEdits(repo: string, gitops: string, removed: string[] = []): Promise<void> {
  for (const [path, appended] of Object.entries(EDITS(gitops))) {
    const text = await read(repo, path);
    expect(text, path).toContain(appended || HEADER);
    if (!removed.some((server) => path.includes(`/${server}/`))) expect(text, path).not.toContain("<<<<<<<");
  }
}

type Route = "flags" | "commands";

for (const gitops of [FLUX!, ARGO!]) {
  describe.each<Route>(["flags", "commands"])(`day 2 on ${gitops} through %s`, (route) => {
    let tmp: { path: string; cleanup: () => Promise<void> };
    let repo: string;

    /** Runs a change, checks it wrote and exits 0, commits, and checks that the same command again changes nothing. */
    async function change(args: string[], again: { code: number; stdout?: RegExp } = { code: 0 }) {
      const run = await runMain(args, { cwd: repo });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).not.toMatch(/CONFLICT/);
      await commitAll(repo, args.join(" "));
      const before = await snapshotTree(repo);
      const repeat = await runMain(args, { cwd: repo });
      expect(repeat.code, repeat.stderr).toBe(again.code);
      if (again.stdout) expect(repeat.stdout).toMatch(again.stdout);
      expect(await snapshotTree(repo)).toEqual(before);
      return run;
    }

    /** A complete answers file: the recorded `.mcp-gitops.yaml` itself, with `edit` applied to its answers. */
    async function recordWith(edit: (answers: any) => void): Promise<string> {
      const record = await readRecord(repo);
      edit(record.answers);
      await writeFile(join(tmp.path, "next.yaml"), stringify(record));
      return join(tmp.path, "next.yaml");
    }

    beforeAll(async () => {
      tmp = await tempDir();
      await writeFile(join(tmp.path, "answers.yaml"), stringify(ANSWERS(gitops)));
      const created = await runMain(["fleet", "--answers", "answers.yaml"], { cwd: tmp.path });
      expect(created.code, created.stderr).toBe(0);
      repo = join(tmp.path, "fleet");
      await commitAll(repo, "Generated");
      await applyEdits(repo, gitops);
      await commitAll(repo, "Edited");
    });
    afterAll(() => tmp.cleanup());

    it("(1) adds a server: its files in every environment, listed in every overlay", async () => {
      const args =
        route === "flags"
          ? [
              "upgrade",
              "--answers",
              await recordWith((a) => a.servers.push({ name: "delta", image: "ghcr.io/acme/delta-mcp:2.0.0" })),
            ]
          : ["add", "server", "--name", "delta", "--image", "ghcr.io/acme/delta-mcp:2.0.0"];
      const run = await change(args, { code: 0, stdout: /^Up to date/ });
      expect(run.stdout).toMatch(/ANSWERS +add server delta/);
      await expectEdits(repo, gitops);
      expect(await read(repo, "apps/base/delta/values.yaml")).toContain("ghcr.io/acme/delta-mcp");
      for (const env of ["dev", "staging", "prod"]) {
        expect(await exists(repo, `apps/${env}/delta/values.yaml`), env).toBe(true);
        const { file, entry } = listing(gitops, env, "delta");
        expect(await read(repo, file), file).toContain(entry);
      }
      expect((await readRecord(repo)).answers.servers.map((s: any) => s.name)).toEqual([
        "alpha",
        "beta",
        "gamma",
        "delta",
      ]);
    });

    it("(2) adds an environment: its overlay with every server, in the project and the workflow", async () => {
      const args =
        route === "flags"
          ? ["upgrade", "--answers", await recordWith((a) => a.environments.push({ name: "qa" }))]
          : ["add", "env", "--name", "qa"];
      await change(args, { code: 0, stdout: /^Up to date/ });
      await expectEdits(repo, gitops);
      for (const server of ["alpha", "beta", "gamma", "delta"]) {
        expect(await exists(repo, `apps/qa/${server}/values.yaml`), server).toBe(true);
        const { file, entry } = listing(gitops, "qa", server);
        expect(await read(repo, file)).toContain(entry);
      }
      if (gitops === ARGO) {
        expect(await read(repo, "argocd/root/project.yaml")).toContain("namespace: mcp-qa");
        // The root Application syncs the new environment's Application: no apply by hand.
        expect(await read(repo, "argocd/root/kustomization.yaml")).toContain("servers-qa.yaml");
      } else expect(await read(repo, "clusters/qa/mcp-servers-qa.yaml")).toContain("path: ./apps/qa");
      expect(await read(repo, ".github/workflows/validate.yaml")).toContain("check_release delta qa mcp-qa");
      const record = await readRecord(repo);
      expect(record.answers.environments.map((e: any) => e.name)).toEqual(["dev", "staging", "prod", "qa"]);
      expect(record.answersDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    });

    it("(3) changes prod's replicas and hostname; what derives from replicas follows", async () => {
      const args = [
        "upgrade",
        "--set",
        "environments.prod.replicas=4",
        "--set",
        "environments.prod.hostname=mcp.example.com",
      ];
      const run = await change(args, { code: 0, stdout: /^Up to date/ });
      expect(run.stdout).toMatch(/ANSWERS +change prod/);
      await expectEdits(repo, gitops);
      for (const server of ["alpha", "beta", "gamma"]) {
        const values = parse(await read(repo, `apps/prod/${server}/values.yaml`));
        expect(values.replicaCount, server).toBe(4);
        expect(values.autoscaling.minReplicas, server).toBe(4);
      }
      // delta was added without `stateless`: it keeps its sessions in one process, so it stays at one replica.
      const delta = parse(await read(repo, "apps/prod/delta/values.yaml"));
      expect([delta.replicaCount, delta.autoscaling]).toEqual([1, undefined]);
      expect(parse(await read(repo, "apps/staging/alpha/values.yaml")).replicaCount).toBe(2);
      const prod = (await readRecord(repo)).answers.environments.find((e: any) => e.name === "prod");
      expect(prod).toMatchObject({ replicas: 4, hostname: "mcp.example.com" });
    });

    it("(4) removes a server: unedited files deleted, the edited one kept and reported, no overlay lists it", async () => {
      const args = route === "flags" ? ["upgrade", "--unset", "servers.beta"] : ["remove", "server", "beta"];
      const run = await change(args, { code: 2 });
      expect(run.stdout).toMatch(/KEPT +apps\/base\/beta\/values\.yaml +\(no longer generated, but you edited it/);
      await expectEdits(repo, gitops, ["beta"]);
      for (const env of ["dev", "staging", "prod", "qa"]) {
        expect(await exists(repo, `apps/${env}/beta/values.yaml`), env).toBe(false);
        const { file, entry } = listing(gitops, env, "beta");
        expect(await read(repo, file)).not.toContain(entry);
      }
      expect(await read(repo, ".github/workflows/validate.yaml")).not.toContain("check_release beta");
      expect((await readRecord(repo)).answers.servers.map((s: any) => s.name)).toEqual(["alpha", "gamma", "delta"]);
      expect(await git(repo, "status", "--porcelain")).toBe("");
    });

    // The real tools once per engine: the last state has every kind of change in it.
    if (route === "commands")
      it("the result renders with helm and kustomize and validates", async () => {
        const check = await checkRepository(repo);
        expect(check.releases.map((release) => `${release.server}/${release.environment}`).sort()).toEqual(
          ["alpha", "gamma", "delta"].flatMap((s) => ["dev", "staging", "prod", "qa"].map((e) => `${s}/${e}`)).sort(),
        );
      });
  });
}

describe("an answer change as a pull request (loopback GitHub)", () => {
  const TOKEN = "day2-test-token-0123456789";
  let tmp: { path: string; cleanup: () => Promise<void> };
  let gh: FakeGitHub;

  beforeAll(async () => {
    tmp = await tempDir();
    gh = await startFakeGitHub({ token: TOKEN, owner: "octo" });
  });
  afterAll(async () => {
    await gh?.close();
    await tmp.cleanup();
  });

  it("add server --pr commits on mcp-gitops/add-<server> and opens a pull request that says what changes", async () => {
    await writeFile(join(tmp.path, "answers.yaml"), stringify(ANSWERS(FLUX!)));
    expect((await runMain(["gen", "--answers", "answers.yaml"], { cwd: tmp.path })).code).toBe(0);
    const files = Object.fromEntries(
      Object.entries(await snapshotTree(join(tmp.path, "gen"))).filter(([path]) => !path.endsWith("/")),
    );
    await gh.createRepo("octo", "fleet", { files });
    const env = {
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: gh.apiUrl,
      HOME: tmp.path,
      GIT_AUTHOR_NAME: "CI Bot",
      GIT_AUTHOR_EMAIL: "ci@example.test",
      GIT_COMMITTER_NAME: "CI Bot",
      GIT_COMMITTER_EMAIL: "ci@example.test",
    };
    const args = [
      "add",
      "server",
      "fleet",
      "--name",
      "delta",
      "--image",
      "ghcr.io/acme/delta-mcp:2.0.0",
      "--pr",
      "--repo",
      "octo/fleet",
    ];
    const run = await runMain(args, { cwd: tmp.path, env });
    expect(run.code, run.stderr).toBe(0);
    const [pull] = gh.pulls("octo", "fleet");
    expect(pull).toMatchObject({ head: "mcp-gitops/add-delta", base: "main", draft: false, title: "Add server delta" });
    expect(pull!.body).toContain("### Answers: add server delta");
    expect(pull!.body).toContain("| Server | dev | staging | prod |");
    expect(pull!.body).toContain("| delta | added | added | added |");
    expect(pull!.body).toContain("npx create-mcp-gitops upgrade --check");
    expect(await gh.filesAtBranch("octo", "fleet", "mcp-gitops/add-delta")).toContain("apps/prod/delta/values.yaml");
    expect(await gh.readFileAtBranch("octo", "fleet", "main", "apps/dev/kustomization.yaml")).not.toContain("delta");
    const again = await runMain(args, { cwd: tmp.path, env });
    expect(again.code, again.stderr).toBe(0);
    expect(gh.pulls("octo", "fleet")).toHaveLength(1);
  });
});
