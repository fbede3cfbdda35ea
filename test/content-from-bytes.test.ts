/**
 * Bytes read from disk are kept as text only when decoding and encoding back gives the very same bytes
 * (contentFromBytes, which asks isUtf8 rather than comparing a second copy): checked against that definition on
 * random bytes and on the UTF-8 edge cases (surrogates as CESU-8, overlong forms, a BOM, truncated sequences).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentFromBytes } from "../src/tree/tree.js";

/** The definition: text when the bytes hold no NUL and survive decoding and encoding unchanged. */
function reference(bytes: Buffer): "text" | "bytes" {
  if (bytes.includes(0)) return "bytes";
  return Buffer.from(bytes.toString("utf8"), "utf8").equals(bytes) ? "text" : "bytes";
}

function check(bytes: Buffer): void {
  const content = contentFromBytes(bytes);
  expect(typeof content === "string" ? "text" : "bytes", bytes.toString("hex")).toBe(reference(bytes));
  if (typeof content === "string") expect(Buffer.from(content, "utf8").equals(bytes)).toBe(true);
}

describe("contentFromBytes", () => {
  it("keeps text exactly when decoding and encoding back changes nothing", () => {
    for (const hex of [
      "",
      "efbbbf61", // BOM, a
      "eda080", // a surrogate, CESU-8
      "c0af", // overlong /
      "e282", // truncated
      "f4908080", // above U+10FFFF
      "f09f9880", // 😀
      "ff",
      "610062", // NUL
    ])
      check(Buffer.from(hex, "hex"));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 40 }),
          fc.string({ unit: "binary", maxLength: 20 }).map((text) => new TextEncoder().encode(text)),
        ),
        (array) => check(Buffer.from(array)),
      ),
      { numRuns: 2000 },
    );
  });
});
