/**
 * Credentials pasted into answers: Helm `values` overrides, and (answerCredentialProblems) every other string answer. Everything in the answers ends up in Git, so a password or token
 * there is a leak. Two signals, both chosen to stay quiet on ordinary values:
 * - the value has the shape of a well-known credential (a GitHub or GitLab token, an AWS access key, a PEM private
 *   key, ...), whatever its key;
 * - the key names a credential (`password`, `adminPassword`, `apiKey`, `clientSecret`, `token`, or a variable named
 *   like one under `env`) and the value is a non-empty string that is not a placeholder such as `${DB_PASSWORD}`.
 * Keys that name a Secret rather than hold one (`existingSecret`, `secretName`, `tlsSecret`, `secret`) are left alone.
 */
import { credentialShape } from "./credentials.js";
import { SECRET_NAME } from "./rules.js";
import type { ValuesProblem } from "./security.js";

/** Where a credential belongs instead: said the same way for env answers and values overrides. */
const WHERE_INSTEAD =
  "keep it in your secret manager and let External Secrets fetch it (servers[].managedSecrets, an ExternalSecret), " +
  "or put it in a Secret — an existing one, or a Sealed Secrets (SealedSecret) or SOPS-encrypted one in " +
  "apps/<environment>/secrets/ — and list that Secret in secretEnvFrom";
export const SECRET_ADVICE = `looks like a secret and must not be stored in Git as a plain value; ${WHERE_INSTEAD}`;

/** Keys that hold a credential; matched at the end of the key, case-insensitively (adminPassword, db_password). */
const CREDENTIAL_KEY =
  /(password|passwd|passphrase|token|api[-_]?key|access[-_]?key|secret[-_]?key|private[-_]?key|(client|webhook|shared|app|jwt|session|cookie|signing|hmac|encryption)[-_]?secret|credentials?)$/i;
/** A value filled in later (Flux post-build substitution, Helm or Argo CD templating): not a credential itself. */
const PLACEHOLDER = /^(\$\{[^}]+\}|\{\{.*\}\}|<[^>]+>)$/;

export function secretValueProblems(values: unknown, at: (string | number)[]): ValuesProblem[] {
  const problems: ValuesProblem[] = [];
  walk(values, [], false, (path, value, credential) => {
    const shape = credentialShape(value);
    if (shape) {
      problems.push({ path: [...at, ...path], message: tokenMessage(shape) });
    } else if (credential && value.trim() !== "" && !PLACEHOLDER.test(value.trim())) {
      problems.push({ path: [...at, ...path], message: SECRET_ADVICE });
    }
  });
  return problems;
}

/** Whether a value, under this key, is a credential: messages then name the key but never echo the value. */
export function isCredentialLike(key: string, value: string): boolean {
  return (
    credentialShape(value) !== undefined ||
    credentialArgument(value) ||
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

function tokenMessage(shape: string): string {
  return `holds what looks like ${shape}, which must not be stored in Git; ${WHERE_INSTEAD}`;
}

/** `--password=hunter2`, `--api-key=…`, `-token=…`: an argument that names a credential and carries its value. */
const CREDENTIAL_ARGUMENT = /^--?([A-Za-z][\w.-]*)=(.+)$/;

export function credentialArgument(value: string): boolean {
  const match = CREDENTIAL_ARGUMENT.exec(value);
  return match !== null && CREDENTIAL_KEY.test(match[1]!.replace(/-/g, "_")) && !PLACEHOLDER.test(match[2]!.trim());
}

/** Where each kind of answer holding a credential should get it from instead. */
function advice(path: (string | number)[], shape: string): string {
  const key = String(path.at(-1));
  if (path[0] === "repository" || key === "cluster" || key === "url" || key === "repository")
    return `holds ${shape}, which must not be stored in Git; give the URL without credentials — the GitOps engine gets its credentials from a Secret it is given, never from the URL`;
  if (path.includes("configFiles"))
    return `holds what looks like ${shape}, which must not be stored in Git; keep the file in your secret manager and mount it with servers[].managedSecrets (as: files, at a mountPath), which External Secrets fills`;
  return tokenMessage(shape);
}

/**
 * Every string answer outside Helm `values` (checked on their own, values-checks.ts) with a credential's shape, and
 * command-line arguments that carry one (`--password=…`, or `--token` followed by the value).
 */
export function answerCredentialProblems(answers: Record<string, unknown>): ValuesProblem[] {
  const problems: ValuesProblem[] = [];
  const visit = (value: unknown, path: (string | number)[]) => {
    if (typeof value === "string") {
      // An env variable named like a secret is refused for its name already (schema.ts), with the same advice.
      if (path.at(-2) === "env" && SECRET_NAME.test(String(path.at(-1))) && value !== "") return;
      const shape = credentialShape(value);
      if (shape) problems.push({ path, message: advice(path, shape) });
      else if (path.at(-2) === "args" || path.at(-2) === "command") {
        if (credentialArgument(value)) problems.push({ path, message: SECRET_ADVICE });
      }
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, [...path, index]);
      if (path.at(-1) === "args" || path.at(-1) === "command") flagThenValue(value, path, problems);
    } else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key === "values" && path.length === 2) continue;
        visit(child, [...path, key]);
      }
    }
  };
  visit(answers, []);
  return problems;
}

/** `["--token", "abc…"]`: a flag naming a credential, then its value as the next argument. */
function flagThenValue(args: unknown[], path: (string | number)[], problems: ValuesProblem[]): void {
  args.forEach((arg, index) => {
    const next = args[index + 1];
    if (typeof arg !== "string" || typeof next !== "string" || next.startsWith("-")) return;
    const flag = /^--?([A-Za-z][\w.-]*)$/.exec(arg);
    if (
      flag &&
      CREDENTIAL_KEY.test(flag[1]!.replace(/-/g, "_")) &&
      next.trim() !== "" &&
      !PLACEHOLDER.test(next.trim())
    )
      problems.push({ path: [...path, index + 1], message: SECRET_ADVICE });
  });
}
