/**
 * Response helpers that reproduce GitHub's wire format: JSON error bodies with `documentation_url` and a
 * string `status`, and the rate-limit headers clients such as plugin-throttling read.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

/** Used when an error has no more specific documentation page, as GitHub does for auth and routing errors. */
export const REST_DOCS = "https://docs.github.com/rest";

/** Thrown by handlers; the dispatcher turns it into the response. */
export class GitHubHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: OutgoingHttpHeaders = {},
  ) {
    super(String(body.message));
    this.name = "GitHubHttpError";
  }
}

/** GitHub's error shape, keys in GitHub's order: message, [errors], documentation_url, status. */
export function githubError(
  status: number,
  message: string,
  documentationUrl: string = REST_DOCS,
  extra: Record<string, unknown> = {},
): GitHubHttpError {
  return new GitHubHttpError(status, {
    message,
    ...extra,
    documentation_url: documentationUrl,
    status: String(status),
  });
}

/** The 422 GitHub answers for model-level checks (duplicate PR, unknown branch). */
export function validationFailed(documentationUrl: string, errors: Record<string, unknown>[]): GitHubHttpError {
  return githubError(422, "Validation Failed", documentationUrl, { errors });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const payload = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    "x-github-media-type": "github.v3; format=json",
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-used": "1",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
    "x-ratelimit-resource": "core",
    // Octokit's request log prints this id; GitHub support asks for it, so real responses always carry one.
    "x-github-request-id": randomBytes(8).toString("hex").toUpperCase(),
    ...headers,
  });
  res.end(payload);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; raw: string };

/** Empty → undefined; JSON → value; anything else is kept raw so the request log still shows it. */
export function parseJsonBody(raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: true, value: undefined };
  const text = raw.toString("utf8");
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, raw: text };
  }
}
