/**
 * fast-check arbitraries for *valid* answers whose free-text values are as awkward as the schema allows: text that
 * is YAML syntax, EJS tags, Go-template and shell syntax, quotes and backslashes, unicode (including the line and
 * paragraph separators and a byte-order mark), leading and trailing spaces, line breaks and very long lines.
 * Every generated value must come back unchanged from the files the tool writes.
 */
import fc from "fast-check";
import { resourceName, SECRET_NAME } from "../../src/answers/rules.js";

const AWKWARD = [
  "a: b",
  "- item",
  "# not a comment",
  "{not: a map}",
  "[not, a list]",
  "*alias",
  "&anchor",
  "!!python/object:os.system",
  "!custom tag",
  "---",
  "...",
  "|",
  ">-",
  "? key",
  "%YAML 1.1",
  "@at",
  "`backtick`",
  "<%= answers %>",
  "<%- include('x') %>",
  "<% process.exit(1) %>",
  "{{ .Values.secret }}",
  "{{- toYaml . }}",
  "${HOME}",
  "$(id)",
  "; rm -rf /",
  "'single'",
  '"double"',
  "back\\slash",
  "C:\\path\\",
  "\\n",
  "true",
  "False",
  "null",
  "~",
  "yes",
  "no",
  "on",
  "0x1F",
  "1e3",
  "010",
  "-.inf",
  ".NaN",
  "2001-12-14",
  "12:30:45",
  " leading",
  "trailing ",
  "  ",
  "",
  "tab\there",
  "line one\nline two",
  "trailing newline\n",
  "\nleading newline",
  "windows\r\nline",
  "unicode: 雪 ☃ 🚀 é ß",
  "\u2028line separator",
  "para\u2029graph",
  "\uFEFFbom",
  "zero\u200bwidth",
  "rtl \u202eabc",
  "<script>alert(1)</script>",
  "| table |",
  "= sign",
  "key=value",
];

/** No NUL or other control characters, C1 included (the schema refuses those); tab, LF and CR are allowed. */
const ALLOWED_TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/;

/** One awkward string: a known troublemaker, random unicode, a mix, or a very long line. */
export const awkwardText = (maxLength: number) =>
  fc
    .oneof(
      { arbitrary: fc.constantFrom(...AWKWARD), weight: 4 },
      { arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }), weight: 2 },
      { arbitrary: fc.array(fc.constantFrom(...AWKWARD), { maxLength: 5 }).map((parts) => parts.join(" ")), weight: 2 },
      {
        arbitrary: fc
          .tuple(fc.constantFrom(...AWKWARD), fc.integer({ min: 200, max: 6000 }))
          .map(([part, n]) => part + "x".repeat(n) + part),
        weight: 1,
      },
    )
    .filter((value) => ALLOWED_TEXT.test(value) && value.length <= maxLength);

const dnsLabel = (max: number) => fc.stringMatching(new RegExp(`^[a-z]([a-z0-9-]{0,${max - 2}}[a-z0-9])?$`));
/** Server and environment names: DNS labels that YAML does not read as booleans or numbers (`n`, `on`). */
const name = (max: number) => dnsLabel(max).filter((value) => resourceName(max).safeParse(value).success);

const envName = fc
  .stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/)
  .filter((name) => !SECRET_NAME.test(name) && name !== "PORT");
const annotationKey = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
  fc.stringMatching(/^[a-z0-9]{1,10}$/).map((name) => `example.com/${name}`),
);

const annotations = fc.dictionary(annotationKey, awkwardText(4000), { maxKeys: 3 });

const image = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("ghcr.io/acme", "docker.io/library", "registry.example.com:5000/team"),
      dnsLabel(12),
      fc.nat(99),
      fc.nat(99),
    )
    .map(([registry, name, minor, patch]) => `${registry}/${name}:1.${minor}.${patch}`),
  fc
    .tuple(dnsLabel(12), fc.stringMatching(/^[a-f0-9]{64}$/))
    .map(([name, digest]) => `ghcr.io/acme/${name}@sha256:${digest}`),
);

/** Helm values overrides with awkward annotation values (pod and Service annotations of the bundled chart). */
const values = fc.record({ podAnnotations: annotations, service: fc.record({ annotations }) }, { requiredKeys: [] });

/** Transport, mode and sessions that kagent and the SDKs allow together: kagent speaks streamable HTTP only. */
const runAs = fc.oneof(
  fc.record({ transport: fc.constant("sse"), mode: fc.constant("deployment") }),
  fc.record({
    transport: fc.constant("streamable-http"),
    mode: fc.constantFrom("deployment", "mcpserver"),
    stateless: fc.boolean(),
  }),
);

export const serverAnswers = fc
  .record({
    name: name(16),
    description: awkwardText(2048),
    image,
    port: fc.integer({ min: 1024, max: 65535 }),
    runAs,
    env: fc.dictionary(envName, awkwardText(8000), { maxKeys: 4 }),
    args: fc.array(
      awkwardText(200).filter((arg) => !/[\r\n]/.test(arg)),
      { maxLength: 3 },
    ),
    rbac: fc.record({ preset: fc.constantFrom("none", "namespace-read", "cluster-read") }),
    metrics: fc.option(fc.record({ path: fc.constantFrom("/metrics", "/prom") }), { nil: undefined }),
    values,
  })
  .map(({ runAs, metrics, ...server }) => ({ ...server, ...runAs, ...(metrics ? { metrics } : {}) }));

export const environmentAnswers = fc.record({
  // Not a folder of the layout (apps/base, the engine's project folder): refused by the layout rules.
  name: fc
    .oneof(fc.constantFrom("dev", "staging", "prod", "qa"), name(12))
    .filter((name) => !["base", "project"].includes(name)),
  values: fc.record({ podAnnotations: annotations }, { requiredKeys: [] }),
});

export interface AnswersShape {
  servers?: { max: number };
  environments?: { max: number };
}

/** Whole answers objects, as an answers file would hold them. */
export function answersArbitrary(shape: AnswersShape = {}) {
  return fc
    .record({
      gitops: fc.constantFrom("flux", "argocd"),
      repository: fc.record({ owner: fc.constant("acme"), name: fc.constant("prop-repo") }),
      servers: fc.uniqueArray(serverAnswers, {
        minLength: 1,
        maxLength: shape.servers?.max ?? 3,
        selector: (server) => server.name,
      }),
      environments: fc.uniqueArray(environmentAnswers, {
        minLength: 1,
        maxLength: shape.environments?.max ?? 3,
        selector: (env) => env.name,
      }),
    })
    .filter(({ servers, environments }) => {
      // Two (server, environment) pairs naming one object (`a-b` + `c` and `a` + `b-c`) are refused by the layout rules.
      const names = servers.flatMap((server) => environments.map((env) => `${server.name}-${env.name}`));
      return new Set(names).size === names.length;
    });
}
