// @ts-check
// The progressive-delivery controllers, and which one each GitOps engine pairs with: Flagger with Flux (both
// Flux projects), Argo Rollouts with Argo CD. What each does to a release's objects that the rest of the blueprint
// must know — the pods it names, the workload whose availability the alerts read, the traffic providers it can use,
// how a rollout is stopped by hand. Plain data and functions of the answers, no imports (the alerts and the engines
// both read it).
/** @import { ResolvedAnswers, ResolvedEnvironment } from "create-mcp-gitops" */

/**
 * @typedef {object} RolloutController
 * @property {"flagger" | "argo-rollouts"} id the chart's `rollout.controller`
 * @property {string} title
 * @property {string} namespace where the infrastructure layer installs it
 * @property {string} podPattern a regex of every pod that serves the server `<name>`, while and between rollouts
 * @property {{ metric: string, label: string, pattern: (name: string) => string }} availability the series of its
 *   available replicas, for the unavailable alert of a server without a scrape
 * @property {string[]} providers what may split the traffic (`rollout.provider`); `[]` means only the exposure's
 * @property {string[]} manual Markdown lines: stopping and undoing a rollout by hand
 * @property {(server: string, namespace: string) => string[]} commands shell lines that show a server's rollout and
 *   stop or undo it by hand (the generated README lists them per environment, then the revert in Git)
 * @property {[string, string][]} kinds the kinds the chart renders for it, with their API resources (doctor)
 * @property {string} deployment the controller's Deployment
 * @property {string} install how to install it by hand
 * @property {string} objects Markdown: what it renders and creates for a server
 * @property {string} adopting Markdown: what switching an environment from rolling to progressive does once
 */

/** @type {Record<string, RolloutController>} */
export const CONTROLLERS = {
  flux: {
    id: "flagger",
    title: "Flagger",
    namespace: "flagger-system",
    kinds: [
      ["Canary", "canaries.flagger.app"],
      ["MetricTemplate", "metrictemplates.flagger.app"],
    ],
    deployment: "flagger",
    objects:
      "a `Canary` and three `MetricTemplate`s per server. Flagger keeps the Deployment in Git at zero replicas between rollouts and serves from `<server>-primary`; it creates the Services (`<server>`, `<server>-primary`, `<server>-canary`) and, through Gateway API, the HTTPRoute with the weights (the chart renders neither). Its load tester (`flagger-system`) runs the MCP check as a pre-rollout webhook and, for blue-green, which judges the new version before any user reaches it, sends it MCP sessions (initialize, tools/list) for the metrics to judge as a rollout webhook. The HPA is the Canary's `autoscalerRef` (Flagger copies it to `<server>-primary`) — without autoscaling, one of fixed size (`replicas`), so that a Helm upgrade never scales the idle Deployment back up — the disruption budget covers the primary's pods, and the servers are scraped with a PodMonitor (both versions' pods).",
    adopting:
      "Switching an environment that runs already from `rolling`: the chart then names each server's pods after it (`nameOverride`, which Flagger needs to tell the primaries apart), and a Deployment's selector cannot change in place. Delete the Deployment once (`kubectl delete deployment <server> -n <namespace>`); Flux recreates it, and Flagger promotes it to `<server>-primary`.",
    install:
      "helm install flagger flagger --repo https://flagger.app -n flagger-system --create-namespace && helm install flagger-loadtester loadtester --repo https://flagger.app -n flagger-system",
    // Flagger serves from <name>-primary between rollouts and runs the new version in the Deployment in Git.
    podPattern: "(-primary)?-[a-z0-9]+-[a-z0-9]+",
    availability: {
      metric: "kube_deployment_status_replicas_available",
      label: "deployment",
      pattern: (name) => `${name}(-primary)?`,
    },
    // Meshes and ingress controllers by Flagger's names (its Canary CRD's); Gateway API and nginx come from the exposure.
    providers: [
      "apisix",
      "appmesh",
      "contour",
      "gloo",
      "istio",
      "knative",
      "kuma",
      "linkerd",
      "osm",
      "skipper",
      "traefik",
    ],
    manual: [
      "A failed analysis rolls back on its own: the primary keeps serving and the Canary reports `Failed` (`kubectl get canaries -n <namespace>`, `kubectl describe canary <server> -n <namespace>`).",
      'To go back by hand, revert the commit in Git: Flagger analyses the revert like any other change and promotes it (during an analysis, a new revision restarts it). To hold a rollout where it is, suspend the release first — Flux\'s drift detection would undo a patch — then the Canary: `flux suspend helmrelease <server> -n <namespace>`, `kubectl patch canary <server> -n <namespace> --type merge -p \'{"spec":{"suspend":true}}\'`; `flux resume helmrelease` puts the Git state back.',
    ],
    commands: (server, namespace) => [
      `kubectl describe canary ${server} -n ${namespace}  # status, weight, failed checks`,
    ],
  },
  argocd: {
    id: "argo-rollouts",
    title: "Argo Rollouts",
    namespace: "argo-rollouts",
    kinds: [
      ["Rollout", "rollouts.argoproj.io"],
      ["AnalysisTemplate", "analysistemplates.argoproj.io"],
    ],
    deployment: "argo-rollouts",
    objects:
      "a `Rollout` with the Deployment's full pod template in place of the Deployment, an `AnalysisTemplate` with the MCP check as a Job, and one with the metrics. A canary gets a second Service (`<server>-canary`); through Gateway API, the HTTPRoute in Git lists both Services at weights 100 and 0, Argo Rollouts' Gateway API plugin moves the weights, and the Application ignores them (`ignoreDifferences`, `RespectIgnoreDifferences`); through nginx the controller creates the canary Ingress. Blue-green gets `<server>-preview`. A version that fails every check is rolled back after `threshold` failed checks, as under Flagger: a canary holds its last weight until that many checks on traffic fit in the analysis, and blue-green reads the metrics `iterations` + `threshold` - 1 times after the switch (the old version stays up that long). The HPA scales the Rollout; the unavailable alert of a server without metrics reads the controller's `rollout_info_replicas_available` (its ServiceMonitor is on when this repository installs it).",
    adopting:
      "Switching an environment that runs already from `rolling`: Argo CD prunes the Deployment and creates the Rollout, so the pods are replaced once, without a rolling hand-over.",
    install:
      "helm install argo-rollouts argo-rollouts --repo https://argoproj.github.io/argo-helm -n argo-rollouts --create-namespace",
    podPattern: "-[a-z0-9]+-[a-z0-9]+",
    // kube-state-metrics knows no Rollout; the controller exports its replicas (its ServiceMonitor is switched on).
    availability: { metric: "rollout_info_replicas_available", label: "name", pattern: (name) => name },
    providers: [],
    manual: [
      "A failed analysis aborts the rollout on its own: the stable version keeps (or takes back) the traffic and the Rollout reports `Degraded` (`kubectl argo rollouts get rollout <server> -n <namespace>`).",
      "By hand: `kubectl argo rollouts abort <server> -n <namespace>` (or the Rollout's `abort` action in Argo CD) stops a running rollout and returns the traffic to the stable version; it changes the Rollout's status, not its spec, so Argo CD's self-heal leaves it. Then revert the commit in Git: the revert is the way back to the previous version — `kubectl argo rollouts undo` rewrites the spec, which self-heal puts back at once, starting the bad version again (suspend the Application's automated sync first if you must use it).",
    ],
    commands: (server, namespace) => [
      `kubectl argo rollouts get rollout ${server} -n ${namespace}  # status, step, analysis`,
      `kubectl argo rollouts abort ${server} -n ${namespace}  # stop: the stable version takes the traffic back`,
    ],
  },
};

/**
 * The controller that runs progressive delivery for the answers' engine, if any.
 * @param {Pick<ResolvedAnswers, "gitops">} answers
 * @returns {RolloutController | undefined}
 */
export function rolloutController(answers) {
  return CONTROLLERS[answers.gitops];
}

/**
 * Whether the environment replaces versions progressively.
 * @param {Pick<ResolvedEnvironment, "rollout">} env
 */
export function isProgressive(env) {
  return env.rollout !== undefined && env.rollout.strategy !== "rolling";
}

/**
 * The controller running a server's rollouts in an environment: only servers on the bundled chart in mode
 * deployment, in an environment that is progressive.
 * @param {Pick<ResolvedAnswers, "gitops">} answers
 * @param {{ chart?: unknown, mode?: string }} server
 * @param {Pick<ResolvedEnvironment, "rollout">} env
 */
export function serverController(answers, server, env) {
  return !server.chart && server.mode === "deployment" && isProgressive(env) ? rolloutController(answers) : undefined;
}
