/**
 * What the terminal shows besides questions: colour decisions, when to prompt, the summary before writing, the
 * progress lines and the framed end block. Pure functions, no process.
 */
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { collectAnswers } from "../src/answers/collect.js";
import { validateAnswers } from "../src/answers/validate.js";
import { colourEnabled, coloursFor } from "../src/cli/colours.js";
import { frame, nextCommands, renderEndBlock } from "../src/cli/end-block.js";
import { displayPath } from "../src/cli/session.js";
import { renderFileTree, renderServerTable, renderSummary } from "../src/cli/summary.js";
import { engineFor } from "./support/engines.js";
import type { ResolvedAnswers } from "../src/answers/resolve.js";
import { isCI, isInteractive } from "../src/cli/terminal.js";
import { plainProgress } from "../src/progress/progress.js";

const tty = { isTTY: true };
const pipe = { isTTY: false };

async function answers(flags: Parameters<typeof collectAnswers>[0]) {
  return validateAnswers(await collectAnswers({ yes: true, ...flags }), "demo");
}

describe("colour and prompting decisions", () => {
  it("colours a terminal, not a pipe; NO_COLOR wins; FORCE_COLOR=0 means off", () => {
    expect(colourEnabled(tty, {})).toBe(true);
    expect(colourEnabled(pipe, {})).toBe(false);
    expect(colourEnabled(tty, { NO_COLOR: "1" })).toBe(false);
    expect(colourEnabled(tty, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe(false);
    expect(colourEnabled(pipe, { FORCE_COLOR: "1" })).toBe(true);
    expect(colourEnabled(tty, { FORCE_COLOR: "0" })).toBe(false);
    expect(colourEnabled(tty, { TERM: "dumb" })).toBe(false);
    expect(coloursFor(tty, {}).green("x")).not.toBe("x");
    expect(coloursFor(tty, { NO_COLOR: "1" }).green("x")).toBe("x");
  });

  it("prompts only with a terminal on both ends, without --yes and outside CI", () => {
    const both = { stdin: tty, stdout: tty };
    expect(isInteractive({}, both, {})).toBe(true);
    expect(isInteractive({ yes: true }, both, {})).toBe(false);
    expect(isInteractive({}, both, { CI: "true" })).toBe(false);
    expect(isInteractive({}, both, { CI: "1" })).toBe(false);
    expect(isInteractive({}, both, { CI: "false" })).toBe(true);
    expect(isInteractive({}, { stdin: pipe, stdout: tty }, {})).toBe(false);
    expect(isInteractive({}, { stdin: tty, stdout: pipe }, {})).toBe(false);
    expect(isCI({ CI: "" })).toBe(false);
  });

  it("names the target relative to where the person is", () => {
    expect(displayPath("/home/me/work/demo", "/home/me/work")).toBe("demo");
    expect(displayPath("/home/me/work", "/home/me/work")).toBe(".");
    expect(displayPath("/tmp/demo", "/home/me/work")).toBe("/tmp/demo");
  });
});

describe("the summary before writing", () => {
  it("folds deep folders into counts and merges single-folder chains", () => {
    const lines = renderFileTree([
      ".mcp-gitops.yaml",
      "README.md",
      "apps/base/weather/values.yaml",
      "apps/dev/weather/values.yaml",
      "apps/dev/weather/kustomization.yaml",
      "charts/mcp-server/Chart.yaml",
      "charts/mcp-server/templates/deployment.yaml",
      "charts/mcp-server/templates/service.yaml",
    ]);
    expect(lines).toEqual([
      "├── .mcp-gitops.yaml",
      "├── README.md",
      "├── apps/",
      "│   ├── base/weather/ (1 file)",
      "│   └── dev/weather/ (2 files)",
      "└── charts/mcp-server/",
      "    ├── Chart.yaml",
      "    └── templates/ (2 files)",
    ]);
  });

  it("lists at most ten entries per folder", () => {
    const lines = renderFileTree(Array.from({ length: 14 }, (_, i) => `file-${String(i).padStart(2, "0")}.yaml`));
    expect(lines).toHaveLength(10);
    expect(lines.at(-1)).toBe("└── … 5 more");
  });

  it("tabulates servers × environments with replicas, size and hostname", async () => {
    const table = renderServerTable(
      await answers({
        envs: "dev,prod",
        set: [
          "environments.prod.hostname=mcp.example.com",
          "environments.prod.replicas=3",
          "servers.everything.sessionAffinity=clientIP",
        ],
      }),
    );
    expect(table[0]).toMatch(/^Server\s+Image\s+dev \(mcp-dev\)\s+prod \(mcp-prod\)$/);
    // Each server is reached at <server>.<hostname>, as the route the chart renders says.
    expect(table[1]).toMatch(
      /^everything\s+docker\.io\/mcp\/everyth.*….*\s+1 × small\s+3 × medium everything\.mcp\.example\.com$/,
    );
  });

  it("shows the one replica a stateful server runs, whatever the environment's count", async () => {
    const table = renderServerTable(await answers({ envs: "dev,prod", set: ["environments.prod.replicas=3"] }));
    expect(table[1]).toMatch(/\s+1 × small\s+1 × medium$/);
  });

  it("heads the summary with the target, the engine and the repository URL, counting only files that change", async () => {
    const summary = renderSummary({
      directoryLabel: "demo",
      ...(await withEngine(await answers({ gitops: "argocd" }))),
      files: [
        { path: "README.md", kind: "create" },
        { path: "apps/dev/x.yaml", kind: "unchanged" },
      ],
    });
    expect(summary.split("\n").slice(0, 2)).toEqual([
      "demo/ · Argo CD · https://github.com/my-org/demo.git (main)",
      "└── README.md",
    ]);
  });
});

describe("progress lines and the end block", () => {
  it("prints one line per finished step, and marks a failed one", async () => {
    const lines: string[] = [];
    const progress = plainProgress((text) => lines.push(text), coloursFor(pipe, {}));
    expect(await progress.step("Render", async () => 42)).toBe(42);
    await expect(progress.step("Push", async () => Promise.reject(new Error("offline")))).rejects.toThrow("offline");
    expect(lines).toEqual([expect.stringMatching(/^✔ Render \(\d+ ms\)\n$/), "✖ Push\n"]);
  });

  it("frames lines of any colour into one aligned box", () => {
    const colours = coloursFor(tty, { FORCE_COLOR: "1" });
    const box = frame([colours.green("short"), "a longer line"], colours);
    const rows = stripVTControlCharacters(box).trimEnd().split("\n");
    expect(rows).toEqual(["╭───────────────╮", "│ short         │", "│ a longer line │", "╰───────────────╯"]);
  });

  it("gives Flux's bootstrap command, and the push commands when nothing was pushed", async () => {
    const commands = nextCommands({
      directoryLabel: "my demo",
      dryRun: false,
      ...(await withEngine(await answers({}))),
      written: 40,
    });
    expect(commands).toEqual([
      "cd 'my demo'",
      'git init -b main && git add -A && git commit -m "Add MCP servers GitOps repository"',
      "git remote add origin https://github.com/my-org/demo.git && git push -u origin main",
      "# Flux 2.7 or later, on each cluster with its folder (dev, staging, prod):",
      // Nobody asked GitHub whether my-org is a user or an organization: both variants.
      "# my-org is an organization:",
      "flux bootstrap github --owner=my-org --repository=demo --branch=main --path=clusters/dev",
      "# my-org is a user account:",
      "flux bootstrap github --owner=my-org --repository=demo --branch=main --path=clusters/dev --personal",
      "# promote an environment by moving its revision: README.md, section Promotion",
    ]);
  });

  it("with a pull request: its URL, review first, no push commands; kagent mentioned when not installed here", async () => {
    const block = renderEndBlock({
      directoryLabel: "demo",
      dryRun: false,
      ...(await withEngine(
        await answers({
          gitops: "argocd",
          envs: "prod",
          name: "search",
          image: "ghcr.io/acme/search:1.0.0",
          mode: "mcpserver",
          set: ["infrastructure.kagent.install=false"],
        }),
      )),
      written: 40,
      pullRequestUrl: "https://github.com/my-org/demo/pull/7",
    });
    expect(block).toContain("Pull request https://github.com/my-org/demo/pull/7");
    expect(block).toContain("# review and merge the pull request, then:");
    expect(block).toContain("# MCPServer mode needs the kagent operator in each cluster");
    expect(block).toContain("kubectl apply -n argocd -f argocd/root.yaml");
    expect(block).not.toContain("git push");
  });

  it("a dry run says nothing was written", async () => {
    const block = renderEndBlock({
      directoryLabel: "demo",
      dryRun: true,
      ...(await withEngine(await answers({}))),
      written: 0,
    });
    expect(block).toContain("Dry run: nothing written to demo (1 server × 3 environments, Flux).");
  });
});

/** Answers and the engine view the reports read from the blueprint. */
async function withEngine(resolved: ResolvedAnswers) {
  return { answers: resolved, engine: await engineFor(resolved) };
}
