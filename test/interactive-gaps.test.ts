/**
 * The questions cover what flags and answers files can say: each environment's cluster where the engine names one
 * (asked only when the blueprint's engine descriptor says the answer applies), a server's variables and Secrets; a
 * `cluster` answer the engine does not use is refused; and the record has the same key order however the answers
 * were given.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectAnswers } from "../src/answers/collect.js";
import { SECRET_ADVICE } from "../src/answers/secret-values.js";
import { validateAnswers } from "../src/answers/validate.js";
import { loadBundledBlueprint } from "../src/blueprint/blueprint.js";
import { engineChoices, loadEngines } from "../src/blueprint/engines.js";
import { GITOPS_ENGINES } from "../src/answers/engines.js";
import { create } from "../src/create.js";
import { askAnswers } from "../src/prompts/ask-answers.js";
import { runMain, tempDir } from "./support/cli.js";
import { ENTER, ScriptedPrompter, type Step } from "./support/scripted-prompter.js";

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir("mcp-gitops-gaps-");
});
afterAll(() => dir.cleanup());

async function engines() {
  return engineChoices(await loadEngines(await loadBundledBlueprint()), GITOPS_ENGINES);
}

/** Everything but the environments is given, so the script is about them. */
const GIVEN = { name: "weather", image: "ghcr.io/acme/weather:1.0.0", answers: { monitoring: { enabled: false } } };

async function askEnvironments(gitops: string, script: Step[]) {
  const prompter = new ScriptedPrompter(script);
  const collected = await askAnswers(await collectAnswers({ ...GIVEN, gitops }), {
    prompter,
    directoryName: "demo",
    engines: await engines(),
  });
  expect(prompter.remaining).toEqual([]);
  return { prompter, answers: validateAnswers(collected, "demo") };
}

describe("engine-specific questions follow the blueprint's engine descriptor", () => {
  it("Argo CD names a destination cluster per environment: it is asked, checked and recorded", async () => {
    const { answers, prompter } = await askEnvironments("argocd", [
      ["Environments", ["dev", "prod"]],
      ["Other environments", ENTER],
      ["Size of each server in dev", ENTER],
      ["Cluster dev deploys to (a name registered with Argo CD", ENTER],
      ["Size of each server in prod", ENTER],
      ["Cluster prod deploys to", "https://prod cluster"],
      ["Cluster prod deploys to", "https://prod.k8s.example.com:6443"],
      ["How are the servers reached", ENTER],
      ["Where may the servers connect", ENTER],
      ["GitHub repository", ENTER],
      ["Base branch", ENTER],
    ]);
    expect(prompter.rejections.map((rejection) => rejection.message)).toEqual([
      expect.stringMatching(/cluster name registered with the GitOps engine/),
    ]);
    expect(answers.environments.map((env) => env.cluster)).toEqual(["in-cluster", "https://prod.k8s.example.com:6443"]);
  });

  it("Flux has no destination cluster in the repository: nothing is asked", async () => {
    const { prompter } = await askEnvironments("flux", [
      ["Environments", ["dev"]],
      ["Other environments", ENTER],
      ["Size of each server in dev", ENTER],
      ["How are the servers reached", ENTER],
      ["GitHub repository", ENTER],
      ["Base branch", ENTER],
    ]);
    expect(prompter.asked.some((question) => question.startsWith("Cluster"))).toBe(false);
  });
});

describe("the cluster answer", () => {
  it("groups Flux environments that name the same cluster into one folder one bootstrap applies", async () => {
    const file = join(dir.path, "answers.yaml");
    await (await import("node:fs/promises")).writeFile(
      file,
      "gitops: flux\nenvironments:\n  - name: dev\n    cluster: shared\n  - name: prod\n    cluster: shared\n",
    );
    const result = await runMain(["y", "--yes", "--answers", file], { cwd: dir.path });
    expect(result.code, result.stderr).toBe(0);
    const { readdir } = await import("node:fs/promises");
    expect(await readdir(join(dir.path, "y/clusters"))).toEqual(["shared"]);
    expect((await readdir(join(dir.path, "y/clusters/shared"))).sort()).toEqual(
      expect.arrayContaining(["mcp-servers-dev.yaml", "mcp-servers-prod.yaml"]),
    );
  });

  it("the default (what every record holds) is accepted, and Argo CD takes any cluster", async () => {
    expect(
      (await runMain(["z", "--yes", "--set", "environments.dev.cluster=in-cluster"], { cwd: dir.path })).code,
    ).toBe(0);
    const argo = await runMain(
      ["w", "--yes", "--gitops", "argocd", "--set", "environments.prod.cluster=https://prod.example.com"],
      { cwd: dir.path },
    );
    expect(argo.code).toBe(0);
  });
});

describe("a server's variables and Secrets at the prompt", () => {
  it("refuses a credential-like variable with the flag's advice, then takes plain ones", async () => {
    const prompter = new ScriptedPrompter([
      ["Server name", "weather"],
      ["Container image of weather", "ghcr.io/acme/weather:1.0.0"],
      ["Transport of weather", ENTER],
      ["Port weather", ENTER],
      ["Run weather as", ENTER],
      ["MCP endpoint path", ENTER],
      ["Is weather stateless", ENTER],
      ["Does weather serve Prometheus metrics?", ENTER],
      ["Kubernetes API access of weather", ENTER],
      ["Does weather need", true],
      ["Environment variables of weather", "API_TOKEN=abc123"],
      ["Environment variables of weather", "LOG_LEVEL"],
      ["Environment variables of weather", "LOG_LEVEL=info"],
      ["Existing Secrets", "Not_A_Name"],
      ["Existing Secrets", "weather-api"],
      ["Image pull Secrets for ghcr.io", ENTER],
      ["Secrets of", ENTER],
      ["Writable storage of", ENTER],
      ["Add another server?", ENTER],
      ["How are the servers reached", ENTER],
    ]);
    const collected = await askAnswers(
      await collectAnswers({
        gitops: "flux",
        envs: "dev",
        answers: { monitoring: {}, infrastructure: {}, repository: {} },
      }),
      {
        prompter,
        directoryName: "demo",
      },
    );
    expect(prompter.rejections.map((rejection) => rejection.message)).toEqual([
      `API_TOKEN: ${SECRET_ADVICE}`,
      expect.stringMatching(/^must be NAME=value pairs/),
      expect.stringMatching(/^0: /),
    ]);
    expect(validateAnswers(collected, "demo").servers[0]).toMatchObject({
      env: { LOG_LEVEL: "info" },
      secretEnvFrom: ["weather-api"],
      imagePullSecrets: [],
    });
  });
});

describe(".mcp-gitops.yaml has one key order", () => {
  it("Enter at every question records exactly what --yes records, byte for byte", async () => {
    const asked = join(dir.path, "asked");
    const yes = join(dir.path, "yes");
    const { mkdir } = await import("node:fs/promises");
    await Promise.all([mkdir(asked), mkdir(yes)]);
    const prompter = new ScriptedPrompter([
      ["GitOps engine", ENTER],
      ["Server name", ENTER],
      ["Container image of", ENTER],
      ["Transport of", ENTER],
      ["Port ", ENTER],
      ["MCP endpoint path of", ENTER],
      [/^Does \S+ serve Prometheus metrics\?$/, ENTER],
      [/^Kubernetes API access of/, ENTER],
      ["need environment variables", ENTER],
      ["Add another server?", ENTER],
      ["Environments", ENTER],
      ["Other environments", ENTER],
      ["Size of each server in dev", ENTER],
      ["Size of each server in staging", ENTER],
      ["Size of each server in prod", ENTER],
      ["How are the servers reached", ENTER],
      ["Monitoring", ENTER],
      ["Namespace Prometheus runs in", ENTER],
      ["Label Prometheus selects", ENTER],
      ["Grafana dashboards", ENTER],
      ["OpenTelemetry collector", ENTER],
      ["Prerequisites this repository installs", ENTER],
      ["GitHub repository", ENTER],
      ["Base branch", ENTER],
    ]);
    await create({ directory: join(asked, "demo"), prompter, git: false, confirm: async () => true });
    await create({ directory: join(yes, "demo"), yes: true });
    const record = (root: string) => readFile(join(root, "demo", ".mcp-gitops.yaml"), "utf8");
    expect(await record(asked)).toBe(await record(yes));
  });
});
