/**
 * In-memory model of the server: repositories (each backed by a real bare repository) and their pull
 * requests. Lookups are case-insensitive because GitHub's are.
 */
import { join } from "node:path";
import { commitFiles, initBareRepo } from "./bare-repo.js";
import type { CreateRepoOptions, PullRecord } from "./types.js";

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  defaultBranch: string;
  gitDir: string;
  createdAt: string;
  /** Pull requests in number order; issue numbers are shared with pulls on GitHub, here only pulls exist. */
  pulls: PullRecord[];
}

export interface ServerUrls {
  /** API root including any `/api/v3` prefix. */
  api: string;
  /** Root of html_url. */
  web: string;
  /** Smart-HTTP root; a repository lives at `<git>/<owner>/<name>.git`. */
  git: string;
}

export class Store {
  private readonly repos = new Map<string, RepoRecord>();
  private readonly stableIds = new Map<string, number>();
  private lastId = 1000;

  constructor(
    readonly gitRoot: string,
    readonly login: string,
    readonly urls: ServerUrls,
  ) {}

  /** A fresh numeric id, as every GitHub object has one. */
  newId(): number {
    return ++this.lastId;
  }

  /** The same id every time for the same user or label, so responses are consistent across calls. */
  stableId(kind: "user" | "label", key: string): number {
    const k = `${kind}:${key.toLowerCase()}`;
    let id = this.stableIds.get(k);
    if (id === undefined) {
      id = this.newId();
      this.stableIds.set(k, id);
    }
    return id;
  }

  all(): RepoRecord[] {
    return [...this.repos.values()];
  }

  find(owner: string, name: string): RepoRecord | undefined {
    return this.repos.get(repoKey(owner, name));
  }

  /**
   * Register the repository and create its bare repository. `files` undefined means an empty repository
   * (what `POST /user/repos` without auto_init gives); the test helper always passes files.
   */
  async createRepo(owner: string, name: string, opts: CreateRepoOptions = {}): Promise<RepoRecord> {
    const key = repoKey(owner, name);
    if (this.repos.has(key)) throw new Error(`repository ${owner}/${name} already exists`);
    const repo: RepoRecord = {
      id: this.newId(),
      owner,
      name,
      private: opts.private ?? false,
      defaultBranch: opts.defaultBranch ?? "main",
      gitDir: join(this.gitRoot, owner, `${name}.git`),
      createdAt: new Date().toISOString(),
      pulls: [],
    };
    // Registered before the awaits so a concurrent create of the same name sees it.
    this.repos.set(key, repo);
    try {
      await initBareRepo(repo.gitDir, repo.defaultBranch);
      if (opts.files) await commitFiles(repo.gitDir, repo.defaultBranch, opts.files, "Initial commit");
    } catch (error) {
      this.repos.delete(key);
      throw error;
    }
    return repo;
  }

  cloneUrl(owner: string, name: string): string {
    return `${this.urls.git}/${owner}/${name}.git`;
  }
}

function repoKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}
