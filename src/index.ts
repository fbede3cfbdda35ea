export { create, renderRepository, type CreateOptions, type CreateResult } from "./create.js";
export type { AnswerFlags } from "./answers/collect.js";
export type { Answers, Server, Environment } from "./answers/schema.js";
export type { ResolvedAnswers, ResolvedEnvironment } from "./answers/resolve.js";
export { UsageError, ConflictError, DeliveryError, UserCancelled } from "./errors.js";
