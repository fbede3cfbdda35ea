/**
 * Stamped documents (src/blueprint/stamps.ts) print exactly what the library prints for the document with the names
 * put in: differentially on arbitrary data where tokens sit among hostile strings and names are words YAML reads as
 * something else; the blueprint's shared alert documents really take the stamp; and the alert functions read nothing
 * of a server that alertShape() leaves out (else two servers of one shape could get the same wrong document).
 * test/fleet-documents.test.ts compares whole fleets, stamped, with the per-file template path.
 */
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolveAnswers } from "../src/answers/resolve.js";
import { AnswersSchema } from "../src/answers/schema.js";
import { newToken, stampable, stampedFile, stampedYaml, substitute } from "../src/blueprint/stamps.js";
import { libraryToYaml } from "../src/blueprint/yaml-helpers.js";

const EXAMPLES = resolve(import.meta.dirname, "..", "examples");
const FIXTURES = resolve(import.meta.dirname, "fixtures");
const TOKEN = newToken("server");
const OTHER = newToken("env");
const PATTERN = new RegExp(`${TOKEN}|${OTHER}`, "g");

/** What the library prints for the document with the names in: the reference. */
function reference(document: unknown, fill: Record<string, string>): string {
  return libraryToYaml(substitute(document, fill, PATTERN));
}

/** Names that fit (lower-case DNS labels) and ones YAML 1.1 or Go would read as something else. */
const name = fc.oneof(
  fc.constantFrom("y", "n", "no", "on", "off", "yes", "true", "null", "nan", "inf", "e5", "e0", "x", "b", "o"),
  fc.constantFrom("mcp-001", "search", "a", "a-b", "github-mcp", "x".repeat(63), "e-1", "inf-x"),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
  // Not a name the stamp takes: the fallback prints these.
  fc.constantFrom("", "Upper", "1st", "a b", "a:b", "é", "a\nb", "a#b", '"q"'),
);

/** Strings around tokens: what makes the library quote, or reads as a number, date or word once a name is in. */
const piece = fc.oneof(
  fc.constantFrom(TOKEN, OTHER),
  fc.constantFrom("", "-", "-canary", "0x", "0o", "0b", "1", "+", ".", ":", ": ", " #", " ", "#", "2001-12-", "'"),
  fc.constantFrom('"', "{", "=", ",", "/", "%", "(", "e", "E", "_", "<<", "~", "\n", "é", "\\", "$"),
  fc.stringMatching(/^[a-z0-9 .-]{0,6}$/),
);
const text = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(""));
const data: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    text,
    fc.constantFrom(1, 0, true, null, "plain"),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom("a", "b", "name", "key"), text), tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe("stamped documents", () => {
  it("print what the library prints for the document with the names put in", () => {
    let stamped = 0;
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("a", "b", "c"), data, { minKeys: 1 }),
        fc.array(fc.tuple(name, name), { minLength: 1, maxLength: 4 }),
        (document, fills) => {
          if (stampable(document, [TOKEN, OTHER])) stamped++;
          // One document, several files: the stamp is made once and reused, as for a fleet's servers.
          for (const [server, env] of fills) {
            const fill = { [TOKEN]: server, [OTHER]: env };
            expect(stampedYaml(document, fill)).toBe(reference(document, fill));
            // The bytes the writer writes are the text's, comments (any UTF-8) included.
            const file = stampedFile("# ünï ✓\n", document, fill);
            const text = file.encoded ? Buffer.from(file.encoded).toString("utf8") : file.text;
            expect(text).toBe(`# ünï ✓\n${reference(document, fill)}`);
          }
        },
      ),
      { numRuns: 3000 },
    );
    // Most documents here hold something a stamp may not (a line break, a non-ASCII letter): the rest must be many.
    expect(stamped).toBeGreaterThan(300);
  });

  it("take the stamp for names inside selectors, prose and words, and quote a name YAML reads otherwise", () => {
    const document = {
      groups: [
        {
          name: `mcp-server.${TOKEN}`,
          series: `up{namespace="mcp-dev", job="${TOKEN}"}`,
          job: TOKEN,
          sibling: `${TOKEN}-canary`,
          summary: `${TOKEN} in dev: a pod is down`,
          hex: `0x${TOKEN}`,
        },
      ],
    };
    expect(stampable(document, [TOKEN])).toBe(true);
    for (const server of ["mcp-001", "y", "no", "e5", "abc", "true", "x".repeat(63)]) {
      const fill = { [TOKEN]: server };
      expect(stampedYaml(document, fill), server).toBe(reference(document, fill));
    }
    expect(stampedYaml(document, { [TOKEN]: "e5" })).toContain('job: "e5"');
    expect(stampedYaml(document, { [TOKEN]: "abc" })).toContain('hex: "0xabc"');
  });

  it("fall back where a token may not stand: a key, a multi-line or non-ASCII string", () => {
    for (const document of [{ [TOKEN]: 1 }, { a: `${TOKEN}\nline` }, { a: `${TOKEN} é` }]) {
      expect(stampable(document, [TOKEN])).toBe(false);
      expect(stampedYaml(document, { [TOKEN]: "mcp" })).toBe(reference(document, { [TOKEN]: "mcp" }));
    }
  });

  it("the blueprint's alert rules and tests are shared per shape and stamped", async () => {
    const { default: documents } = await import("../blueprints/mcp-gitops/lib/documents.mjs");
    const answers = resolveAnswers(
      AnswersSchema.parse({
        gitops: "flux",
        repository: { owner: "acme", name: "fleet" },
        servers: [
          { name: "one", image: "ghcr.io/acme/one:1.0.0" },
          { name: "two", image: "ghcr.io/acme/two:2.0.0", env: { A: "b" } },
          { name: "three", image: "ghcr.io/acme/three:1.0.0", metrics: { port: 9090 } },
        ],
        environments: [{ name: "dev" }, { name: "prod", hostname: "mcp.example.com" }],
      }),
      "fleet",
    );
    const tokens: string[] = [];
    const builders = documents(answers, {
      inline: String,
      token: (tokenName: string) => {
        tokens.push(newToken(tokenName));
        return tokens.at(-1)!;
      },
    });
    for (const path of [
      "common/apps/__env__/__server__/alerts.yaml",
      "common/apps/__env__/__server__/alerts.test.yaml",
    ]) {
      const build = builders[path]!;
      const [one, two, three] = answers.servers.map((server) => build({ server, env: answers.environments[0] }));
      expect(one?.document, path).toBe(two?.document);
      expect(three?.document, path).not.toBe(one?.document);
      expect(stampable(one?.document as object, tokens), path).toBe(true);
      expect(build({ server: answers.servers[0], env: answers.environments[1] })?.document).not.toBe(one?.document);
    }
  });

  it("the alert functions read of a server only its name and what alertShape() holds (examples, fixtures)", async () => {
    const files = [
      ...readdirSync(EXAMPLES).map((file) => join(EXAMPLES, file)),
      ...["production.yaml", "mcp-fit.yaml", "fleet-argocd.yaml"].map((file) => join(FIXTURES, file)),
    ];
    let checked = 0;
    for (const file of files) {
      const { alertTestFile } = await import("../blueprints/mcp-gitops/lib/alert-tests.mjs");
      const { alertRuleFile } = await import("../blueprints/mcp-gitops/lib/alerts.mjs");
      const { alertShape, isMonitored } = await import("../blueprints/mcp-gitops/lib/monitoring.mjs");
      const answers = resolveAnswers(AnswersSchema.parse(parse(await readFile(file, "utf8"))), "x");
      /** The properties of a server `use` reads. */
      const reads = (server: object, use: (server: never) => unknown) => {
        const read = new Set<string>();
        use(
          new Proxy(server, {
            get(target, key, receiver) {
              if (typeof key === "string") read.add(key);
              return Reflect.get(target, key, receiver);
            },
          }) as never,
        );
        return read;
      };
      for (const server of answers.servers.filter((server) => isMonitored(answers, server))) {
        const shape = reads(server, (proxy) => alertShape(proxy));
        for (const env of answers.environments) {
          const read = reads(server, (proxy) => [
            alertTestFile(answers, proxy, env),
            alertRuleFile(answers, proxy, env),
          ]);
          expect(
            [...read].filter((key) => key !== "name" && !shape.has(key)),
            `${server.name} in ${env.name}`,
          ).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
