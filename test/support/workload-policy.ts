/**
 * The security policy every generated workload must meet, as a pure check over rendered documents: non-root,
 * read-only root filesystem, no privilege escalation, every capability dropped, RuntimeDefault seccomp, requests and
 * limits, a pinned image, no service-account token unless the release binds its account to a role (the `rbac`
 * answer), nothing of the node (host namespaces, hostPath, host ports), and writable mounts only of scratch space
 * (emptyDir) or asked-for storage (a PersistentVolumeClaim): configuration and Secrets are mounted read-only.
 * Covers a Deployment's or an Argo Rollouts Rollout's pod template, a kagent MCPServer's spec.deployment (whose pod
 * kagent builds), bare Pods such as the `helm test` hook, and Jobs (an AnalysisTemplate's too).
 */
import type { KubeDocument } from "./tools.js";

type Json = Record<string, any>;

const PINNED = /(@sha256:[a-f0-9]{64}|:(?!latest$)[\w][\w.-]{0,127})$/;

/** Every policy violation in one release's rendered documents, each naming the object and the field. */
export function workloadViolations(docs: readonly KubeDocument[]): string[] {
  const violations: string[] = [];
  for (const doc of docs as Json[]) {
    const where = `${doc.kind} ${doc.metadata?.name}`;
    if (doc.kind === "Deployment" || doc.kind === "Rollout")
      violations.push(...podViolations(doc.spec.template.spec, where, docs as Json[]));
    // Argo Rollouts runs an AnalysisTemplate's Job metric (the MCP check) as a Job of that pod template.
    if (doc.kind === "AnalysisTemplate")
      for (const metric of doc.spec.metrics.filter((m: Json) => m.provider.job))
        violations.push(
          ...podViolations(metric.provider.job.spec.template.spec, `${where}/${metric.name}`, docs as Json[]),
        );
    if (doc.kind === "Pod") violations.push(...podViolations(doc.spec, where, docs as Json[]));
    if (doc.kind === "Job") violations.push(...podViolations(doc.spec.template.spec, where, docs as Json[]));
    if (doc.kind === "MCPServer") violations.push(...mcpServerViolations(doc, docs as Json[], where));
  }
  return violations;
}

/** A token is allowed only to an account the release grants API access: a RoleBinding or ClusterRoleBinding names it. */
function granted(account: string | undefined, docs: Json[]): boolean {
  return docs.some(
    (doc) =>
      (doc.kind === "RoleBinding" || doc.kind === "ClusterRoleBinding") &&
      (doc.subjects ?? []).some((subject: Json) => subject.kind === "ServiceAccount" && subject.name === account),
  );
}

function podViolations(pod: Json, where: string, docs: Json[]): string[] {
  const violations: string[] = [];
  if (pod.automountServiceAccountToken !== false && !granted(pod.serviceAccountName, docs))
    violations.push(`${where}: automountServiceAccountToken is not false`);
  violations.push(...hostViolations(pod, where));
  for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    violations.push(
      ...containerViolations(container, pod.securityContext ?? {}, `${where} container ${container.name}`),
      ...mountViolations(container.volumeMounts ?? [], pod.volumes ?? [], `${where} container ${container.name}`),
    );
  }
  return violations;
}

/** Read-only root, so every writable path is a mount: only emptyDirs and claims may be written. */
function mountViolations(mounts: Json[], volumes: Json[], where: string): string[] {
  return mounts.flatMap((mount) => {
    const volume = volumes.find((candidate) => candidate.name === mount.name);
    if (!volume) return [`${where}: mounts ${mount.name}, which is no volume of the pod`];
    const writable = mount.readOnly !== true;
    if (writable && !volume.emptyDir && !volume.persistentVolumeClaim)
      return [`${where}: mounts ${mount.name} (${Object.keys(volume).find((key) => key !== "name")}) writable`];
    return [];
  });
}

/** Nothing of the node: no host namespaces, no hostPath volumes, no host ports. */
function hostViolations(pod: Json, where: string): string[] {
  const violations: string[] = [];
  for (const key of ["hostNetwork", "hostPID", "hostIPC"])
    if (pod[key] === true) violations.push(`${where}: ${key} is true`);
  for (const volume of pod.volumes ?? [])
    if (volume.hostPath) violations.push(`${where}: volume ${volume.name} is a hostPath`);
  for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    for (const port of container.ports ?? [])
      if (port.hostPort) violations.push(`${where} container ${container.name}: uses hostPort ${port.hostPort}`);
  }
  return violations;
}

/**
 * kagent copies image, resources, podSecurityContext and securityContext into the pod (and the security context
 * into the stdio init container unless it has its own). The CRD has no automountServiceAccountToken, so the pod
 * must run as a ServiceAccount of this release that does not mount its token.
 */
function mcpServerViolations(doc: Json, docs: Json[], where: string): string[] {
  const deployment = doc.spec.deployment ?? {};
  const violations = containerViolations(
    { image: deployment.image, resources: deployment.resources, securityContext: deployment.securityContext },
    deployment.podSecurityContext ?? {},
    `${where} spec.deployment`,
  );
  if (doc.spec.transportType === "stdio") {
    const init = deployment.initContainer ?? {};
    const sc = init.securityContext ?? deployment.securityContext;
    // The init container's image is kagent's transport adapter, pinned by kagent unless set here.
    const container = { image: init.image, resources: init.resources, securityContext: sc };
    violations.push(
      ...containerViolations(
        container,
        deployment.podSecurityContext ?? {},
        `${where} initContainer`,
        init.image !== undefined,
      ),
    );
  }
  for (const volume of deployment.volumes ?? [])
    if (volume.hostPath) violations.push(`${where}: volume ${volume.name} is a hostPath`);
  violations.push(
    ...mountViolations(deployment.volumeMounts ?? [], deployment.volumes ?? [], `${where} spec.deployment`),
  );
  const account = docs.find((d) => d.kind === "ServiceAccount" && d.metadata.name === deployment.serviceAccountName);
  if (!account)
    violations.push(`${where}: spec.deployment.serviceAccountName does not name a ServiceAccount of the release`);
  else if (account.automountServiceAccountToken !== false && !granted(account.metadata.name, docs))
    violations.push(`${where}: ServiceAccount ${account.metadata.name} mounts its token`);
  return violations;
}

function containerViolations(container: Json, podSecurity: Json, where: string, checkImage = true): string[] {
  const sc: Json = container.securityContext ?? {};
  const violations: string[] = [];
  const fail = (what: string) => violations.push(`${where}: ${what}`);
  if (checkImage && (typeof container.image !== "string" || !PINNED.test(container.image)))
    fail(`image ${container.image} is not pinned to a tag or digest`);
  if ((sc.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true) fail("runAsNonRoot is not true");
  if (sc.readOnlyRootFilesystem !== true) fail("readOnlyRootFilesystem is not true");
  if (sc.allowPrivilegeEscalation !== false) fail("allowPrivilegeEscalation is not false");
  if (sc.privileged === true) fail("is privileged");
  if (!(sc.capabilities?.drop ?? []).includes("ALL")) fail("does not drop ALL capabilities");
  if ((sc.capabilities?.add ?? []).length > 0) fail("adds capabilities");
  if ((sc.seccompProfile?.type ?? podSecurity.seccompProfile?.type) !== "RuntimeDefault")
    fail("seccompProfile is not RuntimeDefault");
  for (const kind of ["requests", "limits"] as const) {
    for (const resource of ["cpu", "memory"]) {
      if (container.resources?.[kind]?.[resource] === undefined) fail(`has no ${resource} ${kind.slice(0, -1)}`);
    }
  }
  return violations;
}
