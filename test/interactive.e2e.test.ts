/**
 * The terminal experience, end to end: the built binary answers a person in a real pseudo-terminal, and the CLI
 * stays silent and prompt-free for automation (no TTY, CI=true, --yes, --json; main() in-process).
 */
import { execFileSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain, tempDir } from "./support/cli.js";
import { KEY, runInTerminal, type TerminalRun } from "./support/pty.js";
import { checkRepository, type RepositoryCheck } from "./support/repo-check.js";

describe("a person at a terminal answers every question", () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let terminal: TerminalRun;
  let exitCode: number | undefined;
  let check: RepositoryCheck;

  beforeAll(async () => {
    dir = await tempDir();
    // Who the first commit is by, whatever this machine's git is configured with.
    const identity = { GIT_AUTHOR_NAME: "Ada", GIT_AUTHOR_EMAIL: "ada@example.com", GIT_COMMITTER_NAME: "Ada" };
    terminal = runInTerminal([], { cwd: dir.path, env: { ...identity, GIT_COMMITTER_EMAIL: "ada@example.com" } });
    const { answer } = terminal;
    await answer("Project directory", `platform${KEY.enter}`);
    await answer("GitOps engine", `${KEY.down}${KEY.enter}`);
    await answer("Server name", `weather${KEY.enter}`);
    await answer("Container image of weather", `ghcr.io/acme/weather-mcp:latest${KEY.enter}`);
    // The schema's own sentence, inline under the question; then the answer is corrected in place.
    await answer(
      "must not use the tag 'latest'; pin a version or a digest",
      `${KEY.backspace.repeat(6)}1.4.2${KEY.enter}`,
    );
    await answer("Transport of weather", KEY.enter);
    await answer("Port weather listens on", `8080${KEY.enter}`);
    await answer("Run weather as", KEY.enter);
    await answer("MCP endpoint path of weather", KEY.enter);
    await answer("Is weather stateless", `y${KEY.enter}`);
    await answer("Does weather serve Prometheus metrics?", KEY.enter);
    await answer("Kubernetes API access of weather", KEY.enter);
    await answer("Does weather need environment variables", `y${KEY.enter}`);
    await answer("Environment variables of weather", `LOG_LEVEL=debug${KEY.enter}`);
    await answer("Existing Secrets whose keys", `weather-api${KEY.enter}`);
    await answer("Image pull Secrets for ghcr.io", KEY.enter);
    await answer("Secrets of weather from a secret manager", KEY.enter);
    await answer("Writable storage of weather", KEY.enter);
    await answer("Add another server?", KEY.enter);
    await answer("Environments", `${KEY.down}${KEY.space}${KEY.enter}`); // untick staging
    await answer("Other environments", KEY.enter);
    await answer("Size of each server in dev", KEY.enter);
    // Argo CD names each environment's destination cluster in the repository, so it is asked (Flux: not).
    await answer("Cluster dev deploys to", KEY.enter);
    await answer("Size of each server in prod", `${KEY.down}${KEY.enter}`); // medium (the default) → large
    await answer("Cluster prod deploys to", `https://prod.k8s.example.com${KEY.enter}`);
    await answer("How are the servers reached", `${KEY.down}${KEY.enter}`); // Ingress
    await answer("IngressClass", KEY.enter);
    await answer("Hostname in dev", `dev.mcp.example.com${KEY.enter}`);
    await answer("Hostname in prod", `mcp.example.com${KEY.enter}`);
    await answer("TLS certificates from cert-manager", KEY.enter);
    await answer("ClusterIssuer", KEY.enter);
    await answer("Create ClusterIssuer", KEY.enter);
    await answer("Rate limits, CORS or security headers", KEY.enter);
    await answer("Where may the servers connect", `${KEY.down}${KEY.down}${KEY.enter}`); // the internet over HTTPS
    await answer("Monitoring", KEY.enter);
    await answer("Namespace Prometheus runs in", KEY.enter);
    await answer("Label Prometheus selects", KEY.enter);
    await answer("Grafana dashboards", KEY.enter);
    await answer("OpenTelemetry collector", KEY.enter);
    await answer("Prerequisites this repository installs", KEY.enter); // all of them: cert-manager, kube-prometheus-stack
    await answer("GitHub repository", `acme/platform-mcp${KEY.enter}`);
    await answer("Base branch", KEY.enter);
    await answer("Initialise a git repository and make the first commit?", KEY.enter);
    await answer(/Write \d+ files to platform\?/, KEY.enter);
    exitCode = await terminal.exited;
    check = await checkRepository(join(dir.path, "platform"));
  });
  afterAll(async () => {
    if (exitCode === undefined) terminal?.kill(); // a question never came: do not leave the program waiting
    await dir.cleanup();
  });

  it("exits 0 after showing progress, the summary table and the framed end block", () => {
    expect(exitCode).toBe(0);
    const screen = terminal.text();
    expect(screen).toMatch(/✔ Validate \d+ files/);
    expect(screen).toMatch(/Server\s+Image\s+dev \(mcp-dev\)\s+prod \(mcp-prod\)/);
    expect(screen).toMatch(
      /weather\s+ghcr\.io\/acme\/weather-mcp:1\.4\.2\s+1 × small weather\.dev\.mcp\.example\.com\s+2 × large weather\.mcp\.example\.com/,
    );
    expect(screen).toMatch(/├── argocd\//);
    expect(screen).toMatch(/╭─+╮/);
    expect(screen).toMatch(/│ ✔ platform: \d+ files written \(1 server × 2 environments, Argo CD\)/);
    expect(screen).toContain("kubectl apply -n argocd -f argocd/root.yaml");
    // The first commit is made: only the remote and the push are left to type.
    expect(screen).toContain(
      "git remote add origin https://github.com/acme/platform-mcp.git && git push -u origin main",
    );
    expect(screen).not.toContain("git init");
    expect(screen).toMatch(/╰─+╯/);
  });

  it("writes the repository the answers describe, and it passes the real-tool checks", () => {
    expect(check.answers.gitops).toBe("argocd");
    expect(check.answers.repository).toMatchObject({ owner: "acme", name: "platform-mcp", baseBranch: "main" });
    expect(check.answers.servers).toEqual([
      expect.objectContaining({
        name: "weather",
        image: "ghcr.io/acme/weather-mcp:1.4.2",
        port: 8080,
        env: { LOG_LEVEL: "debug" },
        secretEnvFrom: ["weather-api"],
      }),
    ]);
    expect(check.answers.environments.map((env: any) => env.cluster)).toEqual([
      "in-cluster",
      "https://prod.k8s.example.com",
    ]);
    expect(check.answers.environments.map((env: any) => [env.name, env.size, env.hostname, env.exposure.type])).toEqual(
      [
        ["dev", "small", "dev.mcp.example.com", "ingress"],
        ["prod", "large", "mcp.example.com", "ingress"],
      ],
    );
    expect(check.releases.map((release) => `${release.server}/${release.environment}`)).toEqual([
      "weather/dev",
      "weather/prod",
    ]);
    const ingress: any = check.releases[1]!.rendered!.find((doc) => doc.kind === "Ingress");
    expect(ingress.spec.tls[0].hosts).toEqual(["weather.mcp.example.com"]);
  });

  it("made the first commit, on the answered branch, with everything in it", () => {
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", join(dir.path, "platform"), ...args], { encoding: "utf8" });
    expect(git("log", "--format=%an <%ae>|%s", "main").trim()).toMatch(/^Ada <ada@example\.com>\|Add /);
    expect(git("status", "--porcelain")).toBe("");
  });
});

describe("cancelling and not prompting", () => {
  it("Ctrl-C at a question exits 130 and writes nothing", async () => {
    const dir = await tempDir();
    try {
      const terminal = runInTerminal([], { cwd: dir.path });
      try {
        await terminal.answer("Project directory", `demo${KEY.enter}`);
        await terminal.answer("GitOps engine", KEY.ctrlC);
        expect(await terminal.exited).toBe(130);
      } finally {
        terminal.kill();
      }
      expect(terminal.text()).toContain("Cancelled; nothing was written.");
      expect(await readdir(dir.path)).toEqual([]);
    } finally {
      await dir.cleanup();
    }
  });

  it("at a terminal with CI=true, nothing is asked: exit 2 naming every missing answer", async () => {
    const dir = await tempDir();
    try {
      const terminal = runInTerminal([], { cwd: dir.path, env: { CI: "true" } });
      expect(await terminal.exited).toBe(2);
      expect(terminal.text()).not.toContain("?");
      expect(terminal.text()).toMatch(/missing required answers: \[directory\].*--gitops.*--name.*--image.*--envs/s);
    } finally {
      await dir.cleanup();
    }
  });

  it("at a terminal with --yes, nothing is asked and the task list shows each step", async () => {
    const dir = await tempDir();
    try {
      const terminal = runInTerminal(["demo", "--yes"], { cwd: dir.path });
      expect(await terminal.exited).toBe(0);
      expect(terminal.text()).not.toMatch(/^\? /m);
      expect(terminal.text()).toMatch(/✔ Write \d+ files to demo/);
      // The end block is the last thing drawn; on a busy machine it can arrive after the exit is reported.
      await terminal.waitFor(
        "flux bootstrap github --owner=my-org --repository=demo --branch=main --path=clusters/dev",
      );
    } finally {
      await dir.cleanup();
    }
  });

  it("without a terminal, missing answers exit 2 listing every missing flag at once", async () => {
    const dir = await tempDir();
    try {
      const none = await runMain([], { cwd: dir.path });
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(
        /^error: missing required answers: \[directory\] \(e\.g\. my-gitops\), --gitops <flux\|argocd>, --name <server-name>, --image <image:tag>, --envs <a,b,c>\./,
      );
      const some = await runMain(["demo", "--gitops", "flux", "--name", "weather"], { cwd: dir.path, env: { CI: "" } });
      expect(some.code).toBe(2);
      expect(some.stderr).toBe(
        "error: missing required answers: --image <image:tag>, --envs <a,b,c>. Give them as flags or in --answers <file>, or pass --yes to use the defaults.\n",
      );
      expect(await readdir(dir.path)).toEqual([]);
    } finally {
      await dir.cleanup();
    }
  });

  it("--help and upgrade --help show examples for the common cases", async () => {
    const main = await runMain(["--help"]);
    expect(main.code).toBe(0);
    for (const example of [
      "npx create-mcp-gitops demo --yes",
      "--name weather --image",
      "--answers answers.yaml",
      "--github-api-url https://ghe.example.com/api/v3",
      "upgrade --check",
    ]) {
      expect(main.stdout).toContain(example);
    }
    expect(main.stdout).toContain("130 cancelled");
    const upgrade = await runMain(["upgrade", "--help"]);
    expect(upgrade.code).toBe(0);
    expect(upgrade.stdout).toMatch(/Examples[\s\S]*upgrade --check/);
  });

  it("--json prints one JSON document on stdout and nothing else; progress goes to stderr", async () => {
    const dir = await tempDir();
    try {
      const result = await runMain(["demo", "--yes", "--json"], { cwd: dir.path });
      expect(result.code).toBe(0);
      expect(result.stdout.trimStart().startsWith("{")).toBe(true);
      const report = JSON.parse(result.stdout);
      expect(report.files.length).toBeGreaterThan(10);
      expect(result.stderr).toMatch(/^✔ Render blueprint .*\n✔ Validate \d+ files .*\n✔ Write \d+ files to demo .*\n$/);
    } finally {
      await dir.cleanup();
    }
  });
});
