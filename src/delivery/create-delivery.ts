/**
 * What `create --repo` delivers, over the one pipeline (pipeline.ts): the repository's coordinates become answers
 * (the Argo CD Applications and the README name them), and the publication is the whole generated tree with the
 * title and description pr-body.ts and messages.ts write.
 */
import { basename } from "node:path";
import type { CollectedAnswers } from "../answers/collect.js";
import type { ResolvedAnswers } from "../answers/resolve.js";
import { validateAnswers } from "../answers/validate.js";
import type { EngineView } from "../blueprint/engines.js";
import { RECORD_FILE } from "../record.js";
import type { Tree } from "../tree/tree.js";
import { commitMessage, pullRequestTitle } from "./messages.js";
import { defaultBranch, type DeliveryOptions, resolveDeliveryOptions, type ResolvedDelivery } from "./options.js";
import { type Delivery, openDelivery } from "./pipeline.js";
import { pullRequestBody } from "./pr-body.js";
import type { DeliveryResult } from "./result.js";

/**
 * Checks the options and answers (a usage error before anything is looked up or created), then opens the delivery.
 * Once GitHub has been asked, the base branch and the clone URL are pinned as answers too.
 */
export async function openCreateDelivery(
  options: DeliveryOptions,
  collected: CollectedAnswers,
  context: { directory: string; dryRun: boolean },
): Promise<Delivery> {
  const resolved = resolveDeliveryOptions(options);
  const base = pinRepository(collected, resolved);
  const early = validateAnswers(collected, basename(context.directory));
  const delivery = await openDelivery({
    options: { ...resolved, base },
    env: options.env ?? process.env,
    directory: context.directory,
    dryRun: context.dryRun,
    defaultBranch: defaultBranch(early.servers.map((server) => server.name)),
  });
  if (delivery.cloneUrl && delivery.base)
    pinRepository(collected, resolved, { base: delivery.base, url: delivery.cloneUrl, ownerType: delivery.ownerType });
  return delivery;
}

export interface CreatePublication {
  tree: Tree;
  answers: ResolvedAnswers;
  blueprint: { name: string; version: string };
  engine: EngineView;
  /** e.g. `create-mcp-gitops@0.1.0`. */
  generator: string;
}

/** Commits the generated tree and opens (or updates) its pull request: "Add …" at first, "Update …" afterwards. */
export async function publishCreate(delivery: Delivery, input: CreatePublication): Promise<DeliveryResult> {
  const verb = (await delivery.fileOnBase(RECORD_FILE)) === undefined ? "Add" : "Update";
  const { answers, engine } = input;
  return delivery.publish({
    paths: input.tree.paths(),
    message: commitMessage(answers, engine, verb, input.generator, input.blueprint),
    nothingToDeliver: `nothing to deliver: ${delivery.base} already has exactly these files, so no branch was pushed and no pull request opened`,
    pullRequest: () => ({
      title: pullRequestTitle(answers, engine, verb),
      body: pullRequestBody({
        answers,
        engine,
        files: input.tree.paths(),
        blueprint: input.blueprint,
        generator: input.generator,
      }),
    }),
  });
}

/**
 * `--repo` (and `--base`) are answers too: the generated Argo CD Applications and README name the repository and
 * branch. Flags win over the answers file. Once GitHub has been asked, the resolved base branch and the repository's
 * clone URL are pinned as well (an answered `repository.url`, e.g. an SSH URL, is kept), and whether the owner is a
 * user account or an organization (the printed bootstrap commands depend on it).
 * Returns the base branch given by `--base` or the answers, if any.
 */
export function pinRepository(
  collected: CollectedAnswers,
  delivery: ResolvedDelivery,
  remote?: { base: string; url: string; ownerType?: "user" | "organization" },
): string | undefined {
  const current = collected.raw.repository;
  const repository: Record<string, unknown> =
    current && typeof current === "object" && !Array.isArray(current)
      ? { ...(current as Record<string, unknown>) }
      : {};
  repository.owner = delivery.owner;
  repository.name = delivery.name;
  collected.provenance.set("repository.owner", "--repo");
  collected.provenance.set("repository.name", "--repo");
  if (delivery.base !== undefined) {
    repository.baseBranch = delivery.base;
    collected.provenance.set("repository.baseBranch", "--base");
  }
  if (remote) {
    repository.baseBranch = remote.base;
    repository.url ??= remote.url;
    if (remote.ownerType) repository.ownerType = remote.ownerType;
  }
  collected.raw.repository = repository;
  return typeof repository.baseBranch === "string" ? repository.baseBranch : undefined;
}
