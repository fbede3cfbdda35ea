/**
 * The one credential policy for every answer that reaches Git (issue 19): a value is refused when it has the shape
 * of a credential — by secretlint's maintained recommended rules (`@secretlint/secretlint-rule-preset-recommend`:
 * AWS, Google Cloud, GitHub, Slack, OpenAI, Anthropic, npm, SendGrid, Shopify, Linear, 1Password tokens, private keys,
 * basic-auth and database connection strings), a few shapes that list does not know yet (below), or a URL carrying a
 * password or token in its userinfo (`https://x-access-token:…@github.com`) — wherever it sits: env values, args,
 * command, description, repository and cluster URLs, Helm values. Names that mark a credential (API_TOKEN,
 * `--password=…`) are the other half, in secret-values.ts.
 *
 * secretlint's rules are run here directly, synchronously, through the small part of its rule API they use
 * (`createTranslator`, `report`): the answers schema checks values inside synchronous refinements, and the rules'
 * `file()` handlers are synchronous. Its expressions are its own and bounded by the value's length (at most a few
 * kilobytes per answer).
 */
import { rules as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import { createRequire } from "node:module";
import type { RE2JS as Re2 } from "re2js";

/** A password or a token in a URL's userinfo: `scheme://user:secret@` (any user), or a long bare token `scheme://t@`. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:[^\s/@]+@/i;
const URL_TOKEN = /\b[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9_\-.~%]{20,}@/i;

/**
 * Provider token shapes the recommended rules do not cover (yet), each with the provider's documented prefix:
 * GitLab personal/project/group tokens (`glpat-`, `glptt-`, `gldt-`...), OpenAI project keys (`sk-proj-`), AWS
 * access key ids (`AKIA`/`ASIA`), Hugging Face (`hf_`) and GitHub fine-grained tokens (`github_pat_`).
 */
const EXTRA_SHAPES: [RegExp, string][] = [
  [/\bgl(?:pat|ptt|dt|rt|cbt|imt|agent|oas|soat|ffct)-[0-9A-Za-z_-]{20,}/, "a GitLab token"],
  [/\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}/, "an OpenAI key"],
  // AWS's documented example key ends in EXAMPLE and is no credential.
  [/\b(?:AKIA|ASIA|ABIA|ACCA)(?![0-9A-Z]{9}EXAMPLE\b)[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/\bhf_[A-Za-z0-9]{30,}\b/, "a Hugging Face token"],
  [/\bgithub_pat_[A-Za-z0-9_]{22,}\b/, "a GitHub token"],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/, "a GitHub token"],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, "a Slack token"],
];

interface RuleCreator {
  meta: { id: string };
  messages: Record<string, { en: string | ((data: never) => string) }>;
  create(context: unknown, options: unknown): { file?: (source: unknown) => void };
}

/** The recommended rules that report secrets (the comment filter only hides reports, which answers have none of). */
const RULES = (recommended as unknown as RuleCreator[]).filter((rule) => !/filter-comments/.test(rule.meta.id));

const verdicts = new Map<string, string | null>();

/** What the value looks like ("a GitHub token"), when it holds a credential; undefined when it does not. */
export function credentialShape(value: string): string | undefined {
  if (value.length < 8) return undefined;
  const known = verdicts.get(value);
  if (known !== undefined) return known ?? undefined;
  const found = scan(value);
  if (verdicts.size > 10_000) verdicts.clear();
  verdicts.set(value, found ?? null);
  return found;
}

function scan(value: string): string | undefined {
  // The header alone is conclusive: a truncated paste must not pass either.
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/.test(value)) return "a private key";
  if (URL_PASSWORD.test(value)) return "a password in a URL";
  if (URL_TOKEN.test(value)) return "a token in a URL";
  const known = secretlint(value);
  if (known) return known;
  for (const [shape, name] of EXTRA_SHAPES) if (shape.test(value)) return name;
  return undefined;
}

/** What the rule being run reported for the value being scanned: the rules report through their context. */
let reported: string | undefined;

/**
 * Each rule's `file()` handler, made once: a rule's `create()` only reads its options and makes a translator, and
 * reports go to `reported`, so one handler serves every value (a fleet's answers hold thousands).
 */
let handlers: { rule: RuleCreator; file: (source: unknown) => void }[] | undefined;

function ruleHandlers(): NonNullable<typeof handlers> {
  handlers ??= RULES.flatMap((rule) => {
    const context = {
      sharedOptions: {},
      createTranslator: (messages: RuleCreator["messages"]) => (id: string, data: unknown) => ({
        id,
        data,
        message: messages[id]?.en,
      }),
      report: (descriptor: { message?: { id?: string } }) => {
        reported ??= descriptor.message?.id ?? rule.meta.id;
      },
      ignore: () => undefined,
    };
    const file = rule.create(context, {}).file;
    return file ? [{ rule, file }] : [];
  });
  return handlers;
}

/** Runs each recommended rule over the value; the first report names the kind of secret. */
function secretlint(value: string): string | undefined {
  const source = { content: value, filePath: "answer.txt", ext: ".txt", contentType: "text" };
  for (const { rule, file } of ruleHandlers()) {
    reported = undefined;
    file(source);
    if (reported)
      return `${describe(rule.meta.id)} (secretlint rule ${rule.meta.id.replace("@secretlint/secretlint-rule-", "")})`;
  }
  return undefined;
}

/** `@secretlint/secretlint-rule-github` → "a GitHub token". */
function describe(id: string): string {
  const kind = id.replace("@secretlint/secretlint-rule-", "");
  const names: Record<string, string> = {
    aws: "an AWS credential",
    gcp: "a Google Cloud credential",
    privatekey: "a private key",
    npm: "an npm token",
    basicauth: "a password in a URL",
    slack: "a Slack token",
    sendgrid: "a SendGrid key",
    shopify: "a Shopify token",
    github: "a GitHub token",
    openai: "an OpenAI key",
    anthropic: "an Anthropic key",
    linear: "a Linear key",
    "1password": "a 1Password token",
    "database-connection-string": "a database connection string with a password",
  };
  return names[kind] ?? "a credential";
}

let engine: typeof Re2 | undefined;

/** The linear-time RE2 engine, for other user-supplied expressions (monitoring matchers). */
export function re2(): typeof Re2 {
  engine ??= (createRequire(import.meta.url)("re2js") as typeof import("re2js")).RE2JS;
  return engine;
}
