// k6/http's synchronous requests over Node's fetch: each one runs in a child Node process (spawnSync), so the
// script's calls block as they do in k6 and the requests are real HTTP. Response headers come back with Go's
// canonical names (Mcp-Session-Id, Content-Type), as k6 gives them.
import { spawnSync } from "node:child_process";

/** @type {{ method: string, url: string, tag: string | undefined, status: number, failed: boolean }[]} */
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
  // What k6 counts in http_req_failed: a status outside the request's responseCallback, by default 200-399.
  const expected = params.responseCallback ?? expectedStatuses({ min: 200, max: 399 });
  requests.push({ method, url, tag: params.tags?.mcp, status, failed: !expected(status) });
  return { status, body: text, headers: Object.fromEntries(headers.map(([name, value]) => [canonical(name), value])) };
}

/** k6's http.expectedStatuses: statuses and {min, max} ranges; here a predicate on the status. */
function expectedStatuses(...statuses) {
  return (status) => statuses.some((s) => (typeof s === "number" ? s === status : status >= s.min && status <= s.max));
}

export default {
  get: (url, params) => request("GET", url, null, params),
  post: (url, body, params) => request("POST", url, body, params),
  del: (url, body, params) => request("DELETE", url, body, params),
  expectedStatuses,
};

export function recordedRequests() {
  return requests;
}
