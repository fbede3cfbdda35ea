// The part of k6's API the generated load tests use, for running their MCP exchange in Node: `check` records each
// named predicate, `group` runs its function, `sleep` does not wait. test/ci-files.e2e.test.ts copies it as the
// package `k6` next to a rendered script. Not a load generator: one virtual user, as many iterations as asked.

/** @type {{ name: string, ok: boolean }[]} */
const checks = [];

export function check(value, predicates) {
  let all = true;
  for (const [name, predicate] of Object.entries(predicates)) {
    const ok = Boolean(predicate(value));
    checks.push({ name, ok });
    all &&= ok;
  }
  return all;
}

export function group(_name, fn) {
  return fn();
}

export function sleep() {}

export function fail(message) {
  throw new Error(message);
}

export function recordedChecks() {
  return checks;
}
