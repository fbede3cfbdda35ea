// Regenerates src/answers/secret-patterns.ts, the credential shapes the answers are checked against, from gitleaks'
// default configuration (config/gitleaks.toml of https://github.com/gitleaks/gitleaks, MIT licence).
//
//   node scripts/update-secret-patterns.mjs path/to/gitleaks.toml [version]
//
// Why gitleaks: it is the most complete maintained list of credential shapes (200+ providers), each with the
// keywords that must appear before its expression is worth running and an entropy floor against look-alikes, and it
// is data in one file. Its expressions are RE2 (Go) syntax; the CLI runs them with re2js, a linear-time RE2 port, so
// no answer can make them backtrack. Only what a single value needs is kept: rules that look at file paths only are
// left out, and so are allowlists of paths.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RE2JS } from "re2js";

const [source, version = "unknown"] = process.argv.slice(2);
if (!source) {
  console.error("usage: node scripts/update-secret-patterns.mjs path/to/gitleaks.toml [version]");
  process.exit(2);
}
const out = fileURLToPath(new URL("../src/answers/secret-patterns.ts", import.meta.url));

/** The subset of TOML gitleaks.toml uses: tables of arrays, strings ('''…''' or "…"), numbers, string arrays. */
function parseValue(text) {
  text = text.trim();
  if (text.startsWith("'''")) return text.slice(3, text.lastIndexOf("'''"));
  if (text.startsWith('"')) return JSON.parse(text.slice(0, text.lastIndexOf('"') + 1));
  if (text.startsWith("[")) {
    const items = [];
    for (const match of text.slice(1, text.lastIndexOf("]")).matchAll(/'''(.*?)'''|"((?:[^"\\]|\\.)*)"/g))
      items.push(match[1] ?? JSON.parse(`"${match[2]}"`));
    return items;
  }
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  return text;
}

function parse(toml) {
  const rules = [];
  let table;
  let pending; // [object, key, text] of a multi-line array
  for (const line of toml.split("\n")) {
    if (pending) {
      pending[2] += `\n${line}`;
      if (/^\s*\]\s*$/.test(line)) {
        pending[0][pending[1]] = parseValue(pending[2]);
        pending = undefined;
      }
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    if (trimmed === "[[rules]]") {
      table = { allowlists: [] };
      rules.push(table);
    } else if (trimmed === "[[rules.allowlists]]") {
      table = {};
      rules.at(-1).allowlists.push(table);
    } else if (trimmed.startsWith("["))
      table = {}; // global tables: not used here
    else {
      const match = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(trimmed);
      if (!match || !table) continue;
      if (match[2] === "[") pending = [table, match[1], "["];
      else table[match[1]] = parseValue(match[2]);
    }
  }
  return rules;
}

const rules = [];
for (const rule of parse(readFileSync(source, "utf8"))) {
  if (!rule.regex || rule.path) continue;
  RE2JS.compile(rule.regex); // fails the script on an expression re2js cannot run
  const allow = rule.allowlists
    .filter((list) => !list.paths)
    .map((list) => ({
      ...(list.regexTarget && list.regexTarget !== "secret" ? { target: list.regexTarget } : {}),
      ...(list.regexes ? { regexes: list.regexes } : {}),
      ...(list.stopwords ? { stopwords: list.stopwords } : {}),
    }))
    .filter((list) => list.regexes || list.stopwords);
  for (const list of allow) for (const regex of list.regexes ?? []) RE2JS.compile(regex);
  rules.push({
    id: rule.id,
    regex: rule.regex,
    keywords: rule.keywords ?? [],
    ...(rule.entropy ? { entropy: rule.entropy } : {}),
    ...(rule.secretGroup ? { secretGroup: rule.secretGroup } : {}),
    ...(allow.length ? { allow } : {}),
  });
}

const licence = `MIT License

Copyright (c) 2019 Zachary Rice

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit
persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the
Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`;

const text = `/**
 * Credential shapes from gitleaks' default rules (https://github.com/gitleaks/gitleaks, config/gitleaks.toml,
 * ${version}), as data: generated by scripts/update-secret-patterns.mjs — do not edit; run the script on a newer
 * gitleaks.toml instead. Expressions are RE2 syntax, run by credentials.ts with re2js.
 *
${licence
  .split("\n")
  .map((line) => ` * ${line}`.trimEnd())
  .join("\n")}
 */

export interface SecretPattern {
  id: string;
  regex: string;
  /** Lower-case words one of which must appear in the text before the expression is worth running. */
  keywords: string[];
  /** Shannon entropy the secret must reach (look-alikes such as placeholders are lower). */
  entropy?: number;
  secretGroup?: number;
  /** Matches that are not secrets: by expression (on the secret, the whole match or the line) or by word. */
  allow?: { target?: string; regexes?: string[]; stopwords?: string[] }[];
}

export const SECRET_PATTERNS: SecretPattern[] = ${JSON.stringify(rules, null, 1)};
`;
writeFileSync(out, text);
console.log(`wrote ${rules.length} patterns to ${out}`);
