/** `create-mcp-gitops remove server|env <name> [directory]`: its flags and help, declared once (flags.ts). */
import type { CommandSpec, Flags } from "./flags.js";
import { GITHUB_TIMEOUT_NOTE } from "./delivery-flags.js";
import { CHANGE_FLAGS, OPTIONS, PR } from "./upgrade-spec.js";

export const REMOVE_FLAGS = {
  yes: { type: "boolean", short: "y", section: OPTIONS, description: "ask nothing" },
  ...CHANGE_FLAGS,
} as const satisfies Flags;

export const REMOVE_SPEC = {
  name: "remove",
  summary: "remove a server or an environment from a generated repository",
  usage: [
    "create-mcp-gitops remove server <name> [directory] [options]",
    "create-mcp-gitops remove env <name> [directory] [options]",
  ],
  description: `Renders the repository's blueprint (same version) without it and merges the result into your files three ways: its
files are deleted where you never edited them; an edited one is kept and listed, for you to delete or keep. Every
kustomization stops listing it. The last server or environment cannot be removed. At a terminal, a missing <name>
is chosen from a list. --pr commits on branch mcp-gitops/remove-<name> and opens or updates its pull request.`,
  sections: [{ title: OPTIONS }, { title: PR, notes: [GITHUB_TIMEOUT_NOTE] }],
  flags: REMOVE_FLAGS,
  examples: [
    ["See what removing a server would do", "npx create-mcp-gitops remove server weather --dry-run"],
    [
      "Remove an environment as a pull request",
      "npx create-mcp-gitops remove env staging --pr --reviewers platform-team",
    ],
  ],
  exitStatus: "Exit status: 0 done, 1 conflicts to resolve, 2 bad input (e.g. no such name; nothing written).",
} as const satisfies CommandSpec;
