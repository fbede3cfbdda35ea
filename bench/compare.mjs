/**
 * `npm run bench:compare`: create-mcp-gitops against cookiecutter and the Node write floor, on byte-identical output,
 * in one run (issue 23). For each case (1×3, 50×5, 200×5, 500×5):
 *   - create-mcp-gitops renders the repository from its answers (the real binary, as a user runs it);
 *   - cookiecutter renders a template built from a freshly generated tree: every file of that tree is a Jinja
 *     template (its text inside {% raw %} … {% endraw %}, so Jinja reads and renders it and writes it unchanged)
 *     under `{{cookiecutter.project}}/`. The bench checks that cookiecutter's output is byte-identical first;
 *   - the Node write floor: a plain Node script that reads the precomputed bytes of the tree (one pack file) and
 *     writes them — the least a Node process can do to produce this tree;
 *   - `node -e 0`, the yardstick for start-up.
 * Runs are interleaved round-robin so a noisy spell hits every side alike; medians, best runs and peak RSS are
 * printed with the targets. Tests never assert on time; this prints figures only.
 *
 *   node bench/compare.mjs [--quick] [--bin <file>] [--no-install]
 * cookiecutter comes from Debian's `cookiecutter` package; the bench installs it when it is missing and it runs as
 * root (else it says how, and compares with the floor alone).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { BIN, writeFleetAnswers } from "./fixtures.mjs";
import { measureInterleaved, usageMethod } from "./measure.mjs";

const { values: flags } = parseArgs({
  options: { quick: { type: "boolean" }, bin: { type: "string" }, "no-install": { type: "boolean" } },
});
const CLI = flags.bin ? resolve(flags.bin) : BIN;
const NODE = process.execPath;
const CASES = [
  { name: "1×3", servers: 0, runs: flags.quick ? 2 : 9 },
  { name: "50×5", servers: 50, runs: flags.quick ? 1 : 5 },
  { name: "200×5", servers: 200, runs: flags.quick ? 1 : 3 },
  { name: "500×5", servers: 500, runs: flags.quick ? 1 : 3 },
];
const FLOOR = join(dirname(new URL(import.meta.url).pathname), "write-floor.mjs");

const scratch = mkdtempSync(join(tmpdir(), "mcp-gitops-compare-"));
try {
  const cookiecutter = findCookiecutter();
  console.log(
    `create-mcp-gitops vs cookiecutter vs the Node write floor — ${CLI}, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, RSS and CPU via ${usageMethod}`,
  );
  if (!cookiecutter)
    console.log("(cookiecutter unavailable: apt-get install cookiecutter; compared with the floor only)");
  const rows = [];
  for (const item of CASES) {
    process.stderr.write(`preparing ${item.name} …\n`);
    const prepared = prepare(item, cookiecutter);
    process.stderr.write(
      `measuring ${item.name} (${prepared.files} files, ${(prepared.bytes / 1e6).toFixed(1)} MB) …\n`,
    );
    rows.push({ ...item, ...prepared, results: measureCase(item, prepared, cookiecutter) });
  }
  console.log(`\n${table(rows)}\n\n${targets(rows)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** cookiecutter on PATH, installed from Debian's package when missing and allowed. */
function findCookiecutter() {
  const found = () => spawnSync("sh", ["-c", "command -v cookiecutter"], { encoding: "utf8" }).stdout.trim();
  if (found()) return found();
  if (flags["no-install"] || process.getuid?.() !== 0) return undefined;
  process.stderr.write("installing cookiecutter (Debian package) …\n");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update"], { stdio: "ignore", env });
  spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "cookiecutter"], { stdio: "ignore", env });
  return found() || undefined;
}

/** The CLI's arguments for a case: `--yes` for 1×3, a fleet answers file otherwise. */
function cliArgs(item, target) {
  if (item.servers === 0) return [CLI, target, "--yes", "--no-git"];
  return [CLI, target, "--answers", item.answers, "--no-git"];
}

function prepare(item, cookiecutter) {
  const root = join(scratch, item.name);
  mkdirSync(root, { recursive: true });
  if (item.servers > 0) item.answers = writeFleetAnswers(root, item.servers);
  const reference = join(root, "out");
  run(NODE, cliArgs(item, reference), root);
  const files = listFiles(reference);
  // The floor's input: one pack of every path, mode and content, read once by write-floor.mjs.
  const header = files.map((path) => ({ path, mode: statSync(join(reference, path)).mode & 0o777 }));
  const contents = files.map((path) => readFileSync(join(reference, path)));
  for (const [index, entry] of header.entries()) entry.size = contents[index].length;
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  writeFileSync(join(root, "tree.pack"), Buffer.concat([length, json, ...contents]));
  if (cookiecutter) buildTemplate(root, reference, files, cookiecutter);
  return { root, files: files.length, bytes: contents.reduce((sum, bytes) => sum + bytes.length, 0) };
}

/** A cookiecutter template whose output is the reference tree, checked byte for byte once. */
function buildTemplate(root, reference, files, cookiecutter) {
  const template = join(root, "template");
  const project = join(template, "{{cookiecutter.project}}");
  mkdirSync(project, { recursive: true });
  writeFileSync(join(template, "cookiecutter.json"), `${JSON.stringify({ project: "out" })}\n`, { flag: "w" });
  for (const path of files) {
    const target = join(project, path);
    mkdirSync(dirname(target), { recursive: true });
    const text = readFileSync(join(reference, path), "utf8");
    if (text.includes("{% endraw %}")) throw new Error(`${path}: cannot be wrapped in a raw block`);
    writeFileSync(target, `{% raw %}${text}{% endraw %}`);
  }
  const check = join(root, "check");
  mkdirSync(check);
  run(cookiecutter, ["--no-input", "-o", check, template], root);
  const diff = spawnSync("diff", ["-r", reference, join(check, "out")], { encoding: "utf8" });
  if (diff.status !== 0)
    throw new Error(`cookiecutter's output differs from the reference tree:\n${diff.stdout.slice(0, 2000)}`);
}

function measureCase(item, prepared, cookiecutter) {
  const { root } = prepared;
  let n = 0;
  const fresh = (label) => {
    const dir = join(root, `${label}-${n++}`);
    rmSync(dir, { recursive: true, force: true });
    spawnSync("sync");
    return dir;
  };
  const cases = {
    "node -e 0": { command: NODE, args: ["-e", "0"] },
    "create-mcp-gitops": { command: NODE, before: () => cliArgs(item, fresh("ours")) },
    "write floor": { command: NODE, before: () => [FLOOR, join(root, "tree.pack"), fresh("floor")] },
  };
  if (cookiecutter) {
    cases.cookiecutter = {
      command: cookiecutter,
      before: () => {
        const out = fresh("cc");
        mkdirSync(out);
        return ["--no-input", "-o", out, join(root, "template")];
      },
    };
  }
  const results = measureInterleaved(cases, { cwd: root, scratch: root, runs: item.runs, warmup: 1 });
  for (const entry of readdirSync(root))
    if (/^(ours|floor|cc)-\d+$/.test(entry)) rmSync(join(root, entry), { recursive: true, force: true });
  return results;
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
}

function listFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

function ms(value) {
  if (value === undefined) return "—";
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
}

function mb(kb) {
  return kb === undefined ? "—" : `${(kb / 1024).toFixed(0)} MB`;
}

function table(rows) {
  const lines = [
    "| case | files | create-mcp-gitops | cookiecutter | Node write floor | `node -e 0` | peak RSS (ours) |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const r = row.results;
    const cell = (name) => (r[name] ? `${ms(r[name].medianMs)} (best ${ms(r[name].minMs)})` : "—");
    lines.push(
      `| ${row.name} | ${row.files} | ${cell("create-mcp-gitops")} | ${cell("cookiecutter")} | ${cell("write floor")} | ${cell("node -e 0")} | ${mb(r["create-mcp-gitops"].peakRssKb)} |`,
    );
  }
  return lines.join("\n");
}

/** The targets, as ratios of medians and of best runs; PASS needs both. */
function targets(rows) {
  const by = Object.fromEntries(rows.map((row) => [row.name, row.results]));
  const ratio = (a, b, field) => (a && b ? a[field] / b[field] : undefined);
  const lines = ["| target | limit | medians | best runs | verdict |", "|---|---|---|---|---|"];
  const add = (label, limit, atMost, a, b) => {
    const medians = ratio(a, b, "medianMs");
    const best = ratio(a, b, "minMs");
    const ok =
      medians !== undefined && (atMost ? medians <= limit && best <= limit : medians >= limit && best >= limit);
    lines.push(
      `| ${label} | ${atMost ? "≤" : "≥"} ${limit} | ${medians?.toFixed(2) ?? "—"} | ${best?.toFixed(2) ?? "—"} | ${medians === undefined ? "SKIP" : ok ? "PASS" : "FAIL"} |`,
    );
  };
  for (const name of ["1×3", "50×5"])
    add(
      `cookiecutter / create-mcp-gitops at ${name}`,
      3,
      false,
      by[name]?.cookiecutter,
      by[name]?.["create-mcp-gitops"],
    );
  for (const name of ["50×5", "200×5"])
    add(
      `create-mcp-gitops / write floor at ${name}`,
      2,
      true,
      by[name]?.["create-mcp-gitops"],
      by[name]?.["write floor"],
    );
  add("1×3 / `node -e 0`", 2.5, true, by["1×3"]?.["create-mcp-gitops"], by["1×3"]?.["node -e 0"]);
  add("500×5 / 200×5", 2.6, true, by["500×5"]?.["create-mcp-gitops"], by["200×5"]?.["create-mcp-gitops"]);
  const rss = by["500×5"]?.["create-mcp-gitops"]?.peakRssKb;
  lines.push(
    `| peak RSS at 500×5 | ≤ 300 MB | ${mb(rss)} | | ${rss === undefined ? "SKIP" : rss / 1024 <= 300 ? "PASS" : "FAIL"} |`,
  );
  return lines.join("\n");
}
