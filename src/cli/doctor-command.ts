/** `create-mcp-gitops doctor [directory]`: flags → doctor() → report; exit 1 when something is missing. */
import { UsageError } from "../errors.js";
import type { Io } from "./args.js";
import { coloursFor } from "./colours.js";
import { DOCTOR_SPEC } from "./doctor-spec.js";
import { parseCommand, renderHelp } from "./flags.js";

/** argv without the leading "doctor". */
export async function doctorCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(DOCTOR_SPEC, argv);
  if (values.help) {
    io.stdout(renderHelp(DOCTOR_SPEC));
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`[directory]: expected one directory, got ${positionals.length}: ${positionals.join(" ")}`);
  const { doctor } = await import("../doctor/doctor.js");
  const result = await doctor({ directory: positionals[0], cwd: io.cwd, context: values.context, env: io.env });
  const { reportDoctor } = await import("./doctor-report.js");
  io.stdout(reportDoctor(result, { json: Boolean(values.json), colours: coloursFor(io.streams.stdout, io.env) }));
  return result.missing.length > 0 ? 1 : 0;
}
