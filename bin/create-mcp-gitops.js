#!/usr/bin/env node
// Kept tiny, and CommonJS (bin/package.json), which starts faster than an ES module: the CLI itself is a bundled
// script compiled with a V8 code cache (bin/code-cache.js, scripts/bundle-cli.mjs).
"use strict";
const { join } = require("node:path");
const { bundleLoader, labelOf } = require("./code-cache.js");

const argv = process.argv.slice(2);
const bundles = bundleLoader(join(__dirname, "..", "dist", "bundle"), { label: labelOf(argv) });
bundles
  .load("cli")
  .main(argv)
  .then((/** @type {number} */ code) => {
    process.exitCode = code;
    // A failed run (a usage error) compiles little of its command: its cache would stand in for a whole run's.
    if (code === 0) bundles.saveCaches();
  });
