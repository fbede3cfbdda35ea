// @ts-check
// Secrets without values in Git: the chart values for a server's managed secrets (ExternalSecrets), the store each
// environment reads them from, and the per-environment folder of encrypted Secrets (SOPS or Sealed Secrets) the
// engine applies, with the SOPS rules that encrypt it. Plain functions of the answers, no I/O.
/** @import { BundledServer, ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
/** @import { ChartValues } from "./production.mjs" */

/** The folder, per environment, that holds the Secrets a person encrypts and adds. */
export const SECRETS_FOLDER = "secrets";

/**
 * externalSecrets.secrets of a server: one ExternalSecret each, its Secret consumed as variables or mounted files;
 * `first` are the engine's annotations that apply them before the workload.
 * @param {BundledServer} server
 * @param {Record<string, string>} [first]
 * @returns {ChartValues | undefined}
 */
export function managedSecretValues(server, first = {}) {
  if (server.managedSecrets.length === 0) return undefined;
  return {
    ...(Object.keys(first).length ? { annotations: first } : {}),
    secrets: server.managedSecrets.map((secret) => ({
      name: secret.name,
      refreshInterval: secret.refreshInterval,
      // resolve.ts fills in the mount path of files.
      ...(secret.as === "files" ? { mountPath: secret.mountPath } : {}),
      ...(secret.keys.length
        ? {
            data: secret.keys.map((key) => ({
              secretKey: key.name,
              remoteRef: { key: key.remoteKey, ...(key.property ? { property: key.property } : {}) },
            })),
          }
        : {}),
      ...(secret.extract.length ? { dataFrom: secret.extract.map((key) => ({ extract: { key } })) } : {}),
    })),
  };
}

/**
 * The environment's store, for a server with managed secrets.
 * @param {BundledServer} server
 * @param {ResolvedEnvironment} env
 * @returns {ChartValues | undefined}
 */
export function secretStoreValues(server, env) {
  if (server.managedSecrets.length === 0 || !env.secretStore) return undefined;
  return { store: { kind: env.secretStore.kind, name: env.secretStore.name } };
}

/**
 * Whether the repository keeps encrypted Secrets in apps/<env>/secrets/.
 * @param {ResolvedAnswers} answers
 */
export function keepsSecretsInGit(answers) {
  return Boolean(answers.sops || answers.sealedSecrets);
}

/**
 * .sops.yaml: encrypts only data and stringData of the Secrets in the secrets folders, to the answered recipients.
 * @param {ResolvedAnswers} answers
 */
export function sopsConfig(answers) {
  if (!answers.sops) return undefined;
  return {
    creation_rules: [
      {
        path_regex: `^apps/[^/]+/${SECRETS_FOLDER}/.*\\.ya?ml$`,
        encrypted_regex: "^(data|stringData)$",
        age: answers.sops.ageRecipients.join(","),
      },
    ],
  };
}

/**
 * apps/<env>/secrets/kustomization.yaml: empty until a person adds encrypted files to it.
 * @param {ResolvedEnvironment} env
 */
export function secretsKustomization(env) {
  return {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    namespace: env.namespace,
    resources: [],
  };
}
