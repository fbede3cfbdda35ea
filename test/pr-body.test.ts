/**
 * The pull request description: a pure function of the answers and files, always within GitHub's body limit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectAnswers } from "../src/answers/collect.js";
import type { ResolvedAnswers } from "../src/answers/resolve.js";
import { validateAnswers } from "../src/answers/validate.js";
import { commitMessage, pullRequestTitle } from "../src/delivery/messages.js";
import { GITHUB_BODY_LIMIT, pullRequestBody, type PullRequestSummary } from "../src/delivery/pr-body.js";
import { engineFor } from "./support/engines.js";

const IMAGE = "ghcr.io/acme/weather-mcp:1.4.2";

async function answersFor(raw: Record<string, unknown>): Promise<ResolvedAnswers> {
  return validateAnswers(await collectAnswers({ answers: raw, yes: true }), "fleet");
}

async function summary(
  answers: ResolvedAnswers,
  files: string[] = [".mcp-gitops.yaml", "README.md", "apps/dev/kustomization.yaml", "charts/mcp-server/Chart.yaml"],
): Promise<PullRequestSummary> {
  const engine = await engineFor(answers);
  return {
    answers,
    engine,
    files,
    blueprint: { name: "mcp-gitops", version: "1.2.3" },
    generator: "create-mcp-gitops@0.1.0",
  };
}

/** `servers` servers in `environments` environments, with the files such a repository has. */
async function fleet(servers: number, environments: number): Promise<PullRequestSummary> {
  const answers = await answersFor({
    gitops: "flux",
    repository: { owner: "acme", name: "fleet" },
    servers: Array.from({ length: servers }, (_, i) => ({ name: `server-${i}`, image: IMAGE })),
    environments: Array.from({ length: environments }, (_, i) => ({ name: `env-${i}` })),
  });
  const files = answers.servers.flatMap((s) => answers.environments.map((e) => `apps/${e.name}/${s.name}/values.yaml`));
  return await summary(answers, files);
}

describe("pullRequestBody", () => {
  it("says what was added, how to review it and what comes next", async () => {
    const answers = await answersFor({ repository: { owner: "acme", name: "platform", baseBranch: "main" } });
    const body = pullRequestBody(await summary(answers));
    expect(body).toContain("GitOps delivery of **1 MCP server** to **3 environments** with **Flux**");
    expect(body).toContain("`create-mcp-gitops@0.1.0` from blueprint `mcp-gitops@1.2.3`");
    expect(body).toMatch(
      /\| everything \| `docker\.io\/mcp\/everything@sha256:[0-9a-f]{64}` \| sse \| deployment \| bundled `charts\/mcp-server` \|/,
    );
    expect(body).toContain("| prod | mcp-prod | prod | 2 | medium | — |");
    expect(body).toContain("| `apps/` | 1 |");
    expect(body).toContain("- `charts/mcp-server/Chart.yaml`");
    expect(body).toContain("kubectl kustomize apps/staging");
    expect(body).toContain(
      "helm lint --strict charts/mcp-server -f apps/base/everything/values.yaml -f apps/prod/everything/values.yaml",
    );
    expect(body).toContain(
      "flux bootstrap github --owner=acme --repository=platform --branch=main --path=clusters/<cluster>",
    );
    expect(body).not.toContain("kagent");
    expect(pullRequestBody(await summary(answers))).toBe(body);
  });

  it("names Argo CD, its bootstrap and the Secrets to create when the answers need them", async () => {
    const answers = await answersFor({
      gitops: "argocd",
      servers: [
        { name: "weather", image: IMAGE, mode: "mcpserver", secretEnvFrom: ["weather-api"] },
        {
          name: "search",
          chart: { repository: "oci://ghcr.io/acme/charts", name: "search", version: "0.3.1" },
        },
      ],
      environments: [{ name: "dev" }, { name: "prod" }],
    });
    const body = pullRequestBody(await summary(answers));
    expect(body).toContain("with **Argo CD**");
    expect(body).toContain("kubectl kustomize argocd/prod");
    expect(body).toContain("kubectl apply -n argocd -f argocd/root.yaml");
    expect(body).toContain("--patch-file argocd/config/argocd-cm.yaml");
    // The repository installs kagent itself (infrastructure.kagent), so nothing is left to install by hand.
    expect(body).not.toContain("kagent operator");
    expect(body).toContain("Create the Secrets `weather-api`");
    expect(body).toContain("`oci://ghcr.io/acme/charts/search@0.3.1`");
    // Only servers on the bundled chart are linted against it, and the body says what reaches the others.
    expect(body).not.toContain("helm template search");
    expect(body).toMatch(
      /\| search \| — \| — \| — \| `oci:\/\/ghcr\.io\/acme\/charts\/search@0\.3\.1` \| its chart's values \|/,
    );
    expect(body).toContain("`search` run on their own charts: only their `values`");
    expect(body).toMatch(
      /\| weather \| `[^`]+` \| streamable-http \| mcpserver \| bundled `charts\/mcp-server` \| stateful: one replica \|/,
    );
  });

  it("keeps a large fleet within GitHub's limit by dropping detail, not by cutting text", async () => {
    const big = await fleet(300, 20);
    const full = pullRequestBody(big, Number.MAX_SAFE_INTEGER);
    expect(full.length).toBeGreaterThan(GITHUB_BODY_LIMIT);
    const body = pullRequestBody(big);
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body).toContain("… and 290 more; see `.mcp-gitops.yaml`.");
    expect(body).toContain("## Next steps");
    expect(body).toContain("The same commands apply to the servers and environments not listed here.");
    expect(body).not.toContain("shortened");
  });

  it("never exceeds the limit it is given, and always ends with its footer", async () => {
    const sizes = [await fleet(1, 1), await fleet(12, 4), await fleet(60, 20)];
    const footer = "<!-- Generated by create-mcp-gitops. Running it again replaces this description. -->";
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 200, max: 70_000 }), (which, limit) => {
        const body = pullRequestBody(sizes[which]!, limit);
        expect(body.length).toBeLessThanOrEqual(limit);
        expect(body.endsWith(footer)).toBe(true);
      }),
      { numRuns: 60 },
    );
    expect(pullRequestBody(sizes[2]!, 1_000)).toContain("… (description shortened to GitHub's limit)");
  });
});

describe("title and commit message", () => {
  it("are derived from the servers and the engine, stable across runs", async () => {
    const one = await answersFor({
      gitops: "argocd",
      servers: [{ name: "weather", image: IMAGE }],
      environments: [{ name: "dev" }],
    });
    expect(pullRequestTitle(one, await engineFor(one), "Add")).toBe("Add GitOps for MCP server weather (Argo CD)");
    const many = await fleet(5, 2);
    expect(pullRequestTitle(many.answers, many.engine, "Update")).toBe(
      "Update GitOps for MCP servers server-0, server-1 and 3 more (Flux)",
    );
    expect(
      commitMessage(one, await engineFor(one), "Add", "create-mcp-gitops@0.1.0", {
        name: "mcp-gitops",
        version: "1.2.3",
      }),
    ).toBe(
      "Add GitOps for MCP server weather (Argo CD)\n\nEnvironments: dev\nGenerated by create-mcp-gitops@0.1.0 from blueprint mcp-gitops@1.2.3.",
    );
  });
});
