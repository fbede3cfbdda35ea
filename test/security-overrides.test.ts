/**
 * Weakening a security default, and credentials in Helm values:
 * - unit: every weakening and credential shape is recognised, and ordinary values (Secret names, placeholders,
 *   hardening values) are not flagged;
 * - end to end: a weakening passes only with `securityOverrides`, every run warns (human output and --json), and
 *   the workload policy over the rendered workloads finds exactly the weakened defaults and nothing else.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectAnswers } from "../src/answers/collect.js";
import { SECRET_NAME } from "../src/answers/rules.js";
import { secretValueProblems } from "../src/answers/secret-values.js";
import { validateAnswers } from "../src/answers/validate.js";
import { findWeakenings } from "../src/answers/security.js";
import { runCli, runMain, tempDir } from "./support/cli.js";
import { checkRepository, type RepositoryCheck } from "./support/repo-check.js";
import { workloadViolations } from "./support/workload-policy.js";

describe("recognising weakenings and credentials in values", () => {
  it.each([
    [{ securityContext: { runAsNonRoot: false } }, "runAsRoot"],
    [{ podSecurityContext: { runAsUser: 0 } }, "runAsRoot"],
    [{ securityContext: { privileged: true } }, "privileged"],
    [{ securityContext: { allowPrivilegeEscalation: true } }, "privilegeEscalation"],
    [{ securityContext: { readOnlyRootFilesystem: false } }, "writableRootFilesystem"],
    [{ securityContext: { capabilities: { add: ["NET_ADMIN"], drop: ["ALL"] } } }, "capabilities"],
    [{ securityContext: { capabilities: { drop: ["NET_RAW"] } } }, "capabilities"],
    [{ securityContext: { seccompProfile: { type: "Unconfined" } } }, "seccomp"],
    [{ securityContext: null }, "securityContext"],
    [{ hostNetwork: true }, "hostNamespaces"],
    [{ hostPID: true }, "hostNamespaces"],
    [{ extraPorts: [{ containerPort: 80, hostPort: 80 }] }, "hostNamespaces"],
    [{ volumes: [{ name: "root", hostPath: { path: "/" } }] }, "hostPath"],
    [{ serviceAccount: { automountToken: true } }, "serviceAccountToken"],
    [{ automountServiceAccountToken: true }, "serviceAccountToken"],
    [{ resources: { limits: null } }, "resources"],
    [{ resources: { requests: { memory: null } } }, "resources"],
    [{ image: { tag: "latest" } }, "unpinnedImage"],
    [{ sidecar: { image: "busybox" } }, "unpinnedImage"],
  ])("%j weakens %s", (values, rule) => {
    expect(findWeakenings(values).map((weakening) => weakening.rule)).toEqual([rule]);
  });

  it("leaves hardening and ordinary values alone", () => {
    const ordinary = {
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        readOnlyRootFilesystem: true,
        privileged: false,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      },
      serviceAccount: { automountToken: false },
      resources: { limits: { cpu: "2", memory: "1Gi" } },
      image: { repository: "ghcr.io/acme/weather", tag: "1.2.3" },
      sidecar: { image: "ghcr.io/acme/proxy:2.0.0" },
      hostname: "mcp.example.com",
      podAnnotations: { "hostPath-note": "none", privileged: "no" },
    };
    expect(findWeakenings(ordinary)).toEqual([]);
  });

  it.each([
    [{ auth: { adminPassword: "hunter2" } }, ["values", "auth", "adminPassword"]],
    [{ apiKey: "abc123" }, ["values", "apiKey"]],
    [{ oauth: { clientSecret: "s3cr3t" } }, ["values", "oauth", "clientSecret"]],
    [{ env: { GITHUB_TOKEN: "x" } }, ["values", "env", "GITHUB_TOKEN"]],
    [{ extraEnv: [{ name: "DB_PASSWORD", value: "pw" }] }, ["values", "extraEnv", 0, "value"]],
    [{ note: "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB" }, ["values", "note"]],
    // AWS's documented example key (…EXAMPLE) is allowed; a real-looking one is not.
    [{ aws: { id: "AKIAZ7VRSQ5TXY3VQJ4L" } }, ["values", "aws", "id"]],
    [{ tls: { key: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----" } }, ["values", "tls", "key"]],
  ])("%j holds a credential", (values, path) => {
    expect(secretValueProblems(values, ["values"]).map((problem) => problem.path)).toEqual([path]);
  });

  it.each([
    "AUTH",
    "BASIC_AUTH",
    "AUTHORIZATION",
    "PROXY_AUTHORIZATION",
    "HTTP_AUTH",
    "AUTH_HEADER",
    "API_TOKEN",
    "DB_PASSWORD",
    "CLIENT_SECRET",
    "OPENAI_API_KEY",
    "AWS_ACCESS_KEY_ID",
    "GOOGLE_CREDENTIALS",
  ])("%s names a credential", (name) => expect(SECRET_NAME.test(name)).toBe(true));

  it.each([
    "AUTH_MODE",
    "AUTH_ENABLED",
    "OAUTH_ISSUER",
    "OAUTH_ISSUER_URL",
    "AUTHOR",
    "GIT_AUTHOR_NAME",
    "TOKEN_URL",
    "TOKEN_ENDPOINT",
    "SECRET_FILE",
    "LOG_LEVEL",
  ])("%s does not name a credential", (name) => expect(SECRET_NAME.test(name)).toBe(false));

  it("accepts configuration named like auth in answers and in Helm values", async () => {
    const env = {
      AUTH_MODE: "oauth",
      OAUTH_ISSUER_URL: "https://auth.example.com",
      TOKEN_ENDPOINT: "https://auth.example.com/token",
    };
    expect(secretValueProblems({ env }, ["values"])).toEqual([]);
    const answers = {
      gitops: "flux",
      servers: [{ name: "weather", image: "ghcr.io/acme/weather:1.0.0", env }],
      environments: [{ name: "dev" }],
    };
    expect(validateAnswers(await collectAnswers({ answers, yes: true }), "repo").servers[0]!.env).toEqual(env);
  });

  it("leaves Secret references, placeholders and switches alone", () => {
    const ordinary = {
      auth: { existingSecret: "weather-auth", existingSecretPasswordKey: "password", password: "", enabled: true },
      tls: { secret: "weather-tls", secretName: "weather-tls" },
      db: { password: "${DB_PASSWORD}", passwordFile: "/run/secrets/db" },
      serviceAccount: { automountToken: false },
      env: { LOG_LEVEL: "debug", TOKEN_URL: "" },
      envFrom: { secrets: ["weather-api"] },
      tokenEndpoint: "https://auth.example.com/token",
    };
    expect(secretValueProblems(ordinary, ["values"])).toEqual([]);
  });
});

describe("a weakening allowed by securityOverrides (end to end)", () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let check: RepositoryCheck;
  let json: any;
  const answers = {
    gitops: "flux",
    servers: [
      {
        name: "legacy",
        image: "ghcr.io/acme/legacy:2.1.0",
        stateless: true,
        securityOverrides: ["privileged"],
        values: { securityContext: { privileged: true } },
      },
      { name: "clean", image: "ghcr.io/acme/clean:1.0.0", stateless: true },
    ],
    environments: [
      { name: "dev", securityOverrides: ["runAsRoot"], values: { securityContext: { runAsNonRoot: false } } },
      { name: "prod", networkPolicy: { outbound: "none" } },
    ],
  };

  beforeAll(async () => {
    tmp = await tempDir();
    await writeFile(join(tmp.path, "answers.json"), JSON.stringify(answers));
    const human = await runMain(["repo", "--answers", "answers.json", "--repository", "acme/repo", "--dry-run"], {
      cwd: tmp.path,
    });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(
      /^warning: servers\[legacy\]\.values\.securityContext\.privileged: runs the container privileged — allowed by securityOverrides 'privileged'$/m,
    );
    expect(human.stdout).toMatch(
      /^warning: environments\[dev\]\.values\.securityContext\.runAsNonRoot: lets the container run as root — allowed by securityOverrides 'runAsRoot'$/m,
    );
    const result = await runCli(["repo", "--answers", "answers.json", "--repository", "acme/repo", "--json"], {
      cwd: tmp.path,
    });
    expect(result.code, result.stderr).toBe(0);
    json = JSON.parse(result.stdout);
    check = await checkRepository(join(tmp.path, "repo"));
  });
  afterAll(() => tmp.cleanup());

  it("reports each allowed weakening in --json warnings", () => {
    expect(json.warnings).toEqual([
      "servers[legacy].values.securityContext.privileged: runs the container privileged — allowed by securityOverrides 'privileged'",
      "environments[dev].values.securityContext.runAsNonRoot: lets the container run as root — allowed by securityOverrides 'runAsRoot'",
    ]);
  });

  it("records the overrides, so an upgrade renders the same workloads", () => {
    expect(check.answers.servers[0].securityOverrides).toEqual(["privileged"]);
    expect(check.answers.environments[0].securityOverrides).toEqual(["runAsRoot"]);
  });

  it("the policy finds exactly the weakened defaults, where they were allowed, and nothing else", () => {
    const found = Object.fromEntries(
      check.releases.map((release) => [
        `${release.server}/${release.environment}`,
        workloadViolations(release.rendered ?? []),
      ]),
    );
    expect(found["legacy/dev"]).toEqual([
      "Deployment legacy container mcp-server: runAsNonRoot is not true",
      "Deployment legacy container mcp-server: is privileged",
    ]);
    expect(found["legacy/prod"]).toEqual(["Deployment legacy container mcp-server: is privileged"]);
    expect(found["clean/dev"]).toEqual(["Deployment clean container mcp-server: runAsNonRoot is not true"]);
    expect(found["clean/prod"]).toEqual([]);
  });
});
