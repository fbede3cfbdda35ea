// Parses PromQL with the grammar the Prometheus UI itself uses, so an alert or dashboard query that
// Prometheus would reject fails in a unit test rather than in a cluster.
import { parser } from "@prometheus-io/lezer-promql";

/** Throws if `expr` is not syntactically valid PromQL, naming the position of the first error. */
export function parsePromQL(expr: string): void {
  if (expr.trim() === "") throw new Error("invalid PromQL: the expression is empty");
  // lezer recovers from errors instead of throwing, marking them with error nodes in the tree.
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.type.isError) throw new Error(`invalid PromQL at offset ${cursor.from}:\n${pointAt(expr, cursor.from)}`);
  } while (cursor.next());
}

/** The offending line with a caret under the error, e.g. "sum(rate(\n         ^". */
function pointAt(expr: string, offset: number): string {
  const lineStart = expr.lastIndexOf("\n", offset - 1) + 1;
  const lineEnd = expr.indexOf("\n", offset);
  const line = expr.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  return `  ${line}\n  ${" ".repeat(offset - lineStart)}^`;
}
