/**
 * MCP servers for the MCP check's tests, on 127.0.0.1: the MCP reference server (@modelcontextprotocol/server-everything,
 * a devDependency) in its streamable-HTTP and SSE modes, a plain HTTP server that is not MCP, and a small scripted
 * streamable-HTTP server that answers in plain JSON, with no session, and with whatever tools/list the test wants.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer, type Server } from "node:http";
import { connect, createServer as createNetServer } from "node:net";
import { dirname, join } from "node:path";

export interface RunningServer {
  url: string;
  close: () => Promise<void>;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`the MCP reference server exited: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the MCP reference server did not listen on ${port}: ${output()}`);
}

/** The reference server: `node dist/index.js streamableHttp|sse` with PORT (it binds every interface). */
export async function startEverything(mode: "streamableHttp" | "sse"): Promise<RunningServer> {
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve("@modelcontextprotocol/server-everything/package.json"));
  const port = await freePort();
  const child = spawn(process.execPath, [join(pkg, "dist/index.js"), mode], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  await listening(port, child, () => output);
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<RunningServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers every request with 200 and an HTML page: an HTTP server, not an MCP server. */
export function startPlainHttp(): Promise<RunningServer> {
  return serve((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end("<!doctype html><title>hello</title><p>not MCP</p>");
  });
}

/**
 * A stateless streamable-HTTP server answering in plain JSON (no SSE framing, no session id) at /mcp; tools/list
 * returns `toolsList` as its whole JSON-RPC message (a result or an error), with the request's id; tools/call echoes
 * its arguments. `seen` collects each request's JSON-RPC method (or HTTP method, for other requests); `session` is
 * an Mcp-Session-Id to hand out at initialize (the server still refuses a DELETE with 405, as the spec allows).
 */
export function startScriptedMcp(
  toolsList: Record<string, unknown>,
  { seen = [], session }: { seen?: string[]; session?: string } = {},
): Promise<RunningServer> {
  return serve((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      seen.push(request.method === "POST" ? (JSON.parse(body || "{}").method ?? "POST") : request.method!);
      if (request.method !== "POST" || request.url !== "/mcp") {
        response.writeHead(405).end();
        return;
      }
      const message = JSON.parse(body) as { id?: number; method: string };
      const json = (payload: Record<string, unknown>) => {
        response.writeHead(200, {
          "content-type": "application/json",
          ...(session && message.method === "initialize" ? { "mcp-session-id": session } : {}),
        });
        // Pretty-printed on purpose: a JSON body may span lines.
        response.end(JSON.stringify({ jsonrpc: "2.0", id: message.id, ...payload }, null, 2));
      };
      if (message.method === "initialize")
        return json({
          result: {
            protocolVersion: "2025-06-18",
            capabilities: { tools: {} },
            serverInfo: { name: "scripted", version: "1.0.0" },
            instructions: 'Says "error": {"code": -1} and "tools": [] in text, which is no JSON-RPC error.',
          },
        });
      if (message.id === undefined) {
        response.writeHead(202).end();
        return;
      }
      if (message.method === "tools/list") return json(toolsList);
      // tools/call echoes its arguments as text.
      if (message.method === "tools/call")
        return json({ result: { content: [{ type: "text", text: JSON.stringify((message as any).params) }] } });
      return json({ error: { code: -32601, message: "Method not found" } });
    });
  });
}
