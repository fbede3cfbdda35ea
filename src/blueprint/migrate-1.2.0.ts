/**
 * Answers recorded by 1.1.0 (and 1.0.0), rewritten so that 1.2.0 renders what they meant where it worked:
 * - a server on its own chart recorded every answer of the bundled chart (image, port, transport...), which never
 *   reached its chart; 1.2.0 refuses them, so they go.
 * - 1.1.0 scraped every server in mode deployment; 1.2.0 scrapes only servers answered to serve metrics. Those
 *   servers keep their scrape and alerts (metrics.enabled: true) — except the MCP reference server, known to serve
 *   no metrics, whose scrape could only fail and fire MCPServerUnavailable.
 * - 1.1.0 gave SSE servers in mode deployment the Service's client-IP affinity and scaled them; where no environment
 *   exposes the servers, that affinity holds, so they keep it (sessionAffinity: clientIP) and their replicas.
 * Stateful servers otherwise drop to one replica (the fix; every run warns), and nothing else changes meaning.
 */
import { CHART_SERVER_FIELDS } from "../answers/server-rules.js";
/** Recorded answers as plain data (the old shape). */
type AnswersData = Record<string, unknown>;

/** The reference server's image, which 1.1.0 used as its example: it serves no Prometheus metrics. */
const REFERENCE_SERVER_IMAGE = /^(docker\.io\/)?mcp\/everything[:@]/;

type Data = Record<string, unknown>;

function isData(value: unknown): value is Data {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function migrateTo120(answers: AnswersData): AnswersData {
  const servers = Array.isArray(answers.servers) ? answers.servers.filter(isData) : [];
  const environments = Array.isArray(answers.environments) ? answers.environments.filter(isData) : [];
  const monitored = !isData(answers.monitoring) || answers.monitoring.enabled !== false;
  const exposed = environments.some((env) => isData(env.exposure) && (env.exposure.type ?? "none") !== "none");
  for (const server of servers) {
    if (server.chart !== undefined) {
      for (const key of Object.keys(server))
        if (!(CHART_SERVER_FIELDS as readonly string[]).includes(key)) delete server[key];
      continue;
    }
    const mode = server.mode ?? "deployment";
    const metrics = isData(server.metrics) ? server.metrics : undefined;
    const reference = typeof server.image === "string" && REFERENCE_SERVER_IMAGE.test(server.image);
    if (monitored && mode === "deployment" && metrics?.enabled === undefined && !(reference && !metrics))
      server.metrics = { enabled: true, ...metrics };
    if (server.transport === "sse" && mode === "deployment" && !exposed && server.sessionAffinity === undefined)
      server.sessionAffinity = "clientIP";
  }
  return answers;
}
