/**
 * The Node write floor (bench/compare.mjs): reads a pack of precomputed file bytes (a 4-byte header length, a JSON
 * header of paths, modes and sizes, then the contents) and writes the tree — folders, then every file, batched
 * through the thread pool. Nothing is rendered, validated or journaled: the least a Node process can do to produce
 * the tree.
 *   node bench/write-floor.mjs <tree.pack> <target>
 */
import { mkdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

const [pack, target] = process.argv.slice(2);
const bytes = readFileSync(pack);
const headerLength = bytes.readUInt32BE(0);
const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString("utf8"));
const folders = new Set(header.map((entry) => dirname(join(target, entry.path))));
for (const folder of [...folders].sort()) mkdirSync(folder, { recursive: true });
let offset = 4 + headerLength;
const writes = header.map((entry) => {
  const content = bytes.subarray(offset, offset + entry.size);
  offset += entry.size;
  return () => writeFile(join(target, entry.path), content, { mode: entry.mode });
});
for (let start = 0; start < writes.length; start += 64)
  await Promise.all(writes.slice(start, start + 64).map((write) => write()));
