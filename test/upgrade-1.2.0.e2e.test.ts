/**
 * Repositories generated with blueprint 1.1.0 upgrade to 1.2.0 and keep what worked: the answers migration of 1.2.0
 * (src/blueprint/migrate-1.2.0.ts) keeps scraping the servers 1.1.0 scraped (except the reference server, which
 * serves no metrics), keeps unexposed SSE servers on client-IP affinity, and drops the bundled chart's answers from a
 * server on its own chart. The old repository is rendered from the archived 1.1.0 blueprint the package ships.
 */
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateAnswers } from "../src/answers/validate.js";
import { migrateTo120 } from "../src/blueprint/migrate-1.2.0.js";
import { runMain, tempDir } from "./support/cli.js";
import { checkRepository } from "./support/repo-check.js";
import { commitAll, readRecord, renderBundledRelease } from "./support/upgrade-repos.js";
import { readFile } from "node:fs/promises";

const REFERENCE = "docker.io/mcp/everything@sha256:330885a0c4b2eed6f0cd3aae0f0b37152ccdf2852e2f6af6d616a5d5c1e9817d";
const CHART = { repository: "oci://ghcr.io/acme/charts", name: "search", version: "0.3.1" };

/** Answers as 1.1.0 resolved and recorded them: every server answer spelled out, none of 1.2.0's. */
function recordedBy110(exposed: boolean): Record<string, any> {
  const answers: any = validateAnswers(
    {
      raw: {
        gitops: "flux",
        repository: { owner: "acme", name: "old" },
        servers: [
          {
            name: "everything",
            image: REFERENCE,
            port: 3001,
            transport: "sse",
            path: "/sse",
            command: ["node", "dist/sse.js"],
          },
          { name: "weather", image: "ghcr.io/acme/weather:1.0.0", stateless: true },
          { name: "events", image: "ghcr.io/acme/events:1.0.0", transport: "sse", path: "/sse", stateless: false },
        ],
        environments: [
          { name: "dev" },
          {
            name: "prod",
            ...(exposed ? { hostname: "mcp.example.com", exposure: { type: "ingress" } } : {}),
            networkPolicy: { outbound: "internet" },
          },
        ],
      },
      provenance: new Map(),
      missing: [],
    },
    "old",
  );
  for (const server of answers.servers) {
    for (const key of ["stateless", "sessionAffinity", "expectTools", "rbac", "outbound"]) delete server[key];
  }
  for (const env of answers.environments) {
    delete env.networkPolicy.outbound;
    delete env.networkPolicy.kagentNamespace;
  }
  answers.servers.push({
    name: "search",
    description: "",
    image: "ghcr.io/acme/search:0.3.1",
    port: 3000,
    transport: "streamable-http",
    path: "/mcp",
    mode: "deployment",
    command: [],
    args: [],
    env: {},
    secretEnvFrom: [],
    imagePullSecrets: [],
    readOnly: { enabled: false },
    chart: CHART,
    values: {},
  });
  return answers;
}

describe("the 1.2.0 answers migration", () => {
  it("keeps the scrape of servers 1.1.0 scraped, except the reference server; strips an own chart's answers", () => {
    const migrated: any = migrateTo120(structuredClone(recordedBy110(false)));
    const byName = Object.fromEntries(migrated.servers.map((server: any) => [server.name, server]));
    expect(byName.weather.metrics).toEqual({ enabled: true });
    expect(byName.events.metrics).toEqual({ enabled: true });
    expect(byName.everything.metrics).toBeUndefined();
    expect(byName.search).toEqual({ name: "search", description: "", chart: CHART, values: {} });
    // Nothing exposes the servers: the Service's client-IP affinity 1.1.0 gave SSE servers holds, so it stays.
    expect(byName.events.sessionAffinity).toBe("clientIP");
    expect(byName.everything.sessionAffinity).toBe("clientIP");
    expect(byName.weather.sessionAffinity).toBeUndefined();
  });

  it("an exposed SSE server gets no affinity that would not hold (one replica instead), and a metrics answer stays", () => {
    const recorded = recordedBy110(true);
    recorded.servers[1].metrics = { requests: "weather_requests_total" };
    const migrated: any = migrateTo120(recorded);
    expect(migrated.servers[2].sessionAffinity).toBeUndefined();
    expect(migrated.servers[1].metrics).toEqual({ enabled: true, requests: "weather_requests_total" });
  });

  it("a monitoring-off repository records no metrics answer", () => {
    const migrated: any = migrateTo120({ ...recordedBy110(false), monitoring: { enabled: false } });
    expect(migrated.servers.map((server: any) => server.metrics)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe("upgrading a 1.1.0 repository, offline", () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let old: string;
  let upgraded: any;

  beforeAll(async () => {
    tmp = await tempDir();
    old = join(tmp.path, "old");
    await renderBundledRelease("1.1.0", recordedBy110(false), old);
    await commitAll(old, "Generated with mcp-gitops 1.1.0");
    const result = await runMain(["upgrade", "old", "--json"], { cwd: tmp.path });
    expect(result.code, result.stderr).toBe(0);
    upgraded = JSON.parse(result.stdout);
  }, 60_000);
  afterAll(() => tmp?.cleanup());

  it("runs the migration, records the migrated answers, and passes the real tools", async () => {
    expect(upgraded).toMatchObject({ status: "upgraded", conflicts: [], to: { version: "1.2.0" } });
    expect(upgraded.migrations).toEqual([{ version: "1.2.0", description: expect.stringMatching(/own chart/) }]);
    const record = await readRecord(old);
    expect(record.answers.servers.find((server: any) => server.name === "search")).toEqual({
      name: "search",
      description: "",
      chart: CHART,
      values: {},
    });
    const check = await checkRepository(old);
    const weather = check.releases.find((release) => release.server === "weather" && release.environment === "prod");
    expect(weather!.rendered!.some((doc) => doc.kind === "ServiceMonitor")).toBe(true);
    const reference = check.releases.find(
      (release) => release.server === "everything" && release.environment === "prod",
    );
    expect(reference!.rendered!.some((doc) => doc.kind === "ServiceMonitor")).toBe(false);
    const alerts = parse(await readFile(join(old, "apps/prod/weather/alerts.yaml"), "utf8")).groups[0].rules;
    expect(alerts.map((rule: any) => rule.alert)).toContain("MCPServerHighErrorRate");
  });

  it("says what changed for stateful servers, every run", () => {
    expect(upgraded.warnings).toContainEqual(
      expect.stringMatching(/^servers\[weather\]: stateful \(stateless: false\), so it runs one replica in prod/),
    );
  });
});
