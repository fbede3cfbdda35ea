/**
 * Help texts. They import nothing but the engine list (a module without imports), so `--help` starts as fast as Node
 * itself; what an engine is called is the blueprint's business, so the examples name engines only from that list.
 */
import { DEFAULT_GITOPS, GITOPS_ENGINES } from "../answers/engines.js";

const [, SECOND_ENGINE = DEFAULT_GITOPS] = GITOPS_ENGINES;

export const CREATE_HELP = `create-mcp-gitops — scaffold a GitOps repository for MCP servers on Kubernetes

Usage
  create-mcp-gitops [directory] [options]
  create-mcp-gitops upgrade [directory] [options]      (see: create-mcp-gitops upgrade --help)
  create-mcp-gitops add server|env [directory] ...     add a server or environment  (see: add --help)
  create-mcp-gitops remove server|env <name> [dir]     remove one                   (see: remove --help)

At a terminal, every answer that flags and --answers did not give is asked (Enter takes the --yes default),
then the files and a servers × environments table are shown before anything is written. Nothing is ever asked
with --yes, with CI=true, or when stdin or stdout is not a terminal: missing answers are then an error (exit 2)
that names every missing flag at once. Progress goes to stdout (to stderr with --json); NO_COLOR and
FORCE_COLOR are honoured.

Answers (flags win over --answers, which wins over the --yes defaults)
  -y, --yes                  use the defaults for every answer not given (the example server only when no
                             server flag is given: --name then needs --image)
      --answers <file>       answers file, YAML or JSON (gitops, servers, environments, repository)
      --gitops <engine>      ${GITOPS_ENGINES.join(" | ").padEnd(43)}(default: ${DEFAULT_GITOPS})
      --envs <a,b,c>         environment names                         (default: dev,staging,prod)
      --name <name>          server name, a DNS-1123 label             (one server; use --answers for several)
      --image <ref>          container image pinned to a tag or digest, e.g. ghcr.io/org/server:1.2.3
      --port <n>             port the server listens on                (default: 3000)
      --transport <t>        streamable-http | sse | stdio             (default: streamable-http)
      --path <path>          MCP endpoint path              (default: /mcp; /sse for sse; always /mcp for mcpserver)
      --mode <m>             deployment | mcpserver (kagent MCPServer)  (default: deployment)
      --command <words>      the server's command, e.g. "npx -y @acme/files-mcp" (stdio needs one)
      --set <path=value>     set any answer, repeatable, e.g. --set environments.prod.replicas=3

Output
      --dry-run              write nothing; list what would be created or changed
      --json                 print one JSON document on stdout (files, warnings, PR URL)
      --force                write into a non-empty directory (files the tool does not generate are kept);
                             refused on a generated repository whose edited files it would overwrite: change
                             its answers with upgrade --set/--answers, add or remove instead
      --blueprint <source>   render your own blueprint: a folder or <git-url>#<ref> (default: the bundled one)
  -h, --help                 show this help
  -v, --version              print the version

Pull request on GitHub or GitHub Enterprise Server (token from GITHUB_TOKEN or GH_TOKEN, never a flag)
      --repo <owner/name>    clone the repository into [directory] (default: its name; or reuse a clone of it),
                             commit to a branch and open a pull request; a re-run updates the same one
      --github-api-url <url> REST API root, also GITHUB_API_URL (GHES: https://ghe.example.com/api/v3)
      --base <branch>        branch the pull request targets      (default: the repository's default branch)
      --branch <name>        branch to commit to                  (default: mcp-gitops/<server names>)
      --title <text>         pull request title                   (default: from the servers and engine)
      --draft                open the pull request as a draft
      --reviewers <a,b>      request reviews (logins, or org/team)
      --labels <x,y>         add labels
      --no-pr                commit and push only
      --create-repo          create the repository if missing (private; --public for a public one)
      --author <"N <e>">     commit author (default: git's identity, else the token owner's no-reply address)
  MCP_GITOPS_GITHUB_TIMEOUT=<s>  seconds to wait for each GitHub API answer before retrying it (default 60)

Examples
  # Defaults: one example server, ${DEFAULT_GITOPS}, environments dev, staging and prod
  npx create-mcp-gitops demo --yes

  # A single server on ${SECOND_ENGINE}
  npx create-mcp-gitops platform-mcp --gitops ${SECOND_ENGINE} --envs dev,prod \\
    --name weather --image ghcr.io/acme/weather-mcp:1.4.2 --port 8080 --transport streamable-http

  # A fleet from an answers file, with one override
  npx create-mcp-gitops fleet --answers answers.yaml --set environments.prod.replicas=3

  # Answer the questions at a terminal
  npx create-mcp-gitops

  # Deliver as a draft pull request on GitHub Enterprise Server (token from GITHUB_TOKEN)
  npx create-mcp-gitops --yes --repo platform/mcp-fleet --github-api-url https://ghe.example.com/api/v3 --draft

  # In CI: fail the job when a newer blueprint is available
  npx create-mcp-gitops upgrade --check

Exit status: 0 done, 1 failed (nothing lost), 2 bad input (nothing written),
130 cancelled (Ctrl-C at a question, or No at "Write these files?"; nothing written).
`;

export const UPGRADE_HELP = `create-mcp-gitops upgrade — bring a newer blueprint into a generated repository, keeping your edits

Usage
  create-mcp-gitops upgrade [directory] [options]     (directory defaults to the current folder)

Re-renders the blueprint version recorded in .mcp-gitops.yaml with the recorded answers (the base), renders the
new version (theirs) with the recorded answers — changed by --set, --unset or --answers if given — and merges it
into your files three ways: files you did not touch take the new version, files the blueprint did not change stay
yours, files both changed are merged like git does, and overlapping edits are left inline with standard <<<<<<<
markers, listed, and recorded as unmerged in git's index. Files (and folders) you deleted stay deleted; files the
blueprint removed are deleted only if you never edited them; a file the blueprint renamed takes your edits along.
.mcp-gitops.yaml then records the new version and answers. With answer changes and no newer version, only the
answers change. Nothing says "up to date" while files still hold markers from an earlier upgrade.

Options
      --blueprint <source>   blueprint to upgrade to: bundled, a folder, or <git-url>#<ref>
                             (default: the source recorded in .mcp-gitops.yaml)
      --to <version>         upgrade to this version instead of the newest (bundled: any shipped version)
      --set <path=value>     change an answer, as create takes it (repeatable), e.g. --set environments.prod.replicas=4
      --unset <path>         remove servers.<name> or environments.<name>, or reset an answer to its default
      --answers <file>       the complete new answers (YAML or JSON, or a .mcp-gitops.yaml)
      --check                write nothing; exit 1 if a newer blueprint is available, 0 if up to date (for CI)
      --dry-run              write nothing; print the plan and a unified diff
      --allow-dirty          run even with uncommitted changes (or outside a git repository)
      --json                 print one JSON document on stdout (files, conflicts, versions, PR URL)
  -h, --help                 show this help

Pull request (token from GITHUB_TOKEN or GH_TOKEN)
      --pr                   commit the upgrade on branch mcp-gitops/upgrade (answer changes: their own branch),
                             push it, and open or update its pull request (a draft while conflict markers are left,
                             marked ready once they are gone; a merged branch starts again from the base); the
                             directory is a clone, or is cloned with --repo
      --repo <owner/name>    the GitHub repository (default: the one recorded in .mcp-gitops.yaml)
      --github-api-url <url> GitHub Enterprise Server API, e.g. https://ghe.example.com/api/v3 (or GITHUB_API_URL)
      --base <branch>        branch the pull request targets (default: the repository's default branch)
      --branch <name>        branch to commit to (default: mcp-gitops/upgrade)
      --draft                always open as a draft
      --reviewers <a,b>      request reviews (logins or org/team)
      --labels <x,y>         add labels
      --title <text>         pull request title (default: Upgrade blueprint <name> <from> → <to>)
      --author <"N <e>">     commit author (default: git's configured identity)
  MCP_GITOPS_GITHUB_TIMEOUT=<s>  seconds to wait for each GitHub API answer before retrying it (default 60)

Examples
  # See what would change, with the diff
  npx create-mcp-gitops upgrade --dry-run

  # Upgrade, review, commit
  npx create-mcp-gitops upgrade && git diff && git add -A && git commit -m "Upgrade mcp-gitops blueprint"

  # In CI: fail the job when a newer blueprint is available
  npx create-mcp-gitops upgrade --check

  # Change answers with the same merge (the blueprint version may stay)
  npx create-mcp-gitops upgrade --set environments.prod.replicas=4 --set environments.prod.hostname=mcp.example.com

  # Upgrade and open (or update) a pull request; the generated .github/workflows/mcp-gitops-upgrade.yaml runs this weekly
  GITHUB_TOKEN=... npx create-mcp-gitops upgrade --pr --reviewers platform-team

  # Your company's blueprint from git, pinned to a tag
  npx create-mcp-gitops upgrade --blueprint https://github.com/acme/mcp-blueprint.git#v2.0.0

Exit status: 0 done (or up to date), 1 conflicts to resolve (or --check: newer blueprint available),
2 bad input or the merge base cannot be obtained (nothing written), 130 cancelled.
`;
