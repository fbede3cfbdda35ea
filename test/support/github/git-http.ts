/**
 * Smart-HTTP git remote: authenticate like GitHub, then hand the request to the real `git http-backend`
 * as a CGI program and stream its answer back. Real git on both ends means pushes and clones exercise the
 * same protocol, pack and ref-update paths they do against GitHub.
 */
import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { isolatedGitEnv } from "./bare-repo.js";

/**
 * `Bearer <token>` (http.extraHeader) or Basic with the token as password. GitHub ignores the Basic user
 * name for tokens; `x-access-token` is the conventional one.
 */
export function gitCredentialsValid(authorization: string | undefined, token: string): boolean {
  const match = /^(\w+)\s+(\S+)$/.exec(authorization?.trim() ?? "");
  if (!match) return false;
  const scheme = match[1].toLowerCase();
  if (scheme === "bearer") return match[2] === token;
  if (scheme !== "basic") return false;
  const decoded = Buffer.from(match[2], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon >= 0 && decoded.slice(colon + 1) === token;
}

export function askForCredentials(res: ServerResponse): void {
  // git only consults its credential helper after a 401 that names the Basic scheme.
  res.writeHead(401, { "www-authenticate": 'Basic realm="fake"', "content-type": "text/plain" });
  res.end("Authentication required\n");
}

/**
 * Run `git http-backend` for `pathInfo` (`/<owner>/<name>.git/info/refs` etc., relative to `gitRoot`).
 * The request body is piped through unread, so chunked and gzip-encoded uploads reach git untouched.
 */
export function serveGitHttp(
  req: IncomingMessage,
  res: ServerResponse,
  gitRoot: string,
  pathInfo: string,
  query: string,
  remoteUser: string,
): Promise<void> {
  const env = isolatedGitEnv({
    GIT_PROJECT_ROOT: gitRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    GATEWAY_INTERFACE: "CGI/1.1",
    SERVER_PROTOCOL: "HTTP/1.1",
    REQUEST_METHOD: req.method ?? "GET",
    PATH_INFO: pathInfo,
    QUERY_STRING: query,
    CONTENT_TYPE: req.headers["content-type"] ?? "",
    REMOTE_USER: remoteUser,
    REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
  });
  // Absent CONTENT_LENGTH tells http-backend to read to EOF, which is how chunked pushes arrive.
  if (req.headers["content-length"]) env.CONTENT_LENGTH = req.headers["content-length"];
  if (req.headers["content-encoding"]) env.HTTP_CONTENT_ENCODING = req.headers["content-encoding"];
  // Carries `version=2`; without it the backend would fall back to protocol v0.
  const protocol = req.headers["git-protocol"];
  if (typeof protocol === "string") env.HTTP_GIT_PROTOCOL = protocol;

  return new Promise((resolve) => {
    const child = spawn("git", ["http-backend"], { env, stdio: "pipe" });
    const stderr: Buffer[] = [];
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => failCgi(res, error.message));
    // A client that hangs up mid-request must not leave the backend blocked on its stdin.
    res.on("close", () => {
      if (child.exitCode === null) child.kill();
    });
    req.pipe(child.stdin);
    child.stdin.on("error", () => undefined); // EPIPE when the backend answers before reading everything
    pipeCgiResponse(child.stdout, res, () => Buffer.concat(stderr).toString("utf8"));
    child.on("close", () => resolve());
  });
}

/** CGI output is `Status:` and other headers, a blank line, then the body, which is streamed as it comes. */
function pipeCgiResponse(stdout: Readable, res: ServerResponse, stderr: () => string): void {
  let pending = Buffer.alloc(0);
  let headersSent = false;
  stdout.on("data", (chunk: Buffer) => {
    if (headersSent) {
      if (!res.write(chunk)) {
        stdout.pause();
        res.once("drain", () => stdout.resume());
      }
      return;
    }
    pending = Buffer.concat([pending, chunk]);
    const end = headerEnd(pending);
    if (!end) return;
    const { status, headers } = parseCgiHeaders(pending.subarray(0, end.at).toString("latin1"));
    res.writeHead(status, headers);
    headersSent = true;
    const rest = pending.subarray(end.at + end.length);
    if (rest.length > 0) res.write(rest);
  });
  stdout.on("end", () => {
    if (!headersSent) failCgi(res, `git http-backend sent no headers: ${stderr()}`);
    else res.end();
  });
}

function headerEnd(buffer: Buffer): { at: number; length: number } | undefined {
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  return lf >= 0 ? { at: lf, length: 2 } : undefined;
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 200;
    else headers[name] = value;
  }
  return { status, headers };
}

function failCgi(res: ServerResponse, message: string): void {
  if (res.writableEnded) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { "content-type": "text/plain" });
  res.end(`${message}\n`);
}
