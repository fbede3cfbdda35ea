/**
 * Server questions. With no servers given, one server is described field by field ("add another?" repeats it);
 * servers given by flags or an answers file only get their missing required fields asked. Questions follow the
 * transport: a stdio server runs as a kagent MCPServer and needs its command; an SSE server runs as a Deployment
 * (kagent speaks streamable HTTP only); a streamable-HTTP server picks its mode, and in mode mcpserver serves /mcp.
 */
import type { RBAC_PRESETS } from "../answers/access.js";
import { splitWords } from "../answers/collect.js";
import { DEFAULT_SERVER, SERVER_DEFAULTS } from "../answers/defaults.js";
import { parsePort } from "../answers/rules.js";
import { type MODES, ServerSchema, type TRANSPORTS } from "../answers/schema.js";
import { defaultPath, MCP_PATH } from "../answers/server-rules.js";
import { askExtras } from "./ask-server-extras.js";
import { firstProblem, validateWith, type Choice, type Prompter } from "./prompter.js";

type RawServer = Record<string, unknown>;

const TRANSPORT_CHOICES: Choice<(typeof TRANSPORTS)[number]>[] = [
  { value: "streamable-http", description: "MCP Streamable HTTP, one endpoint (current spec)" },
  { value: "sse", description: "HTTP with Server-Sent Events (older spec)" },
  {
    value: "stdio",
    description: "standard input/output; runs as a kagent MCPServer, whose adapter serves it over HTTP",
  },
];

const MODE_CHOICES: Choice<(typeof MODES)[number]>[] = [
  { value: "deployment", description: "a Deployment and a Service from the bundled chart" },
  {
    value: "mcpserver",
    description: "a kagent MCPServer resource; the kagent operator runs the pods, and kagent calls it at /mcp",
  },
];

const RBAC_CHOICES: Choice<(typeof RBAC_PRESETS)[number]>[] = [
  { value: "none", description: "it does not talk to the Kubernetes API: no token in the pod" },
  { value: "namespace-read", description: "read the common objects of its own namespace (a Role)" },
  { value: "cluster-read", description: "read most objects in every namespace (the built-in view ClusterRole)" },
];

const validName = validateWith(ServerSchema.shape.name);
const validImage = validateWith(ServerSchema.shape.image);
const validPort = validateWith(ServerSchema.shape.port, parsePort);
const validPath = validateWith(ServerSchema.shape.path);
const validCommand = (text: string) =>
  splitWords(text).length === 0
    ? "is required for a stdio server: the program kagent's adapter starts"
    : validateWith(ServerSchema.shape.command, splitWords)(text);
const metricsShape = ServerSchema.shape.metrics.unwrap().shape;
const validMetricsPath = validateWith(metricsShape.path);
const validMetricsPort = validateWith(metricsShape.port, parsePort);

export async function askServers(raw: Record<string, unknown>, prompter: Prompter): Promise<void> {
  if (Array.isArray(raw.servers) && raw.servers.length > 0) {
    await completeServers(raw.servers as RawServer[], prompter);
    return;
  }
  const servers: RawServer[] = [];
  do servers.push(await askServer(prompter, servers));
  while (await prompter.confirm({ message: "Add another server?", default: false }));
  raw.servers = servers;
}

/**
 * `add server` at a terminal: a whole server when no flag described it; otherwise only the required answers the
 * flags left out. Names of the servers the repository has are taken.
 */
export async function askAddedServer(server: RawServer, existing: RawServer[], prompter: Prompter): Promise<RawServer> {
  if (Object.keys(server).length === 0) return askServer(prompter, existing);
  if (server.name === undefined) server.name = await askName(prompter, "Server name", existing);
  if (server.image === undefined) server.image = await askImage(prompter, String(server.name));
  return server;
}

/** One server from scratch. The first one defaults to the --yes default server, so Enter all the way works. */
async function askServer(prompter: Prompter, previous: RawServer[]): Promise<RawServer> {
  const first = previous.length === 0;
  const name = await askName(
    prompter,
    first ? "Server name" : `Server ${previous.length + 1} name`,
    previous,
    first ? DEFAULT_SERVER.name : undefined,
  );
  const image = await askImage(prompter, name, first ? DEFAULT_SERVER.image : undefined);
  // The default image is a known program: keep what is known of it (entrypoint, port, path, egress) as --yes does.
  const known: Partial<typeof DEFAULT_SERVER> = image === DEFAULT_SERVER.image ? DEFAULT_SERVER : {};
  // Transport first: a stdio server has no port or path to ask about, only its command.
  const transport = await prompter.select({
    message: `Transport of ${name}`,
    choices: TRANSPORT_CHOICES,
    default: (known.transport as never) ?? SERVER_DEFAULTS.transport,
  });
  const server: RawServer = { name, image, transport };
  if (known.command)
    Object.assign(server, { description: known.description, command: [...known.command], outbound: known.outbound });
  if (transport === "stdio") {
    // Only kagent's transport adapter can put a stdio server on the network, and it needs the command to start.
    server.mode = "mcpserver";
    const command = await prompter.text({
      message: `Command that starts ${name} (words separated by spaces)`,
      validate: validCommand,
    });
    server.command = splitWords(command);
  } else {
    const port = await prompter.text({
      message: `Port ${name} listens on`,
      default: String(known.port ?? SERVER_DEFAULTS.port),
      validate: validPort,
    });
    server.port = parsePort(port);
    // kagent speaks streamable HTTP only, at /mcp: an SSE server is a Deployment, an MCPServer serves /mcp.
    if (transport === "streamable-http")
      server.mode = await prompter.select({
        message: `Run ${name} as`,
        choices: MODE_CHOICES,
        default: SERVER_DEFAULTS.mode,
      });
    else server.mode = "deployment";
    if (server.mode === "deployment") {
      server.path = await prompter.text({
        message: `MCP endpoint path of ${name}`,
        default: known.transport === transport && known.path ? known.path : defaultPath(transport),
        validate: validPath,
      });
    } else server.path = MCP_PATH;
  }
  await askOperations(prompter, server);
  return askExtras(server, prompter);
}

/** Sessions, metrics and API access: what decides how the server scales, is watched and what it may read. */
async function askOperations(prompter: Prompter, server: RawServer): Promise<void> {
  const name = String(server.name);
  // SSE streams and kagent's stdio adapter are stateful by nature; only a streamable-HTTP server can be stateless.
  if (server.transport === "streamable-http") {
    server.stateless = await prompter.confirm({
      message: `Is ${name} stateless (keeps no session state, so several replicas can serve it)?`,
      default: false,
    });
  }
  if (await prompter.confirm({ message: `Does ${name} serve Prometheus metrics?`, default: false })) {
    const path = await prompter.text({
      message: `Metrics path of ${name}`,
      default: "/metrics",
      validate: validMetricsPath,
    });
    const port = await prompter.text({
      message: `Metrics port of ${name}`,
      default: String(server.port ?? SERVER_DEFAULTS.port),
      validate: validMetricsPort,
    });
    server.metrics = { enabled: true, path, port: parsePort(port) };
  }
  const rbac = await prompter.select({
    message: `Kubernetes API access of ${name}`,
    choices: RBAC_CHOICES,
    default: "none",
  });
  if (rbac !== "none") server.rbac = { preset: rbac };
}

/** Servers that came from flags or a file: ask only what the schema requires and nobody gave. */
async function completeServers(servers: RawServer[], prompter: Prompter): Promise<void> {
  for (const [index, server] of servers.entries()) {
    if (server.name === undefined)
      server.name = await askName(
        prompter,
        `Name of server ${index + 1}`,
        servers.filter((other) => other !== server),
      );
    if (server.image === undefined && server.chart === undefined)
      server.image = await askImage(prompter, String(server.name));
  }
}

async function askName(prompter: Prompter, message: string, others: RawServer[], fallback?: string): Promise<string> {
  const taken = new Set(others.map((server) => server.name));
  return prompter.text({
    message,
    default: fallback !== undefined && !taken.has(fallback) ? fallback : undefined,
    validate: (value) =>
      firstProblem(
        () => validName(value),
        () => (taken.has(value) ? `duplicates the name '${value}'` : true),
      ),
  });
}

function askImage(prompter: Prompter, serverName: string, fallback?: string): Promise<string> {
  return prompter.text({
    message: `Container image of ${serverName} (pinned tag or digest)`,
    default: fallback,
    validate: validImage,
  });
}
