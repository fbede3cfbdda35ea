#!/usr/bin/env node
// Kept tiny so `--help` and `--version` pay only for what they use.
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
