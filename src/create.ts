/**
 * `create`: answers → rendered tree → validated → written atomically. Nothing touches the disk until every answer
 * and every rendered file has been checked.
 */
import { basename, resolve } from "node:path";
import { collectAnswers, type AnswerFlags } from "./answers/collect.js";
import type { ResolvedAnswers } from "./answers/resolve.js";
import { validateAnswers } from "./answers/validate.js";
import { loadBundledBlueprint, type Blueprint } from "./blueprint/blueprint.js";
import { renderBlueprint } from "./blueprint/render.js";
import { UsageError } from "./errors.js";
import { RECORD_FILE, recordFor, serializeRecord } from "./record.js";
import { flush, inspectTarget, planChanges, type Change } from "./tree/flush.js";
import type { Tree } from "./tree/tree.js";
import { validateTree } from "./tree/validate-tree.js";
import { packageVersion } from "./version.js";

export interface CreateOptions extends AnswerFlags {
  /** The folder to scaffold into; created if missing. */
  directory: string;
  /** Compute and report everything, write nothing. */
  dryRun?: boolean;
  /** Allow a non-empty folder. Files the tool does not write are never touched or deleted. */
  force?: boolean;
}

export interface CreateResult {
  directory: string;
  dryRun: boolean;
  blueprint: { name: string; version: string };
  answers: ResolvedAnswers;
  /** Every file of the rendered repository and what happened to it. */
  files: Change[];
  warnings: string[];
}

export async function create(options: CreateOptions): Promise<CreateResult> {
  const directory = resolve(options.directory);
  const state = await inspectTarget(directory);
  if (state.exists && !state.empty && !options.force) {
    throw new UsageError(
      `[directory] ${options.directory}: is not empty. Pass --force to write into it (files the tool does not generate are never touched).`,
    );
  }
  const answers = validateAnswers(await collectAnswers(options), basename(directory));
  const blueprint = await loadBundledBlueprint();
  const tree = await renderRepository(blueprint, answers);
  await validateTree(tree);
  const files = await planChanges(tree, directory);
  if (!options.dryRun) await flush(tree, directory, files, state);
  return { directory, dryRun: Boolean(options.dryRun), blueprint: { name: blueprint.name, version: blueprint.version }, answers, files, warnings: [] };
}

/** The blueprint's files plus the generation record: everything a repository consists of. */
export async function renderRepository(blueprint: Blueprint, answers: ResolvedAnswers): Promise<Tree> {
  const tree = await renderBlueprint(blueprint, answers);
  tree.write(RECORD_FILE, serializeRecord(recordFor(blueprint, answers, packageVersion())));
  return tree;
}
