// @ts-check
// renovate.json (answers: ci.renovate): Renovate keeps the repository's pinned versions current — the server images
// (tags and digests in apps/*/*/values.yaml), the MCP check's image, the charts of servers with their own chart, the
// infrastructure charts and the Gateway API CRDs, and the actions pinned by commit — one group per server, with
// the updates that reach prod environments waiting for approval. Plain data from the answers; the project's tests
// run Renovate's own validator over it.
/** @import { ResolvedAnswers } from "create-mcp-gitops" */
import { revisionRef } from "./gitops.mjs";

/**
 * An image as the chart's values hold it, `repository`, `tag` and an optional `digest` on consecutive lines (quoted
 * or not), which is how every values file of this repository writes one.
 */
const IMAGE =
  'repository:\\s*"?(?<depName>[^\\s"]+)"?\\s+tag:\\s*"?(?<currentValue>[^\\s"]+)"?(?:\\s+digest:\\s*"?(?<currentDigest>sha256:[a-f0-9]{64})"?)?';

/** An `image: <repository>:<tag>` line of a chart's values written into an Argo CD Application (valuesObject). */
const PLUGIN_IMAGE = 'image:\\s*"?(?<depName>ghcr\\.io/argoproj-labs/[^\\s":@]+):(?<currentValue>[^\\s"@]+)"?';

/** @param {string} text */
const glob = (text) => text.replace(/[*?[\]{}()!]/g, "\\$&");

/** Folders every cluster follows from the base branch: the infrastructure layer (both engines' layouts). */
const INFRASTRUCTURE = ["infrastructure/**", "clusters/**", "argocd/root/**"];

/**
 * The files whose updates reach a prod environment once merged into the base branch, where Renovate opens its pull
 * requests: the environment's own folders; the infrastructure, which every cluster follows from the base branch; and,
 * while a prod environment follows the base branch too (not a tag or a release branch), the values and charts every
 * environment shares — the servers' images among them.
 * @param {ResolvedAnswers} answers
 */
function reachingProd(answers) {
  const prod = answers.environments.filter((env) => env.profile === "prod");
  if (prod.length === 0) return [];
  const followsBase = prod.some((env) => {
    const ref = revisionRef(env.revision);
    return ref.type === "branch" && ref.name === answers.repository.baseBranch;
  });
  return [
    ...prod.flatMap((env) => [`apps/${glob(env.name)}/**`, `argocd/${glob(env.name)}/**`]),
    ...INFRASTRUCTURE,
    ...(followsBase ? ["apps/base/**", "charts/**"] : []),
  ];
}

/**
 * The configuration, as Renovate reads it.
 * @param {ResolvedAnswers} answers
 */
export function renovateConfig(answers) {
  const prod = reachingProd(answers);
  return {
    $schema: "https://docs.renovatebot.com/renovate-schema.json",
    extends: ["config:recommended", "helpers:pinGitHubActionDigests"],
    // Images are the custom manager's: helm-values would find the same ones a second time.
    "helm-values": { enabled: false },
    flux: { managerFilePatterns: ["/^(clusters|infrastructure)/.+\\.ya?ml$/", "/^apps/base/[^/]+/[^/]+\\.ya?ml$/"] },
    argocd: { managerFilePatterns: ["/^argocd/.+\\.ya?ml$/"] },
    customManagers: [
      {
        customType: "regex",
        description: "Server images in the values files, and the MCP check's image in the bundled chart",
        managerFilePatterns: ["/^apps/[^/]+/[^/]+/values\\.ya?ml$/", "/^charts/mcp-server/values\\.yaml$/"],
        matchStrings: [IMAGE],
        datasourceTemplate: "docker",
      },
      {
        customType: "regex",
        description: "Images in the infrastructure's chart values (Argo Rollouts' Gateway API plugin)",
        managerFilePatterns: ["/^argocd/root/.+\\.ya?ml$/"],
        matchStrings: [PLUGIN_IMAGE],
        datasourceTemplate: "docker",
      },
    ],
    packageRules: [
      ...answers.servers.map((server) => ({
        description: `Everything ${server.name} runs, in every environment`,
        matchFileNames: [`apps/*/${glob(server.name)}/**`, `argocd/*/${glob(server.name)}.yaml`],
        groupName: server.name,
      })),
      {
        description: "The infrastructure charts and CRDs",
        matchFileNames: INFRASTRUCTURE,
        groupName: "infrastructure",
      },
      ...(answers.ci.renovate.prodApproval && prod.length > 0
        ? [
            {
              description: "Updates that reach a prod environment wait for approval on the dependency dashboard",
              matchFileNames: prod,
              dependencyDashboardApproval: true,
            },
          ]
        : []),
    ],
  };
}
