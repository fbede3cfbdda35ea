/** Help texts. Kept free of imports so `--help` starts as fast as Node itself. */

export const CREATE_HELP = `create-mcp-gitops — scaffold a GitOps repository for MCP servers on Kubernetes

Usage
  create-mcp-gitops [directory] [options]
  create-mcp-gitops upgrade [directory] [options]      (see: create-mcp-gitops upgrade --help)

Answers (flags win over --answers, which wins over the --yes defaults)
  -y, --yes                  use the defaults for every answer not given
      --answers <file>       answers file, YAML or JSON (gitops, servers, environments, repository)
      --gitops <engine>      flux | argocd                              (default: flux)
      --envs <a,b,c>         environment names                         (default: dev,staging,prod)
      --name <name>          server name, a DNS-1123 label             (one server; use --answers for several)
      --image <ref>          container image pinned to a tag or digest, e.g. ghcr.io/org/server:1.2.3
      --port <n>             port the server listens on                (default: 3000)
      --transport <t>        streamable-http | sse | stdio             (default: streamable-http)
      --path <path>          MCP endpoint path                         (default: /mcp)
      --mode <m>             deployment | mcpserver (kagent MCPServer)  (default: deployment)
      --set <path=value>     set any answer, repeatable, e.g. --set environments.prod.replicas=3

Output
      --dry-run              write nothing; list what would be created or changed
      --json                 print one JSON document on stdout (files, warnings, PR URL)
      --force                write into a non-empty directory (files the tool does not generate are kept)
  -h, --help                 show this help
  -v, --version              print the version

Examples
  # Defaults: one example server, Flux, environments dev, staging and prod
  npx create-mcp-gitops demo --yes

  # A single server on Argo CD
  npx create-mcp-gitops platform-mcp --gitops argocd --envs dev,prod \\
    --name weather --image ghcr.io/acme/weather-mcp:1.4.2 --port 8080 --transport streamable-http

  # A fleet from an answers file, with one override
  npx create-mcp-gitops fleet --answers answers.yaml --set environments.prod.replicas=3

Exit status: 0 done, 1 failed (nothing lost), 2 bad input (nothing written), 130 cancelled.
`;
