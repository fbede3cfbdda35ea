#!/usr/bin/env node
// Turns a CRD's openAPIV3Schema into the JSON Schema kubeconform reads, for kinds no public catalog has:
//   node scripts/crd-to-json-schema.mjs <crd.yaml> <version> <out.json>
// The bundled blueprint ships kagent's MCPServer this way (files/common/_github/schemas/kagent.dev/
// mcpserver_v1alpha1.json, from kmcp v0.3.0's config/crd/bases/kagent.dev_mcpservers.yaml), so the generated
// workflow validates MCPServer objects offline. Run it again when the pinned kagent version moves.
//
// As kubeconform's own openapi2jsonschema does in strict mode: every object that lists its properties refuses
// others (unless the CRD keeps unknown fields), `x-kubernetes-int-or-string` becomes string-or-integer, and
// `nullable` allows null. Kubernetes-only keywords and descriptions are dropped (the file ships in every repository).
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";

const [crdPath, version, outPath] = process.argv.slice(2);
if (!crdPath || !version || !outPath) {
  process.stderr.write("usage: node scripts/crd-to-json-schema.mjs <crd.yaml> <version> <out.json>\n");
  process.exit(2);
}

const crd = parse(readFileSync(crdPath, "utf8"));
const served = crd.spec.versions.find((entry) => entry.name === version);
if (!served) throw new Error(`${crdPath} has no version ${version}`);

/** @param {any} node @returns {any} */
function convert(node) {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-kubernetes-") || key === "nullable" || key === "description") continue;
    out[key] =
      key === "properties"
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]))
        : convert(value);
  }
  if (node["x-kubernetes-int-or-string"]) {
    delete out.type;
    out.oneOf = [{ type: "string" }, { type: "integer" }];
  }
  if (node.nullable && typeof out.type === "string") out.type = [out.type, "null"];
  if (out.properties && out.additionalProperties === undefined && !node["x-kubernetes-preserve-unknown-fields"])
    out.additionalProperties = false;
  return out;
}

const schema = { $schema: "http://json-schema.org/draft-07/schema#", ...convert(served.schema.openAPIV3Schema) };
writeFileSync(outPath, `${JSON.stringify(schema, null, 2)}\n`);
process.stdout.write(`wrote ${outPath}\n`);
