// @ts-check
// A server's files as chart values: configuration files (a ConfigMap, its content emitted as data by the YAML
// library) and writable volumes (PersistentVolumeClaims the engine keeps when a release goes away, or size-limited
// emptyDirs). Plain functions of the answers, no I/O.
/** @import { BundledServer } from "create-mcp-gitops" */
/** @import { ChartValues } from "./production.mjs" */

/**
 * config: the files and where they are mounted.
 * @param {BundledServer} server
 * @returns {ChartValues | undefined}
 */
export function configValues(server) {
  if (!server.configFiles) return undefined;
  return { mountPath: server.configFiles.mountPath, files: server.configFiles.files };
}

/**
 * persistence: the volumes, and the annotations that keep a claim (and its data) when its release is deleted.
 * @param {BundledServer} server
 * @param {Record<string, string>} keep the engine's annotations for that
 * @returns {ChartValues | undefined}
 */
export function persistenceValues(server, keep) {
  if (server.storage.length === 0) return undefined;
  const claims = server.storage.some((volume) => volume.type === "pvc");
  return {
    ...(claims && Object.keys(keep).length ? { annotations: keep } : {}),
    volumes: server.storage.map((volume) =>
      volume.type === "pvc"
        ? {
            name: volume.name,
            mountPath: volume.mountPath,
            type: "pvc",
            size: volume.size,
            accessMode: volume.accessMode,
            ...(volume.storageClass ? { storageClass: volume.storageClass } : {}),
          }
        : { name: volume.name, mountPath: volume.mountPath, type: "emptyDir", size: volume.size },
    ),
  };
}
