/**
 * `create`: answers → rendered tree → validated → written atomically. Nothing touches the disk until every answer
 * and every rendered file has been checked.
 */
import { basename, resolve } from "node:path";
import { collectAnswers, type AnswerFlags, type CollectedAnswers } from "./answers/collect.js";
import type { ResolvedAnswers } from "./answers/resolve.js";
import { answerWarnings } from "./answers/warnings.js";
import { PLACEHOLDER_OWNER } from "./answers/defaults.js";
import { placeholderWarning } from "./answers/repository-rules.js";
import { refuseSharedNamespaces } from "./answers/shared-namespaces.js";
import { refuseIgnoredAnswers } from "./answers/ignored.js";
import { inSchemaOrder } from "./answers/order.js";
import { describeIssues, validateAnswers } from "./answers/validate.js";
import type { Blueprint } from "./blueprint/blueprint.js";
import {
  type EngineChoice,
  engineChoices,
  engineProblems,
  type EngineView,
  engineView,
  loadEngines,
} from "./blueprint/engines.js";
import { checkChartValues } from "./blueprint/chart-values.js";
import { GITOPS_ENGINES } from "./answers/engines.js";
import { renderBlueprint, writeDocument } from "./blueprint/render.js";
import { loadBlueprintWarnings } from "./blueprint/warnings.js";
import { toYaml } from "./blueprint/yaml-helpers.js";
import { UsageError, UserCancelled } from "./errors.js";
import { silentProgress, type Progress } from "./progress/progress.js";
import type { Prompter } from "./prompts/prompter.js";
import type { DeliveryOptions } from "./delivery/options.js";
import type { DeliveryResult } from "./delivery/result.js";
import { RECORD_FILE, recordFor, serializeRecord } from "./record.js";
import {
  type Change,
  flush,
  inspectTarget,
  lockTarget,
  planChanges,
  type Recovered,
  recoverInterruptedWrite,
  recoveryWarning,
  type TargetState,
} from "./tree/flush.js";
import { checkDirectoryArgument } from "./tree/target-paths.js";
import type { LocalRepository } from "./git/local-repository.js";
import { commitScaffold, type GitPlan, planGit } from "./git/scaffold-git.js";
import type { Tree } from "./tree/tree.js";
import { validateTree } from "./tree/validate-tree.js";
import { openBlueprintSource } from "./blueprint/sources.js";
import { packageVersion } from "./version.js";

export interface CreateOptions extends AnswerFlags {
  /** The folder to scaffold into; created if missing. */
  directory: string;
  /** Compute and report everything, write nothing. */
  dryRun?: boolean;
  /**
   * Allow a non-empty folder: the files the blueprint generates are overwritten (edits to them included); files it
   * does not generate are never touched or deleted. A folder holding only `.git` counts as empty.
   */
  force?: boolean;
  /**
   * A non-empty folder without `force`: the person chooses to write beside their files ("write") or to see the diff
   * in the confirm step first ("diff"); throwing UserCancelled cancels. Omit: a non-empty folder is refused.
   */
  nonEmpty?: (directoryLabel: string) => Promise<"write" | "diff">;
  /** Initialise a git repository on the base branch and commit the files. Undefined: ask when prompting, else no. */
  git?: boolean;
  /** Commit author for `git`, `Name <email>`. Default: git's configured identity (none: a usage error). */
  author?: string;
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
  /** The blueprint's description of the chosen GitOps engine. */
  engine: EngineView;
  files: Change[];
  /** `owner/name` the files will be pushed to (delivery), if any. */
  deliverTo?: string;
  /** The person asked to see the changes to their existing files before confirming: the unified diff. */
  diff?: () => Promise<string>;
}

export interface CreateResult {
  directory: string;
  dryRun: boolean;
  blueprint: { name: string; version: string };
  answers: ResolvedAnswers;
  /** The blueprint's description of the chosen GitOps engine: its name, folders and bootstrap commands. */
  engine: EngineView;
  /** Every file of the rendered repository and what happened to it. */
  files: Change[];
  warnings: string[];
  /** Branch, commit and pull request, when `delivery` was given. */
  delivery?: DeliveryResult;
  /** The git repository the folder was part of before the run, and the commit `git` made, if any. */
  git: { repository: LocalRepository; commit?: string };
}

export async function create(options: CreateOptions): Promise<CreateResult> {
  checkDirectoryArgument(options.directory);
  const directory = resolve(options.cwd ?? process.cwd(), options.directory);
  await inspectTarget(directory); // a file or a symbolic link is refused before anything is locked
  // One writer per target for the whole run; a dry run writes nothing, so it only looks.
  const lock = options.dryRun ? undefined : await lockTarget(directory);
  try {
    return await createIn(directory, options);
  } finally {
    await lock?.release();
  }
}

async function createIn(directory: string, options: CreateOptions): Promise<CreateResult> {
  const recovered = await recoverInterruptedWrite(directory, { readOnly: Boolean(options.dryRun) });
  const state = await inspectTarget(directory);
  // With delivery the target is a clone, whose files are all versioned; see src/delivery/checkout.ts.
  let showDiff = false;
  if (state.exists && !state.blank && !options.force && !options.delivery) {
    if (!options.nonEmpty)
      throw new UsageError(
        `[directory] ${options.directory}: is not empty. Pass --force to write beside your files (the files the blueprint generates are overwritten, your edits to them included; no other file is touched).`,
      );
    showDiff = (await options.nonEmpty(options.directory)) === "diff";
    options = { ...options, force: true };
  }
  // The blueprint first: it says which engines there are and how they are called, for the questions.
  const { blueprint, dispose } = await openBlueprintSource(options.blueprint, directory, options.cwd);
  try {
    return await createFrom(blueprint, options, { directory, state, recovered, showDiff });
  } finally {
    await dispose();
  }
}

async function createFrom(
  blueprint: Blueprint,
  options: CreateOptions,
  target: { directory: string; state: TargetState; recovered: Recovered; showDiff: boolean },
): Promise<CreateResult> {
  const { directory, state } = target;
  const dryRun = Boolean(options.dryRun);
  const engines = await loadEngines(blueprint);
  const choices = engineChoices(engines, GITOPS_ENGINES);
  const { collected, delivery: deliveryOptions } = await collectOrAsk(options, basename(directory), choices);
  const ignores = engines[String(collected.raw.gitops)]?.ignores;
  if (ignores) refuseIgnoredAnswers(collected, ignores);
  const warnings: string[] = [];
  const git = await planLocalGit(options, { directory, dryRun, delivering: Boolean(deliveryOptions), warnings });
  // Delivery looks the repository up first: its base branch and clone URL are answers the files depend on.
  const delivery = deliveryOptions
    ? await (await import("./delivery/create-delivery.js")).openCreateDelivery(deliveryOptions, collected, {
        directory,
        dryRun,
      })
    : undefined;
  const answers = validateAnswers(collected, basename(directory));
  // Where each environment is its own cluster (the engine ignores `cluster`), namespaces cannot collide; otherwise
  // the engine says which environments share a cluster (its descriptor's `cluster`).
  if (!ignores?.["environments.cluster"]) {
    const clusterOf = engines[answers.gitops]?.cluster;
    const placed = clusterOf
      ? answers.environments.map((environment) => ({ ...environment, cluster: clusterOf(environment) }))
      : answers.environments;
    refuseSharedNamespaces({ ...answers, environments: placed }, collected);
  }
  const refused = engineProblems(engines, answers);
  if (refused.length > 0)
    throw new UsageError(
      describeIssues(
        refused.map(({ path, message }) => ({ code: "custom", path, message, input: undefined })),
        collected,
      ),
    );
  const engine = engineView(engines, answers, blueprint);
  const progress = options.progress ?? silentProgress;
  const tree = await progress.step(`Render blueprint ${blueprint.name} ${blueprint.version}`, () =>
    renderRepository(blueprint, answers),
  );
  await progress.step(`Validate ${tree.size} files`, async () => {
    await validateTree(tree);
    // Helm values against the chart's schema: a value the chart refuses fails here, not in the cluster.
    await checkChartValues(tree, engines[answers.gitops]?.releases?.(answers) ?? [], answers, collected);
  });
  // Asked before delivery's checkout, so a No (or Ctrl-C) leaves nothing behind, not even a clone.
  const plan = {
    directory,
    dryRun,
    answers,
    engine,
    files: await planChanges(tree, directory),
    deliverTo: deliveryOptions?.repo,
    ...(target.showDiff ? { diff: async () => (await import("./upgrade/diff.js")).diffWithDisk(tree, directory) } : {}),
  };
  // A dry run with an interrupted write still pending sees that run's files, not edits (it warns about them).
  if (options.force && state.exists && !delivery && !(dryRun && target.recovered.files > 0))
    await refuseOverwritingEdits(directory, options.directory, plan.files);
  if (options.confirm && !(await options.confirm(plan))) throw new UserCancelled();
  // Delivery clones into the target (or reuses the clone) and switches to its branch; the plan is against that.
  if (delivery && !dryRun) {
    await progress.step(`Check out ${delivery.repository}`, () => delivery.prepare({ tree, force: options.force }));
  }
  const written = delivery && !dryRun ? { exists: true, empty: false } : state;
  const files = await planChanges(tree, directory);
  if (!dryRun) {
    const count = files.filter((file) => file.kind !== "unchanged").length;
    await progress.step(`Write ${count} files to ${options.directory}`, () =>
      flush(tree, directory, files, written, { last: [RECORD_FILE] }),
    );
  }
  const recovery = recoveryWarning(
    options.directory,
    target.recovered,
    dryRun ? "the next run without --dry-run" : undefined,
  );
  if (recovery) warnings.unshift(recovery);
  const summary = { name: blueprint.name, version: blueprint.version };
  const generator = `create-mcp-gitops@${packageVersion()}`;
  const commit =
    git.identity && !dryRun
      ? await progress.step(`Commit the files on ${answers.repository.baseBranch}`, async () =>
          commitScaffold(git, directory, {
            branch: answers.repository.baseBranch,
            message: (await import("./delivery/messages.js")).commitMessage(answers, engine, "Add", generator, summary),
            env: options.env ?? process.env,
          }),
        )
      : undefined;
  warnings.push(...answerWarnings(answers), ...(await loadBlueprintWarnings(blueprint, answers)));
  // Delivery names a real repository; otherwise say so while the files still point at the placeholder.
  const placeholder = placeholderWarning(answers.repository, PLACEHOLDER_OWNER);
  if (placeholder && !delivery) warnings.push(placeholder);
  const publish = async () =>
    (await import("./delivery/create-delivery.js")).publishCreate(delivery!, {
      tree,
      answers,
      engine,
      blueprint: summary,
      generator,
    });
  const delivered = !delivery
    ? undefined
    : dryRun
      ? await publish()
      : await progress.step(`Push and open the pull request on ${delivery.repository}`, publish);
  warnings.push(...(delivered?.warnings ?? []));
  return {
    directory,
    dryRun,
    blueprint: summary,
    answers,
    engine,
    files,
    warnings,
    ...(delivered ? { delivery: delivered } : {}),
    git: { repository: git.repository, ...(commit ? { commit } : {}) },
  };
}

/**
 * `create --force` over a generated repository would re-render every file and revert the user's edits to them. It
 * goes ahead only when no edited file would change; otherwise it names them and points to the commands that merge.
 */
async function refuseOverwritingEdits(directory: string, given: string, files: Change[]): Promise<void> {
  const { existsSync } = await import("node:fs");
  const { join } = await import("node:path");
  if (!existsSync(join(directory, RECORD_FILE))) return;
  const updated = files.filter((file) => file.kind === "update" && file.path !== RECORD_FILE).map((file) => file.path);
  if (updated.length === 0) return;
  const { editedFiles } = await import("./upgrade/edited-files.js");
  const edited = (await editedFiles(directory, updated)) ?? updated;
  if (edited.length === 0) return;
  const shown = edited.slice(0, 5).join(", ") + (edited.length > 5 ? ` and ${edited.length - 5} more` : "");
  throw new UsageError(
    `[directory] ${given}: is a generated repository (${RECORD_FILE}), and --force would overwrite ${edited.length} file${edited.length === 1 ? "" : "s"} you edited: ${shown}. Change its answers with a three-way merge that keeps your edits instead: create-mcp-gitops upgrade ${given} --answers <file> (or --set <path>=<value>), or add server|env / remove server|env; nothing written`,
  );
}

/** `--git`, `--no-git` or the question; with delivery the folder is a clone and git is delivery's business. */
async function planLocalGit(
  options: CreateOptions,
  context: { directory: string; dryRun: boolean; delivering: boolean; warnings: string[] },
): Promise<GitPlan> {
  const prompter = options.prompter;
  return planGit({
    directory: context.directory,
    git: context.delivering ? false : options.git,
    author:
      options.author === undefined ? undefined : (await import("./delivery/options.js")).parseIdentity(options.author),
    env: options.env ?? process.env,
    dryRun: context.dryRun,
    ask: prompter
      ? async (repository) => (await import("./prompts/ask-delivery.js")).askGit(prompter, repository)
      : undefined,
    warnings: context.warnings,
  });
}

/** Flags and answers file first; then, when someone can be asked, questions for whatever is still missing. */
async function collectOrAsk(
  options: CreateOptions,
  directoryName: string,
  engines: EngineChoice[],
): Promise<{ collected: CollectedAnswers; delivery?: DeliveryOptions }> {
  const collected = await collectAnswers(options);
  if (!options.prompter) return { collected, delivery: options.delivery };
  const { askAnswers } = await import("./prompts/ask-answers.js");
  const env = options.delivery?.env ?? options.env ?? process.env;
  const asked = await askAnswers(collected, {
    prompter: options.prompter,
    directoryName,
    engines,
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
  // The schema's field order, so the same answers give the same record however they were given (upgrade keeps the
  // order a record already has instead).
  const record = recordFor(blueprint, inSchemaOrder(answers), packageVersion());
  const document = toYaml(record);
  writeDocument(tree, RECORD_FILE, serializeRecord(record, document), document);
  return tree;
}
