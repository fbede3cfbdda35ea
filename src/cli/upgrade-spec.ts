/**
 * `create-mcp-gitops upgrade [directory]`: its flags and help, declared once (flags.ts); and the flags every
 * answer-changing command (upgrade, add, remove) shares: output, safety and the pull request.
 */
import { DELIVERY_FLAGS, GITHUB_TIMEOUT_NOTE } from "./delivery-flags.js";
import type { CommandSpec, Flags } from "./flags.js";

export const OPTIONS = "Options";
export const PR = "Pull request (token from GITHUB_TOKEN or GH_TOKEN)";

/** The pull-request flags of `create --repo` that mean something for an upgrade; all of them need --pr. */
const { repo, "github-api-url": apiUrl, base, branch, draft, reviewers, labels, title, author } = DELIVERY_FLAGS;
export const PR_FLAGS = {
  repo: {
    ...repo,
    section: PR,
    description: "the GitHub repository (cloned into the directory when it is not a clone)",
    default: "the one recorded in .mcp-gitops.yaml",
  },
  "github-api-url": { ...apiUrl, section: PR },
  base: { ...base, section: PR },
  branch: { ...branch, section: PR, default: "mcp-gitops/upgrade" },
  draft: { ...draft, section: PR, description: "always open as a draft" },
  reviewers: { ...reviewers, section: PR },
  labels: { ...labels, section: PR },
  title: { ...title, section: PR, default: "Upgrade blueprint <name> <from> → <to>" },
  author: { ...author, section: PR, default: "git's configured identity" },
} as const satisfies Flags;

/** Output, safety and the pull request: what upgrade, add and remove all take. */
export const CHANGE_FLAGS = {
  "dry-run": { type: "boolean", section: OPTIONS, description: "write nothing; print the plan and a unified diff" },
  "allow-dirty": {
    type: "boolean",
    section: OPTIONS,
    description: "run even with uncommitted changes (or outside a git repository)",
  },
  json: {
    type: "boolean",
    section: OPTIONS,
    description: 'print one JSON document on stdout (files, conflicts, versions, PR URL; on failure {"ok": false, …})',
  },
  help: { type: "boolean", short: "h", section: OPTIONS, description: "show this help" },
  pr: {
    type: "boolean",
    section: PR,
    description:
      "commit on branch mcp-gitops/upgrade (answer changes: their own branch), push it, and open or update its pull request (a draft while conflict markers are left, marked ready once they are gone; a merged branch starts again from the base); the directory is a clone, or is cloned with --repo",
  },
  ...PR_FLAGS,
} as const satisfies Flags;

export const UPGRADE_FLAGS = {
  blueprint: {
    type: "string",
    value: "<source>",
    section: OPTIONS,
    description: "blueprint to upgrade to: bundled, a folder, or <git-url>#<ref>",
    default: "the source recorded in .mcp-gitops.yaml",
  },
  to: {
    type: "string",
    value: "<version>",
    section: OPTIONS,
    description: "upgrade to this version instead of the newest (bundled: any shipped version)",
  },
  set: {
    type: "string",
    multiple: true,
    value: "<path=value>",
    section: OPTIONS,
    description: "change an answer, as create takes it (repeatable), e.g. --set environments.prod.replicas=4",
  },
  unset: {
    type: "string",
    multiple: true,
    value: "<path>",
    section: OPTIONS,
    description: "remove servers.<name> or environments.<name>, or reset an answer to its default",
  },
  answers: {
    type: "string",
    value: "<file>",
    section: OPTIONS,
    description: "the complete new answers (YAML or JSON, or a .mcp-gitops.yaml)",
  },
  check: {
    type: "boolean",
    section: OPTIONS,
    description: "write nothing; exit 1 if a newer blueprint is available, 0 if up to date (for CI)",
  },
  ...CHANGE_FLAGS,
} as const satisfies Flags;

export const UPGRADE_SPEC = {
  name: "upgrade",
  summary: "bring a newer blueprint into a generated repository, keeping your edits",
  usage: ["create-mcp-gitops upgrade [directory] [options]     (directory defaults to the current folder)"],
  description: `Re-renders the blueprint version recorded in .mcp-gitops.yaml with the recorded answers (the base), renders the
new version (theirs) with the recorded answers — changed by --set, --unset or --answers if given — and merges it
into your files three ways: files you did not touch take the new version, files the blueprint did not change stay
yours, files both changed are merged like git does, and overlapping edits are left inline with standard <<<<<<<
markers, listed, and recorded as unmerged in git's index. Files (and folders) you deleted stay deleted; files the
blueprint removed are deleted only if you never edited them; a file the blueprint renamed takes your edits along.
.mcp-gitops.yaml then records the new version and answers. With answer changes and no newer version, only the
answers change. Nothing says "up to date" while files still hold markers from an earlier upgrade.`,
  sections: [{ title: OPTIONS }, { title: PR, notes: [GITHUB_TIMEOUT_NOTE] }],
  flags: UPGRADE_FLAGS,
  examples: [
    ["See what would change, with the diff", "npx create-mcp-gitops upgrade --dry-run"],
    [
      "Upgrade, review, commit",
      'npx create-mcp-gitops upgrade && git diff && git add -A && git commit -m "Upgrade mcp-gitops blueprint"',
    ],
    ["In CI: fail the job when a newer blueprint is available", "npx create-mcp-gitops upgrade --check"],
    [
      "Change answers with the same merge (the blueprint version may stay)",
      "npx create-mcp-gitops upgrade --set environments.prod.replicas=4 --set environments.prod.hostname=mcp.example.com",
    ],
    [
      "Upgrade and open (or update) a pull request; the generated .github/workflows/mcp-gitops-upgrade.yaml runs this weekly",
      "GITHUB_TOKEN=... npx create-mcp-gitops upgrade --pr --reviewers platform-team",
    ],
    [
      "Your company's blueprint from git, pinned to a tag",
      "npx create-mcp-gitops upgrade --blueprint https://github.com/acme/mcp-blueprint.git#v2.0.0",
    ],
  ],
  exitStatus: `Exit status: 0 done (or up to date), 1 conflicts to resolve (or --check: newer blueprint available),
2 bad input or the merge base cannot be obtained (nothing written), 130 cancelled.`,
} as const satisfies CommandSpec;
