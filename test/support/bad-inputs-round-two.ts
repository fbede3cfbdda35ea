/**
 * The bad-input corpus, part three (issue 19, "round two"): credentials in every answer that reaches Git, layouts
 * whose names collide, prototype keys and deep input, numbers and text that would change on the way, and limits
 * named in their messages. Same rules as parts one and two: exit 2, one line naming the field and the rule, nothing
 * written.
 */
import { field, type BadInput } from "./bad-inputs.js";

const yes = (...args: string[]) => ["out", "--yes", ...args];
const set = (...assignments: string[]) => yes(...assignments.flatMap((assignment) => ["--set", assignment]));
const run = ["out", "--answers", "answers.yaml"];
const FILE = "--answers answers.yaml";

const GITHUB = "ghp_R8cZ4kq2Vx7LmN3pW9sT1yB6dF0hJ5gA2eUo";
const SLACK = "xoxb-2401239876543-4059871234567-Zq8rT2vLm9XcP4sK7wN1bY3d";
const GITLAB = "glpat-Xy7Kp2Qm9Rt4Vw8Zs3Lb";
const AWS = "AKIAZ7VRSQ5TXY3VQJ4L";
// OpenAI project keys: 74 characters, the marker T3BlbkFJ, 74 more.
const OPENAI = `sk-proj-${"Ab3De5Fg7Hj9Kl1Mn3Pq5Rs7Tu9Vw1Xy3Za5Bc7De9Fg1Hj3Kl5Mn7Pq9Rs1Tu3Vw5Xy7Za9Bc"}T3BlbkFJ${"Zx8Cv6Bn4Mq2Wr0Ty8Ui6Op4As2Df0Gh8Jk6Lz4Xc2Vb0Nm8Qw6Er4Ty2Ui0Op8As6Df4Gh2Jk"}`;
const ENV = "servers.everything.env";
const SECRET_ADVICE = /which must not be stored in Git; .*secretEnvFrom/;

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

const CREDENTIAL_CASES: BadInput[] = [
  {
    name: "--set an env variable whose name the credential names miss, holding a GitHub token",
    args: set(`${ENV}.GH_PAT=${GITHUB}`),
    expect: field(
      `--set ${ENV}.GH_PAT=<redacted>`,
      /a GitHub token \(secretlint rule github\), which must not be stored in Git/,
    ),
    neverShown: [GITHUB],
  },
  ...(
    [
      ["a Slack token", "NOTIFY", SLACK, /a Slack token/],
      ["a GitLab token", "UPSTREAM", GITLAB, /a GitLab token/],
      ["an AWS access key", "AWS_ID", AWS, /an AWS access key id/],
      ["an OpenAI project key", "MODEL", OPENAI, /an OpenAI (key|token)/],
    ] as const
  ).map(([what, name, value, rule]) => ({
    name: `--set an env value that is ${what}`,
    args: set(`${ENV}.${name}=${value}`),
    expect: field(`--set ${ENV}.${name}=<redacted>`, new RegExp(`${rule.source}.*${SECRET_ADVICE.source}`)),
    neverShown: [value],
  })),
  {
    name: "--set DATABASE_URL with a password in it",
    args: set(`${ENV}.DATABASE_URL=postgres://app:hunter2-db@db.example.com:5432/app`),
    expect: field(`--set ${ENV}.DATABASE_URL=<redacted>`, /a password in a URL.*secretEnvFrom/),
    neverShown: ["hunter2-db"],
  },
  {
    name: "--set a token in args",
    args: set(`servers.everything.args=["--verbose","${GITHUB}"]`),
    expect: field("--set servers.everything.args", /a GitHub token/),
    neverShown: [GITHUB],
  },
  {
    name: "--set a password as --password=… in args",
    args: set('servers.everything.args=["--password=hunter2-args"]'),
    expect: field("--set servers.everything.args", /looks like a secret/),
    neverShown: ["hunter2-args"],
  },
  {
    name: "--set a credential flag followed by its value in args",
    args: set('servers.everything.args=["--api-key","k3y-value-for-api"]'),
    expect: field("--set servers.everything.args", /looks like a secret/),
    neverShown: ["k3y-value-for-api"],
  },
  {
    name: "--set a token in command",
    args: set(`servers.everything.command=["serve","--gh=${GITHUB}"]`),
    expect: field("--set servers.everything.command", /a GitHub token/),
    neverShown: [GITHUB],
  },
  {
    name: "--set a token in a description",
    args: set(`servers.everything.description=use ${SLACK} to post`),
    expect: field("--set servers.everything.description=<redacted>", /a Slack token/),
    neverShown: [SLACK],
  },
  {
    name: "--set a repository URL with a token as userinfo",
    args: set(`repository.url=https://x-access-token:${GITHUB}@github.com/acme/fleet.git`),
    expect: field("--set repository.url=<redacted>", /give the URL without credentials/),
    neverShown: [GITHUB],
  },
  {
    name: "--set a cluster URL with user:password",
    args: yes("--gitops", "argocd", "--set", "environments.prod.cluster=https://admin:s3cret-pw@k8s.example.com:6443"),
    expect: field("--set environments.prod.cluster=<redacted>", /a password in a URL.*without credentials/),
    neverShown: ["s3cret-pw"],
  },
  {
    name: "--set a Slack token in a pod annotation",
    args: set(`servers.everything.values.podAnnotations.hook=${SLACK}`),
    expect: field("--set servers.everything.values.podAnnotations.hook=<redacted>", /a Slack token/),
    neverShown: [SLACK],
  },
  {
    name: "answers file with a token-shaped env value",
    args: run,
    answers: answers({ servers: [server({ env: { UPSTREAM: GITLAB } })] }),
    expect: field(`${FILE}: servers[weather].env.UPSTREAM`, /a GitLab token/),
    neverShown: [GITLAB],
  },
];

const LAYOUT_CASES: BadInput[] = [
  {
    name: "an environment named base",
    args: yes("--envs", "dev,base"),
    expect: field("--envs", /'base' is the name of a folder of the repository's layout/),
  },
  {
    name: "an environment named root",
    args: yes("--gitops", "argocd", "--envs", "dev,root"),
    expect: field("--envs", /'root' is the name of a folder of the repository's layout/),
  },
  {
    name: "servers and environments whose names join to the same name",
    args: run,
    answers: answers({
      servers: [server({ name: "a-b" }), server({ name: "a" })],
      environments: [{ name: "c" }, { name: "b-c" }],
    }),
    expect: field(
      `${FILE}: environments[b-c].name`,
      /server 'a' in environment 'b-c' and server 'a-b' in environment 'c' both make the name 'a-b-c'/,
    ),
  },
  {
    name: "two environments deploying into one namespace of one cluster",
    args: run,
    answers: answers({
      gitops: "argocd",
      environments: [
        { name: "dev", namespace: "mcp" },
        { name: "prod", namespace: "mcp" },
      ],
    }),
    expect: field(
      `${FILE}: environments[prod].namespace`,
      /namespace 'mcp' of cluster in-cluster, like environment 'dev'/,
    ),
  },
  ...["kube-system", "flux-system", "argocd", "kagent"].map((namespace) => ({
    name: `an environment namespace ${namespace} without the override`,
    args: set(`environments.prod.namespace=${namespace}`),
    expect: field(
      `--set environments.prod.namespace=${namespace}`,
      /a namespace Kubernetes or a controller reserves.*allowReservedNamespace: true/,
    ),
  })),
];

const DEEP = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;
const PROTOTYPE_CASES: BadInput[] = [
  { name: "--set toString=1", args: set("toString=1"), expect: field("--set toString=1", /unknown field 'toString'/) },
  {
    name: "--set hasOwnProperty=1",
    args: set("hasOwnProperty=1"),
    expect: field("--set hasOwnProperty=1", /unknown field 'hasOwnProperty'/),
  },
  ...["__proto__", "constructor", "prototype"].map((key) => ({
    name: `--set ${key}=1`,
    args: set(`${key}=1`),
    expect: field(`--set ${key}=1`, new RegExp(`'${key}' is not allowed as a key`)),
  })),
  {
    name: "--set values.__proto__.isAdmin",
    args: set("servers.everything.values.__proto__.isAdmin=true"),
    expect: field("--set servers.everything.values.__proto__.isAdmin=true", /'__proto__' is not allowed as a key/),
  },
  {
    name: "--set a JSON value with a __proto__ key",
    args: set('servers.everything.values.x={"__proto__":{"isAdmin":true}}'),
    expect: field("--set servers.everything.values.x=", /__proto__: '__proto__' is not allowed as a key/),
  },
  {
    name: "answers file with a top-level __proto__ key",
    args: run,
    answers:
      'gitops: flux\n__proto__: {isAdmin: true}\nservers: [{name: weather, image: "ghcr.io/acme/weather:1.0.0"}]\nenvironments: [{name: dev}]\n',
    expect: field(FILE, /__proto__: '__proto__' is not allowed as a key/),
  },
  {
    name: "answers file with a constructor key inside values",
    args: run,
    answers: answers({ servers: [server({ values: { constructor: { prototype: { polluted: true } } } })] }),
    expect: field(FILE, /servers\[0\]\.values\.constructor: 'constructor' is not allowed as a key/),
  },
  {
    name: "answers file with values nested 700 levels deep",
    args: run,
    answers: `gitops: flux\nservers:\n  - name: weather\n    image: ghcr.io/acme/weather:1.0.0\n    values: {deep: ${DEEP(700)}}\nenvironments: [{name: dev}]\n`,
    expect: field(FILE, /is nested more than 64 levels deep/),
  },
  {
    name: "--set a JSON value nested 700 levels deep",
    args: set(`servers.everything.values.deep=${DEEP(700)}`),
    expect: field("--set servers.everything.values.deep=", /is nested more than 64 levels deep/),
  },
  {
    name: "--set a path of 700 keys",
    args: set(`servers.everything.values.${Array.from({ length: 700 }, (_, i) => `k${i}`).join(".")}=1`),
    expect: field("--set servers.everything.values.k0", /the path has more than 64 segments/),
  },
  {
    name: "answers file with a self-referencing alias",
    args: run,
    answers:
      'gitops: flux\nservers:\n  - name: weather\n    image: "ghcr.io/acme/weather:1.0.0"\n    values: &v {self: *v}\nenvironments: [{name: dev}]\n',
    expect: field(FILE, /refers to itself/),
  },
  {
    name: "answers file whose aliases expand a large anchor 49 times",
    args: run,
    answers: `gitops: flux\nservers:\n  - name: weather\n    image: "ghcr.io/acme/weather:1.0.0"\n    values:\n      a: &big "${"x".repeat(900_000)}"\n${Array.from({ length: 49 }, (_, i) => `      c${i}: *big`).join("\n")}\nenvironments: [{name: dev}]\n`,
    expect: field(FILE, /expands to more than 4 MiB/),
  },
];

const VALUE_CASES: BadInput[] = [
  {
    name: "answers file with an integer beyond 2^53",
    args: run,
    answers:
      'gitops: flux\nservers:\n  - name: weather\n    image: "ghcr.io/acme/weather:1.0.0"\n    values: {big: 9007199254740993}\nenvironments: [{name: dev}]\n',
    expect: field(FILE, /values\.big: is a whole number beyond 9007199254740991, which would be rounded/),
  },
  {
    name: "--set a JSON integer beyond 2^53",
    args: set("servers.everything.values.ids=[12345678901234567890]"),
    expect: field("--set servers.everything.values.ids=", /is a whole number beyond 9007199254740991/),
  },
  {
    name: "answers file with .inf",
    args: run,
    answers:
      'gitops: flux\nservers:\n  - name: weather\n    image: "ghcr.io/acme/weather:1.0.0"\n    values: {limit: .inf}\nenvironments: [{name: dev}]\n',
    expect: field(FILE, /values\.limit: is not a number JSON can hold/),
  },
  {
    name: "answers file that is not valid UTF-8",
    args: run,
    answers: Buffer.concat([
      Buffer.from("gitops: flux\nservers: [{name: w"),
      Buffer.from([0xff, 0xfe, 0x41]),
      Buffer.from("}]\n"),
    ]),
    expect: field(FILE, /is not valid UTF-8 \(byte 31: 0xff\); save it as UTF-8/),
  },
  {
    name: "answers file in UTF-16 without a byte-order mark",
    args: run,
    answers: Buffer.from("gitops: flux\n", "utf16le"),
    expect: field(FILE, /looks like UTF-16 without a byte-order mark/),
  },
  {
    name: "answers file with 1,000 servers",
    args: run,
    answers: answers({ servers: Array.from({ length: 1000 }, (_, i) => server({ name: `s${i}` })) }),
    expect: field(`${FILE}: servers`, /must list at most 500 servers/),
  },
  {
    name: "answers file with 21 environments",
    args: run,
    answers: answers({ environments: Array.from({ length: 21 }, (_, i) => ({ name: `e${i}` })) }),
    expect: field(`${FILE}: environments`, /must list at most 20 environments/),
  },
  {
    name: "answers file with 257 args",
    args: run,
    answers: answers({ servers: [server({ args: Array.from({ length: 257 }, (_, i) => `a${i}`) })] }),
    expect: field(`${FILE}: servers[weather].args`, /must list at most 256 args/),
  },
  {
    name: "a hostname that makes <server>.<hostname> longer than 253 characters",
    args: set(`environments.prod.hostname=${[60, 60, 60, 60].map((n) => "h".repeat(n)).join(".")}.io`),
    expect: field("--set environments.prod.hostname=", /a host name of 257 characters; a DNS name has at most 253/),
  },
  {
    name: "a cluster URL with port 99999",
    args: yes("--gitops", "argocd", "--set", "environments.prod.cluster=https://k8s.example.com:99999"),
    expect: field("--set environments.prod.cluster=https://k8s.example.com:99999", /is the port from 1 to 65535/),
  },
  {
    name: "an errorMatcher that is not an RE2 expression",
    args: set('monitoring.metrics.errorMatcher=code=~"(a)\\1"'),
    expect: field(
      "--set monitoring.metrics.errorMatcher=",
      /a regular expression that is not RE2 syntax, which Prometheus uses/,
    ),
  },
];

export const ROUND_TWO_CASES: BadInput[] = [...CREDENTIAL_CASES, ...LAYOUT_CASES, ...PROTOTYPE_CASES, ...VALUE_CASES];
