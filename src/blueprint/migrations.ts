/**
 * Answer migrations: when a blueprint version renames, splits or removes an answer, the answers recorded by an
 * older version must be rewritten before the new version renders with them. Migrations are plain functions keyed
 * by the version that introduced the change and run in version order for every version after the recorded one, up
 * to and including the target. New answers with defaults need no migration: the answers schema fills them in.
 *
 * The bundled blueprint's migrations live here, in TypeScript. A blueprint of your own can ship the same shape as
 * `lib/migrations.mjs` (default export `{ "2.0.0": { description, migrate } }`), loaded like `lib/helpers.mjs`.
 */
import { INFRASTRUCTURE_COMPONENTS } from "../answers/infrastructure.js";
import { BlueprintError } from "../errors.js";
import { type Blueprint, loadBlueprintModule } from "./blueprint.js";
import { migrateTo120 } from "./migrate-1.2.0.js";
import { compareVersions } from "./versions.js";

/** Recorded answers as plain data: a migration sees the old shape, not the current schema's type. */
export type AnswersData = Record<string, unknown>;

export interface AnswersMigration {
  /** One line for the upgrade report, e.g. "environments[].replicaCount is now environments[].replicas". */
  description: string;
  /** Returns the answers in the new shape. It receives its own deep copy, so it may also edit in place. */
  migrate: (answers: AnswersData) => AnswersData;
}

export type MigrationsByVersion = Record<string, AnswersMigration>;

/**
 * The bundled blueprint's migrations. 1.1.0 only added answers with defaults (and files), so it has none; 1.2.0
 * changed what some recorded answers mean (see migrate-1.2.0.ts).
 * 1.2.0 also installs the prerequisites the answers need (`infrastructure`); a repository from before told its reader
 * to install them by hand, so its clusters have them already and a second install would fight the first: every
 * component is recorded as not installed here, which renders as before. `install: true` hands one over.
 */
export const BUNDLED_MIGRATIONS: Record<string, MigrationsByVersion> = {
  "mcp-gitops": {
    "1.2.0": {
      description:
        "servers on their own chart keep only the answers that reach it; servers scraped before keep metrics.enabled: true; unexposed SSE servers keep their client-IP affinity; the prerequisites your clusters already have stay yours (infrastructure.<component>.install: false)",
      migrate: (answers) => keepPrerequisites(migrateTo120(answers)),
    },
  },
};

/** Records from before 1.2.0: every prerequisite is the cluster's own (see BUNDLED_MIGRATIONS). */
function keepPrerequisites(answers: AnswersData): AnswersData {
  if (answers.infrastructure !== undefined) return answers;
  const kept = Object.fromEntries(INFRASTRUCTURE_COMPONENTS.map((name) => [name, { install: false }]));
  return { ...answers, infrastructure: kept };
}

export interface MigrationRun {
  version: string;
  description: string;
}

/** Runs every migration in (from, to], oldest first. Pure: the input is never modified. */
export function runMigrations(
  answers: AnswersData,
  migrations: MigrationsByVersion,
  from: string,
  to: string,
): { answers: AnswersData; applied: MigrationRun[] } {
  const due = Object.keys(migrations)
    .filter((version) => compareVersions(version, from) > 0 && compareVersions(version, to) <= 0)
    .sort(compareVersions);
  let current = structuredClone(answers);
  const applied: MigrationRun[] = [];
  for (const version of due) {
    const migration = migrations[version]!;
    let next: AnswersData;
    try {
      next = migration.migrate(current);
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
      throw new BlueprintError(`the blueprint's answers migration ${version} failed: ${message}`);
    }
    if (!next || typeof next !== "object" || Array.isArray(next)) {
      throw new BlueprintError(
        `the blueprint's answers migration ${version} returned ${Array.isArray(next) ? "a list" : typeof next}, not the answers`,
      );
    }
    current = next;
    applied.push({ version, description: migration.description });
  }
  return { answers: current, applied };
}

/** The migrations that apply to upgrading to `blueprint`: built-in ones for its name, then its own lib/migrations.mjs. */
export async function migrationsFor(blueprint: Blueprint): Promise<MigrationsByVersion> {
  return { ...(BUNDLED_MIGRATIONS[blueprint.name] ?? {}), ...(await loadBlueprintMigrations(blueprint)) };
}

async function loadBlueprintMigrations(blueprint: Blueprint): Promise<MigrationsByVersion> {
  const file = "lib/migrations.mjs";
  const module = await loadBlueprintModule<{ default?: unknown }>(blueprint, file);
  const table = (module?.default ?? {}) as Record<string, unknown>;
  const migrations: MigrationsByVersion = {};
  for (const [version, entry] of Object.entries(table)) {
    // A bare function is accepted too; the report then names only the version.
    if (typeof entry === "function")
      migrations[version] = {
        description: `answers migration ${version}`,
        migrate: entry as AnswersMigration["migrate"],
      };
    else if (entry && typeof (entry as AnswersMigration).migrate === "function")
      migrations[version] = entry as AnswersMigration;
    else
      throw new BlueprintError(
        `blueprint ${blueprint.name} ${blueprint.version}: ${file}: entry ${version} is not a migration function`,
      );
  }
  return migrations;
}
