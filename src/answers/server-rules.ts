/**
 * What a server must be to work for MCP clients, checked before anything is written:
 * - kagent's contract: kagent calls every MCPServer at http://<name>.<namespace>:<port>/mcp with streamable HTTP, and
 *   its stdio adapter serves /mcp, so mode mcpserver refuses SSE and any other path;
 * - sessions: the official SDKs keep sessions in one process, so only a server answered `stateless` scales freely,
 *   and Service client-IP affinity (the one affinity that keeps an MCP session on its pod) holds only without an
 *   Ingress or a Gateway, which route to pods directly;
 * - servers on their own chart: only `values` reach that chart, so the bundled chart's answers are refused there.
 * Each problem names the answer to change and what to use instead.
 */
import { rbacProblems, type Rbac } from "./access.js";

export interface ServerProblem {
  /** Relative to the server, e.g. ["transport"]. */
  path: (string | number)[];
  message: string;
}

/** The answers a server on its own chart may give: the rest configure the bundled chart, which it does not use. */
export const CHART_SERVER_FIELDS = ["name", "description", "chart", "values", "securityOverrides"] as const;

export const MCP_PATH = "/mcp";

/** Where a transport serves MCP unless `path` says otherwise; stdio gets kagent's adapter, which serves /mcp. */
export function defaultPath(transport: string): string {
  return transport === "sse" ? "/sse" : MCP_PATH;
}

interface ServerAnswers {
  name: string;
  chart?: unknown;
  image?: string;
  mode: string;
  transport: string;
  path?: string;
  command: string[];
  stateless: boolean;
  sessionAffinity: string;
  rbac: Rbac;
  outbound?: string;
  egress?: unknown[];
}

export function serverProblems(server: ServerAnswers): ServerProblem[] {
  if (server.chart) return [];
  const problems: ServerProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  if (server.image === undefined)
    add(["image"], "is required: the container image that runs the server, pinned to a tag or digest (--image)");
  problems.push(...transportProblems(server));
  if (server.stateless && server.transport !== "streamable-http") {
    add(
      ["stateless"],
      server.transport === "sse"
        ? "cannot be true for an SSE server: its session is a stream held open by one pod"
        : "cannot be true for a stdio server: kagent's adapter starts one process per session",
    );
  }
  if (server.sessionAffinity === "clientIP" && server.mode === "mcpserver")
    add(
      ["sessionAffinity"],
      "clientIP needs mode deployment: the Service kagent creates for an MCPServer has no session affinity",
    );
  if (server.sessionAffinity === "clientIP" && server.stateless)
    add(["sessionAffinity"], "is for stateful servers: a stateless server needs no affinity to scale");
  for (const problem of rbacProblems(server.rbac)) add(["rbac", ...problem.path], problem.message);
  const problem = outboundProblem(server.outbound, server.egress?.length ?? 0);
  if (problem) add(["outbound"], problem);
  return problems;
}

function transportProblems(server: ServerAnswers): ServerProblem[] {
  const { mode, transport, path } = server;
  if (transport === "stdio" && mode === "deployment")
    return [
      {
        path: ["transport"],
        message:
          "stdio needs mode: mcpserver (kagent's transport adapter serves a stdio server over HTTP); a Deployment can only run streamable-http or sse servers",
      },
    ];
  const problems: ServerProblem[] = [];
  if (transport === "stdio" && server.command.length === 0)
    problems.push({
      path: ["command"],
      message:
        "is required for a stdio server in mode mcpserver: kagent replaces the image's entrypoint with its transport adapter, which then starts this command (--command)",
    });
  if (mode === "mcpserver" && transport === "sse")
    problems.push({
      path: ["transport"],
      message:
        "sse cannot run in mode mcpserver: kagent always calls an MCPServer at http://<name>.<namespace>:<port>/mcp with streamable HTTP. Use transport streamable-http (path /mcp), or mode deployment for an SSE server",
    });
  if (mode === "mcpserver" && transport !== "sse" && path !== undefined && path !== MCP_PATH)
    problems.push({
      path: ["path"],
      message: `must be ${MCP_PATH} in mode mcpserver: kagent ignores the MCPServer's path and always calls /mcp. Serve MCP at /mcp, or use mode deployment`,
    });
  return problems;
}

/** The one rule shared by environments and servers: `custom` needs rules, `none` allows none. */
export function outboundProblem(outbound: string | undefined, rules: number): string | undefined {
  if (outbound === "custom" && rules === 0)
    return "custom needs egress rules (a cidr or namespace, and ports) next to it";
  if (outbound === "none" && rules > 0)
    return "none allows only cluster DNS, but egress rules are given: choose custom (only the rules), in-cluster or internet (plus the rules)";
  return undefined;
}

/** A raw server on its own chart: every answer it gives that only the bundled chart would read. */
export function chartServerProblems(server: Record<string, unknown>): ServerProblem[] {
  if (!server || typeof server !== "object" || server.chart === undefined) return [];
  const name = typeof server.name === "string" ? server.name : "<server>";
  return Object.keys(server)
    .filter((key) => !(CHART_SERVER_FIELDS as readonly string[]).includes(key))
    .map((key) => ({
      path: [key],
      message: `does not apply to a server on its own chart (chart is set): only that chart's values reach it; set them in servers[${name}].values, following the chart's own values layout`,
    }));
}
