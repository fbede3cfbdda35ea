/**
 * The bad-input corpus, part two: answers files (not YAML, YAML constructs that are not plain data, unknown keys,
 * wrong types, hostile strings), target folders that are not safe to write, and blueprint sources.
 */
import { field, type BadInput } from "./bad-inputs.js";

const FILE = "--answers answers.yaml";
const run = ["out", "--answers", "answers.yaml"];
const DNS = /must be a DNS-1123 label/;

const server = (patch: Record<string, unknown> = {}) => ({
  name: "weather",
  image: "ghcr.io/acme/weather:1.0.0",
  ...patch,
});
const answers = (patch: Record<string, unknown> = {}) => ({
  gitops: "flux",
  servers: [server()],
  environments: [{ name: "dev" }, { name: "prod" }],
  ...patch,
});
const withServer = (patch: Record<string, unknown>) => answers({ servers: [server(patch)] });
const withEnv = (patch: Record<string, unknown>) => answers({ environments: [{ name: "dev", ...patch }] });
const yamlWith = (serverLine: string) =>
  `gitops: flux\nservers:\n  - name: weather\n    image: ghcr.io/acme/weather:1.0.0\n${serverLine}\nenvironments:\n  - name: dev\n`;

const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
  "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
].join("\n");

const SYNTAX_CASES: BadInput[] = [
  {
    name: "answers file that is not YAML",
    args: run,
    answers: "{ gitops: flux, servers: [",
    expect: field(FILE, /not valid YAML or JSON/),
  },
  {
    name: "answers file indented with tabs",
    args: run,
    answers: "gitops: flux\nservers:\n\t- name: weather\n",
    expect: field(FILE, /not valid YAML or JSON: Tabs/),
  },
  {
    name: "answers file that is a list",
    args: run,
    answers: "- gitops: flux\n",
    expect: field(FILE, /must be a mapping of answers/),
  },
  {
    name: "answers file that is a scalar",
    args: run,
    answers: "flux\n",
    expect: field(FILE, /must be a mapping of answers/),
  },
  {
    name: "answers file with an alias bomb",
    args: run,
    answers: BILLION_LAUGHS,
    expect: field(FILE, /aliases are limited/),
  },
  {
    name: "answers file with a merge key",
    args: run,
    answers: `base: &base {gitops: flux}\n<<: *base\n`,
    expect: field(FILE, /merge keys \(<<\) at line 2, column 1 are not supported/),
  },
  {
    name: "answers file with a !!python/object tag",
    args: run,
    answers: "gitops: !!python/object:os.system flux\n",
    expect: field(FILE, /python\/object/),
  },
  {
    name: "answers file with a !!binary tag",
    args: run,
    answers: "gitops: !!binary Zmx1eA==\n",
    expect: field(FILE, /the tag !!binary at line 1, column \d+ is not allowed/),
  },
  {
    name: "answers file with a !!set tag",
    args: run,
    answers: yamlWith("    args: !!set {a, b}"),
    expect: field(FILE, /the tag !!set .*is not allowed/),
  },
  {
    name: "answers file with duplicate keys",
    args: run,
    answers: "gitops: flux\ngitops: argocd\n",
    expect: field(FILE, /Map keys must be unique/),
  },
  {
    name: "answers file with two documents",
    args: run,
    answers: "gitops: flux\n---\ngitops: argocd\n",
    expect: field(FILE, /multiple documents/),
  },
  {
    name: "answers file with an undefined alias",
    args: run,
    answers: yamlWith("    description: *nothing"),
    expect: field(FILE, /not valid YAML or JSON: Unresolved alias/),
  },
  {
    name: "answers file that does not exist",
    args: ["out", "--answers", "missing.yaml"],
    expect: field("--answers missing.yaml", /cannot read the file \(ENOENT\)/),
  },
  {
    name: "answers file that is a folder",
    args: run,
    files: { "answers.yaml": "<dir>" },
    expect: field(FILE, /not a file/),
  },
  {
    name: "answers file over 1 MiB",
    args: run,
    answers: `# ${"x".repeat(1_100_000)}\ngitops: flux\n`,
    expect: field(FILE, /larger than 1 MiB/),
  },
];

const CONTENT_CASES: BadInput[] = [
  {
    name: "answers file with an unknown top-level key",
    args: run,
    answers: { ...answers(), serverz: [] },
    expect: field(`${FILE}: answers`, /unknown key 'serverz' \(allowed: gitops, /),
  },
  {
    name: "answers file with only an unknown key",
    args: run,
    answers: { serverz: [] },
    expect: field(`${FILE}: answers`, /unknown key 'serverz'/),
  },
  {
    name: "answers file with an unknown server key",
    args: run,
    answers: withServer({ imagee: "x" }),
    expect: field(`${FILE}: servers[weather]`, /unknown key 'imagee'/),
  },
  {
    name: "answers file with servers as a string",
    args: run,
    answers: answers({ servers: "weather" }),
    expect: field(`${FILE}: servers`, /must be a list of servers/),
  },
  {
    name: "answers file with environments as a mapping",
    args: run,
    answers: answers({ environments: { dev: {} } }),
    expect: field(`${FILE}: environments`, /must be a list of environments/),
  },
  {
    name: "answers file with gitops as a list",
    args: run,
    answers: answers({ gitops: ["flux"] }),
    expect: field(`${FILE}: gitops`, /must be one of flux, argocd/),
  },
  {
    name: "answers file with the port as a string",
    args: run,
    answers: withServer({ port: "8080" }),
    expect: field(`${FILE}: servers[weather].port`, /whole number from 1 to 65535/),
  },
  {
    name: "answers file with port 80a",
    args: run,
    answers: withServer({ port: "80a" }),
    expect: field(`${FILE}: servers[weather].port`, /whole number from 1 to 65535/),
  },
  {
    name: "answers file with a number in command",
    args: run,
    answers: withServer({ command: ["sh", 5] }),
    expect: field(`${FILE}: servers[weather].command[1]`, /must be a string \(got a number\)/),
  },
  {
    name: "answers file with a NUL in a name",
    args: run,
    answers: withServer({ name: "weather\u0000x" }),
    expect: field(`${FILE}: servers[0].name`, DNS),
  },
  {
    name: "answers file with ../ in an environment name",
    args: run,
    answers: withEnv({ name: "../prod" }),
    expect: field(`${FILE}: environments[0].name`, DNS),
  },
  {
    name: "answers file with a newline in an environment name",
    args: run,
    answers: withEnv({ name: "dev\n" }),
    expect: field(`${FILE}: environments[0].name`, DNS),
  },
  {
    name: "answers file with a block scalar as a name",
    args: run,
    answers:
      "gitops: flux\nservers:\n  - name: |\n      weather\n    image: ghcr.io/acme/weather:1.0.0\nenvironments: [{name: dev}]\n",
    expect: field(`${FILE}: servers[0].name`, DNS),
  },
  {
    name: "answers file with an EJS tag as a name",
    args: run,
    answers: withServer({ name: "<%= 7*7 %>" }),
    expect: field(`${FILE}: servers[0].name`, DNS),
  },
  {
    name: "answers file with a NUL in an annotation in values",
    args: run,
    answers: withEnv({ values: { podAnnotations: { note: "a\u0000b" } } }),
    expect: field(`${FILE}: environments[dev].values.podAnnotations.note`, /must not contain control characters/),
  },
  {
    name: "answers file with a namespace YAML reads as null",
    args: run,
    answers: withEnv({ namespace: "null" }),
    expect: field(`${FILE}: environments[dev].namespace`, /YAML reads as a boolean, null or number/),
  },
  {
    name: "answers file with a NUL in a description",
    args: run,
    answers: withServer({ description: "a\u0000b" }),
    expect: field(`${FILE}: servers[weather].description`, /control characters/),
  },
  {
    name: "answers file with a credential env variable",
    args: run,
    answers: withServer({ env: { DB_PASSWORD: "pw-in-git-123" } }),
    expect: field(`${FILE}: servers[weather].env.DB_PASSWORD`, /External Secrets.*Sealed Secrets.*secretEnvFrom/),
    neverShown: ["pw-in-git-123"],
  },
  {
    name: "answers file with a private key in values",
    args: run,
    answers: withServer({
      values: { tls: { key: "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----" } },
    }),
    expect: field(`${FILE}: servers[weather].values.tls.key`, /private key/),
    neverShown: ["MIIB"],
  },
  {
    name: "answers file weakening runAsNonRoot in an environment",
    args: run,
    answers: withEnv({ values: { podSecurityContext: { runAsNonRoot: false } } }),
    expect: field(
      `${FILE}: environments[dev].values.podSecurityContext.runAsNonRoot`,
      /add 'runAsRoot' to environments\[dev\]\.securityOverrides/,
    ),
  },
  {
    name: "answers file removing the seccomp profile",
    args: run,
    answers: withServer({ values: { securityContext: { seccompProfile: { type: "Unconfined" } } } }),
    expect: field(`${FILE}: servers[weather].values.securityContext.seccompProfile`, /'seccomp'/),
  },
  {
    name: "answers file with an override for another default",
    args: run,
    answers: withServer({ securityOverrides: ["hostPath"], values: { securityContext: { privileged: true } } }),
    expect: field(`${FILE}: servers[weather].values.securityContext.privileged`, /'privileged'/),
  },
  {
    name: "answers file with no servers",
    args: run,
    answers: answers({ servers: [] }),
    expect: field(`${FILE}: servers`, /must list at least one server/),
  },
  {
    name: "answers file with two servers of one name",
    args: run,
    answers: answers({ servers: [server(), server()] }),
    expect: field(`${FILE}: servers[weather].name`, /duplicates the name 'weather'/),
  },
  {
    name: "answers file with a file:// chart repository",
    args: run,
    answers: answers({
      servers: [{ name: "weather", chart: { repository: "file:///etc", name: "x", version: "1.0.0" } }],
    }),
    expect: field(`${FILE}: servers[weather].chart.repository`, /oci:\/\/ or https:\/\//),
  },
  {
    name: "answers file with a 3,000-character description",
    args: run,
    answers: withServer({ description: "d".repeat(3000) }),
    expect: field(`${FILE}: servers[weather].description`, /at most 2048 characters/),
  },
  {
    name: "answers file with a cluster URL containing a space",
    args: run,
    answers: withEnv({ cluster: "https://k8s example" }),
    expect: field(`${FILE}: environments[dev].cluster`, /cluster name registered with the GitOps engine/),
  },
];

const CHART = { repository: "oci://ghcr.io/acme/charts", name: "search", version: "0.3.1" };
const GATEWAY_TLS = {
  name: "prod",
  hostname: "mcp.example.com",
  exposure: { type: "httproute", gateway: { name: "public", namespace: "gateways" } },
};

/** Answers files that only the MCP rules refuse (src/answers/server-rules.ts, fleet-rules.ts). */
const MCP_FILE_CASES: BadInput[] = [
  {
    name: "answers file with a server on its own chart that sets the bundled chart's port",
    args: run,
    answers: answers({ servers: [{ name: "search", chart: CHART, port: 8080 }] }),
    expect: field(`${FILE}: servers[search].port`, /does not apply to a server on its own chart/),
  },
  {
    name: "answers file with a server on its own chart that answers rbac",
    args: run,
    answers: answers({ servers: [{ name: "search", chart: CHART, rbac: { preset: "cluster-read" } }] }),
    expect: field(`${FILE}: servers[search].rbac`, /does not apply to a server on its own chart/),
  },
  {
    name: "answers file with a server without an image or a chart",
    args: run,
    answers: answers({ servers: [{ name: "weather", port: 8080 }] }),
    expect: /^error: missing required answers: --image <image:tag>/,
  },
  {
    name: "answers file with 101 servers behind one Gateway certificate",
    args: run,
    answers: answers({
      servers: Array.from({ length: 101 }, (_, index) => server({ name: `s${index}`, stateless: true })),
      environments: [GATEWAY_TLS],
    }),
    expect: field(`${FILE}: environments[prod].tls.enabled`, /at most 100 names/),
  },
  {
    name: "answers file with an MCPServer serving SSE",
    args: run,
    answers: withServer({ mode: "mcpserver", transport: "sse", path: "/sse" }),
    expect: field(`${FILE}: servers[weather].transport`, /sse cannot run in mode mcpserver/),
  },
];

export const ANSWERS_FILE_CASES: BadInput[] = [...SYNTAX_CASES, ...CONTENT_CASES, ...MCP_FILE_CASES];

const yes = ["out", "--yes"];
export const TARGET_AND_BLUEPRINT_CASES: BadInput[] = [
  {
    name: "target that is a file",
    args: yes,
    files: { out: "not a folder\n" },
    expect: /^error: \[directory\] .*out: exists and is not a folder/,
  },
  {
    name: "target that is a symlink to another folder",
    args: yes,
    files: { "elsewhere/keep.txt": "x\n", out: "-> elsewhere" },
    expect: /^error: \[directory\] .*out: is a symbolic link/,
  },
  {
    name: "target with a symlinked folder inside (--force)",
    args: [...yes, "--force"],
    files: { "elsewhere/keep.txt": "x\n", "out/charts": "-> ../elsewhere" },
    expect: /^error: \[directory\] .*out\/charts: is a symbolic link/,
  },
  {
    name: "target with a symlinked file inside (--force)",
    args: [...yes, "--force"],
    files: { "elsewhere.txt": "x\n", "out/README.md": "-> ../elsewhere.txt" },
    expect: /^error: \[directory\] .*out\/README\.md: is a symbolic link/,
  },
  {
    name: "target with a file where a folder goes (--force)",
    args: [...yes, "--force"],
    files: { "out/apps": "a file\n" },
    expect: /^error: \[directory\] .*out\/apps: exists and is not a folder/,
  },
  {
    name: "target with a folder where a file goes (--force)",
    args: [...yes, "--force"],
    files: { "out/README.md": "<dir>" },
    expect: /^error: \[directory\] .*out\/README\.md: exists and is not a file/,
  },
  {
    name: "target that is not empty (no --force)",
    args: yes,
    files: { "out/notes.txt": "mine\n" },
    expect: /^error: \[directory\] out: is not empty\. Pass --force/,
  },
  {
    name: "--blueprint with the ext:: transport",
    args: [...yes, "--blueprint", "ext::sh -c touch% /tmp/pwned"],
    expect: /^error: --blueprint .*: no such folder/,
  },
  {
    name: "--blueprint ref that is a git option",
    args: [...yes, "--blueprint", "https://example.invalid/b.git#--upload-pack=touch"],
    expect: /^error: --blueprint .*the ref must be a branch, tag or commit/,
  },
  {
    name: "--blueprint URL with a token in it",
    args: [...yes, "--blueprint", "https://user:tok3n-value@example.invalid/b.git"],
    expect: /^error: --blueprint: the URL carries a password or token/,
    neverShown: ["tok3n-value"],
  },
  {
    name: "--blueprint that is a symlink",
    args: [...yes, "--blueprint", "bp"],
    files: { "real-bp/blueprint.yaml": "name: x\nversion: 1.0.0\n", bp: "-> real-bp" },
    expect: /^error: --blueprint .*bp: is a symbolic link/,
  },
  {
    name: "--blueprint that is a file",
    args: [...yes, "--blueprint", "bp.yaml"],
    files: { "bp.yaml": "name: x\n" },
    expect: /^error: --blueprint .*bp\.yaml: is not a folder/,
  },
  {
    name: "--blueprint folder escaping to the filesystem root",
    args: [...yes, "--blueprint", "../../../../../../.."],
    expect: /^error: --blueprint .*: no blueprint\.yaml found in \//,
  },
];
