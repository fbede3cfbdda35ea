/**
 * Secrets whose values never pass through the tool or Git:
 * - `servers[].managedSecrets`: Secrets that External Secrets Operator fills from a secret manager (an ExternalSecret
 *   per entry, against the environment's `secretStore`), consumed as environment variables or as read-only files;
 * - `sops`: encrypted Secrets kept in Git (apps/<env>/secrets/), decrypted by the GitOps engine with an age key the
 *   cluster holds; only the age recipients (public keys) are answers;
 * - `sealedSecrets`: SealedSecrets kept in the same folder, which the cluster's controller decrypts; the answers name
 *   the controller so the generated README's kubeseal commands reach it.
 * Remote keys and recipients are names and public keys, never values.
 */
import * as z from "./zod.js";
import { dnsLabel, duration, envName, line, oneOf } from "./rules.js";

export const SECRET_STORE_KINDS = ["ClusterSecretStore", "SecretStore"] as const;
export const SECRET_USES = ["env", "files"] as const;

/** A key of a Secret or ConfigMap (and so a file name when mounted). */
export const objectKey = line(253).regex(/^(?!\.{1,2}$)[-._a-zA-Z0-9]+$/, {
  error: "must be a key of a Secret or ConfigMap: letters, digits, '-', '_' and '.', at most 253 characters",
});

/** Where a volume is mounted in the container: an absolute path, not the root, without `..`. */
export const mountPath = line(256).regex(/^(?!.*\/\.\.?(\/|$))\/[A-Za-z0-9._-][A-Za-z0-9._/-]*$/, {
  error: "must be an absolute path such as /data (letters, digits, '.', '_', '-' and '/'; not / itself, no '..')",
});

export const SecretStoreSchema = z.strictObject({
  kind: oneOf(SECRET_STORE_KINDS).default("ClusterSecretStore"),
  /** Default: the environment's name. */
  name: dnsLabel(253).optional(),
});

const remoteKey = line(1024).min(1, { error: "must name the secret in the secret manager" });

export const RemoteKeySchema = z.strictObject({
  /** The key in the Secret: a variable name (as: env) or a file name (as: files). */
  name: objectKey,
  /** The secret in the secret manager, e.g. prod/weather or a Vault path. */
  remoteKey,
  /** One property of a JSON secret (e.g. token); default: the whole value. */
  property: line(1024).optional(),
});

export const ManagedSecretSchema = z
  .strictObject({
    /** The Secret is <server>-<name>. */
    name: dnsLabel(22),
    /** env: every key becomes an environment variable (like secretEnvFrom). files: one read-only file per key. */
    as: oneOf(SECRET_USES).default("env"),
    /** as: files only. Default /etc/secrets/<name>. */
    mountPath: mountPath.optional(),
    keys: z.array(RemoteKeySchema, { error: "must be a list of keys" }).max(64).default([]),
    /** Remote secrets whose every property becomes a key (ExternalSecret dataFrom.extract). */
    extract: z.array(remoteKey, { error: "must be a list of remote secret names" }).max(16).default([]),
    refreshInterval: duration.default("1h"),
  })
  .superRefine((secret, ctx) => {
    const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (secret.keys.length === 0 && secret.extract.length === 0)
      add(["keys"], "must name what to fetch: keys (a key each) or extract (every property of a remote secret)");
    if (secret.as === "env" && secret.mountPath !== undefined)
      add(["mountPath"], "applies only to as: files (as: env turns every key into an environment variable)");
    const seen = new Set<string>();
    secret.keys.forEach((key, index) => {
      if (seen.has(key.name)) add(["keys", index, "name"], `duplicates the key '${key.name}'`);
      seen.add(key.name);
      if (secret.as === "env" && !envName.safeParse(key.name).success)
        add(["keys", index, "name"], "must be an environment variable name with as: env (letters, digits and '_')");
    });
  });

const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

export const SopsSchema = z.strictObject({
  /** The age public keys files are encrypted to (.sops.yaml). Public keys only: the private key stays in the cluster. */
  ageRecipients: z
    .array(line(62).regex(AGE_RECIPIENT, { error: "must be an age public key (age1 followed by 58 characters)" }), {
      error: "must be a list of age public keys",
    })
    .min(1, { error: "must list at least one age public key (age-keygen prints it)" })
    .max(16),
  /** The Secret in the GitOps engine's namespace holding the age private key (key name ending in .agekey). */
  keySecret: dnsLabel(253).default("sops-age"),
});

export const SealedSecretsSchema = z.strictObject({
  /** The controller's Service name: the Helm chart's default is sealed-secrets (kubeseal's own is sealed-secrets-controller). */
  controllerName: dnsLabel(63).default("sealed-secrets"),
  controllerNamespace: dnsLabel(63).default("kube-system"),
});

export type ManagedSecret = z.output<typeof ManagedSecretSchema>;

/**
 * Secrets the generated repository has cert-manager write in an environment's namespace: each server's certificate
 * (the chart's `mcp-server.tlsSecretName`) and the Gateway's (lib/gateway.mjs GATEWAY_TLS_SECRET). A managed secret
 * by one of these names would have two controllers writing one Secret.
 */
export const GATEWAY_TLS_SECRET = "mcp-gateway-tls";
export function tlsSecretName(server: string): string {
  return `${server}-tls`;
}

/** The Secret External Secrets creates for a server's managed secret. */
export function managedSecretName(server: string, secret: Pick<ManagedSecret, "name">): string {
  return `${server}-${secret.name}`;
}
