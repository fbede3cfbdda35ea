/**
 * The --yes defaults: a complete, working repository with nothing else given.
 * The default server is the MCP reference "everything" server, pinned by digest, serving SSE on port 3001. It is the
 * example only: it applies when no server is given at all; a server given by flags gets none of its answers.
 */
export { DEFAULT_GITOPS } from "./engines.js";
export const DEFAULT_ENVIRONMENTS = ["dev", "staging", "prod"] as const;

export const DEFAULT_SERVER = {
  name: "everything",
  description: "MCP reference server that exercises every protocol feature",
  image: "docker.io/mcp/everything@sha256:330885a0c4b2eed6f0cd3aae0f0b37152ccdf2852e2f6af6d616a5d5c1e9817d",
  port: 3001,
  transport: "sse",
  path: "/sse",
  mode: "deployment",
  command: ["node", "dist/sse.js"],
  // What is known of this program: it calls nothing outside the pod, keeps sessions in memory (stateless stays
  // false) and serves no Prometheus metrics (no `metrics` answer).
  outbound: "none",
};

/**
 * What a server described by flags or an answers file gets for what it leaves out (the schema's defaults; the example
 * server above brings its own). `--help` shows these, so they live here, away from the schema's imports.
 */
export const SERVER_DEFAULTS = { port: 3000, transport: "streamable-http", path: "/mcp", mode: "deployment" } as const;

/** The repository owner until one is given: a placeholder no cluster can pull from, warned about on every run. */
export const PLACEHOLDER_OWNER = "my-org";
export const DEFAULT_BASE_BRANCH = "main";
