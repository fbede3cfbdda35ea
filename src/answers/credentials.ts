/**
 * The one credential policy for every answer that reaches Git (issue 19): a value is refused when it has the shape
 * of a credential — by gitleaks' maintained list of provider token shapes (secret-patterns.ts), or a URL carrying a
 * password or token in its userinfo (`https://x-access-token:…@github.com`, `postgres://app:pw@db`) — wherever it
 * sits: env values, args, command, description, repository and cluster URLs, Helm values. Names that mark a
 * credential (API_TOKEN, `--password=…`) are the other half, in secret-values.ts.
 *
 * The expressions are RE2 syntax and run on re2js, a linear-time engine: no answer can make them backtrack. re2js
 * loads only when a value holds one of a pattern's keywords (as gitleaks does), which plain answers rarely do.
 */
import { createRequire } from "node:module";
import type { RE2JS as Re2 } from "re2js";
import { type SecretPattern, SECRET_PATTERNS } from "./secret-patterns.js";

/** A password or a token in a URL's userinfo: `scheme://user:secret@` (any user), or a long bare token `scheme://t@`. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:[^\s/@]+@/i;
const URL_TOKEN = /\b[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9_\-.~%]{20,}@/i;

const PROVIDERS: Record<string, string> = {
  aws: "AWS",
  github: "GitHub",
  gitlab: "GitLab",
  gcp: "Google Cloud",
  openai: "OpenAI",
  npm: "npm",
  jwt: "JSON Web",
  pypi: "PyPI",
  digitalocean: "DigitalOcean",
  hashicorp: "HashiCorp",
};

let engine: typeof Re2 | undefined;
const compiled = new Map<string, Re2>();
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
  // The header alone is conclusive (gitleaks also wants a body of some length, so a truncated paste would pass).
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/.test(value)) return "a private key";
  if (URL_PASSWORD.test(value)) return "a password in a URL";
  if (URL_TOKEN.test(value)) return "a token in a URL";
  const lower = value.toLowerCase();
  for (const pattern of SECRET_PATTERNS) {
    if (pattern.keywords.length > 0 && !pattern.keywords.some((keyword) => lower.includes(keyword))) continue;
    if (matches(pattern, value)) return describe(pattern.id);
  }
  return undefined;
}

function matches(pattern: SecretPattern, value: string): boolean {
  const matcher = expression(pattern.regex).matcher(value);
  while (matcher.find()) {
    const whole = matcher.group(0) ?? "";
    let secret = whole;
    if (pattern.secretGroup) secret = matcher.group(pattern.secretGroup) ?? whole;
    else
      for (let group = 1; group <= matcher.groupCount(); group++) {
        const text = matcher.group(group);
        if (text) {
          secret = text;
          break;
        }
      }
    if (pattern.entropy && entropy(secret) < pattern.entropy) continue;
    if (allowed(pattern, secret, whole, value)) continue;
    return true;
  }
  return false;
}

function allowed(pattern: SecretPattern, secret: string, whole: string, line: string): boolean {
  return (pattern.allow ?? []).some((list) => {
    const target = list.target === "match" ? whole : list.target === "line" ? line : secret;
    if (list.regexes?.some((regex) => expression(regex).matcher(target).find())) return true;
    const lower = secret.toLowerCase();
    return list.stopwords?.some((word) => lower.includes(word)) ?? false;
  });
}

function expression(regex: string): Re2 {
  let found = compiled.get(regex);
  if (!found) {
    found = re2().compile(regex);
    compiled.set(regex, found);
  }
  return found;
}

/** Shannon entropy in bits per character, as gitleaks computes it. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const share = count / text.length;
    bits -= share * Math.log2(share);
  }
  return bits;
}

/** `github-pat` → "a GitHub token (gitleaks rule github-pat)". */
function describe(id: string): string {
  const provider = id.split("-")[0]!;
  const name = PROVIDERS[provider] ?? provider.charAt(0).toUpperCase() + provider.slice(1);
  const article = /^[AEIOU]/.test(name) ? "an" : "a";
  const kind = id.startsWith("generic") ? "an API key" : `${article} ${name} ${/key/.test(id) ? "key" : "token"}`;
  return `${kind} (gitleaks rule ${id})`;
}

/** The linear-time RE2 engine, for other user-supplied expressions (monitoring matchers). */
export function re2(): typeof Re2 {
  engine ??= (createRequire(import.meta.url)("re2js") as typeof import("re2js")).RE2JS;
  return engine;
}
