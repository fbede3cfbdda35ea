/**
 * What an answer change does, in the words of the repository: which servers and environments are added, removed or
 * changed, and which other answers moved. For the report, the pull request body and its title.
 */
import { isDeepStrictEqual } from "node:util";

export interface NamedChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface AnswersChange {
  servers: NamedChanges;
  environments: NamedChanges;
  /** Other top-level answers that changed, e.g. `repository`, `monitoring`. */
  other: string[];
  /** Servers × environments after the change (added ones included, removed ones too, for the table). */
  matrix: { servers: string[]; environments: string[] };
}

type Named = { name?: unknown };

export function describeAnswersChange(before: object, after: object): AnswersChange | undefined {
  if (isDeepStrictEqual(before, after)) return undefined;
  const old = before as Record<string, unknown>;
  const next = after as Record<string, unknown>;
  const servers = compareNamed(old.servers, next.servers);
  const environments = compareNamed(old.environments, next.environments);
  const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])];
  const other = keys.filter(
    (key) => key !== "servers" && key !== "environments" && !isDeepStrictEqual(old[key], next[key]),
  );
  return {
    servers,
    environments,
    other,
    matrix: { servers: union(old.servers, next.servers), environments: union(old.environments, next.environments) },
  };
}

function compareNamed(before: unknown, after: unknown): NamedChanges {
  const old = byName(before);
  const next = byName(after);
  return {
    added: [...next.keys()].filter((name) => !old.has(name)),
    removed: [...old.keys()].filter((name) => !next.has(name)),
    changed: [...next.keys()].filter((name) => old.has(name) && !isDeepStrictEqual(old.get(name), next.get(name))),
  };
}

function byName(list: unknown): Map<string, unknown> {
  const items = Array.isArray(list) ? (list as Named[]) : [];
  return new Map(items.map((item) => [String(item?.name), item]));
}

function union(before: unknown, after: unknown): string[] {
  return [...new Set([...byName(before).keys(), ...byName(after).keys()])];
}

/** One cell of the servers × environments table: what happens to that release. */
export function releaseChange(change: AnswersChange, server: string, environment: string): string {
  const { servers, environments } = change;
  if (servers.removed.includes(server) || environments.removed.includes(environment)) return "removed";
  if (servers.added.includes(server) || environments.added.includes(environment)) return "added";
  if (servers.changed.includes(server) || environments.changed.includes(environment) || change.other.length > 0)
    return "changed";
  return "";
}

/** A short phrase for titles and commit messages: "add server weather", "remove environment qa", "change answers". */
export function changeSummary(change: AnswersChange): string {
  const parts: string[] = [];
  const list = (names: string[]) => names.join(", ");
  const noun = (names: string[], one: string, many: string) => (names.length === 1 ? one : many);
  const { servers, environments } = change;
  if (servers.added.length) parts.push(`add ${noun(servers.added, "server", "servers")} ${list(servers.added)}`);
  if (environments.added.length)
    parts.push(`add ${noun(environments.added, "environment", "environments")} ${list(environments.added)}`);
  if (servers.removed.length)
    parts.push(`remove ${noun(servers.removed, "server", "servers")} ${list(servers.removed)}`);
  if (environments.removed.length)
    parts.push(`remove ${noun(environments.removed, "environment", "environments")} ${list(environments.removed)}`);
  const changed = [...servers.changed, ...environments.changed, ...change.other];
  if (changed.length) parts.push(`change ${list(changed)}`);
  return parts.join("; ");
}
