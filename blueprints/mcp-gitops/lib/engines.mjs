// @ts-check
// The GitOps engines this blueprint renders for, as data: what each is called, which folders it builds, how a
// cluster starts pulling, and what the README and the pull request say about it. The CLI asks this module (its
// prompts, summary, end block, pull request); the templates read it as `engine`. A new engine is a new files/<engine>/
// layer plus an entry here — nothing in the CLI changes.
//
// Plain functions of the answers, no imports beyond the blueprint's own lib, so any archived version re-renders alike.

/** @import { ChartRelease, EngineDescriptor, Requirement, ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */
import { argoCluster, fluxCluster, IN_CLUSTER, revisionRef } from "./gitops.mjs";
import { isMonitored } from "./monitoring.mjs";
import { rolloutProblems } from "./rollout.mjs";

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
 * @property {(answers: ResolvedAnswers, escape: (text: unknown) => string) => string[]} deliver the commands that
 *   start delivery once the repository is on its Git host (`#` lines are comments), answers escaped for Markdown
 * @property {(answers: ResolvedAnswers) => string[]} clusterNotes Markdown paragraphs on the clusters and what each
 *   needs before it pulls (registration, credentials, health checks)
 * @property {string[]} ordering Markdown sentences: how the servers wait for the infrastructure
 * @property {string[]} promotion Markdown sentences: how a revision reaches the cluster in this engine
 * @property {string} overlay the folder `kubectl kustomize` builds for an environment
 * @property {string} mcpCheck how the engine runs the chart's MCP check, and what happens when it fails
 * @property {string} waitsFor what the engine does with `infrastructure.<component>.dependsOn`
 * @property {boolean} chartVersionGuard the workflow fails a chart change without a Chart.yaml version bump (the
 *   engine only upgrades releases when the chart's version changes)
 */

/**
 * What the engine needs of the bundled chart, merged into every server's base values: how the MCP check runs.
 * @typedef {Record<string, unknown>} EngineChartValues
 */

/**
 * @typedef {EngineDescriptor & { readme: ReadmeText, chartValues: EngineChartValues,
 *   keepAnnotations: Record<string, string>, firstAnnotations: Record<string, string>,
 *   cluster(env: ResolvedEnvironment): string }} BundledEngine
 * keepAnnotations: what makes the engine keep a PersistentVolumeClaim (and its data) when its release or
 * Application goes away or stops rendering it. firstAnnotations: what makes the engine apply an object (an
 * ExternalSecret) before the workload that reads it, and wait for it to be healthy.
 */

/** Quotes a word for a POSIX shell only when it needs it. */
function shellWord(/** @type {string} */ word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * The clusters of the answers under one engine, each with its environments' names, in the answers' order.
 * @param {ResolvedAnswers} answers
 * @param {(env: ResolvedEnvironment) => string} clusterOf
 */
function clusterNames(answers, clusterOf) {
  /** @type {Map<string, string[]>} */
  const clusters = new Map();
  for (const env of answers.environments)
    clusters.set(clusterOf(env), [...(clusters.get(clusterOf(env)) ?? []), env.name]);
  return clusters;
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

/**
 * Every release on the bundled chart with its values files as both engines layer them: the server's base values, the
 * environment's values, then the environment's alert rules (the chart's `groups`).
 * @param {ResolvedAnswers} answers
 * @returns {ChartRelease[]}
 */
function bundledReleases(answers) {
  const monitored = (/** @type {ResolvedAnswers["servers"][number]} */ server) => isMonitored(answers, server);
  return answers.environments.flatMap((env) =>
    answers.servers
      .filter((server) => !server.chart)
      .map((server) => ({
        server: server.name,
        environment: env.name,
        chart: "charts/mcp-server",
        values: [
          `apps/base/${server.name}/values.yaml`,
          `apps/${env.name}/${server.name}/values.yaml`,
          ...(monitored(server) ? [`apps/${env.name}/${server.name}/alerts.yaml`] : []),
        ],
      })),
  );
}

/**
 * Servers in mcpserver mode need kagent; said where it is not installed from this repository.
 * @param {ResolvedAnswers} answers
 */
function kagentElsewhere(answers) {
  return (
    !answers.infrastructure.kagent.install &&
    answers.servers.some((server) => !server.chart && server.mode === "mcpserver")
  );
}

const KAGENT_STEP =
  "Servers in `mcpserver` mode need the kagent operator (its `MCPServer` CRD) in every cluster first: `infrastructure.kagent.install` is false.";
const PROMOTION_NOTE = "# promote an environment by moving its revision: README.md, section Promotion";

/** @param {string} revision */
function revisionText(revision) {
  const { type, name } = revisionRef(revision);
  return `${type} ${name}`;
}

/**
 * The clusters other than the one Argo CD runs in, as the answers name them (a name or an API server URL).
 * @param {ResolvedAnswers} answers
 */
function remoteClusters(answers) {
  return [...new Set(answers.environments.filter((env) => argoCluster(env) !== IN_CLUSTER).map((env) => env.cluster))];
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
    cluster: fluxCluster,
    // Flux reads `cluster` only to tell which environments share a cluster; the default (one each) suits most, so the
    // question is not asked.
    unasked: ["environments.cluster"],
    overlays: (answers) => [
      ...answers.environments.map((env) => `apps/${env.name}`),
      ...(Object.values(answers.infrastructure).some((component) => component.install) ? ["infrastructure"] : []),
    ],
    releases: bundledReleases,
    problems: rolloutProblems,
    bootstrap(answers) {
      const clusters = [...clusterNames(answers, fluxCluster).keys()];
      const lines = kagentElsewhere(answers) ? ["# MCPServer mode needs the kagent operator in each cluster"] : [];
      lines.push(
        clusters.length > 1
          ? `# Flux 2.7 or later, on each cluster with its folder (${clusters.join(", ")}):`
          : "# Flux 2.7 or later:",
      );
      lines.push(
        ...shellLines(fluxBootstrap(answers, `clusters/${shellWord(/** @type {string} */ (clusters[0]))}`, shellWord)),
      );
      lines.push(PROMOTION_NOTE);
      return lines;
    },
    requirements: fluxRequirements,
    nextSteps(answers) {
      const variants = fluxBootstrap(answers, "clusters/<cluster>", (word) => word);
      const commands = variants.map(([comment, command]) => `${comment ? `${comment}: ` : ""}\`${command}\``);
      return [
        `Bootstrap Flux (2.7 or later) on each cluster from \`${answers.repository.baseBranch}\` once this is merged: ${commands.join("; ")}.`,
        "Promote an environment by moving its revision (`environments[].revision`): see the README's Promotion section.",
        ...(kagentElsewhere(answers) ? [KAGENT_STEP] : []),
      ];
    },
    readme: {
      flowStart: [],
      flowEnvironment: (env, i, label) => [
        `  git --> engine${i}["Flux in cluster ${label(fluxCluster(env))}: clusters/${label(fluxCluster(env))}"]`,
        `  engine${i} --> env${i}["${label(env.name)} (${label(revisionText(env.revision))}): namespace ${label(env.namespace)}"]`,
      ],
      applies: "Flux in each cluster applies its clusters/<cluster> folder",
      layout: [
        "- `clusters/<cluster>/` — what Flux applies in one cluster (`flux bootstrap --path`): the infrastructure, and one Kustomization `mcp-servers-<environment>` per environment in that cluster.",
        "- `infrastructure/` — the prerequisites this repository installs, one HelmRelease each (see Infrastructure).",
        "- `apps/base/<server>/helmrelease.yaml` — the Flux HelmRelease; `apps/<environment>/` adds the namespace and values.",
      ],
      releaseObjects: "HelmRelease",
      releaseFolder: "its HelmRelease in apps/base/<server>",
      listedIn: "apps/<environment>/kustomization.yaml",
      environmentNamespaceNote: " and the namespace in kustomization.yaml and namespace.yaml",
      environmentSecondStep:
        "Copy `clusters/<existing>/mcp-servers-<existing>.yaml` into the folder of the new environment's cluster as `mcp-servers-<new>.yaml`, rename the Kustomization and change its path to `./apps/<new>`; a new cluster is bootstrapped with `--path=clusters/<cluster>`.",
      workflowManifests: ["validate clusters/*/*.yaml"],
      deliver: (answers, markdown) => [
        "# Flux 2.7 or later, once per cluster:",
        ...shellLines(fluxBootstrap(answers, "clusters/<cluster>", markdown)),
      ],
      clusterNotes: (answers) => {
        const lines = [...clusterNames(answers, fluxCluster)].map(
          ([cluster, envs]) => `- \`clusters/${cluster}\`: ${envs.join(", ")}`,
        );
        return [
          "One Flux runs in each cluster and applies that cluster's folder; environments that name the same `cluster` share it (an environment with the default, `in-cluster`, has a cluster of its own):",
          "",
          ...lines,
          "",
          "Every HelmRelease installs with `install.strategy: RetryOnFailure` (Flux 2.7 or later): a first install that fails is retried as an upgrade until it succeeds, never left for the next chart version. The bundled chart is pulled from Git with `reconcileStrategy: ChartVersion`, so a release upgrades only when its values or the chart's `version` change — a commit elsewhere, such as a README edit or another environment's values, restarts nothing. The workflow therefore fails a change under `charts/mcp-server/` that does not raise `version` in `Chart.yaml`.",
        ];
      },
      ordering: [
        "`clusters/<cluster>/infrastructure.yaml` applies `infrastructure/` as the Kustomization `mcp-infrastructure` (after `mcp-gateway-api-crds` when the Gateway API CRDs are installed), and waits until every HelmRelease in it is ready; every `mcp-servers-<environment>` Kustomization `dependsOn` it, so no server object is applied before the CRDs and operators it needs.",
      ],
      promotion: [
        "An environment whose revision is not the base branch gets its own GitRepository (`clusters/<cluster>/sources.yaml`, named after the revision) using the `flux-system` Secret that bootstrap created; its Kustomization and its HelmReleases' chart come from that revision, so nothing in that environment changes until the revision moves.",
      ],
      overlay: "apps/<environment>",
      mcpCheck:
        "Flux runs it as the release's `helm test` after every install and upgrade (HelmRelease `spec.test`). A failing " +
        "check fails the release: an upgrade is rolled back to the last good revision (`spec.upgrade.remediation`, " +
        "strategy rollback), a failed first install is retried as an upgrade (`install.strategy: RetryOnFailure`), and the HelmRelease reports Ready=False with " +
        "the check's output in its events (`flux get helmreleases -n <namespace>`; `kubectl logs <server>-mcp-check`). " +
        "Run it by hand with `helm test <server> -n <namespace>`.",
      waitsFor: "a Kustomization every mcp-servers-<environment> Kustomization depends on",
      chartVersionGuard: true,
    },
    chartValues: {},
    // helm-controller uninstalls with Helm, which honours the resource policy.
    keepAnnotations: { "helm.sh/resource-policy": "keep" },
    // Helm applies everything at once and its wait covers the workload; the pods start once the Secret exists.
    firstAnnotations: {},
  },
  argocd: {
    displayName: "Argo CD",
    description: "a root Application per repository, one Application per server and environment",
    cluster: argoCluster,
    overlays: (answers) => ["argocd/root", ...answers.environments.map((env) => `argocd/${env.name}`)],
    releases: bundledReleases,
    ignores: {
      sops:
        "Argo CD has no built-in SOPS decryption (Flux's Kustomization has): fetch secrets from your secret manager " +
        "with servers[].managedSecrets (External Secrets), or keep SealedSecrets in Git (sealedSecrets)",
    },
    problems: rolloutProblems,
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
    bootstrap(answers) {
      const remote = remoteClusters(answers);
      const lines = kagentElsewhere(answers) ? ["# MCPServer mode needs the kagent operator in each cluster"] : [];
      lines.push("# Argo CD 3.3 or later; first its health checks (MCPServer, and Application for sync waves):");
      lines.push("kubectl patch configmap argocd-cm -n argocd --type merge --patch-file argocd/config/argocd-cm.yaml");
      if (remote.length > 0)
        lines.push(`# register the other clusters first: argocd cluster add <context> (${remote.join(", ")})`);
      lines.push("kubectl apply -n argocd -f argocd/root.yaml", PROMOTION_NOTE);
      return lines;
    },
    nextSteps: (answers) => {
      const remote = remoteClusters(answers);
      return [
        "Apply Argo CD's health checks once (Argo CD 3.3 or later): `kubectl patch configmap argocd-cm -n argocd --type merge --patch-file argocd/config/argocd-cm.yaml`.",
        ...(remote.length > 0
          ? [
              `Register the clusters Argo CD deploys to (${remote.join(", ")}) with \`argocd cluster add <context> --name <cluster>\`, and give Argo CD the repository's credentials if it is private (\`argocd repo add ${answers.repository.url}\`).`,
            ]
          : []),
        "Once this is merged, bootstrap with `kubectl apply -n argocd -f argocd/root.yaml`: every other Application is created, changed and removed from Git.",
        "Promote an environment by moving its revision (`environments[].revision`): see the README's Promotion section.",
        ...(kagentElsewhere(answers) ? [KAGENT_STEP] : []),
      ];
    },
    readme: {
      flowStart: ['  git --> argo["Argo CD: root Application, then one per environment"]'],
      flowEnvironment: (env, i, label) => [
        `  argo --> env${i}["${label(env.name)} (${label(revisionText(env.revision))}): ${label(env.cluster)} / ${label(env.namespace)}"]`,
      ],
      applies: "Argo CD syncs the root Application, which creates, changes and removes every other Application",
      layout: [
        "- `argocd/root.yaml` — the root Application (app of apps) and its project: the only thing applied by hand.",
        "- `argocd/root/` — what the root Application syncs: the AppProjects, the infrastructure Applications of each cluster, and one Application `mcp-servers-<environment>` per environment.",
        "- `argocd/<environment>/` — one Application per server, synced by `mcp-servers-<environment>` from the environment's revision.",
        "- `argocd/config/argocd-cm.yaml` — Argo CD health checks for MCPServer and Application (a patch of `argocd-cm`).",
      ],
      releaseObjects: "Applications",
      releaseFolder: "its Application in every argocd/<environment>/",
      listedIn: "argocd/<environment>/kustomization.yaml",
      environmentNamespaceNote: "",
      environmentSecondStep:
        "Copy `argocd/<existing>/` to `argocd/<new>/` and change the Applications' names, value files and destination; copy `argocd/root/servers-<existing>.yaml` to `servers-<new>.yaml` (name, path, revision), list it in `argocd/root/kustomization.yaml`, and add the destination to `argocd/root/project.yaml`.",
      workflowManifests: ["validate argocd/root.yaml argocd/config/argocd-cm.yaml"],
      deliver: () => [
        "# Argo CD 3.3 or later, once:",
        "kubectl patch configmap argocd-cm -n argocd --type merge --patch-file argocd/config/argocd-cm.yaml",
        "kubectl apply -n argocd -f argocd/root.yaml",
      ],
      clusterNotes: (answers) => {
        const remote = remoteClusters(answers).map(
          (cluster) =>
            `\`${cluster}\` (${answers.environments
              .filter((env) => env.cluster === cluster)
              .map((env) => env.name)
              .join(", ")})`,
        );
        const lines = [
          "One Argo CD manages every environment: `argocd/root.yaml` is applied once, and everything else is a commit — adding, changing or removing a server or an environment creates, updates or prunes its Applications (with their resources: every Application carries the `resources-finalizer`).",
          "",
          "`argocd/config/argocd-cm.yaml` adds two health checks to Argo CD's own configuration; they cannot live in an Application. Apply them before the root Application (`kubectl patch configmap argocd-cm -n argocd --type merge --patch-file argocd/config/argocd-cm.yaml`), or put the same keys in your Argo CD install (argo-helm `configs.cm`, or a kustomize patch of `argocd-cm`):",
          "",
          "- `kagent.dev_MCPServer`: an MCPServer whose kagent conditions fail is Degraded, not Healthy;",
          "- `argoproj.io_Application`: an Application's health is what it reports, so the root Application waits for each sync wave (the infrastructure first).",
          "",
          "Applications sync with `ServerSideApply=true` and compare with Server-Side Diff (`argocd.argoproj.io/compare-options: ServerSideDiff=true`), and the chart writes the fields the CRDs default, so they settle Synced. The project whitelists by name (Argo CD 3.3 or later) exactly the cluster-scoped objects the servers create: their namespaces, a ClusterIssuer the answers create, and the cluster RBAC of servers that read the cluster.",
        ];
        if (remote.length > 0) {
          lines.push(
            "",
            `Hub and spoke: the Applications live in the Argo CD that applies the root; ${remote.join(", ")} must be registered with it first, under the name the answers use (a URL is matched as the server): \`argocd cluster add <kube-context> --name <cluster>\` (or a declarative Secret labelled \`argocd.argoproj.io/secret-type: cluster\`, delivered encrypted). A private repository also needs its credentials once: \`argocd repo add ${answers.repository.url} --username <user> --password <token>\` (or a Secret labelled \`argocd.argoproj.io/secret-type: repository\`). Never commit either unencrypted.`,
          );
        }
        return lines;
      },
      ordering: [
        "The root Application syncs in waves: the AppProjects (wave -3), the CRD-only Applications (-2: Gateway API, kagent's CRDs), the operators (-1), then the environments' Applications (0). With the Application health check above, each wave waits until the previous one is Healthy, so no server object is created before the CRDs and operators it needs.",
      ],
      promotion: [
        "`argocd/root/servers-<environment>.yaml` points at the environment's revision, and so do its servers' Applications: the Application list, the chart and the values of an environment all come from that revision.",
      ],
      overlay: "argocd/<environment>",
      mcpCheck:
        "Argo CD ignores Helm test hooks, so the chart renders the check as a PostSync hook Job (`<server>-mcp-check`): " +
        "it runs once every synced resource is healthy. A failing check marks the sync Failed; Argo CD retries it as " +
        "`syncPolicy.retry` says, but rolls nothing back (an application with automated sync cannot be rolled back): " +
        "the new version keeps running. Read the Job's logs (`kubectl logs job/<server>-mcp-check -n <namespace>`), " +
        "then fix forward or revert the commit in Git. The failed Job stays until the next sync replaces it.",
      waitsFor: "outside this root, so Argo CD cannot order the servers after it: it must be healthy before they sync",
      chartVersionGuard: false,
    },
    chartValues: { mcpCheck: { hook: "argocd-post-sync" } },
    // Argo CD templates the chart and applies the objects itself: Helm's resource policy never reaches it.
    keepAnnotations: { "argocd.argoproj.io/sync-options": "Delete=false,Prune=false" },
    // Argo CD applies custom kinds after a wave's Deployments: a wave before them, and its built-in ExternalSecret
    // health check, make a missing store a Degraded ExternalSecret instead of pods stuck waiting for the Secret.
    firstAnnotations: { "argocd.argoproj.io/sync-wave": "-1" },
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

/**
 * The annotations that keep a server's PersistentVolumeClaims under the answers' engine.
 * @param {ResolvedAnswers} answers
 * @returns {Record<string, string>}
 */
export function keepAnnotations(answers) {
  return engines[answers.gitops]?.keepAnnotations ?? {};
}

/**
 * The annotations that have the answers' engine apply an object before the workload that reads it.
 * @param {ResolvedAnswers} answers
 * @returns {Record<string, string>}
 */
export function firstAnnotations(answers) {
  return engines[answers.gitops]?.firstAnnotations ?? {};
}

export default engines;
