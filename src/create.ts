/**
 * `create`: answers → rendered tree → validated → written atomically. Nothing touches the disk until every answer
 * and every rendered file has been checked.
 */
import { basename, resolve } from "node:path";
import { collectAnswers, type AnswerFlags, type CollectedAnswers } from "./answers/collect.js";
import type { ResolvedAnswers } from "./answers/resolve.js";
import { securityWarnings } from "./answers/security.js";
import { validateAnswers } from "./answers/validate.js";
import type { Blueprint } from "./blueprint/blueprint.js";
import { renderBlueprint, writeDocument } from "./blueprint/render.js";
import { toYaml } from "./blueprint/yaml-helpers.js";
import { UsageError, UserCancelled } from "./errors.js";
import { silentProgress, type Progress } from "./progress/progress.js";
import type { Prompter } from "./prompts/prompter.js";
import type { DeliveryOptions, DeliveryResult } from "./delivery/deliver.js";
import { RECORD_FILE, recordFor, serializeRecord } from "./record.js";
import { flush, inspectTarget, planChanges, type Change } from "./tree/flush.js";
import { checkDirectoryArgument } from "./tree/target-paths.js";
import type { Tree } from "./tree/tree.js";
import { validateTree } from "./tree/validate-tree.js";
import { openBlueprintSource } from "./upgrade/sources.js";
import { packageVersion } from "./version.js";

export interface CreateOptions extends AnswerFlags {
  /** The folder to scaffold into; created if missing. */
  directory: string;
  /** Compute and report everything, write nothing. */
  dryRun?: boolean;
  /** Allow a non-empty folder. Files the tool does not write are never touched or deleted. */
  force?: boolean;
  /** Blueprint to render: a folder or `<git-url>#<ref>` (relative folders from `cwd`). Default: bundled. */
  blueprint?: string;
  /** Relative `directory`, `answersFile` and `blueprint` paths are taken from here. Default: the current directory. */
  cwd?: string;
  /** Where a GitHub token is looked for when the questions offer a pull request. Default: `delivery.env`, else process.env. */
  env?: NodeJS.ProcessEnv;
  /** Ask for every answer the flags and answers file did not give (a person at a terminal). Omit: never ask. */
  prompter?: Prompter;
  /** Shown the plan after validation, before anything is written; resolving false cancels (UserCancelled). */
  confirm?: (plan: CreatePlan) => Promise<boolean>;
  /** Reports each step (render, validate, write, ...) as it runs. Default: silent. */
  progress?: Progress;
  /** Deliver the repository as a pull request on GitHub: the target becomes a clone of `delivery.repo`. */
  delivery?: DeliveryOptions;
}

/** What create() is about to do, for the confirm hook. */
export interface CreatePlan {
  directory: string;
  dryRun: boolean;
  answers: ResolvedAnswers;
  files: Change[];
  /** `owner/name` the files will be pushed to (delivery), if any. */
  deliverTo?: string;
}

export interface CreateResult {
  directory: string;
  dryRun: boolean;
  blueprint: { name: string; version: string };
  answers: ResolvedAnswers;
  /** Every file of the rendered repository and what happened to it. */
  files: Change[];
  warnings: string[];
  /** Branch, commit and pull request, when `delivery` was given. */
  delivery?: DeliveryResult;
}

export async function create(options: CreateOptions): Promise<CreateResult> {
  checkDirectoryArgument(options.directory);
  const directory = resolve(options.cwd ?? process.cwd(), options.directory);
  const state = await inspectTarget(directory);
  // With delivery the target is a clone, whose files are all versioned; see src/delivery/checkout.ts.
  if (state.exists && !state.empty && !options.force && !options.delivery) {
    throw new UsageError(
      `[directory] ${options.directory}: is not empty. Pass --force to write into it (files the tool does not generate are never touched).`,
    );
  }
  const { collected, delivery: deliveryOptions } = await collectOrAsk(options, basename(directory));
  // Delivery looks the repository up first: its base branch and clone URL are answers the files depend on.
  const delivery = deliveryOptions
    ? await (await import("./delivery/deliver.js")).openDelivery(deliveryOptions, {
        collected,
        directory,
        dryRun: Boolean(options.dryRun),
      })
    : undefined;
  const answers = validateAnswers(collected, basename(directory));
  const progress = options.progress ?? silentProgress;
  const { blueprint, dispose } = await openBlueprintSource(options.blueprint, directory, options.cwd);
  const tree = await progress
    .step(`Render blueprint ${blueprint.name} ${blueprint.version}`, () => renderRepository(blueprint, answers))
    .finally(dispose);
  await progress.step(`Validate ${tree.size} files`, () => validateTree(tree));
  // Asked before delivery's checkout, so a No (or Ctrl-C) leaves nothing behind, not even a clone.
  if (
    options.confirm &&
    !(await options.confirm({
      directory,
      dryRun: Boolean(options.dryRun),
      answers,
      files: await planChanges(tree, directory),
      deliverTo: deliveryOptions?.repo,
    }))
  ) {
    throw new UserCancelled();
  }
  // Delivery clones into the target (or reuses the clone) and switches to its branch; the plan is against that.
  const target =
    delivery && !options.dryRun
      ? await progress.step(`Check out ${deliveryOptions!.repo}`, () =>
          delivery.prepareWorkTree(tree, { force: options.force }),
        )
      : state;
  const files = await planChanges(tree, directory);
  if (!options.dryRun) {
    const count = files.filter((file) => file.kind !== "unchanged").length;
    await progress.step(`Write ${count} files to ${options.directory}`, () => flush(tree, directory, files, target));
  }
  const warnings = state.recovered
    ? [
        `an earlier run was interrupted while writing ${options.directory}; its ${state.recovered} file changes were undone first`,
      ]
    : [];
  warnings.push(...securityWarnings(answers));
  const publish = () =>
    delivery!.publish({
      tree,
      answers,
      blueprint: { name: blueprint.name, version: blueprint.version },
      generator: `create-mcp-gitops@${packageVersion()}`,
    });
  const delivered = !delivery
    ? undefined
    : options.dryRun
      ? await publish()
      : await progress.step(`Push and open the pull request on ${deliveryOptions!.repo}`, publish);
  warnings.push(...(delivered?.warnings ?? []));
  return {
    directory,
    dryRun: Boolean(options.dryRun),
    blueprint: { name: blueprint.name, version: blueprint.version },
    answers,
    files,
    warnings,
    ...(delivered ? { delivery: delivered } : {}),
  };
}

/** Flags and answers file first; then, when someone can be asked, questions for whatever is still missing. */
async function collectOrAsk(
  options: CreateOptions,
  directoryName: string,
): Promise<{ collected: CollectedAnswers; delivery?: DeliveryOptions }> {
  const collected = await collectAnswers(options);
  if (!options.prompter) return { collected, delivery: options.delivery };
  const { askAnswers } = await import("./prompts/ask-answers.js");
  const env = options.delivery?.env ?? options.env ?? process.env;
  const asked = await askAnswers(collected, {
    prompter: options.prompter,
    directoryName,
    delivering: Boolean(options.delivery),
    // Delivery needs a token; without one the question would only lead to an error.
    canOpenPullRequest: Boolean(env.GITHUB_TOKEN || env.GH_TOKEN),
  });
  return {
    collected: asked,
    delivery: options.delivery ?? (asked.pullRequest ? { ...asked.pullRequest, pullRequest: true, env } : undefined),
  };
}

/** The blueprint's files plus the generation record: everything a repository consists of. */
export async function renderRepository(blueprint: Blueprint, answers: ResolvedAnswers): Promise<Tree> {
  const tree = await renderBlueprint(blueprint, answers);
  const record = recordFor(blueprint, answers, packageVersion());
  writeDocument(tree, RECORD_FILE, serializeRecord(record), toYaml(record));
  return tree;
}
