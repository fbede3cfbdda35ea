/**
 * Who a commit is by when nobody said (`--author`): the identity git is configured with — user.name and user.email
 * (or EMAIL), overridden by the GIT_AUTHOR_* / GIT_COMMITTER_* variables — as git itself would pick it, but never
 * a guess from the host name. One rule for delivery's commits (simple-git) and `create --git`'s (src/git/run.ts).
 */

export interface GitIdentity {
  name: string;
  email: string;
}

export interface CommitIdentity {
  author: GitIdentity;
  committer: GitIdentity;
}

/** Reads one git config value; undefined when unset. */
export type ConfigReader = (key: string) => Promise<string | undefined>;

export async function identityFromConfig(read: ConfigReader, env: NodeJS.ProcessEnv): Promise<Partial<CommitIdentity>> {
  const name = await read("user.name");
  const email = (await read("user.email")) ?? env.EMAIL ?? undefined;
  const author = complete(env.GIT_AUTHOR_NAME || name, env.GIT_AUTHOR_EMAIL || email);
  const committer = complete(env.GIT_COMMITTER_NAME || name, env.GIT_COMMITTER_EMAIL || email);
  return { ...(author ? { author } : {}), ...(committer ? { committer } : {}) };
}

function complete(name: string | undefined, email: string | undefined): GitIdentity | undefined {
  return name && email ? { name, email } : undefined;
}

/** The variables that make git commit as `identity`, whatever it is configured with. */
export function identityEnvironment(identity: CommitIdentity): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: identity.author.name,
    GIT_AUTHOR_EMAIL: identity.author.email,
    GIT_COMMITTER_NAME: identity.committer.name,
    GIT_COMMITTER_EMAIL: identity.committer.email,
  };
}
