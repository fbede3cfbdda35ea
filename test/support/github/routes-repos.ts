/**
 * Users, repositories and branches.
 */
import { branchTip } from "./bare-repo.js";
import { githubError } from "./http.js";
import { renderBranch, renderRepo, renderUser } from "./render.js";
import { requireRepo, type ApiReply, type Route, type RouteContext } from "./rest-api.js";

export const repoRoutes: Route[] = [
  {
    method: "GET",
    template: "/user",
    async handle({ store }) {
      return { status: 200, body: { ...renderUser(store, store.login), name: store.login, email: null } };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}",
    async handle(ctx) {
      return { status: 200, body: renderRepo(ctx.store, requireRepo(ctx)) };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/branches/{branch}",
    async handle(ctx) {
      const repo = requireRepo(ctx);
      const sha = await branchTip(repo.gitDir, ctx.params.branch);
      if (!sha) throw githubError(404, "Branch not found", ctx.documentationUrl);
      return { status: 200, body: renderBranch(ctx.store, repo, ctx.params.branch, sha) };
    },
  },
  {
    method: "POST",
    template: "/user/repos",
    async handle(ctx) {
      return createRepo(ctx, ctx.store.login);
    },
  },
  {
    method: "POST",
    template: "/orgs/{org}/repos",
    async handle(ctx) {
      // A user account is not an organization: GitHub answers 404, which catches clients using the wrong endpoint.
      if (ctx.params.org.toLowerCase() === ctx.store.login.toLowerCase()) {
        throw githubError(404, "Not Found", ctx.documentationUrl);
      }
      return createRepo(ctx, ctx.params.org);
    },
  },
];

async function createRepo(ctx: RouteContext, owner: string): Promise<ApiReply> {
  const name = String(ctx.body.name);
  if (ctx.store.find(owner, name)) {
    throw githubError(422, "Repository creation failed.", ctx.documentationUrl, {
      errors: [
        { resource: "Repository", code: "custom", field: "name", message: "name already exists on this account" },
      ],
    });
  }
  // `visibility` exists only on the org endpoint; `private` wins when both are sent, as on GitHub.
  const isPrivate = typeof ctx.body.private === "boolean" ? ctx.body.private : ctx.body.visibility === "private";
  const repo = await ctx.store.createRepo(owner, name, {
    private: isPrivate,
    // Without auto_init GitHub creates an empty repository: no commits, no branches.
    files: ctx.body.auto_init === true ? { "README.md": `# ${name}\n` } : undefined,
  });
  return { status: 201, body: renderRepo(ctx.store, repo) };
}
