/** `create-mcp-gitops add server|env [directory]`: its flags and help, declared once (flags.ts). */
import { SERVER_DEFAULTS } from "../answers/defaults.js";
import type { CommandSpec, Flags } from "./flags.js";
import { GITHUB_TIMEOUT_NOTE } from "./delivery-flags.js";
import { CHANGE_FLAGS, OPTIONS, PR } from "./upgrade-spec.js";

export const SERVER = "Server";
export const ENVIRONMENT = "Environment";
const BOTH = "Server or environment";

export const ADD_FLAGS = {
  name: {
    type: "string",
    value: "<name>",
    section: BOTH,
    description: "a DNS-1123 label no other server (or environment) of the repository has",
  },
  set: {
    type: "string",
    multiple: true,
    value: "<path=value>",
    section: BOTH,
    description: "any other answer, e.g. --set servers.weather.env.LOG_LEVEL=debug (repeatable)",
  },
  yes: { type: "boolean", short: "y", section: BOTH, description: "ask nothing" },
  image: { type: "string", value: "<ref>", section: SERVER, description: "container image pinned to a tag or digest" },
  port: {
    type: "string",
    value: "<n>",
    section: SERVER,
    description: "port it listens on",
    default: `${SERVER_DEFAULTS.port}`,
  },
  transport: {
    type: "string",
    value: "<t>",
    section: SERVER,
    description: "streamable-http | sse | stdio",
    default: SERVER_DEFAULTS.transport,
  },
  path: {
    type: "string",
    value: "<path>",
    section: SERVER,
    description: "MCP endpoint path",
    default: `${SERVER_DEFAULTS.path}; /sse for sse; always /mcp for mcpserver`,
  },
  mode: {
    type: "string",
    value: "<m>",
    section: SERVER,
    description: "deployment | mcpserver (kagent MCPServer)",
    default: SERVER_DEFAULTS.mode,
  },
  description: { type: "string", value: "<text>", section: SERVER, description: "what the server is for" },
  profile: {
    type: "string",
    value: "<p>",
    section: ENVIRONMENT,
    description: "dev | prod",
    default: "from the name (prod*, staging* → prod)",
  },
  namespace: {
    type: "string",
    value: "<ns>",
    section: ENVIRONMENT,
    description: "its namespace",
    default: "mcp-<name>",
  },
  replicas: {
    type: "string",
    value: "<n>",
    section: ENVIRONMENT,
    description: "replicas of each server",
    default: "1 (dev) or 2 (prod)",
  },
  size: {
    type: "string",
    value: "<s>",
    section: ENVIRONMENT,
    description: "small | medium | large",
    default: "small (dev) or medium (prod)",
  },
  hostname: { type: "string", value: "<h>", section: ENVIRONMENT, description: "each server gets <server>.<hostname>" },
  cluster: {
    type: "string",
    value: "<c>",
    section: ENVIRONMENT,
    description: "where the engine names a destination cluster: one registered with it, or an https:// API server URL",
    default: "in-cluster",
  },
  ...CHANGE_FLAGS,
} as const satisfies Flags;

/** The answers of a new server, or of a new environment, as flags. */
export function answerFlagsOf(section: typeof SERVER | typeof ENVIRONMENT): string[] {
  return ["name", ...Object.entries(ADD_FLAGS).flatMap(([name, flag]) => (flag.section === section ? [name] : []))];
}

export const ADD_SPEC = {
  name: "add",
  summary: "add a server or an environment to a generated repository",
  usage: [
    "create-mcp-gitops add server [directory] --name <name> --image <ref> [options]",
    "create-mcp-gitops add env [directory] --name <name> [options]",
  ],
  description: `Renders the repository's blueprint (same version) with the new answers and merges the result into your files three
ways, like upgrade: the new server's (or environment's) files are created and listed in every kustomization, your
edits elsewhere stay. .mcp-gitops.yaml records the new answers. At a terminal, answers the flags did not give are
asked; with --yes, CI=true or no terminal, --name (and --image for a server) are required. --pr commits on branch
mcp-gitops/add-<name> and opens or updates its pull request.`,
  sections: [
    { title: BOTH },
    { title: SERVER },
    { title: ENVIRONMENT },
    { title: OPTIONS },
    { title: PR, notes: [GITHUB_TIMEOUT_NOTE] },
  ],
  flags: ADD_FLAGS,
  examples: [
    ["A server", "npx create-mcp-gitops add server --name weather --image ghcr.io/acme/weather-mcp:1.4.2 --port 8080"],
    ["An environment, as a pull request", "npx create-mcp-gitops add env --name qa --size small --pr"],
  ],
  exitStatus:
    "Exit status: 0 done, 1 conflicts to resolve, 2 bad input (e.g. the name exists already; nothing written).",
} as const satisfies CommandSpec;
