/**
 * What will be created, shown before anything is written: a compact tree of the files (deep folders folded into a
 * count) and a servers × environments table. Pure functions of the plan, so a test can read them.
 */
import type { ResolvedAnswers, ResolvedServer } from "../answers/resolve.js";
import { serverReplicas } from "../answers/sessions.js";
import type { EngineView } from "../blueprint/engines.js";
import type { Change } from "../tree/flush.js";
import { plural } from "../words.js";
import { plainColours, type Colours } from "./colours.js";

export interface PlanSummary {
  /** The folder as the person named it. */
  directoryLabel: string;
  answers: ResolvedAnswers;
  engine: Pick<EngineView, "displayName">;
  files: Change[];
}

const TREE_DEPTH = 2;
const TREE_WIDTH = 10;
const TABLE_ROWS = 15;

export function renderSummary(plan: PlanSummary, colours: Colours = plainColours): string {
  const { answers } = plan;
  const head = `${colours.bold(`${plan.directoryLabel}/`)} ${colours.dim(`· ${plan.engine.displayName} · ${answers.repository.url} (${answers.repository.baseBranch})`)}`;
  const changed = plan.files.filter((file) => file.kind !== "unchanged").map((file) => file.path);
  return [head, ...renderFileTree(changed, colours), "", ...renderServerTable(answers, colours), ""].join("\n");
}

interface Folder {
  folders: Map<string, Folder>;
  files: string[];
}

/** `├── apps/` style lines; folders below TREE_DEPTH show only how many files they hold. */
export function renderFileTree(paths: string[], colours: Colours = plainColours): string[] {
  const root: Folder = { folders: new Map(), files: [] };
  for (const path of paths) {
    const parts = path.split("/");
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      if (!folder.folders.has(part)) folder.folders.set(part, { folders: new Map(), files: [] });
      folder = folder.folders.get(part)!;
    }
    folder.files.push(parts.at(-1)!);
  }
  return folderLines(root, "", 1, colours);
}

function folderLines(folder: Folder, indent: string, depth: number, colours: Colours): string[] {
  const entries: { label: string; child?: Folder }[] = [
    ...[...folder.files].sort().map((name) => ({ label: name })),
    ...[...folder.folders.keys()].sort().map((name) => collapse(name, folder.folders.get(name)!)),
  ];
  const shown = entries.length > TREE_WIDTH ? entries.slice(0, TREE_WIDTH - 1) : entries;
  const lines: string[] = [];
  for (const [index, entry] of shown.entries()) {
    const last = index === shown.length - 1 && shown.length === entries.length;
    const branch = colours.dim(last ? "└── " : "├── ");
    if (!entry.child) {
      lines.push(`${indent}${branch}${entry.label}`);
    } else if (depth >= TREE_DEPTH) {
      const count = countFiles(entry.child);
      lines.push(`${indent}${branch}${colours.blue(entry.label)} ${colours.dim(`(${plural(count, "file")})`)}`);
    } else {
      lines.push(`${indent}${branch}${colours.blue(entry.label)}`);
      lines.push(...folderLines(entry.child, indent + colours.dim(last ? "    " : "│   "), depth + 1, colours));
    }
  }
  if (shown.length < entries.length)
    lines.push(`${indent}${colours.dim(`└── … ${entries.length - shown.length} more`)}`);
  return lines;
}

/** `charts/mcp-server/` on one line: a folder holding only one folder is not worth a level. */
function collapse(name: string, folder: Folder): { label: string; child: Folder } {
  let label = `${name}/`;
  while (folder.files.length === 0 && folder.folders.size === 1) {
    const [next, child] = [...folder.folders.entries()][0]!;
    label += `${next}/`;
    folder = child;
  }
  return { label, child: folder };
}

function countFiles(folder: Folder): number {
  let count = folder.files.length;
  for (const child of folder.folders.values()) count += countFiles(child);
  return count;
}

/**
 * One row per server, one column per environment: replicas × size (a stateful server runs one replica), and the
 * server's hostname when there is one. A server on its own chart shows its chart: none of these answers reach it.
 */
export function renderServerTable(answers: ResolvedAnswers, colours: Colours = plainColours): string[] {
  const header = ["Server", "Image", ...answers.environments.map((env) => `${env.name} (${env.namespace})`)];
  // Each server is reached at <server>.<hostname> (a leading wildcard label dropped), as the chart's route says.
  const cells = (server: ResolvedServer) =>
    answers.environments.map((env) =>
      server.chart
        ? "its chart's values"
        : `${serverReplicas(server, env)} × ${env.size}${env.hostname ? ` ${server.name}.${env.hostname.replace(/^\*\./, "")}` : ""}`,
    );
  const rows = answers.servers
    .slice(0, TABLE_ROWS)
    .map((server) => [
      server.name,
      shorten(server.chart ? `chart ${server.chart.name}@${server.chart.version}` : (server.image ?? ""), 44),
      ...cells(server),
    ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  const lines = [colours.bold(line(header)), ...rows.map(line)];
  if (answers.servers.length > TABLE_ROWS)
    lines.push(colours.dim(`… and ${answers.servers.length - TABLE_ROWS} more servers`));
  return lines;
}

/** Keeps both ends of a long image reference: the registry and the tag or digest prefix both matter. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  return `${text.slice(0, Math.ceil(keep / 2))}…${text.slice(text.length - Math.floor(keep / 2))}`;
}
