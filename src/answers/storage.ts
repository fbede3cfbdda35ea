/**
 * A server's files: configuration files (a ConfigMap mounted read-only, its content data the tool never templates)
 * and writable storage (a PersistentVolumeClaim, or an emptyDir with a size limit). The root filesystem stays
 * read-only: these mounts, /tmp and mounted Secrets are the only paths a server sees besides its image, and only
 * storage is writable. Rules that need an environment (how many replicas share a volume) are in storage-rules.ts.
 */
import * as z from "./zod.js";
import { mountPath, objectKey } from "./managed-secrets.js";
import { dnsLabel, oneOf, quantity, text } from "./rules.js";

export const STORAGE_TYPES = ["pvc", "emptyDir"] as const;
/** ReadOnlyMany is left out: storage is for writing. */
export const ACCESS_MODES = ["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"] as const;
/** Access modes one node (or one pod) holds at a time. */
export const SINGLE_WRITER_MODES: readonly string[] = ["ReadWriteOnce", "ReadWriteOncePod"];

/** What a ConfigMap may hold (1 MiB), less room for its metadata. */
export const MAX_CONFIG_BYTES = 512 * 1024;
/** The path the kubelet mounts /tmp at: the chart's own emptyDir. */
export const TMP_PATH = "/tmp";

export const ConfigFilesSchema = z
  .strictObject({
    mountPath: mountPath.default("/etc/mcp"),
    /** File name → content, written as data (never templated); a change rolls the pods (checksum annotation). */
    files: z
      .record(objectKey, text(MAX_CONFIG_BYTES), { error: "must be a mapping of file names to contents" })
      .refine((files) => Object.keys(files).length > 0, { error: "must list at least one file" }),
  })
  .superRefine((config, ctx) => {
    const bytes = Object.entries(config.files).reduce(
      (sum, [name, content]) => sum + Buffer.byteLength(name) + Buffer.byteLength(content),
      0,
    );
    if (bytes > MAX_CONFIG_BYTES)
      ctx.addIssue({
        code: "custom",
        path: ["files"],
        message: `hold ${bytes} bytes; a ConfigMap holds at most ${MAX_CONFIG_BYTES} here: ship large files in the image`,
      });
  });

export const StorageSchema = z
  .strictObject({
    /** The volume's name; a PVC is called <server>-<name>. */
    name: dnsLabel(20),
    mountPath,
    /** pvc: kept across restarts and rollouts. emptyDir: scratch space, gone with the pod. */
    type: oneOf(STORAGE_TYPES).default("pvc"),
    /** pvc: the requested size; emptyDir: its size limit. */
    size: quantity.default("1Gi"),
    /** pvc only; default: the cluster's default StorageClass. Required with ReadWriteMany. */
    storageClass: dnsLabel(253).optional(),
    /** pvc only. ReadWriteOnce and ReadWriteOncePod need one replica; ReadWriteMany lets replicas share the volume. */
    accessMode: oneOf(ACCESS_MODES).default("ReadWriteOnce"),
  })
  .superRefine((storage, ctx) => {
    if (storage.type === "emptyDir" && storage.storageClass !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["storageClass"],
        message: "applies only to type pvc (an emptyDir lives on the node)",
      });
    // The usual default classes (AWS EBS, GCE PD, Azure Disk, local-path) serve single-node modes only: the claim
    // would stay Pending, and the release with it.
    if (storage.type === "pvc" && storage.accessMode === "ReadWriteMany" && storage.storageClass === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["storageClass"],
        message:
          "is required with ReadWriteMany: a cluster's default class (AWS EBS, GCE PD, Azure Disk, local-path) usually offers only ReadWriteOnce, and the claim would stay Pending; name a class that supports it (NFS, EFS, Filestore, Azure Files, CephFS)",
      });
  });

export type Storage = z.output<typeof StorageSchema>;

interface Mounts {
  configFiles?: { mountPath: string };
  storage: { name: string; mountPath: string }[];
  managedSecrets: { name: string; as: string; mountPath?: string }[];
}

/** Two mounts at one path, or a mount over /tmp, hide one another; each problem is relative to the server. */
export function mountProblems(server: Mounts): { path: (string | number)[]; message: string }[] {
  const mounts: { path: (string | number)[]; at: string }[] = [];
  if (server.configFiles) mounts.push({ path: ["configFiles", "mountPath"], at: server.configFiles.mountPath });
  for (const [index, volume] of server.storage.entries())
    mounts.push({ path: ["storage", index, "mountPath"], at: volume.mountPath });
  server.managedSecrets.forEach((secret, index) => {
    if (secret.as === "files")
      mounts.push({
        path: ["managedSecrets", index, "mountPath"],
        at: secret.mountPath ?? defaultSecretMount(secret.name),
      });
  });
  const problems: { path: (string | number)[]; message: string }[] = [];
  const seen = new Map<string, string>();
  for (const mount of mounts) {
    const at = mount.at.replace(/\/+$/, "");
    if (at === TMP_PATH) problems.push({ path: mount.path, message: "is /tmp, the chart's own scratch space" });
    else if (seen.has(at)) problems.push({ path: mount.path, message: `is also the mount path of ${seen.get(at)}` });
    seen.set(at, mount.path.slice(0, -1).join("."));
  }
  const names = new Set<string>();
  server.storage.forEach((volume, index) => {
    if (names.has(volume.name))
      problems.push({ path: ["storage", index, "name"], message: `duplicates the name '${volume.name}'` });
    names.add(volume.name);
  });
  return problems;
}

/** Where a managed secret's files go unless its mountPath says otherwise. */
export function defaultSecretMount(name: string): string {
  return `/etc/secrets/${name}`;
}
