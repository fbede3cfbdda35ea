/** Formatting of the benchmark's results: one table of measurements, one of targets with pass/fail marks. */

/**
 * Wall times (median, min), median CPU time (user + system) and the worst run's peak RSS.
 * @param {{ name: string, runs: number, medianMs: number, minMs: number, cpuMs?: number, peakRssKb?: number, note?: string }[]} rows
 */
export function measurementTable(rows) {
  return table(
    ["case", "runs", "median", "min", "CPU", "peak RSS", "note"],
    rows.map((row) => [
      row.name,
      String(row.runs),
      ms(row.medianMs),
      ms(row.minMs),
      row.cpuMs === undefined ? "n/a" : ms(row.cpuMs),
      mb(row.peakRssKb),
      row.note ?? "",
    ]),
    ["left", "right", "right", "right", "right", "right", "left"],
  );
}

/**
 * @param {{ name: string, value?: number, best?: number, limit: number, unit: "x" | "MB", detail: string }[]} targets
 *   `value` is the ratio of medians, `best` the ratio of the fastest runs; both must hold. `value` undefined means
 *   the case could not be measured (shown as "n/a", neither pass nor fail).
 */
export function targetTable(targets) {
  return table(
    ["target", "medians", "best runs", "limit", "result", "from"],
    targets.map((target) => [
      target.name,
      target.value === undefined ? "n/a" : format(target.value, target.unit),
      target.best === undefined ? "" : format(target.best, target.unit),
      `≤ ${format(target.limit, target.unit)}`,
      verdict(target),
      target.detail,
    ]),
    ["left", "right", "right", "right", "left", "left"],
  );
}

/** Both ratios must hold: noise from other work can flatter one of them (a slow `cp -r` run flatters the median). */
export function verdict(target) {
  if (target.value === undefined) return "SKIP";
  return Math.max(target.value, target.best ?? target.value) <= target.limit ? "PASS" : "FAIL";
}

function format(value, unit) {
  return unit === "x" ? `${value.toFixed(2)}×` : `${value.toFixed(0)} MB`;
}

export function ms(value) {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}

export function mb(kb) {
  return kb === undefined ? "n/a" : `${(kb / 1024).toFixed(0)} MB`;
}

function table(header, rows, align) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells) =>
    cells
      .map((cell, column) => (align[column] === "right" ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}
