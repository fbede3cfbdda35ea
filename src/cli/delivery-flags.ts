/** The pull-request delivery flags of `create`, and how they become `DeliveryOptions`. */
import type { ParseArgsConfig } from "node:util";
import type { DeliveryOptions } from "../delivery/options.js";
import { UsageError } from "../errors.js";

export const DELIVERY_FLAGS = {
  repo: { type: "string" },
  "github-api-url": { type: "string" },
  base: { type: "string" },
  branch: { type: "string" },
  draft: { type: "boolean" },
  reviewers: { type: "string", multiple: true },
  labels: { type: "string", multiple: true },
  title: { type: "string" },
  "no-pr": { type: "boolean" },
  "create-repo": { type: "boolean" },
  public: { type: "boolean" },
  author: { type: "string" },
} as const satisfies ParseArgsConfig["options"];

type DeliveryValues = {
  [K in keyof typeof DELIVERY_FLAGS]?: (typeof DELIVERY_FLAGS)[K] extends { multiple: true }
    ? string[]
    : (typeof DELIVERY_FLAGS)[K]["type"] extends "boolean"
      ? boolean
      : string;
};

/** `undefined` without `--repo`; the other delivery flags mean nothing without it and are refused. */
export function deliveryOptions(values: DeliveryValues, env: NodeJS.ProcessEnv): DeliveryOptions | undefined {
  if (values.repo === undefined) {
    const stray = (Object.keys(DELIVERY_FLAGS) as (keyof DeliveryValues)[]).find((flag) => values[flag] !== undefined);
    if (stray) throw new UsageError(`--${stray}: only applies with --repo <owner/name>`);
    return undefined;
  }
  return {
    ...pullRequestFlags(values),
    repo: values.repo,
    pullRequest: !values["no-pr"],
    createRepo: values["create-repo"],
    private: !values.public,
    env,
  };
}

/** The flags `create --repo` and `upgrade --pr` share, as option fields. */
export function pullRequestFlags(values: DeliveryValues) {
  return {
    repo: values.repo,
    apiUrl: values["github-api-url"],
    base: values.base,
    branch: values.branch,
    draft: values.draft,
    reviewers: values.reviewers,
    labels: values.labels,
    title: values.title,
    author: values.author,
  };
}

/** With `--repo acme/fleet` and no folder given, clone into `fleet`, as `git clone` would. */
export function directoryForRepo(repo: string | undefined): string | undefined {
  const name = repo?.split("/")[1]?.replace(/\.git$/, "");
  return name && /^[A-Za-z0-9._-]+$/.test(name) && name !== "." && name !== ".." ? name : undefined;
}
