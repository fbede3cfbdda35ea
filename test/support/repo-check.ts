/**
 * The real-tool check of a generated repository, shared by every end-to-end test:
 * - every overlay builds with `kubectl kustomize`, and every GitOps document validates against its schema;
 * - for every server in every environment, the values are layered exactly as Flux (valuesFrom ConfigMaps, then
 *   spec.values) or Argo CD (valueFiles in order) would, then `helm lint --strict` and `helm template` run on
 *   the chart, and every rendered document validates.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, normalize } from "node:path";
import { parse } from "yaml";
import { helmLint, helmTemplate, kustomizeBuild, parseManifests, type KubeDocument } from "./tools.js";
import { validateAll } from "./validate.js";

export interface Release {
  server: string;
  environment: string;
  namespace: string;
  /** Values objects in the order the GitOps engine layers them. */
  values: object[];
  /** `helm template` output, or undefined for an external chart (not fetched offline). */
  rendered?: KubeDocument[];
}

export interface RepositoryCheck {
  answers: Record<string, any>;
  /** kustomize output per environment (Flux apps/<env>, Argo CD argocd/<env>), plus Flux's Kustomization of it. */
  gitops: Map<string, KubeDocument[]>;
  /**
   * What the engine applies besides the environments: Flux's clusters/<cluster>/ files and infrastructure/; Argo CD's
   * argocd/root.yaml, argocd/root and argocd/config.
   */
  platform: KubeDocument[];
  releases: Release[];
}

export interface CheckOptions {
  /** Run `helm lint --strict` on every release too (default true). */
  lint?: boolean;
  /** `helm template` output by its inputs, shared between checks of repositories that render the same releases. */
  renders?: Map<string, Promise<KubeDocument[]>>;
}

export async function checkRepository(dir: string, options: CheckOptions = {}): Promise<RepositoryCheck> {
  const record = parse(await readFile(join(dir, ".mcp-gitops.yaml"), "utf8"));
  const answers = record.answers;
  const gitops = new Map<string, KubeDocument[]>();
  const releases: Release[] = [];
  const platform = await platformDocuments(dir, answers.gitops);
  validateAll(platform);
  for (const env of answers.environments) {
    const overlay = answers.gitops === "flux" ? `apps/${env.name}` : `argocd/${env.name}`;
    const docs = await kustomizeBuild(join(dir, overlay));
    if (answers.gitops === "flux")
      docs.push(...platform.filter((doc: any) => doc.kind === "Kustomization" && doc.spec.path === `./${overlay}`));
    else docs.push(...(await argoManifests(docs, dir)));
    validateAll(docs);
    gitops.set(env.name, docs);
    const found = answers.gitops === "flux" ? await fluxReleases(docs, dir, env) : await argoReleases(docs, dir, env);
    releases.push(...found);
  }
  await mapLimit(releases, 2, (release) => renderRelease(release, options));
  return { answers, gitops, platform, releases };
}

/**
 * What the Applications of plain manifests in this repository apply (an environment's Gateway certificate, quota and
 * encrypted Secrets): a folder's kustomization, or the files `directory.include` names.
 */
async function argoManifests(docs: KubeDocument[], dir: string): Promise<KubeDocument[]> {
  const found: KubeDocument[] = [];
  for (const app of docs as any[]) {
    const source = app.kind === "Application" ? app.spec.source : undefined;
    if (!source?.path || source.helm || source.chart) continue;
    const folder = join(dir, source.path);
    if (!existsSync(folder)) throw new Error(`${app.metadata.name}: ${source.path} is not in the repository`);
    if (source.directory?.include) found.push(...(await readManifests(join(folder, source.directory.include))));
    else found.push(...(await kustomizeBuild(folder)));
  }
  return found;
}

async function readManifests(path: string): Promise<KubeDocument[]> {
  return parseManifests(await readFile(path, "utf8"), path);
}

/** Every document the engine applies outside the environments' overlays. */
async function platformDocuments(dir: string, engine: string): Promise<KubeDocument[]> {
  const docs: KubeDocument[] = [];
  const optional = async (path: string) => (existsSync(join(dir, path)) ? readManifests(join(dir, path)) : []);
  if (engine === "flux") {
    for (const cluster of await readdir(join(dir, "clusters")))
      for (const file of (await readdir(join(dir, "clusters", cluster))).sort())
        docs.push(...(await readManifests(join(dir, "clusters", cluster, file))));
    if (existsSync(join(dir, "infrastructure/kustomization.yaml")))
      docs.push(...(await kustomizeBuild(join(dir, "infrastructure"))));
  } else {
    // A repository from before the root Application has none of these.
    docs.push(...(await optional("argocd/root.yaml")));
    if (existsSync(join(dir, "argocd/root"))) docs.push(...(await kustomizeBuild(join(dir, "argocd/root"))));
    docs.push(...(await optional("argocd/config/argocd-cm.yaml")));
  }
  return docs;
}

const chartDirs = new WeakMap<Release, string>();

async function fluxReleases(docs: KubeDocument[], dir: string, env: any): Promise<Release[]> {
  const configMaps = new Map(
    docs.filter((doc) => doc.kind === "ConfigMap").map((doc: any) => [doc.metadata.name, doc]),
  );
  return docs
    .filter((doc) => doc.kind === "HelmRelease")
    .map((doc: any) => {
      const values = (doc.spec.valuesFrom ?? []).map((ref: any) => {
        const configMap: any = configMaps.get(ref.name);
        if (!configMap)
          throw new Error(
            `HelmRelease ${doc.metadata.name} in ${env.name}: valuesFrom ConfigMap ${ref.name} is not in the overlay`,
          );
        return parse(configMap.data[ref.valuesKey ?? "values.yaml"]) ?? {};
      });
      if (doc.spec.values) values.push(doc.spec.values);
      const release: Release = {
        server: doc.metadata.name,
        environment: env.name,
        namespace: doc.metadata.namespace,
        values,
      };
      const spec = doc.spec.chart?.spec;
      if (spec?.sourceRef?.kind === "GitRepository") chartDirs.set(release, join(dir, spec.chart));
      return release;
    });
}

async function argoReleases(docs: KubeDocument[], dir: string, env: any): Promise<Release[]> {
  // Helm releases only: an Application of plain manifests (the environment's Gateway certificate) has no chart.
  const apps = (docs.filter((doc) => doc.kind === "Application") as any[]).filter(
    (app) => app.spec.source?.helm || app.spec.sources,
  );
  return Promise.all(
    apps.map(async (app) => {
      const source = app.spec.source;
      const release: Release = {
        server: app.spec.source?.helm?.releaseName ?? app.spec.sources?.[0]?.helm?.releaseName,
        environment: env.name,
        namespace: app.spec.destination.namespace,
        values: [],
      };
      if (source?.path) {
        const chartDir = join(dir, source.path);
        chartDirs.set(release, chartDir);
        for (const file of source.helm?.valueFiles ?? []) {
          const path = normalize(join(chartDir, file));
          if (!path.startsWith(dir)) throw new Error(`${app.metadata.name}: value file ${file} leaves the repository`);
          release.values.push(parse(await readFile(path, "utf8")) ?? {});
        }
      } else {
        for (const file of app.spec.sources[0].helm.valueFiles) {
          release.values.push(parse(await readFile(join(dir, file.replace(/^\$values\//, "")), "utf8")) ?? {});
        }
      }
      return release;
    }),
  );
}

async function renderRelease(release: Release, options: CheckOptions): Promise<void> {
  const chartDir = chartDirs.get(release);
  if (!chartDir) return;
  if (options.lint ?? true) await helmLint(chartDir, release.values, { strict: true });
  release.rendered = await cachedTemplate(chartDir, release, options.renders);
  validateAll(release.rendered);
}

/** The chart's files and the release's inputs decide the output: equal inputs render once. */
async function cachedTemplate(
  chartDir: string,
  release: Release,
  renders: Map<string, Promise<KubeDocument[]>> | undefined,
): Promise<KubeDocument[]> {
  const render = () =>
    helmTemplate(chartDir, release.values, { releaseName: release.server, namespace: release.namespace });
  if (!renders) return render();
  const chart = await readFile(join(chartDir, "Chart.yaml"), "utf8");
  const key = JSON.stringify([
    chartDir.replace(/^.*\/charts\//, ""),
    chart,
    release.server,
    release.namespace,
    release.values,
  ]);
  if (!renders.has(key)) renders.set(key, render());
  return structuredClone(await renders.get(key)!);
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
