/**
 * Values are data: for random valid answers whose free text is as awkward as the schema allows (see
 * ./support/answer-arbitraries.ts), every generated YAML and JSON file parses, every Kubernetes document validates,
 * and every answer value reads back unchanged — from the generation record, from the values files, and (on a few
 * runs, through the real kubectl kustomize and helm) from the rendered workloads, which also meet the security policy.
 */
import fc from "fast-check";
import { parse, parseAllDocuments } from "yaml";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { collectAnswers } from "../src/answers/collect.js";
import type { ResolvedAnswers } from "../src/answers/resolve.js";
import { validateAnswers } from "../src/answers/validate.js";
import { loadBundledBlueprint, type Blueprint } from "../src/blueprint/blueprint.js";
import { create, renderRepository } from "../src/create.js";
import type { Tree } from "../src/tree/tree.js";
import { validateTree } from "../src/tree/validate-tree.js";
import { answersArbitrary } from "./support/answer-arbitraries.js";
import { tempDir } from "./support/cli.js";
import { checkRepository } from "./support/repo-check.js";
import { validateAll } from "./support/validate.js";
import { workloadViolations } from "./support/workload-policy.js";

const IN_MEMORY_RUNS = 30;
const REAL_TOOL_RUNS = 3;
/** Helm templates are Go templates until Helm renders them. */
const GO_TEMPLATE = /(^|\/)templates\//;

type Input = ReturnType<typeof answersArbitrary> extends fc.Arbitrary<infer T> ? T : never;

let blueprint: Blueprint;
beforeAll(async () => {
  blueprint = await loadBundledBlueprint();
});

async function render(input: Input): Promise<{ answers: ResolvedAnswers; tree: Tree }> {
  // Through the same path as an answers file: collect, validate (the schema must accept every generated answer).
  const answers = validateAnswers(await collectAnswers({ answers: structuredClone(input) }), "prop-repo");
  const tree = await renderRepository(blueprint, answers);
  await validateTree(tree);
  return { answers, tree };
}

/** Every YAML document of every non-template file parses cleanly; those with apiVersion and kind are returned. */
function parseEverything(tree: Tree): object[] {
  const kubernetes: object[] = [];
  for (const [path, content] of tree.entries()) {
    if (path.endsWith(".json")) expect(() => JSON.parse(content), path).not.toThrow();
    if (!/\.ya?ml$/.test(path) || GO_TEMPLATE.test(path)) continue;
    for (const document of parseAllDocuments(content, { uniqueKeys: true })) {
      expect(
        [...document.errors, ...document.warnings].map((problem) => problem.message),
        path,
      ).toEqual([]);
      const value = document.toJS() as Record<string, unknown> | null;
      if (
        value &&
        typeof value.apiVersion === "string" &&
        typeof value.kind === "string" &&
        !value.apiVersion.startsWith("kustomize.config.k8s.io")
      ) {
        kubernetes.push(value);
      }
    }
  }
  return kubernetes;
}

/** Each annotation the user gave is in `actual` with exactly its value (the chart may add its own). */
function expectAnnotations(
  actual: Record<string, string> | undefined,
  given: Record<string, string> | undefined,
  where: string,
): void {
  for (const [key, value] of Object.entries(given ?? {}))
    expect(actual?.[key], `${where}: annotation ${key}`).toBe(value);
}

function expectReadBack(input: Input, answers: ResolvedAnswers, tree: Tree): void {
  const record = parse(tree.read(".mcp-gitops.yaml")!);
  // The record holds every resolved answer; JSON drops undefined fields, as YAML does.
  expect(record.answers).toEqual(JSON.parse(JSON.stringify(answers)));
  input.servers.forEach((server, index) => {
    expect(record.answers.servers[index].description).toBe(server.description);
    const base = parse(tree.read(`apps/base/${server.name}/values.yaml`)!);
    expect(base.env ?? {}).toEqual(server.env);
    expect(base.args ?? []).toEqual(server.args);
    expectAnnotations(base.podAnnotations, server.values.podAnnotations, `${server.name} base podAnnotations`);
    expectAnnotations(
      base.service?.annotations,
      server.values.service?.annotations,
      `${server.name} base service annotations`,
    );
    for (const env of input.environments) {
      const overlay = parse(tree.read(`apps/${env.name}/${server.name}/values.yaml`)!);
      expectAnnotations(overlay.podAnnotations, env.values.podAnnotations, `${server.name} in ${env.name}`);
    }
  });
}

describe("random valid answers (in memory)", () => {
  it(`${IN_MEMORY_RUNS} runs: every file parses, every document validates, every value reads back`, async () => {
    await fc.assert(
      fc.asyncProperty(answersArbitrary(), async (input) => {
        const { answers, tree } = await render(input);
        validateAll(parseEverything(tree));
        expectReadBack(input, answers, tree);
      }),
      { numRuns: IN_MEMORY_RUNS, seed: 0x8ad1, endOnFailure: true },
    );
  });
});

describe("random valid answers through the real tools", () => {
  // A fixed sample, small enough for helm to render every server in every environment.
  const samples = fc.sample(answersArbitrary({ servers: { max: 2 }, environments: { max: 2 } }), {
    numRuns: REAL_TOOL_RUNS,
    seed: 0x8ad2,
  });

  it.each(samples.map((input, index) => [index, input] as const))(
    "sample %i: kustomize and helm output validates, meets the policy and holds every value",
    async (_index, input) => {
      const tmp = await tempDir("mcp-gitops-prop-");
      try {
        const directory = join(tmp.path, "prop-repo");
        await create({ directory, answers: structuredClone(input) });
        const check = await checkRepository(directory);
        expect(check.releases).toHaveLength(input.servers.length * input.environments.length);
        for (const release of check.releases) {
          const server = input.servers.find((candidate) => candidate.name === release.server)!;
          const env = input.environments.find((candidate) => candidate.name === release.environment)!;
          const rendered = release.rendered ?? [];
          expect(
            rendered.some((doc) => doc.kind === "Deployment" || doc.kind === "MCPServer"),
            `${release.server} in ${release.environment}`,
          ).toBe(true);
          expect(workloadViolations(rendered), `${release.server} in ${release.environment}`).toEqual([]);
          expectRenderedValues(rendered as any[], server, env);
        }
      } finally {
        await tmp.cleanup();
      }
    },
  );
});

describe("values Go would read as numbers (issue 19)", () => {
  // strconv's base prefixes in either case, with underscores, and YAML 1.1's own spellings: all must stay text.
  const NUMBERISH = ["0o17", "0X1F", "0B101", "0x_1f", "+0b1", "-0O7", "1:20", "190:20:30", ".inf", "1_000", "0777"];

  it("survive helm as the same strings, in env values and annotations", async () => {
    const tmp = await tempDir("mcp-gitops-numberish-");
    try {
      const env = Object.fromEntries(NUMBERISH.map((value, index) => [`V${index}`, value]));
      const annotations = Object.fromEntries(NUMBERISH.map((value, index) => [`n${index}`, value]));
      const input = {
        gitops: "flux",
        servers: [
          { name: "numbers", image: "ghcr.io/acme/numbers:1.0.0", env, values: { podAnnotations: annotations } },
        ],
        environments: [{ name: "dev" }],
      };
      const directory = join(tmp.path, "prop-repo");
      await create({ directory, answers: structuredClone(input) });
      const [release] = (await checkRepository(directory)).releases;
      expectRenderedValues(
        (release!.rendered ?? []) as any[],
        input.servers[0] as any,
        { name: "dev", values: {} } as any,
      );
    } finally {
      await tmp.cleanup();
    }
  });
});

/** The env values and annotations as Kubernetes will see them, after helm's layering of base and environment values. */
function expectRenderedValues(docs: any[], server: Input["servers"][number], env: Input["environments"][number]): void {
  const where = `${server.name} in ${env.name}`;
  const deployment = docs.find((doc) => doc.kind === "Deployment");
  const mcpServer = docs.find((doc) => doc.kind === "MCPServer");
  const env_: Record<string, string> = deployment
    ? Object.fromEntries(deployment.spec.template.spec.containers[0].env.map((item: any) => [item.name, item.value]))
    : (mcpServer?.spec.deployment.env ?? {});
  for (const [name, value] of Object.entries(server.env)) expect(env_[name], `${where}: env ${name}`).toBe(value);
  const podAnnotations = { ...server.values.podAnnotations, ...env.values.podAnnotations };
  if (deployment)
    expectAnnotations(
      asGoReadsIt(deployment.spec.template.metadata.annotations),
      asGoReadsIt(podAnnotations),
      `${where} pod`,
    );
  const service = docs.find((doc) => doc.kind === "Service");
  if (service)
    expectAnnotations(
      asGoReadsIt(service.metadata.annotations),
      asGoReadsIt(server.values.service?.annotations),
      `${where} service`,
    );
}

/**
 * The chart writes annotations with Helm's toYaml (go-yaml, YAML 1.1), which puts U+2028/U+2029 raw into a quoted
 * scalar followed by a line's indentation — a line break to every Go reader (Kubernetes, kubectl, kustomize, which
 * strip the indentation again), but plain text plus spaces to the YAML 1.2 reader of these tests. Comparing with the
 * spaces after those two characters removed on both sides reads the value as Kubernetes will.
 */
function asGoReadsIt(annotations: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!annotations) return annotations;
  return Object.fromEntries(
    Object.entries(annotations).map(([key, value]) => [key, value.replace(/([\u2028\u2029]) +/g, "$1")]),
  );
}
