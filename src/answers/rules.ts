/**
 * Validation rules shared by the answers schema, the prompts and the bad-input corpus.
 * Each rule carries the sentence shown to the user, so a flag, a prompt and an answers file all say the same thing.
 */
import * as z from "./zod.js";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Docker's reference grammar (distribution/reference), restricted to what a pinned image needs.
const IMAGE_NAME =
  /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const URL_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;
const SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const CHART_VERSION = /^[\w.*^~<>=|, -]{1,64}$/;
/**
 * Names that hint a value is a credential: such values belong in a Secret, never in Git. `AUTH` counts only as a
 * credential of its own (AUTH, BASIC_AUTH, AUTHORIZATION), not in AUTH_MODE, OAUTH_ISSUER or AUTHOR; and a name that
 * says where or how (…_URL, …_FILE, …_ENABLED, …_MODE) does not hold the credential itself.
 */
export const SECRET_NAME =
  /^(?!.*_(?:URL|URI|ENDPOINT|ISSUER|AUDIENCE|PATH|FILE|DIR|ENABLED|MODE|TYPE)$).*(?:TOKEN|PASSWORD|PASSWD|SECRET|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|(?:^|_|BASIC|PROXY|HTTP)AUTH(?:ORIZATION|_?HEADER)?$)/i;

/** One of a fixed list of words, with the list in the message. */
export function oneOf<T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(", ")}` });
}

/**
 * A port as typed on a command line or at a prompt: digits become a number (so the schema can say what is wrong
 * with 70000), anything else stays text for the schema to refuse.
 */
export function parsePort(value: string | number): unknown {
  if (typeof value === "number") return value;
  const text = value.trim();
  return /^\d{1,6}$/.test(text) ? Number(text) : value;
}

/** A DNS-1123 label of at most `max` characters, the rule for Kubernetes object names. */
export function dnsLabel(max: number) {
  const rule = `must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most ${max} characters`;
  return z.string({ error: rule }).max(max, { error: rule }).regex(DNS1123_LABEL, { error: rule });
}

/**
 * Words YAML reads as something other than a string — booleans and null (YAML 1.1, which Helm, kubectl and
 * kustomize follow: on, no, y, ...), and numbers (123, 0x1f, 1e3). Several are valid DNS labels, but a server or
 * environment called `on` or `123` turns into `true` or `123` wherever a template writes the name unquoted (labels,
 * selectors), and Kubernetes refuses a label that is not a string.
 */
const YAML_NON_STRING = /^(y|n|yes|no|true|false|on|off|null|[0-9]+|0x[0-9a-f]+|0o[0-7]+|0b[01]+|[0-9]+e[0-9]+)$/;

/** dnsLabel(max) for names that templates write unquoted: also not a YAML boolean, null or number. */
export function resourceName(max: number) {
  return dnsLabel(max).refine((value) => !YAML_NON_STRING.test(value), {
    error:
      "must not be a word YAML reads as a boolean, null or number (such as on, no, true, null or 123): Helm and kubectl would turn it into one",
  });
}

export const hostname = z
  .string()
  .max(253, { error: "must be a DNS name of at most 253 characters" })
  .refine((value) => isHostname(value), {
    error:
      "must be a DNS name such as mcp.example.com (lowercase; a wildcard only as the whole first label, *.example.com)",
  });

function isHostname(value: string): boolean {
  const rest = value.startsWith("*.") ? value.slice(2) : value;
  return rest.includes(".") && DNS1123_SUBDOMAIN.test(rest) && rest.split(".").every((label) => label.length <= 63);
}

export const image = z.string({ error: "must be an image reference" }).superRefine((value, ctx) => {
  const problem = imageProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Why an image reference is not acceptable, or undefined when it is pinned and well-formed. */
export function imageProblem(value: string): string | undefined {
  const [withoutDigest, digest] = splitOnce(value, "@");
  if (digest !== undefined && !IMAGE_DIGEST.test(digest)) return "has a malformed digest (expected @sha256:<64 hex>)";
  const slash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  const hasTag = colon > slash;
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(colon + 1) : undefined;
  if (!IMAGE_NAME.test(name) || name.length > 255) {
    return "must be an image reference such as ghcr.io/org/server:1.2.3 (no spaces or shell characters)";
  }
  if (tag !== undefined && !IMAGE_TAG.test(tag))
    return "has an invalid tag (letters, digits, '_', '.', '-'; at most 128)";
  if (tag === undefined && digest === undefined)
    return "must be pinned to a tag or digest, e.g. ghcr.io/org/server:1.2.3";
  if (tag === "latest" && digest === undefined) return "must not use the tag 'latest'; pin a version or a digest";
  return undefined;
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const index = value.indexOf(separator);
  return index < 0 ? [value, undefined] : [value.slice(0, index), value.slice(index + 1)];
}

export const port = z
  .number({ error: "must be a whole number from 1 to 65535" })
  .int({ error: "must be a whole number from 1 to 65535" })
  .min(1, { error: "must be a whole number from 1 to 65535" })
  .max(65535, { error: "must be a whole number from 1 to 65535" });

export const urlPath = z
  .string()
  .max(256, { error: "must be at most 256 characters" })
  .regex(URL_PATH, { error: "must be a URL path starting with '/', without spaces, '?' or '#'" });

export const envName = z.string().max(128, { error: "must be at most 128 characters" }).regex(ENV_NAME, {
  error: "must be an environment variable name: letters, digits and '_', not starting with a digit",
});

/**
 * Control characters other than tab, line feed and carriage return: C0, DEL and C1. None is text, and some do not
 * survive the tools: Helm's toYaml turns NEL (U+0085) into a space, and an annotation with a NUL is refused.
 */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Free text that ends up as a YAML scalar: any printable text, but no NUL and no other control characters. */
export function text(max: number) {
  return z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !CONTROL_CHARACTER.test(value), { error: "must not contain control characters" });
}

/** A single-line value: like text(), and no line breaks either (names, URLs, hostnames copied with a trailing newline). */
export function line(max: number) {
  return text(max).regex(/^[^\r\n]*$/, { error: "must be a single line" });
}

export const semver = z.string().regex(SEMVER, { error: "must be a semantic version such as 1.2.3" });
export const chartVersion = z
  .string()
  .regex(CHART_VERSION, { error: "must be a chart version or range such as 1.2.3 or ~1.2" });

export const chartRepository = line(512).refine((value) => /^(oci|https?):\/\/[^\s]+$/.test(value), {
  error: "must be an oci:// or https:// chart repository URL",
});

export const gitUrl = line(512).refine((value) => /^(https?|ssh):\/\/[^\s]+$|^git@[^\s:]+:[^\s]+$/.test(value), {
  error: "must be a git URL (https://, ssh:// or git@host:path)",
});

export const duration = z.string().regex(/^(\d+(ms|s|m|h))+$/, { error: "must be a duration such as 30s, 5m or 1h" });

export const quantity = z
  .string()
  .regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G)?$/, { error: "must be a Kubernetes quantity such as 500m, 256Mi or 1Gi" });

/** A whole number in [min, max], with one message for every way of missing it. */
export function whole(min: number, max: number) {
  const rule = `must be a whole number from ${min} to ${max}`;
  return z.number({ error: rule }).int({ error: rule }).min(min, { error: rule }).max(max, { error: rule });
}

const QUALIFIED_NAME =
  /^(?:([a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*)\/)?([A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;

/** A Kubernetes label or annotation name: `name` or `prefix/name` (prefix a DNS subdomain, name at most 63). */
export const labelKey = z.string().refine(
  (value) => {
    const match = QUALIFIED_NAME.exec(value);
    return match !== null && (match[1] ?? "").length <= 253 && match[2]!.length <= 63;
  },
  { error: "must be a label name such as purpose or example.com/team (letters, digits, '-', '_', '.')" },
);

export const labelValue = z
  .string({ error: "must be a label value" })
  .max(63, { error: "must be a label value of at most 63 characters" })
  .regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, {
    error: "must be a label value: letters, digits, '-', '_', '.'",
  });

/**
 * User input as it appears inside a message: control characters escaped (a value with a newline must not break the
 * one-line message) and long values cut, so a 100 kB answer does not drown the sentence that explains the rule.
 */
export function shown(value: string, max = 60): string {
  const cut = value.length > max ? `${value.slice(0, max)}… (${value.length} characters)` : value;
  return /[\u0000-\u001f\u007f\u2028\u2029]/.test(cut) ? JSON.stringify(cut) : cut;
}
