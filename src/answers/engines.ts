/**
 * The GitOps engines an answer may name — the one list of them in src/. Everything else about an engine (its
 * name for people, folders, commands) is the blueprint's (lib/engines.mjs, read by src/blueprint/engines.ts).
 */
export const GITOPS_ENGINES = ["flux", "argocd"] as const;

/** The engine `--yes` chooses. */
export const DEFAULT_GITOPS: (typeof GITOPS_ENGINES)[number] = GITOPS_ENGINES[0];

/** The namespaces the engines' own controllers run in: an environment deploying there could break the engine. */
export const ENGINE_NAMESPACES = ["flux-system", "argocd"] as const;
