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
import { parsePort } from "./rules.js";

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
  /** `dotted.path=value` assignments, applied last. */
  set?: string[];
  /** Use the defaults for every missing answer instead of failing (or prompting). */
  yes?: boolean;
}

export interface CollectedAnswers {
  raw: Record<string, unknown>;
  /** Answer path (e.g. `servers.0.port`) → what the user typed to set it (e.g. `--port`). */
  provenance: Map<string, string>;
  /** Flags to name for answers that are still missing (empty with --yes). */
  missing: string[];
  /** Label of the answers file, for messages about answers it provided. */
  fileLabel?: string;
}

const SERVER_FLAGS = ["name", "image", "port", "transport", "path", "mode"] as const;

export async function collectAnswers(flags: AnswerFlags): Promise<CollectedAnswers> {
  const provenance = new Map<string, string>();
  const fileLabel = flags.answersFile ? `--answers ${flags.answersFile}` : flags.answers ? "answers" : undefined;
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
  if (flags.yes) applyDefaults(raw);
  for (const text of flags.set ?? []) {
    const assignment = parseSetFlag(text);
    provenance.set(applySet(raw, assignment, AnswersSchema), setFlagLabel(assignment.raw));
  }
  return { raw, provenance, missing: flags.yes ? [] : missingFlags(raw), fileLabel };
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
  const server: Record<string, unknown> = { ...(servers[0] ?? (flags.yes ? defaultServerUnderFlags(flags) : {})) };
  for (const flag of given) {
    server[flag] = flag === "port" ? parsePort(flags.port!) : flags[flag];
    provenance.set(`servers.0.${flag}`, `--${flag}`);
  }
  raw.servers = [server];
}

/**
 * With --yes, single-server flags adjust the default server. An --image means another program, so then nothing of
 * the default server (its command, port, path) is carried over.
 */
function defaultServerUnderFlags(flags: AnswerFlags): Record<string, unknown> {
  return flags.image !== undefined ? {} : structuredClone(DEFAULT_SERVER);
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
  if (servers.length === 0 || servers.some((server) => server?.image === undefined))
    missing.push("--image <image:tag>");
  if (!Array.isArray(raw.environments) || raw.environments.length === 0) missing.push("--envs <a,b,c>");
  return missing;
}
