// @ts-check
// Load tests (answers: ci.loadTest, servers[].loadTest): what each server's k6 script needs to know — where the
// server answers in each environment, the ramp, and the limits the environment's alerts set (p95 latency, error
// ratio) — as data the script embeds, and the pinned actions of the workflow that runs it. Plain functions of the
// answers, no I/O (see helpers.mjs).
/** @import { BundledServer, ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
import { ALERTS, alertSettings } from "./alerts.mjs";
import { serverHostname } from "./production.mjs";

/** The actions the load-test workflow uses, pinned by commit (flux-argocd research §12). */
export const ACTIONS = {
  checkout: { uses: "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1", version: "v7.0.1" },
  setupK6: { uses: "grafana/setup-k6-action@db07bd9765aac508ef18982e52ab937fe633a065", version: "v1.2.1" },
  runK6: { uses: "grafana/run-k6-action@de51a7390bdf0ac85a3bef493691bd71d4c7c158", version: "v1.4.0" },
};

/**
 * The servers with a load test: on the bundled chart and reached over streamable HTTP (kagent serves a stdio server
 * that way too). An SSE server's answers arrive on a stream k6 cannot hold open beside its requests.
 * @param {ResolvedAnswers} answers
 * @returns {BundledServer[]}
 */
export function servers(answers) {
  if (!answers.ci.loadTest.enabled) return [];
  return /** @type {BundledServer[]} */ (answers.servers.filter((server) => !server.chart)).filter(
    (server) => server.transport !== "sse",
  );
}

/** @param {string} key @param {ResolvedEnvironment} env */
function threshold(key, env) {
  const alert = ALERTS.find((candidate) => candidate.key === key);
  return alert ? alertSettings(alert, env).threshold : undefined;
}

/**
 * The endpoint a server answers at from outside an environment, when the environment exposes it.
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 */
function endpoint(server, env) {
  if (env.exposure.type === "none") return "";
  const path = server.mode === "mcpserver" && server.transport === "stdio" ? "/mcp" : server.path;
  return `${env.tls.enabled ? "https" : "http"}://${serverHostname(server, env)}${path}`;
}

/**
 * What loadtest/<server>.js embeds: the ramp, the tools/call and, per environment, the URL and the limits.
 * @param {ResolvedAnswers} answers
 * @param {BundledServer} server
 */
export function scriptConfig(answers, server) {
  const { vus, hold } = answers.ci.loadTest;
  const call = server.loadTest?.tool
    ? {
        tool: server.loadTest.tool,
        arguments: server.loadTest.arguments,
        ...(server.loadTest.expect ? { expect: server.loadTest.expect } : {}),
      }
    : undefined;
  return {
    server: server.name,
    defaultEnvironment: answers.environments[0]?.name ?? "",
    stages: [
      { duration: "1m", target: vus },
      { duration: hold, target: vus },
      { duration: "1m", target: 0 },
    ],
    ...(call ? { call } : {}),
    environments: Object.fromEntries(
      answers.environments.map((env) => [
        env.name,
        {
          url: endpoint(server, env),
          // The alerts' limits: a p95 above the latency alert's, or more failures than the error-rate alert's.
          p95Milliseconds: Math.round((threshold("latency", env) ?? 1) * 1000),
          errorRate: threshold("errorRate", env) ?? 0.1,
        },
      ]),
    ),
  };
}
