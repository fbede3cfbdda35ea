export { create, renderRepository, type CreateOptions, type CreateResult } from "./create.js";
export type { AnswerFlags } from "./answers/collect.js";
export type { Answers, Server, Environment } from "./answers/schema.js";
export type {
  BundledServer,
  ChartServer,
  ResolvedAnswers,
  ResolvedEnvironment,
  ResolvedServer,
} from "./answers/resolve.js";
export type {
  BlueprintScope,
  BlueprintHelpers,
  BlueprintCluster,
  BlueprintDocument,
  BlueprintDocuments,
  DocumentBuilder,
  DocumentTools,
} from "./blueprint/render.js";
export { upgrade } from "./upgrade/upgrade.js";
export type { UpgradeOptions, UpgradeResult, UpgradeFile } from "./upgrade/types.js";
export type { UpgradeAction } from "./upgrade/plan.js";
export type { DeliveryOptions } from "./delivery/options.js";
export type { DeliveryResult } from "./delivery/result.js";
export type { EngineDescriptor, EngineView, Requirement, ChartRelease } from "./blueprint/engines.js";
export { doctor, type DoctorOptions, type DoctorResult } from "./doctor/doctor.js";
export type { PullRequestResult } from "./delivery/pull-request.js";
export { pullRequestBody, GITHUB_BODY_LIMIT, type PullRequestSummary } from "./delivery/pr-body.js";
export type { CreatePlan } from "./create.js";
export type {
  Prompter,
  Choice,
  TextQuestion,
  SelectQuestion,
  MultiSelectQuestion,
  ConfirmQuestion,
  Verdict,
} from "./prompts/prompter.js";
export { createInquirerPrompter, type InquirerPrompterOptions } from "./prompts/inquirer-prompter.js";
export { silentProgress, type Progress } from "./progress/progress.js";
export { UsageError, ConflictError, DeliveryError, UserCancelled } from "./errors.js";
