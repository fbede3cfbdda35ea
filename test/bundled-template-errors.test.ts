/**
 * A template the build compiled (dist/bundle/templates.cjs) does not track lines: when it fails, the renderer
 * compiles the template from its text and runs it again, so the message names the file and the line as always.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { ResolvedAnswers } from "../src/answers/resolve.js";
import { renderBlueprint } from "../src/blueprint/render.js";
import { tempDir } from "./support/cli.js";

const global = globalThis as { __cmgLoad?: (name: string) => unknown };

afterAll(() => {
  delete global.__cmgLoad;
});

describe("a compiled template that fails", () => {
  it("is reported with its file and line, from the template compiled from its text", async () => {
    const dir = await tempDir("mcp-gitops-bundled-template-");
    try {
      const text = "kind: Test\n<% if (true) { -%>\n<%= missing.name %>\n<% } -%>\n";
      await mkdir(join(dir.path, "files", "common"), { recursive: true });
      await writeFile(join(dir.path, "files", "common", "x.yaml.ejs"), text);
      let ran = 0;
      global.__cmgLoad = (name) => {
        if (name !== "templates") throw new Error(`no ${name} bundle here`);
        return {
          templates: {
            "files/common/x.yaml.ejs": () => {
              ran++;
              throw new TypeError("Cannot read properties of undefined");
            },
          },
          checksums: { "files/common/x.yaml.ejs": crc32(text) },
        };
      };
      const blueprint = { name: "test", version: "1.0.0", root: dir.path, source: "bundled" };
      const answers = { gitops: "flux", servers: [], environments: [] } as unknown as ResolvedAnswers;
      await expect(renderBlueprint(blueprint, answers)).rejects.toThrow(
        /^blueprint test 1\.0\.0: files\/common\/x\.yaml\.ejs line 3: missing is not defined$/,
      );
      expect(ran).toBe(1);
    } finally {
      await dir.cleanup();
    }
  });
});
