/** The one failure mapper of delivery: typed errors pass through redacted; anything else becomes a DeliveryError. */
import { DeliveryError, UsageError } from "../errors.js";
import { type Redactor, redactedMessage } from "./redact.js";

/** `suffix` says where the local work is (a sentence starting with a space), when there is any. */
export function deliveryFailure(error: unknown, redact: Redactor, suffix = ""): Error {
  if (error instanceof UsageError) return new UsageError(redact(error.message));
  const message = redactedMessage(error, redact);
  // Never the stack: it can quote request options.
  return new DeliveryError(suffix && !/[.!?)]$/.test(message) ? `${message}.${suffix}` : message + suffix);
}
