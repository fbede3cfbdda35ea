/**
 * The bad-input corpus, part one: flags and `--set`. Each case is a command line (run in an empty temporary folder;
 * the target is `out`) and a regex the one error line must match — naming the flag or field, then the rule.
 * Part two (answers files, target folders, blueprint sources) is in ./bad-answers-files.ts.
 */
export interface BadInput {
  name: string;
  args: string[];
  expect: RegExp;
  /** Written as `answers.yaml` (or `answersName`) before the run: text as is, anything else as JSON. */
  answers?: unknown;
  answersName?: string;
  /** Extra entries to create: content, `<dir>`, or `-> target` for a symbolic link. */
  files?: Record<string, string>;
  /** Text that must appear in no output (credentials). */
  neverShown?: string[];
}

const DNS = /must be a DNS-1123 label/;
const yes = (...args: string[]) => ["out", "--yes", ...args];
const named = (value: string) => yes("--name", value);
const image = (value: string) => yes("--name", "weather", "--image", value);
const set = (...assignments: string[]) => yes(...assignments.flatMap((assignment) => ["--set", assignment]));
/** `error: <flag or field>…: <rule>`; the flag's text is matched literally (an echoed value may be cut short). */
export const field = (flag: string, rule: RegExp) =>
  new RegExp(`^error: ${flag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^\\n]*?: .*${rule.source}`);

const NAME_CASES: BadInput[] = [
  { name: "--name with uppercase", args: named("Weather"), expect: field("--name", DNS) },
  { name: "--name of 41 characters", args: named("a".repeat(41)), expect: field("--name", /at most 40 characters/) },
  { name: "--name starting with a dash", args: yes("--name=-weather"), expect: field("--name", DNS) },
  { name: "--name with a Cyrillic look-alike letter", args: named("w\u0435ather"), expect: field("--name", DNS) },
  { name: "--name with ../", args: named("../evil"), expect: field("--name", DNS) },
  { name: "--name with a slash", args: named("team/weather"), expect: field("--name", DNS) },
  { name: "--name with a trailing newline", args: named("weather\n"), expect: field("--name", DNS) },
  { name: "--name that is YAML ': '", args: named("a: b"), expect: field("--name", DNS) },
  { name: "--name that is a YAML comment", args: named("#weather"), expect: field("--name", DNS) },
  { name: "--name that is a YAML flow mapping", args: named("{a: 1}"), expect: field("--name", DNS) },
  { name: "--name that is a YAML flow sequence", args: named("[a]"), expect: field("--name", DNS) },
  { name: "--name that is a YAML alias", args: named("*alias"), expect: field("--name", DNS) },
  { name: "--name that is a YAML anchor", args: named("&anchor"), expect: field("--name", DNS) },
  { name: "--name that is a YAML tag", args: named("!!python/object:os.system"), expect: field("--name", DNS) },
  { name: "--name that is a document separator", args: yes("--name=---"), expect: field("--name", DNS) },
  {
    name: "--name with a value that reads as a flag",
    args: named("---"),
    expect: field("--name", /its value starts with '-'; write --name=<value>/),
  },
  { name: "--name that is a block scalar indicator", args: named("|"), expect: field("--name", DNS) },
  { name: "--name that is an EJS tag", args: named("<%= process.exit(0) %>"), expect: field("--name", DNS) },
  {
    name: "--name of 100,000 characters",
    args: named("x".repeat(100_000)),
    expect: field("--name", /at most 40 characters/),
  },
  {
    name: "--name that YAML reads as a boolean",
    args: named("on"),
    expect: field("--name", /must not be a word YAML reads as a boolean, null or number/),
  },
  {
    name: "--name that YAML reads as a number",
    args: named("123"),
    expect: field("--name", /must not be a word YAML reads as a boolean, null or number/),
  },
  {
    name: "--envs with a name YAML reads as a boolean",
    args: yes("--envs", "dev,no"),
    expect: field("--envs", /must not be a word YAML reads as a boolean/),
  },
  { name: "--envs with uppercase", args: yes("--envs", "dev,Prod"), expect: field("--envs", DNS) },
  { name: "--envs with ../", args: yes("--envs", "dev,../prod"), expect: field("--envs", DNS) },
  { name: "--envs with a slash", args: yes("--envs", "dev,prod/eu"), expect: field("--envs", DNS) },
  { name: "--envs with a space inside a name", args: yes("--envs", "dev,pr od"), expect: field("--envs", DNS) },
  {
    name: "--envs naming one environment twice",
    args: yes("--envs", "dev,dev"),
    expect: field("--envs", /duplicates the name 'dev'/),
  },
  { name: "--envs empty", args: yes("--envs", ""), expect: field("--envs", DNS) },
  { name: "--envs with an empty name", args: yes("--envs", "dev,,prod"), expect: field("--envs", DNS) },
  {
    name: "--envs with a 21-character name",
    args: yes("--envs", "e".repeat(21)),
    expect: field("--envs", /at most 20 characters/),
  },
];

const FLAG_CASES: BadInput[] = [
  {
    name: "--image with a space and a shell command",
    args: image("ghcr.io/acme/w:1.0 ; rm -rf /"),
    expect: field("--image", /no spaces or shell characters|invalid tag/),
  },
  { name: "--image with $(...)", args: image("ghcr.io/acme/w:$(id)"), expect: field("--image", /invalid tag/) },
  { name: "--image with backticks", args: image("`id`/w:1.0"), expect: field("--image", /must be an image reference/) },
  { name: "--image with a pipe", args: image("ghcr.io/acme/w:1.0|sh"), expect: field("--image", /invalid tag/) },
  {
    name: "--image with uppercase in the path",
    args: image("ghcr.io/Acme/w:1.0"),
    expect: field("--image", /must be an image reference/),
  },
  {
    name: "--image without a tag",
    args: image("ghcr.io/acme/w"),
    expect: field("--image", /must be pinned to a tag or digest/),
  },
  {
    name: "--image tagged latest",
    args: image("ghcr.io/acme/w:latest"),
    expect: field("--image", /must not use the tag 'latest'/),
  },
  {
    name: "--image with a short digest",
    args: image("ghcr.io/acme/w@sha256:abc"),
    expect: field("--image", /malformed digest/),
  },
  { name: "--port 0", args: yes("--port", "0"), expect: field("--port", /from 1 to 65535/) },
  { name: "--port 65536", args: yes("--port", "65536"), expect: field("--port", /from 1 to 65535/) },
  { name: "--port 80a", args: yes("--port", "80a"), expect: field("--port", /from 1 to 65535/) },
  { name: "--port -1", args: yes("--port=-1"), expect: field("--port", /from 1 to 65535/) },
  { name: "--port 3.5", args: yes("--port", "3.5"), expect: field("--port", /from 1 to 65535/) },
  { name: "--gitops helm", args: yes("--gitops", "helm"), expect: field("--gitops", /must be one of flux, argocd/) },
  {
    name: "--transport websocket",
    args: yes("--transport", "websocket"),
    expect: field("--transport", /must be one of/),
  },
  {
    name: "--mode daemonset",
    args: yes("--mode", "daemonset"),
    expect: field("--mode", /must be one of deployment, mcpserver/),
  },
  { name: "--path without a leading slash", args: yes("--path", "mcp"), expect: field("--path", /must be a URL path/) },
  { name: "--path with a query", args: yes("--path", "/mcp?debug=1"), expect: field("--path", /must be a URL path/) },
  { name: "--path with a space", args: yes("--path", "/m cp"), expect: field("--path", /must be a URL path/) },
  { name: "an unknown flag", args: yes("--frobnicate"), expect: /^error: .*--frobnicate/ },
  { name: "an empty directory argument", args: ["", "--yes"], expect: /^error: \[directory\]: is empty/ },
  { name: "two directories", args: ["out", "other", "--yes"], expect: /^error: \[directory\]: expected one directory/ },
  {
    name: "a directory with a newline",
    args: ["out\n", "--yes"],
    expect: /^error: \[directory\] "out\\n": contains control characters/,
  },
];

const HOST = "environments.prod.hostname";
const SET_CASES: BadInput[] = [
  {
    name: "--set hostname with a wildcard in the middle",
    args: set(`${HOST}=mcp.*.example.com`),
    expect: field(`--set ${HOST}=mcp.*.example.com`, /must be a DNS name/),
  },
  {
    name: "--set hostname with a glued wildcard",
    args: set(`${HOST}=*example.com`),
    expect: field(`--set ${HOST}=*example.com`, /wildcard only as the whole first label/),
  },
  {
    name: "--set hostname with a double wildcard",
    args: set(`${HOST}=**.example.com`),
    expect: field(`--set ${HOST}`, /must be a DNS name/),
  },
  {
    name: "--set hostname with a trailing newline",
    args: set(`${HOST}=mcp.example.com\n`),
    expect: field(`--set ${HOST}="mcp.example.com\\n"`, /must be a DNS name/),
  },
  {
    name: "--set hostname in uppercase",
    args: set(`${HOST}=MCP.example.com`),
    expect: field(`--set ${HOST}`, /lowercase/),
  },
  {
    name: "--set hostname without a domain",
    args: set(`${HOST}=localhost`),
    expect: field(`--set ${HOST}`, /must be a DNS name/),
  },
  {
    name: "--set an unknown server field",
    args: set("servers.everything.nope=1"),
    expect: field("--set servers.everything.nope=1", /unknown field 'nope' \(allowed: name, /),
  },
  {
    name: "--set an environment that does not exist",
    args: set("environments.qa.replicas=2"),
    expect: field("--set environments.qa.replicas=2", /there is no 'qa' in environments \(known: dev, staging, prod\)/),
  },
  {
    name: "--set an unknown top-level answer",
    args: set("nope=1"),
    expect: field("--set nope=1", /unknown field 'nope'/),
  },
  {
    name: "--set replicas to a word",
    args: set("environments.prod.replicas=many"),
    expect: field("--set environments.prod.replicas=many", /whole number from 0 to 100/),
  },
  {
    name: "--set replicas negative",
    args: set("environments.prod.replicas=-1"),
    expect: field("--set environments.prod.replicas=-1", /whole number from 0 to 100/),
  },
  {
    name: "--set an invalid variable name",
    args: set("servers.everything.env.1BAD=x"),
    expect: field(
      "--set servers.everything.env.1BAD=x",
      /is not allowed as a key: must be an environment variable name/,
    ),
  },
  {
    name: "--set a list item instead of a field",
    args: set("servers.everything=x"),
    expect: field("--set servers.everything=x", /name a field of servers\.everything/),
  },
  {
    name: "--set without '='",
    args: set("servers.everything.port"),
    expect: field("--set servers.everything.port", /expected path=value/),
  },
  {
    name: "--set with an empty path segment",
    args: set("servers..port=1"),
    expect: field("--set servers..port=1", /empty segment/),
  },
  {
    name: "--set a control character in a description",
    args: set("servers.everything.description=a\u0007b"),
    expect: field('--set servers.everything.description="a\\u0007b"', /control characters/),
  },
  {
    name: "--set PORT, which the chart sets from port",
    args: set("servers.everything.env.PORT=8080"),
    expect: field(
      "--set servers.everything.env.PORT=8080",
      /is set by the chart from the server's port; set port instead/,
    ),
  },
  {
    name: "--set a C1 control character (NEL) in an env value",
    args: set("servers.everything.env.GREETING=a\u0085b"),
    expect: field("--set servers.everything.env.GREETING=", /control characters/),
  },
  {
    name: "--set an ESC control character in an annotation in Helm values",
    args: set("servers.everything.values.podAnnotations.note=\u001b[31mred"),
    expect: field("--set servers.everything.values.podAnnotations.note=", /must not contain control characters/),
  },
  {
    name: "--set a 3,000-character description",
    args: set(`servers.everything.description=${"d".repeat(3000)}`),
    expect: field("--set servers.everything.description=ddd", /at most 2048 characters/),
  },
  {
    name: "--set a git branch with '..'",
    args: set("repository.baseBranch=main..x"),
    expect: field("--set repository.baseBranch=main..x", /is not a branch name git accepts: it contains '\.\.'/),
  },
  {
    name: "--set a git branch with a hidden path component",
    args: set("repository.baseBranch=feature/.hidden"),
    expect: field("--set repository.baseBranch=feature/.hidden", /a path component starts with '\.'/),
  },
  {
    name: "--set a git branch named HEAD",
    args: set("repository.baseBranch=HEAD"),
    expect: field("--set repository.baseBranch=HEAD", /'HEAD' is reserved by git/),
  },
  {
    name: "--set a repository owner ending with '-'",
    args: set("repository.owner=acme-"),
    expect: field("--set repository.owner=acme-", /must be a GitHub user or organisation name/),
  },
  {
    name: "--set a repository URL with the ext:: transport",
    args: set("repository.url=ext::sh -c touch% /tmp/pwned"),
    expect: field("--set repository.url", /must be a git URL/),
  },
  {
    name: "--set an unknown security override",
    args: set('servers.everything.securityOverrides=["everything"]'),
    expect: field("--set servers.everything.securityOverrides", /must be one of runAsRoot, /),
  },
];

const SECRET = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";
const VALUES = "servers.everything.values";
const SECURITY_CASES: BadInput[] = [
  {
    name: "--set a secret-looking env variable",
    args: set("servers.everything.env.API_TOKEN=s3cr3t-value"),
    expect: field(
      "--set servers.everything.env.API_TOKEN=<redacted>",
      /External Secrets.*Sealed Secrets.*secretEnvFrom/,
    ),
    neverShown: ["s3cr3t-value"],
  },
  {
    name: "--set a password in Helm values",
    args: set(`${VALUES}.auth.adminPassword=hunter2-hunter2`),
    expect: field(
      `--set ${VALUES}.auth.adminPassword=<redacted>`,
      /looks like a secret.*External Secrets fetch it \(servers\[\]\.managedSecrets, an ExternalSecret\).*Sealed Secrets \(SealedSecret\)/,
    ),
    neverShown: ["hunter2-hunter2"],
  },
  {
    name: "--set a GitHub token in Helm values",
    args: set(`${VALUES}.note=${SECRET}`),
    expect: field(`--set ${VALUES}.note=<redacted>`, /GitHub token.*secretEnvFrom/),
    neverShown: [SECRET],
  },
  {
    name: "--set a secret env variable inside Helm values",
    args: set(`${VALUES}.env.DB_PASSWORD=pw-123456`),
    expect: field(`--set ${VALUES}.env.DB_PASSWORD=<redacted>`, /looks like a secret/),
    neverShown: ["pw-123456"],
  },
  {
    name: "--set privileged without an override",
    args: set(`${VALUES}.securityContext.privileged=true`),
    expect: field(
      `--set ${VALUES}.securityContext.privileged=true`,
      /weakens a security default \(runs the container privileged\).*add 'privileged' to servers\[everything\]\.securityOverrides/,
    ),
  },
  {
    name: "--set runAsNonRoot false without an override",
    args: set(`${VALUES}.podSecurityContext.runAsNonRoot=false`),
    expect: field(
      `--set ${VALUES}.podSecurityContext.runAsNonRoot=false`,
      /add 'runAsRoot' to servers\[everything\]\.securityOverrides/,
    ),
  },
  {
    name: "--set hostNetwork in an environment without an override",
    args: set("environments.prod.values.hostNetwork=true"),
    expect: field(
      "--set environments.prod.values.hostNetwork=true",
      /add 'hostNamespaces' to environments\[prod\]\.securityOverrides/,
    ),
  },
  {
    name: "--set a hostPath volume without an override",
    args: set(`${VALUES}.volumes=[{"name":"host","hostPath":{"path":"/"}}]`),
    expect: field(`--set ${VALUES}.volumes=`, /mounts a folder of the node \(hostPath\).*'hostPath'/),
  },
  {
    name: "--set the image tag latest in Helm values",
    args: set(`${VALUES}.image.tag=latest`),
    expect: field(`--set ${VALUES}.image.tag=latest`, /'unpinnedImage'/),
  },
  {
    name: "--set capabilities.add without an override",
    args: set(`${VALUES}.securityContext.capabilities={"add":["NET_ADMIN"],"drop":["ALL"]}`),
    expect: field(`--set ${VALUES}.securityContext.capabilities=`, /'capabilities'/),
  },
  {
    name: "--set the service-account token on",
    args: set(`${VALUES}.serviceAccount.automountToken=true`),
    expect: field(`--set ${VALUES}.serviceAccount.automountToken=true`, /'serviceAccountToken'/),
  },
  {
    name: "--set resources limits to null",
    args: set(`${VALUES}.resources.limits=null`),
    expect: field(`--set ${VALUES}.resources.limits=null`, /removes resource requests or limits/),
  },
];

/** A server of the user's own, given by flags: none of the example's answers carry over. */
const own = (...args: string[]) => yes("--name", "weather", "--image", "ghcr.io/acme/weather:1.0.0", ...args);
const ownSet = (...assignments: string[]) => own(...assignments.flatMap((assignment) => ["--set", assignment]));

/** What an MCP client, kagent and the SDKs need of a server (src/answers/server-rules.ts, fleet-rules.ts). */
const MCP_CASES: BadInput[] = [
  {
    name: "--name without --image under --yes (the example is not renamed)",
    args: yes("--name", "weather"),
    expect: /^error: missing required answers: --image <image:tag>/,
  },
  {
    name: "--transport without --name and --image under --yes",
    args: yes("--transport", "streamable-http"),
    expect: /^error: missing required answers: --name <server-name>, --image <image:tag>/,
  },
  {
    name: "--mode mcpserver with --transport sse (kagent speaks streamable HTTP)",
    args: own("--mode", "mcpserver", "--transport", "sse"),
    expect: field("--transport", /sse cannot run in mode mcpserver: kagent always calls .*\/mcp with streamable HTTP/),
  },
  {
    name: "--mode mcpserver with a path other than /mcp",
    args: own("--mode", "mcpserver", "--path", "/v1/mcp"),
    expect: field("--path", /must be \/mcp in mode mcpserver: kagent ignores the MCPServer's path/),
  },
  {
    name: "--transport stdio --mode mcpserver without --command",
    args: own("--transport", "stdio", "--mode", "mcpserver"),
    // A server described by flags: what it lacks is named as the flag to add.
    expect: field("--command", /is required for a stdio server in mode mcpserver.*--command/),
  },
  {
    name: "--transport stdio with a path other than /mcp",
    args: own("--transport", "stdio", "--mode", "mcpserver", "--command", "files-mcp --stdio", "--path", "/sse"),
    expect: field("--path", /must be \/mcp in mode mcpserver/),
  },
  {
    name: "stateless with transport sse",
    args: ownSet("servers.weather.stateless=true").concat("--transport", "sse"),
    expect: field("--set servers.weather.stateless=true", /cannot be true for an SSE server/),
  },
  {
    name: "stateless as a word",
    args: ownSet("servers.weather.stateless=maybe"),
    expect: field("--set servers.weather.stateless=maybe", /must be true or false/),
  },
  {
    name: "sessionAffinity clientIP in mode mcpserver",
    args: ownSet("servers.weather.sessionAffinity=clientIP").concat("--mode", "mcpserver"),
    expect: field(
      "--set servers.weather.sessionAffinity=clientIP",
      /needs mode deployment: the Service kagent creates/,
    ),
  },
  {
    name: "sessionAffinity clientIP behind an Ingress",
    args: ownSet(
      "servers.weather.sessionAffinity=clientIP",
      "environments.prod.exposure.type=ingress",
      "environments.prod.hostname=mcp.example.com",
    ),
    expect: field("--set servers.weather.sessionAffinity=clientIP", /prod \(ingress\) expose the servers/),
  },
  {
    name: "sessionAffinity by header",
    args: ownSet("servers.weather.sessionAffinity=mcp-session-id"),
    expect: field("--set servers.weather.sessionAffinity=mcp-session-id", /must be one of none, clientIP/),
  },
  {
    name: "rbac custom without rules",
    args: ownSet("servers.weather.rbac.preset=custom"),
    expect: field("servers[weather].rbac.rules", /must list the rules of preset custom/),
  },
  {
    name: "rbac rules with another preset",
    args: ownSet('servers.weather.rbac.rules=[{"resources":["pods"],"verbs":["get"]}]'),
    expect: field("--set servers.weather.rbac.rules", /apply only to preset custom \(the preset is none\)/),
  },
  {
    name: "rbac with an unknown preset",
    args: ownSet("servers.weather.rbac.preset=admin"),
    expect: field(
      "--set servers.weather.rbac.preset=admin",
      /must be one of none, cluster-read, namespace-read, custom/,
    ),
  },
  {
    name: "rbac custom rule with a verb Kubernetes does not have",
    args: ownSet(
      "servers.weather.rbac.preset=custom",
      'servers.weather.rbac.rules=[{"resources":["pods"],"verbs":["read"]}]',
    ),
    expect: field("--set servers.weather.rbac.rules", /must be one of get, list, watch, create/),
  },
  {
    name: "outbound custom without egress rules",
    args: ownSet("environments.prod.networkPolicy.outbound=custom"),
    expect: field("--set environments.prod.networkPolicy.outbound=custom", /custom needs egress rules/),
  },
  {
    name: "outbound none with egress rules",
    args: ownSet(
      "environments.prod.networkPolicy.outbound=none",
      'environments.prod.networkPolicy.egress=[{"cidr":"10.0.0.0/8","ports":[5432]}]',
    ),
    expect: field("--set environments.prod.networkPolicy.outbound=none", /none allows only cluster DNS/),
  },
  {
    name: "outbound of a server that is not a destination",
    args: ownSet("servers.weather.outbound=everywhere"),
    expect: field("--set servers.weather.outbound=everywhere", /must be one of none, in-cluster, internet, custom/),
  },
  {
    name: "a server on its own chart given an image",
    args: own(
      "--set",
      'servers.weather.chart={"repository":"oci://ghcr.io/acme/charts","name":"weather","version":"1.0.0"}',
    ),
    expect: field("--image", /does not apply to a server on its own chart \(chart is set\)/),
  },
  {
    name: "metrics.enabled as a word",
    args: ownSet("servers.weather.metrics.enabled=sometimes"),
    expect: field("--set servers.weather.metrics.enabled=sometimes", /must be true or false/),
  },
  {
    name: "kagent namespace that is not a namespace",
    args: ownSet("environments.prod.networkPolicy.kagentNamespace=Kagent"),
    expect: field("--set environments.prod.networkPolicy.kagentNamespace=Kagent", /must be a DNS-1123 label/),
  },
];

/** Helm values the answers schema cannot judge but the bundled chart's values.schema.json can: checked before writing. */
const CHART_SCHEMA = /the chart's values\.schema\.json/;
const CHART_VALUES_CASES: BadInput[] = [
  {
    name: "--set a value the chart does not have",
    args: set(`${VALUES}.persistence.enabled=true`),
    expect: field(`--set ${VALUES}.persistence.enabled=true`, /is not a value the chart's values\.schema\.json allows/),
  },
  {
    name: "--set an environment's Service type the chart refuses",
    args: set("environments.prod.values.service.type=Bogus"),
    expect: field(
      "--set environments.prod.values.service.type=Bogus",
      /must be one of "ClusterIP", "NodePort", "LoadBalancer"/,
    ),
  },
  {
    name: "--set a negative replica count in Helm values",
    args: set("environments.dev.values.replicaCount=-1"),
    expect: field("--set environments.dev.values.replicaCount=-1", /must be >= 0.*values\.schema\.json/),
  },
  {
    name: "--set a mapping where the chart wants a number",
    args: set(`${VALUES}.mcp.port={"number":8080}`),
    expect: field(`--set ${VALUES}.mcp.port=`, CHART_SCHEMA),
  },
  {
    name: "answers file with an environment value the chart refuses",
    args: ["out", "--yes", "--answers", "answers.yaml"],
    answers: "environments:\n  - name: prod\n    values:\n      exposure:\n        type: gateway\n",
    expect: field(
      "--answers answers.yaml: environments[prod].values.exposure.type",
      /must be one of "none", "ingress", "httproute"/,
    ),
  },
  {
    name: "--set a revision git refuses",
    args: set("environments.prod.revision=release..prod"),
    expect: field(
      "--set environments.prod.revision=release..prod",
      /is not a branch or tag .*git accepts: it contains '\.\.'/,
    ),
  },
  {
    name: "--set what installs a prerequisite the repository installs itself",
    args: set("infrastructure.certManager.install=true", "infrastructure.certManager.dependsOn=infra/cert-manager"),
    expect: field("--set infrastructure.certManager.dependsOn=infra/cert-manager", /applies only with install: false/),
  },
  {
    name: "--set an unknown prerequisite",
    args: set("infrastructure.istio.install=true"),
    expect: field(
      "--set infrastructure.istio.install=true",
      /unknown field 'istio' \(allowed: gatewayApi, certManager/,
    ),
  },
];

export const FLAG_AND_SET_CASES: BadInput[] = [
  ...NAME_CASES,
  ...FLAG_CASES,
  ...SET_CASES,
  ...SECURITY_CASES,
  ...MCP_CASES,
  ...CHART_VALUES_CASES,
];
