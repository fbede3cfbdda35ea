/**
 * Credentials pasted into Helm `values` overrides. Everything in the answers ends up in Git, so a password or token
 * there is a leak. Two signals, both chosen to stay quiet on ordinary values:
 * - the value has the shape of a well-known credential (a GitHub or GitLab token, an AWS access key, a PEM private
 *   key, ...), whatever its key;
 * - the key names a credential (`password`, `adminPassword`, `apiKey`, `clientSecret`, `token`, or a variable named
 *   like one under `env`) and the value is a non-empty string that is not a placeholder such as `${DB_PASSWORD}`.
 * Keys that name a Secret rather than hold one (`existingSecret`, `secretName`, `tlsSecret`, `secret`) are left alone.
 */
import { SECRET_NAME } from "./rules.js";
import type { ValuesProblem } from "./security.js";

/** Where a credential belongs instead: said the same way for env answers and values overrides. */
const WHERE_INSTEAD =
  "put it in a Secret — an existing one, or one managed by External Secrets (ExternalSecret) or Sealed Secrets " +
  "(SealedSecret) — and list that Secret in secretEnvFrom";
export const SECRET_ADVICE = `looks like a secret and must not be stored in Git as a plain value; ${WHERE_INSTEAD}`;

const TOKEN_SHAPES: [RegExp, string][] = [
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, "a GitHub token"],
  [/\bgithub_pat_[A-Za-z0-9_]{40,}\b/, "a GitHub token"],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/, "a GitLab token"],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/, "a Slack token"],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, "a Google API key"],
  [/\bsk-(ant-|proj-)?[A-Za-z0-9_-]{32,}\b/, "an API key"],
  [/\b[rs]k_live_[A-Za-z0-9]{16,}\b/, "a Stripe key"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
];

/** Keys that hold a credential; matched at the end of the key, case-insensitively (adminPassword, db_password). */
const CREDENTIAL_KEY =
  /(password|passwd|passphrase|token|api[-_]?key|access[-_]?key|secret[-_]?key|private[-_]?key|(client|webhook|shared|app|jwt|session|cookie|signing|hmac|encryption)[-_]?secret|credentials?)$/i;
/** A value filled in later (Flux post-build substitution, Helm or Argo CD templating): not a credential itself. */
const PLACEHOLDER = /^(\$\{[^}]+\}|\{\{.*\}\}|<[^>]+>)$/;

export function secretValueProblems(values: unknown, at: (string | number)[]): ValuesProblem[] {
  const problems: ValuesProblem[] = [];
  walk(values, [], false, (path, value, credential) => {
    const shape = TOKEN_SHAPES.find(([pattern]) => pattern.test(value));
    if (shape) {
      problems.push({
        path: [...at, ...path],
        message: `holds what looks like ${shape[1]}, which must not be stored in Git; ${WHERE_INSTEAD}`,
      });
    } else if (credential && value.trim() !== "" && !PLACEHOLDER.test(value.trim())) {
      problems.push({ path: [...at, ...path], message: SECRET_ADVICE });
    }
  });
  return problems;
}

/** Whether a value, under this key, is a credential: messages then name the key but never echo the value. */
export function isCredentialLike(key: string, value: string): boolean {
  return (
    TOKEN_SHAPES.some(([pattern]) => pattern.test(value)) ||
    ((CREDENTIAL_KEY.test(key) || SECRET_NAME.test(key)) && !PLACEHOLDER.test(value.trim()))
  );
}

type Visit = (path: (string | number)[], value: string, credential: boolean) => void;

/**
 * Visits every string with whether its name marks a credential: `password: x`, or an environment variable named
 * like a secret, as a mapping (`env: {API_TOKEN: x}`) or a Kubernetes list (`env: [{name: API_TOKEN, value: x}]`).
 */
function walk(value: unknown, path: (string | number)[], credential: boolean, visit: Visit): void {
  if (typeof value === "string") {
    visit(path, value, credential);
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) walk(item, [...path, index], false, visit);
  } else if (value && typeof value === "object") {
    const named = (value as { name?: unknown }).name;
    for (const [key, child] of Object.entries(value)) {
      const envVariable = path.at(-1) === "env" && SECRET_NAME.test(key);
      const listed = key === "value" && typeof named === "string" && SECRET_NAME.test(named);
      walk(child, [...path, key], envVariable || listed || CREDENTIAL_KEY.test(key), visit);
    }
  }
}
