/**
 * Changes to a server's persistent volumes between the recorded answers and the changed ones. A claim's storage class
 * and access modes are fixed once it exists, and its requested size only grows: a change the API server refuses
 * would fail every Helm upgrade (Flux retries and rolls back, Argo CD's sync fails), so it is refused here, before
 * anything is written, with the way that works — a new volume name. A claim that stops being rendered is kept by
 * the engine's keep annotation, with its data, and still counts against a namespace quota's exact storage caps: that
 * is a warning, with the command that deletes it.
 */
import type * as z from "../answers/zod.js";

interface Volume {
  name: string;
  type: string;
  size: string;
  storageClass?: string;
  accessMode: string;
}
interface Answers {
  servers: { name: string; chart?: unknown; storage?: Volume[] }[];
  environments: { name: string; namespace: string; quota?: { enabled: boolean } }[];
}

export interface VolumeChanges {
  /** Paths into the changed answers (their raw form, as given), for describeIssues. */
  issues: z.core.$ZodIssue[];
  warnings: string[];
}

const QUANTITY = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;
const UNITS: Record<string, number> = { m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
for (const [index, unit] of ["Ki", "Mi", "Gi", "Ti"].entries()) UNITS[unit] = 2 ** (10 * (index + 1));

function bytes(quantity: string): number {
  const match = QUANTITY.exec(quantity);
  return match ? Number(match[1]) * UNITS[match[2] ?? ""]! : Number.NaN;
}

const claims = (server: Answers["servers"][number]) =>
  server.chart ? [] : (server.storage ?? []).filter((volume) => volume.type === "pvc");

export function volumeChanges(before: Answers, after: Answers, raw: Record<string, unknown>): VolumeChanges {
  const issues: z.core.$ZodIssue[] = [];
  const kept: string[] = [];
  const rawServers = (Array.isArray(raw.servers) ? raw.servers : []) as { name?: unknown; storage?: unknown }[];
  for (const old of before.servers) {
    const server = after.servers.find((candidate) => candidate.name === old.name);
    for (const volume of claims(old)) {
      const now = server ? claims(server).find((candidate) => candidate.name === volume.name) : undefined;
      if (!now) {
        kept.push(`${old.name}-${volume.name}`);
        continue;
      }
      const at = (field: string) => {
        const s = rawServers.findIndex((candidate) => candidate.name === old.name);
        const storage = (rawServers[s]?.storage ?? []) as { name?: unknown }[];
        return ["servers", s, "storage", storage.findIndex((candidate) => candidate.name === volume.name), field];
      };
      const refuse = (field: string, message: string) =>
        issues.push({ code: "custom", path: at(field), message, input: undefined });
      const rename = `give the volume a new name instead (a new, empty claim; the old one is kept with its data until you delete it)`;
      if ((now.storageClass ?? "") !== (volume.storageClass ?? ""))
        refuse(
          "storageClass",
          `cannot change on the existing claim ${old.name}-${volume.name} (${volume.storageClass ?? "the cluster's default class"}): a claim's class is fixed once it exists, and the upgrade would fail on every sync; ${rename}`,
        );
      if (now.accessMode !== volume.accessMode)
        refuse(
          "accessMode",
          `cannot change on the existing claim ${old.name}-${volume.name} (${volume.accessMode}): a claim's access modes are fixed once it exists; ${rename}`,
        );
      if (bytes(now.size) < bytes(volume.size))
        refuse(
          "size",
          `cannot shrink the existing claim ${old.name}-${volume.name} from ${volume.size}: a claim only grows (where its class allows expansion); keep ${volume.size} or more, or ${rename}`,
        );
    }
  }
  const quotas = after.environments.filter((env) => env.quota?.enabled);
  const warnings = kept.map(
    (claim) =>
      `the claim ${claim} is no longer rendered and is kept with its data (the engine's keep annotation)` +
      (quotas.length > 0
        ? `; it still counts against the quota of ${quotas.map((env) => env.name).join(", ")}, whose storage caps count claims exactly, so a new claim may be refused until it is gone`
        : "") +
      `. Once its data is safe: ${after.environments.map((env) => `kubectl delete pvc ${claim} -n ${env.namespace}`).join("; ")}`,
  );
  return { issues, warnings };
}
