/**
 * The question flows, driven by a scripted prompter (every flow) and by inquirer itself through
 * @inquirer/testing (the adapter: keystrokes, inline messages, Ctrl-C). No terminal, no child process.
 */
import { screen } from "@inquirer/testing/vitest";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectAnswers, type AnswerFlags } from "../src/answers/collect.js";
import type { BundledServer } from "../src/answers/resolve.js";
import { validateAnswers } from "../src/answers/validate.js";
import { create } from "../src/create.js";
import { UsageError, UserCancelled } from "../src/errors.js";
import { askAnswers, askDirectory } from "../src/prompts/ask-answers.js";
import { createInquirerPrompter } from "../src/prompts/inquirer-prompter.js";
import { tempDir } from "./support/cli.js";
import { listFiles } from "./support/files.js";
import { CTRL_C, ENTER, ScriptedPrompter, type Step } from "./support/scripted-prompter.js";

/** Enter at every question of a flow with nothing given (the example server serves SSE, so it is a Deployment). */
const ALL_DEFAULTS: Step[] = [
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
];

async function ask(flags: AnswerFlags, script: Step[]) {
  const prompter = new ScriptedPrompter(script);
  const collected = await askAnswers(await collectAnswers(flags), { prompter, directoryName: "demo" });
  expect(prompter.remaining).toEqual([]);
  return { prompter, collected, answers: validateAnswers(collected, "demo") };
}

/** The message a flag gets for the same value, without its `--flag: ` prefix. */
async function flagMessage(flags: AnswerFlags): Promise<string> {
  try {
    validateAnswers(await collectAnswers({ yes: true, ...flags }), "demo");
  } catch (error) {
    if (error instanceof UsageError) return error.message.replace(/^--[a-z-]+(?: [^:]+)?: /, "");
    throw error;
  }
  throw new Error("the flags were accepted");
}

describe("scripted flows", () => {
  it("Enter at every question gives exactly the --yes answers", async () => {
    const { answers } = await ask({}, ALL_DEFAULTS);
    const defaults = validateAnswers(await collectAnswers({ yes: true }), "demo");
    expect(answers).toEqual(defaults);
  });

  it("describes two servers, a custom environment, an Ingress with TLS, dashboards and the repository", async () => {
    const { answers, prompter } = await ask({}, [
      ["GitOps engine", "argocd"],
      ["Server name", "weather"],
      ["Container image of weather", "ghcr.io/acme/weather-mcp:1.4.2"],
      ["Transport of weather", ENTER],
      ["Port weather", "8080"],
      ["Run weather as", ENTER],
      ["MCP endpoint path of weather", ENTER],
      ["Is weather stateless", true],
      ["Does weather serve Prometheus metrics?", true],
      ["Metrics path of weather", ENTER],
      ["Metrics port of weather", "9090"],
      ["Kubernetes API access of weather", "namespace-read"],
      ["Does weather need", true],
      ["Environment variables of weather", "LOG_LEVEL=debug, REGION=eu"],
      ["Existing Secrets whose keys", "weather-api"],
      ["Image pull Secrets for ghcr.io", "ghcr-pull"],
      ["Secrets of", ENTER],
      ["Writable storage of", ENTER],
      ["Add another server?", true],
      ["Server 2 name", "files"],
      ["Container image of files", `ghcr.io/acme/files-mcp@sha256:${"a".repeat(64)}`],
      ["Transport of files", "stdio"],
      ["Command that starts files", "npx -y @acme/files-mcp --root /data"],
      ["Does files serve Prometheus metrics?", ENTER],
      ["Kubernetes API access of files", ENTER],
      ["Does files need", ENTER],
      ["Add another server?", false],
      ["Environments", ["dev", "prod"]],
      ["Other environments", "qa, perf"],
      ["Size of each server in dev", ENTER],
      ["Size of each server in prod", "large"],
      ["Size of each server in qa", ENTER],
      ["Size of each server in perf", ENTER],
      ["How are the servers reached", "ingress"],
      ["IngressClass", "traefik"],
      ["Hostname in dev", "dev.mcp.example.com"],
      ["Hostname in prod", "mcp.example.com"],
      ["Hostname in qa", "qa.mcp.example.com"],
      ["Hostname in perf", "perf.mcp.example.com"],
      ["TLS certificates", "all"],
      ["ClusterIssuer", "letsencrypt-staging"],
      ["Create ClusterIssuer letsencrypt-staging", true],
      ["Email", "platform@example.com"],
      ["Rate limits, CORS", ENTER],
      ["Where may the servers connect (network policy of prod)?", "custom"],
      ["CIDRs the servers may reach", "10.20.0.0/16, 192.168.0.0/24"],
      ["Ports", "5432"],
      ["Namespace kagent runs in", "ai"],
      ["Monitoring", ENTER],
      ["Namespace Prometheus runs in", "observability"],
      ["Label Prometheus selects", "prometheus=main"],
      ["Grafana dashboards", "grafana-operator"],
      ["OpenTelemetry collector", ENTER],
      ["Prerequisites this repository installs", ENTER],
      ["GitHub repository", "acme/platform-mcp"],
      ["Base branch", "trunk"],
    ]);
    expect(prompter.rejections).toEqual([]);
    expect(answers.gitops).toBe("argocd");
    expect(answers.servers.map(({ name, port, transport, mode }) => ({ name, port, transport, mode }))).toEqual([
      { name: "weather", port: 8080, transport: "streamable-http", mode: "deployment" },
      { name: "files", port: 3000, transport: "stdio", mode: "mcpserver" },
    ]);
    expect(answers.servers[1]!.command).toEqual(["npx", "-y", "@acme/files-mcp", "--root", "/data"]);
    expect(answers.servers[0]).toMatchObject({
      stateless: true,
      metrics: { enabled: true, path: "/metrics", port: 9090 },
      rbac: { preset: "namespace-read" },
      env: { LOG_LEVEL: "debug", REGION: "eu" },
      secretEnvFrom: ["weather-api"],
      imagePullSecrets: ["ghcr-pull"],
    });
    expect(answers.servers[1]).toMatchObject({ stateless: false, rbac: { preset: "none" } });
    expect(answers.servers[1]!.metrics).toBeUndefined();
    // Only prod's network policy is on: the egress and kagent answers go there.
    expect(answers.environments[1]!.networkPolicy).toMatchObject({
      outbound: "custom",
      egress: [
        { cidr: "10.20.0.0/16", ports: [5432] },
        { cidr: "192.168.0.0/24", ports: [5432] },
      ],
      kagentNamespace: "ai",
    });
    expect(answers.environments[0]!.networkPolicy.outbound).toBeUndefined();
    expect(
      answers.environments.map((env) => [env.name, env.size, env.hostname, env.exposure.type, env.tls.enabled]),
    ).toEqual([
      ["dev", "small", "dev.mcp.example.com", "ingress", true],
      ["prod", "large", "mcp.example.com", "ingress", true],
      ["qa", "small", "qa.mcp.example.com", "ingress", true],
      ["perf", "small", "perf.mcp.example.com", "ingress", true],
    ]);
    expect(answers.environments[0]!.exposure.className).toBe("traefik");
    expect(answers.environments[1]!.tls.issuer).toEqual({
      kind: "ClusterIssuer",
      name: "letsencrypt-staging",
      create: { email: "platform@example.com", server: expect.stringMatching(/^https:/) },
    });
    expect(answers.monitoring).toMatchObject({
      prometheusNamespace: "observability",
      labels: { prometheus: "main" },
      dashboards: { provider: "grafana-operator" },
    });
    expect(answers.repository).toMatchObject({
      owner: "acme",
      name: "platform-mcp",
      baseBranch: "trunk",
      url: "https://github.com/acme/platform-mcp.git",
    });
  });

  it("asks only what the flags did not give", async () => {
    const { prompter, answers } = await ask(
      {
        gitops: "flux",
        name: "weather",
        envs: "dev,prod",
        answers: { monitoring: { enabled: false }, repository: { owner: "acme" } },
      },
      [
        ["Container image of weather", "ghcr.io/acme/weather-mcp:1.4.2"],
        ["How are the servers reached", ENTER],
        ["Where may the servers connect", "internet"],
      ],
    );
    expect(prompter.asked).toHaveLength(3);
    expect(answers.environments[1]!.networkPolicy.outbound).toBe("internet");
    expect(answers.servers[0]).toMatchObject({ name: "weather", port: 3000, transport: "streamable-http" });
    expect(answers.environments.map((env) => env.name)).toEqual(["dev", "prod"]);
  });

  it("a wrong flag fails before any question, with the flag's message", async () => {
    const prompter = new ScriptedPrompter([]);
    const asking = askAnswers(await collectAnswers({ port: "abc", envs: "dev,QA" }), {
      prompter,
      directoryName: "demo",
    });
    await expect(asking).rejects.toThrow(
      /--port: must be a whole number from 1 to 65535[\s\S]*--envs: must be a DNS-1123 label/,
    );
    expect(prompter.asked).toEqual([]);
  });

  it("asks nothing when every answer is given", async () => {
    const { prompter } = await ask(
      {
        answers: {
          gitops: "argocd",
          servers: [{ name: "a", image: "x/a:1" }],
          environments: [{ name: "dev", exposure: { type: "none" } }],
          monitoring: {},
          infrastructure: {},
          repository: {},
        },
      },
      [],
    );
    expect(prompter.asked).toEqual([]);
  });
});

describe("validation at the prompt says what the flag says", () => {
  // Another image than the example's is another program: streamable HTTP by default, so mode and sessions are asked.
  const OWN_PROGRAM: Step[] = [
    ["Run everything as", ENTER],
    ["MCP endpoint path of", ENTER],
    ["Is everything stateless", ENTER],
  ];
  const cases: { question: string; bad: string; good: string; flags: AnswerFlags; path?: Step[] }[] = [
    { question: "Server name", bad: "Weather", good: "weather", flags: { name: "Weather" } },
    {
      question: "Container image",
      bad: "ghcr.io/acme/weather:latest",
      good: "ghcr.io/acme/weather:1.0.0",
      flags: { name: "x", image: "ghcr.io/acme/weather:latest" },
      path: OWN_PROGRAM,
    },
    { question: "Port ", bad: "70000", good: "8080", flags: { port: "70000" } },
    { question: "MCP endpoint path", bad: "mcp", good: "/mcp", flags: { path: "mcp" } },
  ];

  for (const { question, bad, good, flags, path } of cases) {
    it(`${question}: '${bad}' is refused with the flag's message, then '${good}' is taken`, async () => {
      const steps = ALL_DEFAULTS.flatMap((step): Step[] =>
        String(step[0]).startsWith(question)
          ? [
              [question, bad],
              [question, good],
            ]
          : path && step[0] === "MCP endpoint path of"
            ? path
            : path && step[0] === "Monitoring"
              ? [["Where may the servers connect", ENTER], step]
              : [step],
      );
      const { prompter } = await ask({}, steps);
      expect(prompter.rejections).toEqual([
        { question: expect.stringContaining(question), answer: bad, message: await flagMessage(flags) },
      ]);
    });
  }

  it("an environment name is checked by the schema's rule, duplicates and an empty list too", async () => {
    const steps = ALL_DEFAULTS.flatMap((step): Step[] =>
      step[0] === "Environments"
        ? [["Environments", []]]
        : step[0] === "Other environments"
          ? [
              ["Other environments", ""],
              ["Other environments", "QA"],
              ["Other environments", "qa, qa"],
              ["Other environments", "qa"],
            ]
          : String(step[0]).startsWith("Size of each server in")
            ? []
            : [step],
    ).flatMap((step): Step[] =>
      step[0] === "How are the servers reached" ? [["Size of each server in qa", ENTER], step] : [step],
    );
    const { prompter, answers } = await ask({}, steps);
    expect(prompter.rejections.map((rejection) => rejection.message)).toEqual([
      "must list at least one environment",
      `QA: ${await flagMessage({ envs: "QA" })}`,
      "qa: duplicates the name 'qa'",
    ]);
    expect(answers.environments.map((env) => env.name)).toEqual(["qa"]);
  });

  it("a hostname and the repository are checked by their rules", async () => {
    const prompter = new ScriptedPrompter([
      ["How are the servers reached", "ingress"],
      ["IngressClass", ENTER],
      ["Hostname in dev", "not a host"],
      ["Hostname in dev", "dev.example.com"],
      ["TLS certificates", "none"],
      ["Rate limits, CORS", ENTER],
      ["Prerequisites this repository installs", ENTER],
      ["GitHub repository", "acme"],
      ["GitHub repository", "-acme/x"],
      ["GitHub repository", "acme/platform"],
      ["Base branch", "a..b"],
      ["Base branch", "main"],
    ]);
    await askAnswers(
      await collectAnswers({ gitops: "flux", name: "a", image: "x/a:1", envs: "dev", answers: { monitoring: {} } }),
      { prompter, directoryName: "demo" },
    );
    expect(prompter.remaining).toEqual([]);
    expect(prompter.rejections.map((rejection) => rejection.message)).toEqual([
      await flagMessage({ set: ["environments.dev.hostname=not a host"] }),
      "must be owner/name, e.g. acme/platform-mcp",
      `owner ${await flagMessage({ set: ["repository.owner=-acme"] })}`,
      await flagMessage({ set: ["repository.baseBranch=a..b"] }),
    ]);
  });
});

describe("conditional questions", () => {
  const base: AnswerFlags = {
    gitops: "flux",
    name: "a",
    image: "x/a:1",
    envs: "dev,prod",
    answers: { monitoring: {}, infrastructure: {}, repository: {} },
  };

  it("not exposed: no hostname, gateway, TLS or issuer question", async () => {
    const { prompter } = await ask(base, [
      ["How are the servers reached", "none"],
      ["Where may the servers connect", ENTER],
    ]);
    expect(prompter.asked).toEqual([
      "How are the servers reached from outside the cluster?",
      "Where may the servers connect (network policy of prod)?",
    ]);
  });

  it("no network policy anywhere, or every server answered: no egress question", async () => {
    const dev = await ask({ ...base, envs: "dev" }, [["How are the servers reached", ENTER]]);
    expect(dev.prompter.asked).toHaveLength(1);
    const answered = await ask({ ...base, set: ["servers.a.outbound=in-cluster"] }, [
      ["How are the servers reached", ENTER],
    ]);
    expect(answered.prompter.asked).toHaveLength(1);
  });

  it("prerequisites: those the answers need, installed unless unselected; the others name what to wait on", async () => {
    const { answers } = await ask(
      { ...base, mode: "mcpserver", answers: { monitoring: { enabled: false }, repository: {} } },
      [
        ["How are the servers reached", "httproute"],
        ["Gateway name", "public"],
        ["Gateway namespace", ENTER],
        ["Gateway listener", ENTER],
        ["Hostname in dev", "dev.example.com"],
        ["Hostname in prod", "example.com"],
        ["TLS certificates", ENTER],
        ["ClusterIssuer", ENTER],
        ["Create ClusterIssuer", ENTER],
        ["Rate limits, CORS", ENTER],
        ["Where may the servers connect", ENTER],
        ["Namespace kagent runs in", ENTER],
        ["Prerequisites this repository installs", ["gatewayApi", "kagent"]],
        ["What installs cert-manager in your clusters", "Infra"],
        ["What installs cert-manager in your clusters", "infra/cert-manager"],
      ],
    );
    expect(answers.infrastructure).toEqual({
      gatewayApi: { install: true },
      certManager: { install: false, dependsOn: "infra/cert-manager" },
      kubePrometheusStack: { install: false },
      grafanaOperator: { install: false },
      kagent: { install: true },
      keda: { install: false },
      vpa: { install: false },
      externalSecrets: { install: false },
      rolloutController: { install: false },
    });
  });

  it("HTTPRoute: the Gateway is asked, not the IngressClass; TLS off skips the issuer", async () => {
    const { prompter, answers } = await ask(base, [
      ["How are the servers reached", "httproute"],
      ["Gateway name", "public"],
      ["Gateway namespace", "gateways"],
      ["Gateway listener", ENTER],
      ["Hostname in dev", "dev.example.com"],
      ["Hostname in prod", "example.com"],
      ["TLS certificates", "none"],
      ["Rate limits, CORS", ENTER],
      ["Where may the servers connect", ENTER],
    ]);
    expect(prompter.asked.some((message) => message.includes("IngressClass") || message.includes("Issuer"))).toBe(
      false,
    );
    expect(answers.environments[1]!.exposure.gateway).toEqual({ name: "public", namespace: "gateways" });
    expect(answers.environments.map((env) => env.tls.enabled)).toEqual([false, false]);
  });

  it("TLS on prod-like environments only, with an existing issuer: no e-mail question", async () => {
    const { prompter, answers } = await ask(base, [
      ["How are the servers reached", "ingress"],
      ["IngressClass", ENTER],
      ["Hostname in dev", "dev.example.com"],
      ["Hostname in prod", "example.com"],
      ["TLS certificates", ENTER],
      ["ClusterIssuer", ENTER],
      ["Create ClusterIssuer", ENTER],
      ["Rate limits, CORS", ENTER],
      ["Where may the servers connect", ENTER],
    ]);
    expect(prompter.asked.some((message) => message.includes("Email"))).toBe(false);
    expect(answers.environments.map((env) => env.tls.enabled)).toEqual([false, true]);
    expect(answers.environments[1]!.tls.issuer).toEqual({ kind: "ClusterIssuer", name: "letsencrypt-prod" });
  });

  it("a stdio server runs as an MCPServer: its transport comes first, then its command; no port, path or mode", async () => {
    const { prompter, answers } = await ask({ ...base, name: undefined, image: undefined }, [
      ["Server name", "files"],
      ["Container image of files", "x/files:1"],
      ["Transport of files", "stdio"],
      ["Command that starts files", "   "],
      ["Command that starts files", "files-mcp --stdio"],
      ["Does files serve Prometheus metrics?", ENTER],
      ["Kubernetes API access of files", ENTER],
      ["Does files need", ENTER],
      ["Add another server?", ENTER],
      ["How are the servers reached", ENTER],
      ["Where may the servers connect", ENTER],
      ["Namespace kagent runs in", ENTER],
    ]);
    expect(prompter.rejections.map((rejection) => rejection.message)).toEqual([
      expect.stringMatching(/^is required for a stdio server/),
    ]);
    expect(answers.servers[0]).toMatchObject({ mode: "mcpserver", command: ["files-mcp", "--stdio"], path: "/mcp" });
    expect(prompter.asked.some((message) => message.includes("stateless"))).toBe(false);
  });

  it("an SSE server is a Deployment (kagent speaks streamable HTTP); a streamable-HTTP MCPServer serves /mcp", async () => {
    const { prompter, answers } = await ask({ ...base, name: undefined, image: undefined }, [
      ["Server name", "events"],
      ["Container image of events", "x/events:1"],
      ["Transport of events", "sse"],
      ["Port events", ENTER],
      ["MCP endpoint path of events", ENTER],
      ["Does events serve Prometheus metrics?", ENTER],
      ["Kubernetes API access of events", ENTER],
      ["Does events need", ENTER],
      ["Add another server?", true],
      ["Server 2 name", "search"],
      ["Container image of search", "x/search:1"],
      ["Transport of search", ENTER],
      ["Port search", ENTER],
      ["Run search as", "mcpserver"],
      ["Is search stateless", ENTER],
      ["Does search serve Prometheus metrics?", ENTER],
      ["Kubernetes API access of search", "cluster-read"],
      ["Does search need", ENTER],
      ["Add another server?", ENTER],
      ["How are the servers reached", ENTER],
      ["Where may the servers connect", ENTER],
      ["Namespace kagent runs in", ENTER],
    ]);
    expect(prompter.asked.filter((message) => message.startsWith("Run "))).toEqual(["Run search as"]);
    expect(answers.servers.map(({ mode, path }) => ({ mode, path }))).toEqual([
      { mode: "deployment", path: "/sse" },
      { mode: "mcpserver", path: "/mcp" },
    ]);
    expect(answers.servers[1]!.rbac.preset).toBe("cluster-read");
  });

  it("monitoring off: nothing more about it is asked", async () => {
    const { prompter, answers } = await ask({ ...base, answers: { repository: {} } }, [
      ["How are the servers reached", ENTER],
      ["Where may the servers connect", ENTER],
      ["Monitoring", false],
    ]);
    expect(prompter.asked).toHaveLength(3);
    expect(answers.monitoring.enabled).toBe(false);
  });

  it("the project directory takes a non-empty folder (the next question decides what to do with it)", async () => {
    const dir = await tempDir();
    try {
      const prompter = new ScriptedPrompter([
        ["Project directory", ""],
        ["Project directory", dir.path],
      ]);
      await (await import("node:fs/promises")).writeFile(join(dir.path, "keep.txt"), "x");
      expect(await askDirectory(prompter)).toBe(dir.path);
      expect(prompter.rejections.map((rejection) => rejection.message)).toEqual(["must name a folder, e.g. my-gitops"]);
    } finally {
      await dir.cleanup();
    }
  });
});

describe("the pull-request question", () => {
  const given: AnswerFlags = {
    gitops: "flux",
    name: "a",
    image: "x/a:1",
    envs: "dev",
    answers: { monitoring: {}, infrastructure: {}, environments: [{ name: "dev", exposure: { type: "none" } }] },
  };

  it("is offered with a token, after the repository, and asks about a draft only when wanted", async () => {
    const prompter = new ScriptedPrompter([
      ["GitHub repository", "acme/platform"],
      ["Base branch", ENTER],
      ["Open a pull request on acme/platform (against main)?", true],
      ["As a draft?", true],
    ]);
    const asked = await askAnswers(await collectAnswers(given), {
      prompter,
      directoryName: "demo",
      canOpenPullRequest: true,
    });
    expect(asked.pullRequest).toEqual({ repo: "acme/platform", draft: true });
    const declined = new ScriptedPrompter([
      ["GitHub repository", ENTER],
      ["Base branch", ENTER],
      ["Open a pull request on my-org/demo", false],
    ]);
    expect(
      (
        await askAnswers(await collectAnswers(given), {
          prompter: declined,
          directoryName: "demo",
          canOpenPullRequest: true,
        })
      ).pullRequest,
    ).toBeUndefined();
  });

  it("with --repo, neither the repository nor the pull request is asked", async () => {
    const prompter = new ScriptedPrompter([]);
    const asked = await askAnswers(await collectAnswers(given), {
      prompter,
      directoryName: "demo",
      delivering: true,
      canOpenPullRequest: true,
    });
    expect(prompter.asked).toEqual([]);
    expect(asked.pullRequest).toBeUndefined();
  });

  it("a yes opens the draft pull request on GitHub (loopback server, real git)", async () => {
    const { startFakeGitHub } = await import("./support/github-server.js");
    const gh = await startFakeGitHub({ token: "t0k3n-prompts" });
    const dir = await tempDir();
    const saved = { ...process.env };
    try {
      await gh.createRepo(gh.login, "fleet");
      Object.assign(process.env, {
        GITHUB_TOKEN: "t0k3n-prompts",
        GITHUB_API_URL: gh.apiUrl,
        GIT_AUTHOR_NAME: "T",
        GIT_AUTHOR_EMAIL: "t@example.com",
        GIT_COMMITTER_NAME: "T",
        GIT_COMMITTER_EMAIL: "t@example.com",
      });
      const prompter = new ScriptedPrompter([
        ["GitHub repository", `${gh.login}/fleet`],
        ["Base branch", ENTER],
        [`Open a pull request on ${gh.login}/fleet`, true],
        ["As a draft?", true],
      ]);
      const result = await create({ ...given, directory: join(dir.path, "fleet"), prompter });
      expect(result.delivery?.pullRequest).toMatchObject({ number: 1, draft: true });
      expect(gh.pulls(gh.login, "fleet")).toEqual([expect.objectContaining({ base: "main", draft: true })]);
      expect(await gh.filesAtBranch(gh.login, "fleet", result.delivery!.branch)).toContain(".mcp-gitops.yaml");
    } finally {
      process.env = saved;
      await gh.close();
      await dir.cleanup();
    }
  });
});

describe("cancelling", () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeEach(async () => (dir = await tempDir()));
  afterEach(() => dir.cleanup());

  it("Ctrl-C at a question: UserCancelled, nothing written", async () => {
    const before = ALL_DEFAULTS.findIndex(([question]) => question === "Environments");
    const prompter = new ScriptedPrompter([...ALL_DEFAULTS.slice(0, before), ["Environments", CTRL_C]]);
    await expect(create({ directory: join(dir.path, "demo"), prompter })).rejects.toBeInstanceOf(UserCancelled);
    expect(await listFiles(dir.path)).toEqual([]);
  });

  it("No at the confirmation: UserCancelled after the summary, nothing written", async () => {
    const seen: string[] = [];
    const confirm = async (plan: { files: { path: string }[] }) => {
      seen.push(...plan.files.map((file) => file.path));
      return false;
    };
    await expect(create({ directory: join(dir.path, "demo"), yes: true, confirm })).rejects.toBeInstanceOf(
      UserCancelled,
    );
    expect(seen).toContain(".mcp-gitops.yaml");
    expect(await listFiles(dir.path)).toEqual([]);
  });

  it("Yes at the confirmation writes what the questions described", async () => {
    const prompter = new ScriptedPrompter([...ALL_DEFAULTS, ["Initialise a git repository", false]]);
    const result = await create({ directory: join(dir.path, "demo"), prompter, confirm: async () => true });
    expect(result.answers.servers[0]!.name).toBe("everything");
    expect(await listFiles(join(dir.path, "demo"))).toContain(".mcp-gitops.yaml");
  });
});

describe("the inquirer adapter (keystrokes through @inquirer/testing)", () => {
  it("shows the schema's message inline, takes the corrected answer and defaults on Enter", async () => {
    const prompter = createInquirerPrompter();
    const answered = askAnswers(
      await collectAnswers({
        gitops: "flux",
        envs: "dev",
        answers: { monitoring: { enabled: false }, repository: {} },
      }),
      { prompter, directoryName: "demo" },
    );
    await screen.next();
    expect(screen.getScreen()).toContain("Server name");
    screen.type("weather");
    screen.keypress("enter");
    await screen.next();
    screen.type("ghcr.io/acme/weather:latest");
    screen.keypress("enter");
    await screen.next();
    expect(screen.getScreen()).toContain(await flagMessage({ name: "x", image: "ghcr.io/acme/weather:latest" }));
    for (let i = 0; i < "latest".length; i++) screen.keypress("backspace");
    screen.type("1.4.2");
    screen.keypress("enter");
    for (const question of [
      "Transport",
      "Port",
      "Run weather as",
      "MCP endpoint path",
      "Is weather stateless",
      "Does weather serve Prometheus metrics?",
      "Kubernetes API access of weather",
      "need environment variables",
      "Add another server?",
    ]) {
      await screen.next();
      expect(screen.getScreen()).toContain(question);
      screen.keypress("enter");
    }
    await screen.next();
    expect(screen.getScreen()).toContain("How are the servers reached");
    screen.keypress("enter");
    const collected = await answered;
    expect(validateAnswers(collected, "demo").servers[0]).toMatchObject({
      name: "weather",
      image: "ghcr.io/acme/weather:1.4.2",
      port: 3000,
    });
  });

  it("Ctrl-C becomes UserCancelled", async () => {
    const answered = askAnswers(await collectAnswers({}), {
      prompter: createInquirerPrompter(),
      directoryName: "demo",
    });
    await screen.next();
    expect(screen.getScreen()).toContain("GitOps engine");
    screen.keypress({ name: "c", ctrl: true });
    await expect(answered).rejects.toBeInstanceOf(UserCancelled);
  });
});

describe("secrets, storage, tracing and the edge at the prompt", () => {
  it("takes managed secrets and storage with the server's extras, checked by the schema's rules", async () => {
    const { prompter, answers } = await ask(
      {
        gitops: "flux",
        envs: "dev",
        answers: { monitoring: { enabled: false } },
      },
      [
        ["Server name", "weather"],
        ["Container image of", "x/weather:1"],
        ["Transport of", ENTER],
        ["Port ", ENTER],
        ["Run weather as", ENTER],
        ["MCP endpoint path of", ENTER],
        [/^Is weather stateless/, true],
        [/^Does weather serve Prometheus metrics\?$/, ENTER],
        [/^Kubernetes API access of/, ENTER],
        ["need environment variables", true],
        ["Environment variables of weather", ENTER],
        ["Existing Secrets whose keys", ENTER],
        ["Image pull Secrets", ENTER],
        ["Secrets of weather from a secret manager", "api.token=mcp/weather"],
        ["Secrets of weather from a secret manager", "API_TOKEN=mcp/weather#token, REGION=mcp/region"],
        ["Writable storage of weather", "/tmp=1Gi"],
        ["Writable storage of weather", "/var/cache/weather=512Mi"],
        ["StorageClass of weather's volumes", ENTER],
        ["StorageClass of weather's volumes", "efs-sc"],
        ["Add another server?", false],
        ["How are the servers reached", ENTER],
        ["Prerequisites this repository installs", ENTER],
        ["GitHub repository", ENTER],
        ["Base branch", ENTER],
      ],
    );
    expect(prompter.rejections.map((rejection) => rejection.message)).toEqual([
      expect.stringMatching(/environment variable name with as: env/),
      expect.stringMatching(/is \/tmp, the chart's own scratch space/),
      expect.stringMatching(/is required: a cluster's default class usually offers only ReadWriteOnce/),
    ]);
    const server = answers.servers[0] as BundledServer;
    expect(server.managedSecrets).toEqual([
      {
        name: "secrets",
        as: "env",
        keys: [
          { name: "API_TOKEN", remoteKey: "mcp/weather", property: "token" },
          { name: "REGION", remoteKey: "mcp/region" },
        ],
        extract: [],
        refreshInterval: "1h",
      },
    ]);
    expect(server.storage).toEqual([
      {
        name: "weather",
        mountPath: "/var/cache/weather",
        type: "pvc",
        size: "512Mi",
        accessMode: "ReadWriteMany",
        storageClass: "efs-sc",
      },
    ]);
    expect(answers.infrastructure.externalSecrets.install).toBe(true);
  });

  it("asks for an edge policy once the exposure is known, and where traces go with monitoring", async () => {
    const { answers } = await ask(
      {
        gitops: "flux",
        envs: "prod",
        answers: { repository: {}, infrastructure: {} },
      },
      [
        ["Server name", "weather"],
        ["Container image of", "x/weather:1"],
        ["Transport of", ENTER],
        ["Port ", ENTER],
        ["Run weather as", ENTER],
        ["MCP endpoint path of", ENTER],
        [/^Is weather stateless/, true],
        [/^Does weather serve Prometheus metrics\?$/, ENTER],
        [/^Kubernetes API access of/, ENTER],
        ["need environment variables", ENTER],
        ["Add another server?", false],
        ["How are the servers reached", "httproute"],
        ["Gateway name", "public"],
        ["Gateway namespace", ENTER],
        ["Gateway listener", ENTER],
        ["Hostname in prod", "mcp.example.com"],
        ["TLS certificates", "none"],
        ["Rate limits, CORS", true],
        ["What runs the Gateway?", "traefik"],
        ["Rate limit per client address", "20"],
        ["Origins CORS allows", "https://app.example.com"],
        ["Security headers", ENTER],
        ["Where may the servers connect", ENTER],
        ["Monitoring", ENTER],
        ["Namespace Prometheus runs in", ENTER],
        ["Label Prometheus selects", ENTER],
        ["Grafana dashboards", ENTER],
        ["OpenTelemetry collector", "otel:4318"],
        ["OpenTelemetry collector", "http://otel-collector.observability:4318"],
      ],
    );
    expect(answers.environments[0]!.exposure).toMatchObject({
      implementation: "traefik",
      rateLimit: { rps: 20 },
      cors: { origins: ["https://app.example.com"] },
      securityHeaders: { hsts: { maxAge: 31536000 } },
    });
    expect(answers.tracing).toEqual({ endpoint: "http://otel-collector.observability:4318" });
  });
});
