// Bundles the command line (dist/cli/main.js, as tsc wrote it) into dist/bundle/, which bin/ runs.
//
// Why: Node 20 resolves, reads and compiles each of the ~400 ESM files the CLI would otherwise load one by one
// (zod alone is ~95), which cost more than the scaffold itself. A bundle per command path removes most of that.
// Dynamic imports stay dynamic (code splitting), so --help still loads almost nothing and Octokit, inquirer and
// listr2 load only for the commands that use them. dist/ (the library, `import "create-mcp-gitops"`) is unchanged.
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = `${root}dist/bundle`;

await rm(outdir, { recursive: true, force: true });
// esbuild rejects (and the build script fails) on any error.
await build({
  absWorkingDir: root,
  entryPoints: { main: "dist/cli/main.js" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Chunks sit beside main.js, two folders below the package root, like dist/blueprint/*.js.
  chunkNames: "[name]-[hash]",
  // yaml's "node" export is CommonJS, which esbuild cannot hand to `await import("yaml")` by name; its ESM build
  // (published for browsers, the same code) can.
  alias: { yaml: "./node_modules/yaml/browser/index.js" },
  // CommonJS dependencies (simple-git and its helpers) call require() for Node built-ins; ESM has none.
  banner: {
    js: 'import { createRequire as __cmgCreateRequire } from "node:module"; const require = __cmgCreateRequire(import.meta.url);',
  },
  legalComments: "linked",
  logLevel: "warning",
});
