/**
 * The two sets of answers of an upgrade. Base: the recorded answers, as the recorded version rendered them. Theirs:
 * the recorded answers migrated to the target version, then changed as asked (`--answers`, `add`, `--unset`,
 * `--set`), validated and resolved like `create`'s — so a new server or a changed replica count is rendered by the
 * same three-way merge as a blueprint upgrade, and every mistake names the flag that made it.
 */
import { basename } from "node:path";
import { readAnswersFile } from "../answers/answers-file.js";
import type { CollectedAnswers } from "../answers/collect.js";
import type { ResolvedAnswers } from "../answers/resolve.js";
import { AnswersSchema } from "../answers/schema.js";
import { applySet, parseSetFlag, setFlagLabel } from "../answers/set-path.js";
import {
  unresolveEnvironment,
  unresolveInfrastructure,
  unresolveRepository,
  unresolveRevisions,
  unresolveServer,
} from "../answers/unresolve.js";
import { applyUnset } from "../answers/unset-path.js";
import { describeIssues, validateAnswers } from "../answers/validate.js";
import type { Blueprint } from "../blueprint/blueprint.js";
import { type AnswersData, migrationsFor, type MigrationRun, runMigrations } from "../blueprint/migrations.js";
import { UsageError } from "../errors.js";
import { RECORD_FILE } from "../record.js";
import { type AnswersChange, describeAnswersChange } from "./answers-diff.js";
import { inRecordedOrder, type RecordedGeneration } from "./recorded.js";
import { volumeChanges } from "./volume-changes.js";

/** Changes to the recorded answers, applied in this order: complete new answers, additions, removals, `--set`. */
export interface AnswerChanges {
  /** A YAML or JSON answers file (or a `.mcp-gitops.yaml`) holding the complete new answers; relative to `cwd`. */
  answersFile?: string;
  /** The complete new answers as an object (library use), instead of `answersFile`. */
  answers?: Record<string, unknown>;
  /** New entries of a named list; `labels` names the flag that gave each field, for messages. */
  add?: AddedEntry[];
  /** `servers.<name>`, `environments.<name>`, or any optional answer (back to its default). */
  unset?: string[];
  /** What the user typed for an `unset` path (e.g. `remove server weather`), for messages; default `--unset <path>`. */
  unsetLabels?: Record<string, string>;
  /** `path=value`, exactly as `create --set` takes them. */
  set?: string[];
}

export interface AddedEntry {
  list: "servers" | "environments";
  entry: Record<string, unknown>;
  /** Field → flag that gave it, e.g. `image` → `--image`. */
  labels?: Record<string, string>;
}

export function hasAnswerChanges(changes: AnswerChanges | undefined): changes is AnswerChanges {
  if (!changes) return false;
  const { answersFile, answers, add, unset, set } = changes;
  return (
    answersFile !== undefined || answers !== undefined || [add, unset, set].some((list) => (list?.length ?? 0) > 0)
  );
}

/**
 * The base's answers: what the recorded version was rendered with. Records are written resolved, so today's schema
 * only fills in answers newer than the record (which the recorded version's templates never read) — and a record
 * in an older shape that today's schema no longer takes is rendered as it stands.
 */
export function baseAnswers(record: RecordedGeneration, directory: string): ResolvedAnswers {
  const parsed = AnswersSchema.safeParse(record.answers);
  if (!parsed.success) return record.answers as unknown as ResolvedAnswers;
  try {
    const resolved = validateAnswers(collectedFrom(record.answers, RECORD_FILE), basename(directory));
    return inRecordedOrder(resolved, record.answers);
  } catch {
    return record.answers as unknown as ResolvedAnswers;
  }
}

export interface TargetAnswers {
  answers: ResolvedAnswers;
  applied: MigrationRun[];
  /** What the requested changes do, next to the (migrated) recorded answers; absent when nothing was asked. */
  change?: AnswersChange;
  /** What the changes leave behind in the cluster (claims no longer rendered). */
  warnings?: string[];
}

/** Recorded answers → the target version's shape (migrations) → the requested changes → validated and resolved. */
export async function targetAnswers(
  record: RecordedGeneration,
  theirs: Blueprint,
  changes: AnswerChanges | undefined,
  paths: { directory: string; cwd: string },
): Promise<TargetAnswers> {
  const { answers: migrated, applied } = runMigrations(
    record.answers,
    await migrationsFor(theirs),
    record.blueprint.version,
    theirs.version,
  );
  const collected = hasAnswerChanges(changes)
    ? await applyChanges(migrated, changes, paths.cwd)
    : collectedFrom(migrated, RECORD_FILE);
  try {
    const resolved = inRecordedOrder(validateAnswers(collected, basename(paths.directory)), record.answers);
    if (!hasAnswerChanges(changes)) return { answers: resolved, applied };
    const unchanged = AnswersSchema.safeParse(migrated).success
      ? validateAnswers(collectedFrom(migrated, RECORD_FILE), basename(paths.directory))
      : migrated;
    const volumes = volumeChanges(unchanged as ResolvedAnswers, resolved, collected.raw);
    if (volumes.issues.length > 0) throw new UsageError(describeIssues(volumes.issues, collected));
    const change = describeAnswersChange(unchanged, resolved);
    return { answers: resolved, applied, warnings: volumes.warnings, ...(change ? { change } : {}) };
  } catch (error) {
    if (!(error instanceof UsageError) || hasAnswerChanges(changes)) throw error;
    throw new UsageError(
      `the answers recorded in ${RECORD_FILE} do not fit ${theirs.name} ${theirs.version}: ${error.message}`,
    );
  }
}

function collectedFrom(raw: AnswersData, fileLabel: string): CollectedAnswers {
  return { raw: structuredClone(raw), provenance: new Map(), missing: [], fileLabel };
}

async function applyChanges(recorded: AnswersData, changes: AnswerChanges, cwd: string): Promise<CollectedAnswers> {
  const replaced = changes.answersFile
    ? await readAnswersFile(changes.answersFile, cwd)
    : changes.answers && structuredClone(changes.answers);
  const fileLabel = changes.answersFile
    ? `--answers ${changes.answersFile}`
    : changes.answers
      ? "answers"
      : RECORD_FILE;
  const collected = collectedFrom(replaced ?? recorded, fileLabel);
  const { raw, provenance } = collected;
  // Prerequisites that were only what the answers needed follow the changed answers.
  unresolveInfrastructure(raw);
  for (const added of changes.add ?? []) addEntry(raw, added, provenance);
  for (const path of changes.unset ?? []) applyUnset(raw, path, AnswersSchema, changes.unsetLabels?.[path]);
  for (const text of changes.set ?? []) {
    const assignment = parseSetFlag(text);
    rederive(raw, assignment.path);
    provenance.set(applySet(raw, assignment, AnswersSchema), setFlagLabel(assignment.raw));
  }
  return collected;
}

/** A new server or environment; one that exists already with exactly these answers is left as it is. */
function addEntry(raw: AnswersData, added: AddedEntry, provenance: Map<string, string>): void {
  const list = Array.isArray(raw[added.list]) ? (raw[added.list] as Record<string, unknown>[]) : [];
  raw[added.list] = list;
  const name = added.entry.name;
  const existing = list.find((item) => item?.name === name);
  if (existing) {
    const same = Object.entries(added.entry).every(
      ([key, value]) => JSON.stringify(existing[key]) === JSON.stringify(value),
    );
    if (same) return;
    const noun = added.list === "servers" ? "a server" : "an environment";
    throw new UsageError(
      `${added.labels?.name ?? "--name"} ${String(name)}: ${noun} of that name already exists with other answers; change it with \`create-mcp-gitops upgrade --set ${added.list}.${String(name)}.<field>=<value>\``,
    );
  }
  list.push(structuredClone(added.entry));
  for (const [field, label] of Object.entries(added.labels ?? {}))
    provenance.set(`${added.list}.${list.length - 1}.${field}`, label);
}

/**
 * Before `--set environments.<name>.…` (or `servers.<name>.…`, `repository.…`), values derived from the old answers are
 * derived again.
 */
function rederive(raw: AnswersData, path: string[]): void {
  if (path[0] === "environments" && Array.isArray(raw.environments) && path.length > 2) {
    raw.environments = (raw.environments as Record<string, unknown>[]).map((environment) =>
      environment?.name === path[1] ? unresolveEnvironment(environment) : environment,
    );
  }
  if (path[0] === "servers" && Array.isArray(raw.servers) && path.length > 2) {
    raw.servers = (raw.servers as Record<string, unknown>[]).map((server) =>
      server?.name === path[1] ? unresolveServer(server) : server,
    );
  }
  if (path[0] === "repository" && raw.repository && typeof raw.repository === "object") {
    unresolveRevisions(raw);
    raw.repository = unresolveRepository(raw.repository as Record<string, unknown>);
  }
}
