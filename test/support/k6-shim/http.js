// k6/http's synchronous requests over Node's fetch: each one runs in a child Node process (spawnSync), so the
// script's calls block as they do in k6 and the requests are real HTTP. Response headers come back with Go's
// canonical names (Mcp-Session-Id, Content-Type), as k6 gives them.
import { spawnSync } from "node:child_process";

/** @type {{ method: string, url: string, tag: string | undefined, status: number }[]} */
const requests = [];

const FETCH = `
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { method, url, body, headers } = JSON.parse(input);
const response = await fetch(url, { method, headers, body: body ?? undefined });
const text = await response.text();
process.stdout.write(JSON.stringify({ status: response.status, headers: [...response.headers], body: text }));
`;

const canonical = (name) => name.replace(/(^|-)([a-z])/g, (_all, dash, letter) => dash + letter.toUpperCase());

function request(method, url, body, params = {}) {
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", FETCH], {
    input: JSON.stringify({ method, url, body, headers: params.headers ?? {} }),
    encoding: "utf8",
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`${method} ${url} failed: ${run.stderr}`);
  const { status, headers, body: text } = JSON.parse(run.stdout);
  requests.push({ method, url, tag: params.tags?.mcp, status });
  return { status, body: text, headers: Object.fromEntries(headers.map(([name, value]) => [canonical(name), value])) };
}

export default {
  get: (url, params) => request("GET", url, null, params),
  post: (url, body, params) => request("POST", url, body, params),
  del: (url, body, params) => request("DELETE", url, body, params),
};

export function recordedRequests() {
  return requests;
}
