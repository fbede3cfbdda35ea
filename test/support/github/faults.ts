/**
 * Injected failures: each matching request consumes one use of the first fault that matches it, and is
 * answered with the failure instead of the real response.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { STATUS_CODES } from "node:http";
import { sendJson } from "./http.js";
import type { Fault } from "./types.js";

interface ArmedFault {
  fault: Fault;
  remaining: number;
}

export class FaultQueue {
  private readonly armed: ArmedFault[] = [];

  add(faults: Fault[]): void {
    for (const fault of faults) this.armed.push({ fault, remaining: fault.times ?? 1 });
  }

  /** Consume one use of the first fault matching the request, if any. */
  take(method: string, path: string): Fault | undefined {
    const hit = this.armed.find(({ fault, remaining }) => remaining > 0 && matches(fault, method, path));
    if (!hit) return undefined;
    hit.remaining -= 1;
    return hit.fault;
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) return false;
  return typeof fault.path === "string" ? fault.path === path : fault.path.test(path);
}

export function serveFault(fault: Fault, req: IncomingMessage, res: ServerResponse): void {
  if (fault.dropConnection) {
    req.socket.destroy();
    return;
  }
  if (fault.stall) return;
  if (fault.stallBody) {
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    res.write('{"id": 1, "name": ');
    return;
  }
  if (fault.rateLimit) {
    const reset = Math.floor(Date.now() / 1000) + fault.rateLimit.resetInSeconds;
    const body = {
      message: "API rate limit exceeded for user ID 1.",
      documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      status: "403",
    };
    sendJson(res, 403, body, {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-used": "5000",
      "x-ratelimit-reset": String(reset),
    });
    return;
  }
  if (fault.secondaryRateLimit) {
    const body = {
      message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      documentation_url:
        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      status: "403",
    };
    sendJson(res, 403, body, { "retry-after": String(fault.secondaryRateLimit.retryAfterSeconds) });
    return;
  }
  const status = fault.status ?? 500;
  sendJson(res, status, fault.body ?? { message: STATUS_CODES[status] ?? "Error" });
}
