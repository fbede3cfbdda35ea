#!/usr/bin/env node
// Kept tiny so `--help` and `--version` pay only for what they use.
import module from "node:module";

// Node 22.1+ keeps compiled code of the modules a command loads (zod, yaml, ejs, dist/) in a cache on disk, which
// makes later starts faster; older Node has no such cache and skips this. It must run before the imports below.
module.enableCompileCache?.();

// The bundled CLI (scripts/bundle-cli.mjs): one file per command path instead of hundreds of modules.
const { main } = await import("../dist/bundle/main.js");
process.exitCode = await main(process.argv.slice(2));
