/**
 * What the generated repository's CI does besides validating: scan the servers' images, keep dependencies current
 * with Renovate, and offer a load test per server. Each is on by default and can be turned off; the load test only
 * runs when someone dispatches it.
 */
import * as z from "./zod.js";
import { line, text, whole } from "./rules.js";

const enabled = z.boolean({ error: "must be true or false" }).default(true);

export const CiSchema = z.strictObject({
  /** A workflow that scans every server image with Trivy and fails on critical findings (allow-list: .trivyignore). */
  imageScan: z.strictObject({ enabled }).prefault({}),
  /** renovate.json: image tags and digests, chart versions and pinned actions, grouped per server. */
  renovate: z
    .strictObject({
      enabled,
      /** Updates that reach a prod-profile environment wait for approval on the dependency dashboard. */
      prodApproval: enabled,
    })
    .prefault({}),
  /** loadtest/<server>.js (k6) and a workflow that runs it against an environment on demand. */
  loadTest: z
    .strictObject({
      enabled,
      /** Virtual users at the plateau. */
      vus: whole(1, 1000).default(10),
      /** How long the plateau holds, after a one-minute ramp up and before a one-minute ramp down. */
      hold: z
        .string({ error: "must be a duration such as 3m" })
        .regex(/^[1-9]\d{0,3}[smh]$/, { error: "must be a duration such as 30s, 3m or 1h" })
        .default("3m"),
    })
    .prefault({}),
});

/** A server's load test: the tool the test calls besides listing the tools, and its arguments. */
export const ServerLoadTestSchema = z.strictObject({
  /** A tools/call per iteration with this tool; without it, the test lists the tools only. */
  tool: line(128)
    .regex(/^[A-Za-z0-9_.\-/]+$/, { error: "must be an MCP tool name such as get_forecast" })
    .optional(),
  /** The tool's arguments, as JSON-compatible data. */
  arguments: z.record(line(128), z.unknown(), { error: "must be a mapping of argument names to values" }).default({}),
  /** Words the tool's result must contain for the call to count as a success. */
  expect: text(256).optional(),
});

export type Ci = z.output<typeof CiSchema>;
