/**
 * Gathers answers from their sources in order of precedence — flags and --set, then the answers file, then the
 * --yes defaults — and remembers where each came from, so an error names the flag or field the user typed.
 */
import { UsageError } from "../errors.js";
import { readAnswersFile } from "./answers-file.js";
import { DEFAULT_ENVIRONMENTS, DEFAULT_GITOPS, DEFAULT_SERVER } from "./defaults.js";
import { GITOPS_ENGINES } from "./engines.js";
import { AnswersSchema } from "./schema.js";
import { applySet, parseSetFlag, setFlagLabel } from "./set-path.js";
import { parsePort, shown } from "./rules.js";
import { ownerProblem, repositoryNameProblem } from "./repository-rules.js";
import { checkPlainData } from "./plain-data.js";

/** Answers given as flags. Every field is optional; `--yes` fills what is missing. */
export interface AnswerFlags {
  /** Path of a YAML or JSON answers file. */
  answersFile?: string;
  /** A relative `answersFile` is read from here. Default: the current directory. */
  cwd?: string;
  /** An answers object given directly (library use); it takes the place of the answers file. */
  answers?: Record<string, unknown>;
  gitops?: string;
  /** Environment names, e.g. ["dev", "prod"] or "dev,prod". */
  envs?: string[] | string;
  /** Single-server flags. */
  name?: string;
  image?: string;
  port?: string | number;
  transport?: string;
  path?: string;
  mode?: string;
  /** The server's command, words separated by spaces (an answers file or --set takes an exact list). */
  command?: string;
  /** `owner/name` of the GitHub repository the clusters pull from (`--repository`). */
  repository?: string;
  /** The repository's clone URL on any Git host (`--repository-url`). */
  repositoryUrl?: string;
  /** `dotted.path=value` assignments, applied last. */
  set?: string[];
  /** Use the defaults for every missing answer instead of failing (or prompting). */
  yes?: boolean;
}

export interface CollectedAnswers {
  raw: Record<string, unknown>;
  /** Answer path (e.g. `servers.0.port`) → what the user typed to set it (e.g. `--port`). */
  provenance: Map<string, string>;
  /** Flags to name for answers that are still missing (with --yes, only those of a server given by flags). */
  missing: string[];
  /** Label of the answers file, for messages about answers it provided. */
  fileLabel?: string;
}

const SERVER_FLAGS = ["name", "image", "port", "transport", "path", "mode", "command"] as const;

export async function collectAnswers(flags: AnswerFlags): Promise<CollectedAnswers> {
  const provenance = new Map<string, string>();
  const fileLabel = flags.answersFile ? `--answers ${flags.answersFile}` : flags.answers ? "answers" : undefined;
  if (flags.answers !== undefined && !flags.answersFile) checkPlainData(flags.answers, "answers");
  const fromFile = flags.answersFile
    ? await readAnswersFile(flags.answersFile, flags.cwd)
    : structuredClone(flags.answers ?? {});
  const raw: Record<string, unknown> = { ...fromFile };

  if (flags.gitops !== undefined) {
    raw.gitops = flags.gitops;
    provenance.set("gitops", "--gitops");
  }
  applyEnvsFlag(raw, flags.envs, provenance);
  applyServerFlags(raw, flags, provenance);
  applyRepositoryFlags(raw, flags, provenance);
  if (flags.yes) applyDefaults(raw);
  for (const text of flags.set ?? []) {
    const assignment = parseSetFlag(text);
    provenance.set(applySet(raw, assignment, AnswersSchema), setFlagLabel(assignment.raw));
  }
  return { raw, provenance, missing: missingFlags(raw), fileLabel };
}

function applyEnvsFlag(raw: Record<string, unknown>, envs: AnswerFlags["envs"], provenance: Map<string, string>) {
  if (envs === undefined) return;
  const names = (Array.isArray(envs) ? envs : envs.split(","))
    .flatMap((name) => name.split(","))
    .map((name) => name.trim());
  const existing = Array.isArray(raw.environments) ? (raw.environments as Record<string, unknown>[]) : [];
  raw.environments = names.map((name) => existing.find((environment) => environment?.name === name) ?? { name });
  for (const index of names.keys()) provenance.set(`environments.${index}.name`, "--envs");
  provenance.set("environments", "--envs");
}

function applyServerFlags(raw: Record<string, unknown>, flags: AnswerFlags, provenance: Map<string, string>) {
  const given = SERVER_FLAGS.filter((flag) => flags[flag] !== undefined);
  if (given.length === 0) return;
  const servers = Array.isArray(raw.servers) ? (raw.servers as Record<string, unknown>[]) : [];
  if (servers.length > 1) {
    throw new UsageError(
      `--${given[0]}: describes a single server, but the answers list ${servers.length}; use --set servers.<name>.${given[0]}=<value> instead`,
    );
  }
  // A server given by flags is the user's own, even with --yes: nothing of the example server (its image, command,
  // port, path) is carried over, so a missing --name or --image is an error, not the example renamed.
  const server: Record<string, unknown> = { ...(servers[0] ?? {}) };
  for (const flag of given) {
    server[flag] = flagValue(flag, flags);
    provenance.set(`servers.0.${flag}`, `--${flag}`);
  }
  // A server described by flags: what it still lacks is a flag to add, so errors name the flag (--name), not the field.
  for (const flag of SERVER_FLAGS)
    if (server[flag] === undefined && !provenance.has(`servers.0.${flag}`))
      provenance.set(`servers.0.${flag}`, `--${flag}`);
  raw.servers = [server];
}

function flagValue(flag: (typeof SERVER_FLAGS)[number], flags: AnswerFlags): unknown {
  if (flag === "port") return parsePort(flags.port!);
  if (flag === "command") return splitWords(flags.command!);
  return flags[flag];
}

/** `npx -y @acme/server --flag` → its words; quoting is not interpreted (an answers file takes exact lists). */
export function splitWords(text: string): string[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== "");
}

/**
 * `--repository owner/name` and `--repository-url <url>`: where the clusters pull from, without asking GitHub. A URL
 * whose path is `/<owner>/<name>` also names the owner and name (unless given), so commands printed for it fit.
 */
function applyRepositoryFlags(raw: Record<string, unknown>, flags: AnswerFlags, provenance: Map<string, string>) {
  if (flags.repository === undefined && flags.repositoryUrl === undefined) return;
  const current = raw.repository;
  const repository: Record<string, unknown> =
    current && typeof current === "object" && !Array.isArray(current) ? { ...current } : {};
  if (flags.repositoryUrl !== undefined) {
    repository.url = flags.repositoryUrl;
    provenance.set("repository.url", "--repository-url");
    const named = ownerAndName(flags.repositoryUrl);
    if (named && flags.repository === undefined && repository.owner === undefined && repository.name === undefined) {
      Object.assign(repository, named);
      provenance.set("repository.owner", "--repository-url");
      provenance.set("repository.name", "--repository-url");
    }
  }
  if (flags.repository !== undefined) {
    const parts = flags.repository.split("/");
    if (parts.length !== 2 || !parts[0] || !parts[1])
      throw new UsageError(
        `--repository: must be owner/name, e.g. acme/platform-mcp (got '${shown(flags.repository)}')`,
      );
    [repository.owner, repository.name] = parts;
    provenance.set("repository.owner", "--repository");
    provenance.set("repository.name", "--repository");
  }
  raw.repository = repository;
}

/** `https://host/acme/fleet.git` or `git@host:acme/fleet.git` → acme and fleet, when both fit GitHub's rules. */
function ownerAndName(url: string): { owner: string; name: string } | undefined {
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/(.*)$/i.exec(url)?.[1] ?? /^[^@/:]+@[^:/]+:(.*)$/.exec(url)?.[1];
  const [owner, name, ...rest] = (path ?? "")
    .replace(/\.git$/, "")
    .replace(/\/$/, "")
    .split("/");
  if (rest.length > 0 || !owner || !name) return undefined;
  return ownerProblem(owner) || repositoryNameProblem(name) ? undefined : { owner, name };
}

function applyDefaults(raw: Record<string, unknown>) {
  raw.gitops ??= DEFAULT_GITOPS;
  if (!Array.isArray(raw.servers) || raw.servers.length === 0) raw.servers = [structuredClone(DEFAULT_SERVER)];
  if (!Array.isArray(raw.environments) || raw.environments.length === 0) {
    raw.environments = DEFAULT_ENVIRONMENTS.map((name) => ({ name }));
  }
}

/** The flags that would supply each missing required answer; every one is listed at once. */
export function missingFlags(raw: Record<string, unknown>): string[] {
  const missing: string[] = [];
  if (raw.gitops === undefined) missing.push(`--gitops <${GITOPS_ENGINES.join("|")}>`);
  const servers = Array.isArray(raw.servers) ? (raw.servers as Record<string, unknown>[]) : [];
  if (servers.length === 0 || servers.some((server) => server?.name === undefined))
    missing.push("--name <server-name>");
  // A server on its own chart has no image answer: its chart's values name the image.
  if (servers.length === 0 || servers.some((server) => server?.image === undefined && server?.chart === undefined))
    missing.push("--image <image:tag>");
  if (!Array.isArray(raw.environments) || raw.environments.length === 0) missing.push("--envs <a,b,c>");
  return missing;
}
