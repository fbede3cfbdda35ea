/**
 * The bad-input corpus, part four (issue 20): managed secrets, secrets in Git, configuration files and storage,
 * tracing, quotas and traffic policy at the edge. Each refusal names the answer and says what to use instead; same
 * rules as the other parts: exit 2, one line, nothing written.
 */
import { field, type BadInput } from "./bad-inputs.js";

const run = ["out", "--answers", "answers.yaml"];
const FILE = "--answers answers.yaml";
const AGE = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

/** One server, as the seed-guide corpora (this part and part five) build their answers. */
export const server = (patch: Record<string, unknown> = {}) => ({
  name: "weather",
  image: "ghcr.io/acme/weather:1.0.0",
  ...patch,
});
/** Minimal Flux answers without monitoring, one environment; `patch` replaces whole keys. */
export const answers = (patch: Record<string, unknown> = {}) => ({
  gitops: "flux",
  monitoring: { enabled: false },
  servers: [server()],
  environments: [{ name: "dev" }],
  ...patch,
});
const withServer = (patch: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
  answers({ servers: [server(patch)], ...rest });
const exposed = (exposure: Record<string, unknown>) =>
  answers({ environments: [{ name: "prod", hostname: "mcp.example.com", exposure }] });

const SECRET_CASES: BadInput[] = [
  {
    name: "a managed secret that fetches nothing",
    args: run,
    answers: withServer({ managedSecrets: [{ name: "api" }] }),
    expect: field(`${FILE}: servers[weather].managedSecrets[api].keys`, /must name what to fetch: keys .* or extract/),
  },
  {
    name: "a managed secret as env with a key that is no variable name",
    args: run,
    answers: withServer({ managedSecrets: [{ name: "api", keys: [{ name: "api.token", remoteKey: "mcp/api" }] }] }),
    expect: field(
      `${FILE}: servers[weather].managedSecrets[api].keys[0].name`,
      /environment variable name with as: env/,
    ),
  },
  {
    name: "a managed secret as env with a mount path",
    args: run,
    answers: withServer({ managedSecrets: [{ name: "api", mountPath: "/etc/api", extract: ["mcp/api"] }] }),
    expect: field(`${FILE}: servers[weather].managedSecrets[api].mountPath`, /applies only to as: files/),
  },
  {
    name: "sops with Argo CD",
    args: run,
    answers: answers({ gitops: "argocd", sops: { ageRecipients: [AGE] } }),
    expect: field(`${FILE}: sops`, /Argo CD has no built-in SOPS decryption.*managedSecrets.*sealedSecrets/),
  },
  {
    name: "sops with a recipient that is not an age public key",
    args: run,
    answers: answers({ sops: { ageRecipients: ["AGE-SECRET-KEY-1QQQ"] } }),
    expect: field(`${FILE}: sops.ageRecipients[0]`, /must be an age public key/),
  },
];

const FILE_CASES: BadInput[] = [
  {
    name: "a ReadWriteOnce volume on a server that scales",
    args: run,
    answers: withServer(
      { stateless: true, storage: [{ name: "data", mountPath: "/data" }] },
      { environments: [{ name: "prod" }] },
    ),
    expect: field(
      `${FILE}: servers[weather].storage[data].accessMode`,
      /ReadWriteOnce mounts the volume on one node, but weather runs several replicas in prod \(up to 5\): use ReadWriteMany/,
    ),
  },
  {
    name: "a ReadWriteOncePod volume in mode mcpserver",
    args: run,
    answers: withServer({
      mode: "mcpserver",
      storage: [{ name: "data", mountPath: "/data", accessMode: "ReadWriteOncePod" }],
    }),
    expect: field(
      `${FILE}: servers[weather].storage[data].accessMode`,
      /cannot be handed over in mode mcpserver.*ReadWriteMany, type emptyDir, or mode deployment/,
    ),
  },
  {
    name: "a storage class on an emptyDir",
    args: run,
    answers: withServer({ storage: [{ name: "cache", mountPath: "/cache", type: "emptyDir", storageClass: "fast" }] }),
    expect: field(`${FILE}: servers[weather].storage[cache].storageClass`, /applies only to type pvc/),
  },
  {
    name: "a volume mounted over /tmp",
    args: run,
    answers: withServer({ storage: [{ name: "tmp", mountPath: "/tmp", type: "emptyDir" }] }),
    expect: field(`${FILE}: servers[weather].storage[tmp].mountPath`, /is \/tmp, the chart's own scratch space/),
  },
  {
    name: "configuration files and a volume at one path",
    args: run,
    answers: withServer({
      configFiles: { mountPath: "/etc/app", files: { "a.yaml": "a: 1" } },
      storage: [{ name: "data", mountPath: "/etc/app", type: "emptyDir" }],
    }),
    expect: field(`${FILE}: servers[weather].storage[data].mountPath`, /is also the mount path of configFiles/),
  },
  {
    name: "a configuration file name that leaves its folder",
    args: run,
    answers: withServer({ configFiles: { files: { "../passwd": "x" } } }),
    expect: field(`${FILE}: servers[weather].configFiles.files`, /must be a key of a Secret or ConfigMap/),
  },
  {
    name: "a mount path with ..",
    args: run,
    answers: withServer({ storage: [{ name: "data", mountPath: "/data/../etc", type: "emptyDir" }] }),
    expect: field(`${FILE}: servers[weather].storage[data].mountPath`, /must be an absolute path .*no '\.\.'/),
  },
];

const TRACING_CASES: BadInput[] = [
  {
    name: "tracing turned on without an endpoint",
    args: run,
    answers: answers({ tracing: { enabled: true } }),
    expect: field(`${FILE}: servers[weather].tracing.endpoint`, /is required: tracing is on for weather in dev/),
  },
  {
    name: "an OTEL variable set by hand while tracing is on",
    args: run,
    answers: withServer(
      { env: { OTEL_SERVICE_NAME: "weather" } },
      { tracing: { endpoint: "http://otel-collector.observability:4318" } },
    ),
    expect: field(`${FILE}: servers[weather].env.OTEL_SERVICE_NAME`, /is set by tracing/),
  },
  {
    name: "a tracing endpoint that is not a URL",
    args: run,
    answers: answers({ tracing: { endpoint: "otel-collector:4318" } }),
    expect: field(`${FILE}: tracing.endpoint`, /must be an http:\/\/ or https:\/\/ URL of an OTLP receiver/),
  },
  {
    name: "a sampling ratio above 1",
    args: run,
    answers: answers({ tracing: { endpoint: "http://otel:4318", ratio: 10 } }),
    expect: field(`${FILE}: tracing.ratio`, /must be a number from 0 to 1/),
  },
];

const QUOTA_CASES: BadInput[] = [
  {
    name: "a computed quota with a server on its own chart",
    args: run,
    answers: answers({
      servers: [
        server(),
        { name: "search", chart: { repository: "oci://ghcr.io/acme/charts", name: "search", version: "1.0.0" } },
      ],
      environments: [{ name: "dev", quota: { enabled: true } }],
    }),
    expect: field(
      `${FILE}: environments[dev].quota`,
      /cannot be computed: search run their own charts.*quota.requests \(cpu and memory\) and quota.pods/,
    ),
  },
];

const EDGE_CASES: BadInput[] = [
  {
    name: "a rate limit on the Gateway API's standard filters",
    args: run,
    answers: exposed({ type: "httproute", gateway: { name: "public" }, rateLimit: { rps: 10 } }),
    expect: field(
      `${FILE}: environments[prod].exposure.rateLimit`,
      /no standard rate limit: set exposure.implementation to traefik or kong/,
    ),
  },
  {
    name: "a burst with Kong",
    args: run,
    answers: exposed({ type: "ingress", className: "kong", rateLimit: { rps: 10, burst: 20 } }),
    expect: field(`${FILE}: environments[prod].exposure.rateLimit`, /burst cannot be expressed with Kong/),
  },
  {
    name: "HSTS per Ingress with ingress-nginx",
    args: run,
    answers: exposed({ type: "ingress", securityHeaders: { hsts: {} } }),
    expect: field(
      `${FILE}: environments[prod].exposure.securityHeaders`,
      /hsts cannot be set per Ingress with ingress-nginx/,
    ),
  },
  {
    name: "CORS without an exposure",
    args: run,
    answers: answers({ environments: [{ name: "dev", exposure: { cors: { origins: ["https://a.example.com"] } } }] }),
    expect: field(
      `${FILE}: environments[dev].exposure.cors`,
      /applies at the edge: it needs exposure.type ingress or httproute/,
    ),
  },
  {
    name: "an edge policy on an IngressClass the tool does not know",
    args: run,
    answers: exposed({ type: "ingress", className: "haproxy", cors: { origins: ["https://a.example.com"] } }),
    expect: field(
      `${FILE}: environments[prod].exposure.implementation`,
      /is required with cors: say which controller serves IngressClass haproxy/,
    ),
  },
  {
    name: "ingress-nginx behind an HTTPRoute",
    args: run,
    answers: exposed({ type: "httproute", gateway: { name: "public" }, implementation: "nginx" }),
    expect: field(
      `${FILE}: environments[prod].exposure.implementation`,
      /nginx is ingress-nginx, an Ingress controller/,
    ),
  },
  {
    name: "CORS credentials for any origin",
    args: run,
    answers: exposed({ type: "ingress", cors: { origins: ["*"], allowCredentials: true } }),
    expect: field(`${FILE}: environments[prod].exposure.cors.allowCredentials`, /cannot be true with origin \*/),
  },
  {
    name: "a rate limit per second and per minute",
    args: run,
    answers: exposed({ type: "ingress", rateLimit: { rps: 10, rpm: 100 } }),
    expect: field(`${FILE}: environments[prod].exposure.rateLimit`, /give rps .* or rpm .*, one of them/),
  },
];

export const SEED_GUIDE_CASES: BadInput[] = [
  ...SECRET_CASES,
  ...FILE_CASES,
  ...TRACING_CASES,
  ...QUOTA_CASES,
  ...EDGE_CASES,
];
