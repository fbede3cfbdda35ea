/**
 * `create-mcp-gitops [create] [directory]`: its flags and help, declared once (flags.ts). The defaults shown are the
 * constants the answers use (answers/defaults.ts), so help and a `--yes` run cannot disagree.
 */
import {
  DEFAULT_BASE_BRANCH,
  DEFAULT_ENVIRONMENTS,
  DEFAULT_GITOPS,
  DEFAULT_SERVER,
  PLACEHOLDER_OWNER,
  SERVER_DEFAULTS,
} from "../answers/defaults.js";
import { GITOPS_ENGINES } from "../answers/engines.js";
import { ADD_SPEC } from "./add-spec.js";
import { DELIVERY_FLAGS, DELIVERY_SECTION } from "./delivery-flags.js";
import { DOCTOR_SPEC } from "./doctor-spec.js";
import type { CommandSpec, Flags } from "./flags.js";
import { REMOVE_SPEC } from "./remove-spec.js";
import { UPGRADE_SPEC } from "./upgrade-spec.js";

const [, SECOND_ENGINE = DEFAULT_GITOPS] = GITOPS_ENGINES;
const ANSWERS = "Answers (flags win over --answers, which wins over the --yes defaults)";
const REPOSITORY = "Where the repository lives (no token needed)";
const OUTPUT = "Output";
/** A server's own default, and the example server's, which `--yes` uses when no server flag describes another. */
const serverDefault = (field: keyof typeof SERVER_DEFAULTS) =>
  `${SERVER_DEFAULTS[field]}; the example server: ${DEFAULT_SERVER[field]}`;

export const CREATE_FLAGS = {
  yes: {
    type: "boolean",
    short: "y",
    section: ANSWERS,
    description:
      "use the defaults for every answer not given (the example server only when no server flag is given: --name then needs --image)",
  },
  answers: {
    type: "string",
    value: "<file>",
    section: ANSWERS,
    description: "answers file, YAML or JSON (gitops, repository, servers, environments, monitoring)",
  },
  gitops: {
    type: "string",
    value: "<engine>",
    section: ANSWERS,
    description: GITOPS_ENGINES.join(" | "),
    yes: DEFAULT_GITOPS,
  },
  envs: {
    type: "string",
    value: "<a,b,c>",
    section: ANSWERS,
    description: "environment names",
    yes: DEFAULT_ENVIRONMENTS.join(","),
  },
  name: {
    type: "string",
    value: "<name>",
    section: ANSWERS,
    description: "server name, a DNS-1123 label (one server; use --answers for several)",
    yes: `${DEFAULT_SERVER.name}, the example server, when no server flag is given`,
  },
  image: {
    type: "string",
    value: "<ref>",
    section: ANSWERS,
    description: "container image pinned to a tag or digest, e.g. ghcr.io/org/server:1.2.3",
    yes: "the example server's, pinned by digest, when no server flag is given",
  },
  port: {
    type: "string",
    value: "<n>",
    section: ANSWERS,
    description: "port the server listens on",
    default: serverDefault("port"),
  },
  transport: {
    type: "string",
    value: "<t>",
    section: ANSWERS,
    description: "streamable-http | sse | stdio",
    default: serverDefault("transport"),
  },
  path: {
    type: "string",
    value: "<path>",
    section: ANSWERS,
    description: "MCP endpoint path",
    default: `${SERVER_DEFAULTS.path}; /sse for sse; always /mcp for mcpserver; the example server: ${DEFAULT_SERVER.path}`,
  },
  command: {
    type: "string",
    value: "<words>",
    section: ANSWERS,
    description: 'the server\'s command, e.g. "npx -y @acme/files-mcp" (stdio needs one)',
  },
  mode: {
    type: "string",
    value: "<m>",
    section: ANSWERS,
    description: "deployment | mcpserver (kagent MCPServer)",
    default: SERVER_DEFAULTS.mode,
  },
  set: {
    type: "string",
    multiple: true,
    value: "<path=value>",
    section: ANSWERS,
    description: "set any answer, repeatable, e.g. --set environments.prod.replicas=3",
  },
  repository: {
    type: "string",
    value: "<owner/name>",
    section: REPOSITORY,
    description: "the GitHub repository the clusters pull from (sets repository.owner and repository.name)",
    default: `${PLACEHOLDER_OWNER}/<directory>, a placeholder that every run warns about`,
  },
  "repository-url": {
    type: "string",
    value: "<url>",
    section: REPOSITORY,
    description:
      "its clone URL on any Git host, https:// or ssh, e.g. https://gitlab.example.com/platform/mcp-fleet.git",
    default: "https://github.com/<owner>/<name>.git",
  },
  "dry-run": { type: "boolean", section: OUTPUT, description: "write nothing; list what would be created or changed" },
  json: {
    type: "boolean",
    section: OUTPUT,
    description: 'print one JSON document on stdout (files, warnings, PR URL; on failure {"ok": false, "error": …})',
  },
  force: {
    type: "boolean",
    section: OUTPUT,
    description:
      "write into a non-empty directory: files the blueprint generates are overwritten, your edits to them included; other files are kept. Refused on a generated repository whose edited files it would overwrite: change its answers with upgrade --set/--answers, add or remove instead",
  },
  git: {
    type: "boolean",
    section: OUTPUT,
    description: `initialise a git repository on repository.baseBranch (default ${DEFAULT_BASE_BRANCH}) and commit the files, as --author or git's configured identity`,
    default: "asked at a terminal; no with --yes or without one",
  },
  "no-git": { type: "boolean", section: OUTPUT, description: "do not initialise a git repository, and do not ask" },
  blueprint: {
    type: "string",
    value: "<source>",
    section: OUTPUT,
    description: "render your own blueprint: a folder or <git-url>#<ref>",
    default: "the bundled one",
  },
  help: { type: "boolean", short: "h", section: OUTPUT, description: "show this help" },
  version: { type: "boolean", short: "v", section: OUTPUT, description: "print the version" },
  ...DELIVERY_FLAGS,
} as const satisfies Flags;

export const CREATE_SPEC = {
  name: "",
  summary: "scaffold a GitOps repository for MCP servers on Kubernetes",
  usage: [
    "create-mcp-gitops [create] [directory] [options]",
    "create-mcp-gitops <command> [options]          (commands below; a folder named like one: create <folder>)",
  ],
  description: `At a terminal, every answer that flags and --answers did not give is asked (Enter takes the --yes default),
then the files and a servers × environments table are shown before anything is written. Nothing is ever asked
with --yes, with CI=true, or when stdin or stdout is not a terminal: missing answers are then an error (exit 2)
that names every missing flag at once. Progress goes to stdout (to stderr with --json); NO_COLOR and
FORCE_COLOR are honoured. With --yes and no server flag, the example server is used: ${DEFAULT_SERVER.name}
(${DEFAULT_SERVER.transport} on port ${DEFAULT_SERVER.port}, path ${DEFAULT_SERVER.path}).`,
  sections: [{ title: ANSWERS }, { title: REPOSITORY }, { title: OUTPUT }, DELIVERY_SECTION],
  flags: CREATE_FLAGS,
  commands: [UPGRADE_SPEC, ADD_SPEC, REMOVE_SPEC, DOCTOR_SPEC],
  examples: [
    [
      `Defaults: one example server, ${DEFAULT_GITOPS}, environments ${DEFAULT_ENVIRONMENTS.join(", ")}`,
      "npx create-mcp-gitops demo --yes",
    ],
    [
      `A single server on ${SECOND_ENGINE}, for your repository, committed to a new local git repository`,
      `npx create-mcp-gitops platform-mcp --gitops ${SECOND_ENGINE} --envs dev,prod --repository acme/platform-mcp --git \\
    --name weather --image ghcr.io/acme/weather-mcp:1.4.2 --port 8080 --transport streamable-http`,
    ],
    [
      "A fleet from an answers file, with one override",
      "npx create-mcp-gitops fleet --answers answers.yaml --set environments.prod.replicas=3",
    ],
    ["Answer the questions at a terminal", "npx create-mcp-gitops"],
    [
      "Deliver as a draft pull request on GitHub Enterprise Server (token from GITHUB_TOKEN)",
      "npx create-mcp-gitops --yes --repo platform/mcp-fleet --github-api-url https://ghe.example.com/api/v3 --draft",
    ],
    ["Check that a cluster has what the repository needs", "npx create-mcp-gitops doctor --context prod"],
    ["In CI: fail the job when a newer blueprint is available", "npx create-mcp-gitops upgrade --check"],
  ],
  exitStatus: `Exit status: 0 done, 1 failed (nothing lost), 2 bad input (nothing written),
130 cancelled (Ctrl-C at a question, or No at "Write these files?"; nothing written).`,
} as const satisfies CommandSpec;
