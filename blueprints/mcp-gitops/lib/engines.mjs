// @ts-check
// The GitOps engines this blueprint renders for, as data: what each is called, which folders it builds, how a
// cluster starts pulling, and what the README and the pull request say about it. The CLI asks this module (its
// prompts, summary, end block, pull request); the templates read it as `engine`. A new engine is a new files/<engine>/
// layer plus an entry here — nothing in the CLI changes.
//
// Plain functions of the answers, no imports beyond the blueprint's own lib, so any archived version re-renders alike.

/** @import { EngineDescriptor, Requirement, ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */

/**
 * What this blueprint's templates read besides the CLI's contract: the README's engine-specific paragraphs.
 * @typedef {object} ReadmeText
 * @property {string[]} flowStart Mermaid lines from Git to the engine, before the environments
 * @property {(env: ResolvedEnvironment, index: number, label: (text: unknown) => string) => string[]} flowEnvironment
 *   Mermaid lines from the engine to one environment's namespace, node `env<index>`
 * @property {string} applies what happens once a change is merged
 * @property {string[]} layout lines of the Layout list
 * @property {string} releaseObjects what one server renders per environment, e.g. "HelmRelease"
 * @property {string} releaseFolder where a server's engine objects live, for the copy-by-hand instructions
 * @property {string} listedIn the kustomization that lists every server of an environment
 * @property {string} environmentNamespaceNote the extra files to edit when copying an environment's overlay
 * @property {string} environmentSecondStep how a copied environment reaches its cluster
 * @property {string[]} workflowManifests extra `validate` lines of the generated workflow
 * @property {(answers: ResolvedAnswers, escape: (text: unknown) => string) => string} deliver the command that starts
 *   delivery on a cluster, with `<environment>` to fill in and the answers escaped for Markdown
 * @property {string} overlay the folder `kubectl kustomize` builds for an environment
 * @property {string} mcpCheck how the engine runs the chart's MCP check, and what happens when it fails
 */

/**
 * What the engine needs of the bundled chart, merged into every server's base values: how the MCP check runs.
 * @typedef {Record<string, unknown>} EngineChartValues
 */

/** @typedef {EngineDescriptor & { readme: ReadmeText, chartValues: EngineChartValues }} BundledEngine */

/** Quotes a word for a POSIX shell only when it needs it. */
function shellWord(/** @type {string} */ word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** @param {ResolvedAnswers} answers */
function kagentNotes(answers) {
  return answers.servers.some((server) => !server.chart && server.mode === "mcpserver");
}

/** @param {ResolvedAnswers} answers @param {(env: string) => string | string[]} command */
function perCluster(answers, command) {
  const names = answers.environments.map((env) => env.name);
  const lines = [];
  if (kagentNotes(answers)) lines.push("# MCPServer mode needs the kagent operator in each cluster");
  if (names.length > 1) lines.push(`# on each cluster, with its environment (${names.join(", ")}):`);
  lines.push(...[command(/** @type {string} */ (names[0]))].flat());
  return lines;
}

/** The host of a Git URL: https://host/..., ssh://git@host/... or scp-like git@host:owner/name. */
function gitHost(/** @type {string} */ url) {
  const scp = /^[^@/:]+@([^:/]+):(?!\/)/.exec(url);
  if (scp && !url.includes("://")) return /** @type {string} */ (scp[1]).toLowerCase();
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return "";
  }
}

/**
 * `flux bootstrap` for the answered repository, as `[comment, command]` variants: `github` with `--hostname` on
 * GitHub Enterprise Server and `--personal` for a user account's repository. Whether the owner is a user is GitHub's
 * to say (`repository.ownerType`, pinned by delivery); unknown, both variants are given. A repository on another
 * host that nobody asked GitHub about may be GitHub Enterprise Server or another Git host: both are given.
 * @param {ResolvedAnswers} answers @param {string} path @param {(word: string) => string} word
 * @returns {[string, string][]}
 */
function fluxBootstrap(answers, path, word) {
  const { owner, name, baseBranch, url, ownerType } = answers.repository;
  const host = gitHost(url);
  const hostname = host === "github.com" ? "" : ` --hostname=${word(host)}`;
  const github = `flux bootstrap github${hostname} --owner=${word(owner)} --repository=${word(name)} --branch=${word(baseBranch)} --path=${path}`;
  if (ownerType === "user") return [["", `${github} --personal`]];
  if (ownerType === "organization") return [["", github]];
  if (hostname)
    return [
      [`on GitHub Enterprise Server (add --personal if ${owner} is a user account)`, github],
      ["on another Git host", `flux bootstrap git --url=${word(url)} --branch=${word(baseBranch)} --path=${path}`],
    ];
  return [
    [`${owner} is an organization`, github],
    [`${owner} is a user account`, `${github} --personal`],
  ];
}

/** Variants as shell lines: a comment above each command that needs one. */
function shellLines(/** @type {[string, string][]} */ variants) {
  return variants.flatMap(([comment, command]) => (comment ? [`# ${comment}:`, command] : [command]));
}

/** @param {ResolvedAnswers} answers */
function commonNextSteps(answers) {
  const steps = [];
  if (kagentNotes(answers)) {
    steps.push(
      "Servers in `mcpserver` mode need the kagent operator (its `MCPServer` CRD) installed on every cluster first.",
    );
  }
  return steps;
}

const FLUX_INSTALL = "flux install (or flux bootstrap, as printed after create)";
const ARGOCD_INSTALL =
  "kubectl create namespace argocd && kubectl apply -n argocd --server-side -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml";

/**
 * What Flux needs on a cluster for these answers: its own kinds, and the chart sources of servers that bring a chart.
 * @param {ResolvedAnswers} answers
 * @returns {Requirement[]}
 */
function fluxRequirements(answers) {
  /** @param {string} kind @param {string} resource @param {string} controller @returns {Requirement} */
  const flux = (kind, resource, controller) => ({
    feature: "Flux",
    kind,
    resource,
    controllers: [controller],
    install: FLUX_INSTALL,
  });
  const sources = new Set(
    answers.servers.flatMap((server) =>
      server.chart ? [server.chart.repository.startsWith("oci://") ? "OCIRepository" : "HelmRepository"] : [],
    ),
  );
  return [
    flux("Kustomization", "kustomizations.kustomize.toolkit.fluxcd.io", "kustomize-controller"),
    flux("HelmRelease", "helmreleases.helm.toolkit.fluxcd.io", "helm-controller"),
    flux("GitRepository", "gitrepositories.source.toolkit.fluxcd.io", "source-controller"),
    ...[...sources].map((kind) => flux(kind, `${kind.toLowerCase()}s.source.toolkit.fluxcd.io`, "source-controller")),
  ];
}

/** @type {Record<string, BundledEngine>} */
const engines = {
  flux: {
    displayName: "Flux",
    description: "HelmRelease per server; flux bootstrap per cluster",
    overlays: (answers) => answers.environments.map((env) => `apps/${env.name}`),
    // Each cluster runs its own Flux, which applies clusters/<environment> of this repository: there is no
    // destination cluster to name in the repository.
    ignores: {
      "environments.cluster":
        "does not apply to Flux: each cluster runs its own Flux, bootstrapped with --path=clusters/<environment>; leave cluster out",
    },
    bootstrap: (answers) =>
      perCluster(answers, (env) => shellLines(fluxBootstrap(answers, `clusters/${env}`, shellWord))),
    requirements: fluxRequirements,
    nextSteps(answers) {
      const variants = fluxBootstrap(answers, "clusters/<environment>", (word) => word);
      const commands = variants.map(([comment, command]) => `${comment ? `${comment}: ` : ""}\`${command}\``);
      return [
        `Bootstrap Flux on each cluster from \`${answers.repository.baseBranch}\` once this is merged: ${commands.join("; ")}.`,
        ...commonNextSteps(answers),
      ];
    },
    readme: {
      flowStart: [],
      flowEnvironment: (env, i, label) => [
        `  git --> engine${i}["Flux on the ${label(env.name)} cluster: clusters/${label(env.name)}"]`,
        `  engine${i} --> env${i}["namespace ${label(env.namespace)}"]`,
      ],
      applies: "Flux on each cluster applies its clusters/<environment> folder",
      layout: [
        "- `apps/base/<server>/helmrelease.yaml` — the Flux HelmRelease; `apps/<environment>/` adds the namespace and values.",
        "- `clusters/<environment>/apps.yaml` — the Flux Kustomization that applies `apps/<environment>`.",
      ],
      releaseObjects: "HelmRelease",
      releaseFolder: "its HelmRelease in apps/base/<server>",
      listedIn: "apps/<environment>/kustomization.yaml",
      environmentNamespaceNote: " and the namespace in kustomization.yaml and namespace.yaml",
      environmentSecondStep:
        "Copy `clusters/<existing>/` to `clusters/<new>/`, change the path to `./apps/<new>`, and bootstrap Flux on the new cluster with `--path=clusters/<new>`.",
      workflowManifests: ["validate clusters/*/apps.yaml"],
      deliver: (answers, markdown) => shellLines(fluxBootstrap(answers, "clusters/<environment>", markdown)).join("\n"),
      overlay: "apps/<environment>",
      mcpCheck:
        "Flux runs it as the release's `helm test` after every install and upgrade (HelmRelease `spec.test`). A failing " +
        "check fails the release: an upgrade is rolled back to the last good revision (`spec.upgrade.remediation`, " +
        "strategy rollback), a first install is uninstalled and retried, and the HelmRelease reports Ready=False with " +
        "the check's output in its events (`flux get helmreleases -n <namespace>`; `kubectl logs <server>-mcp-check`). " +
        "Run it by hand with `helm test <server> -n <namespace>`.",
    },
    chartValues: {},
  },
  argocd: {
    displayName: "Argo CD",
    description: "an AppProject and one Application per server and environment",
    overlays: (answers) => answers.environments.map((env) => `argocd/${env.name}`),
    bootstrap: (answers) => perCluster(answers, (env) => `kubectl apply -n argocd -k argocd/${env}`),
    requirements: () =>
      [
        ["Application", "applications.argoproj.io"],
        ["AppProject", "appprojects.argoproj.io"],
      ].map(([kind, resource]) => ({
        feature: "Argo CD",
        kind: /** @type {string} */ (kind),
        resource: /** @type {string} */ (resource),
        controllers: ["argocd-application-controller"],
        install: ARGOCD_INSTALL,
      })),
    nextSteps: (answers) => [
      "Once this is merged, apply an environment's Applications (with the project) in the namespace Argo CD runs in: `kubectl apply -n argocd -k argocd/<environment>`.",
      ...commonNextSteps(answers),
    ],
    readme: {
      flowStart: ['  git --> argo["Argo CD: one Application per server and environment"]'],
      flowEnvironment: (env, i, label) => [
        `  argo --> env${i}["${label(env.name)}: ${label(env.cluster)} / ${label(env.namespace)}"]`,
      ],
      applies: "Argo CD syncs every Application",
      layout: [
        "- `argocd/project/` — the Argo CD AppProject.",
        "- `argocd/<environment>/` — one Application per server, with that environment's values files.",
      ],
      releaseObjects: "Applications",
      releaseFolder: "its Application in every argocd/<environment>/",
      listedIn: "argocd/<environment>/kustomization.yaml",
      environmentNamespaceNote: "",
      environmentSecondStep:
        "Copy `argocd/<existing>/` to `argocd/<new>/`, change the Applications' names, value files and destination, and add the destination to `argocd/project/project.yaml`.",
      workflowManifests: [],
      deliver: () => "kubectl apply -n argocd -k argocd/<environment>",
      overlay: "argocd/<environment>",
      mcpCheck:
        "Argo CD ignores Helm test hooks, so the chart renders the check as a PostSync hook Job (`<server>-mcp-check`): " +
        "it runs once every synced resource is healthy. A failing check marks the sync Failed; Argo CD retries it as " +
        "`syncPolicy.retry` says, but rolls nothing back (an application with automated sync cannot be rolled back): " +
        "the new version keeps running. Read the Job's logs (`kubectl logs job/<server>-mcp-check -n <namespace>`), " +
        "then fix forward or revert the commit in Git. The failed Job stays until the next sync replaces it.",
    },
    chartValues: { mcpCheck: { hook: "argocd-post-sync" } },
  },
};

/**
 * The chart values the answers' engine needs (the Argo CD flavour of the MCP check).
 * @param {ResolvedAnswers} answers
 * @returns {EngineChartValues}
 */
export function engineChartValues(answers) {
  return engines[answers.gitops]?.chartValues ?? {};
}

export default engines;
