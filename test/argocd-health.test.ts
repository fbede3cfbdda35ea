/**
 * The Argo CD health checks the repository ships (blueprints/mcp-gitops/lib/argocd-health.mjs), run in a Lua VM
 * (fengari, Lua 5.3; the scripts use only what Argo CD's gopher-lua 5.1 has) on the conditions kmcp v0.3.0 sets:
 * Argo CD calls a custom resource Healthy unless a check says otherwise
 * (https://argo-cd.readthedocs.io/en/stable/operator-manual/health/), so each failure must read Degraded.
 */
import { describe, expect, it } from "vitest";
import { APPLICATION_HEALTH, MCPSERVER_HEALTH } from "../blueprints/mcp-gitops/lib/argocd-health.mjs";

// fengari is CommonJS without types.
const { lua, lauxlib, lualib, to_luastring } = (await import("fengari")) as any;

/** Runs a health script with `obj` as Argo CD passes it, returning { status, message }. */
function health(script: string, obj: unknown): { status: string; message: string } {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  pushValue(L, obj);
  lua.lua_setglobal(L, to_luastring("obj"));
  if (lauxlib.luaL_dostring(L, to_luastring(script)) !== lua.LUA_OK) throw new Error(lua.lua_tojsstring(L, -1));
  lua.lua_getfield(L, -1, to_luastring("status"));
  const status = lua.lua_tojsstring(L, -1);
  lua.lua_pop(L, 1);
  lua.lua_getfield(L, -1, to_luastring("message"));
  const message = lua.lua_tojsstring(L, -1) ?? "";
  return { status, message };
}

function pushValue(L: any, value: unknown): void {
  if (value === null || value === undefined) lua.lua_pushnil(L);
  else if (typeof value === "string") lua.lua_pushstring(L, to_luastring(value));
  else if (typeof value === "number") lua.lua_pushnumber(L, value);
  else if (typeof value === "boolean") lua.lua_pushboolean(L, value);
  else if (Array.isArray(value)) {
    lua.lua_createtable(L, value.length, 0);
    value.forEach((item, index) => {
      pushValue(L, item);
      lua.lua_rawseti(L, -2, index + 1);
    });
  } else {
    lua.lua_createtable(L, 0, 0);
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      pushValue(L, item);
      lua.lua_setfield(L, -2, to_luastring(key));
    }
  }
}

const condition = (type: string, status: string, reason: string, message = "") => ({ type, status, reason, message });
const mcpServer = (status?: object, generation = 2) => ({
  metadata: { name: "files", generation },
  ...(status ? { status } : {}),
});

describe("kagent.dev/MCPServer health", () => {
  it.each([
    ["no status yet", mcpServer(), "Progressing"],
    [
      "a spec kagent has not seen",
      mcpServer({ observedGeneration: 1, conditions: [condition("Ready", "True", "Available")] }),
      "Progressing",
    ],
    [
      "Ready",
      mcpServer({
        observedGeneration: 2,
        conditions: [condition("Accepted", "True", "Accepted"), condition("Ready", "True", "Available", "ready")],
      }),
      "Healthy",
    ],
    [
      "an unsupported transport",
      mcpServer({
        observedGeneration: 2,
        conditions: [condition("Accepted", "False", "InvalidConfig", "unsupported transport type")],
      }),
      "Degraded",
    ],
    [
      "a missing image",
      mcpServer({ observedGeneration: 2, conditions: [condition("ResolvedRefs", "False", "ImageNotFound")] }),
      "Degraded",
    ],
    [
      "a Deployment that failed",
      mcpServer({ observedGeneration: 2, conditions: [condition("Programmed", "False", "DeploymentFailed")] }),
      "Degraded",
    ],
    [
      "pods not available yet",
      mcpServer({
        observedGeneration: 2,
        conditions: [condition("Ready", "False", "NotAvailable", "Deployment not ready: 0/1")],
      }),
      "Progressing",
    ],
  ])("%s: %s", (_case, obj, expected) => {
    expect(health(MCPSERVER_HEALTH, obj).status).toBe(expected);
  });

  it("says which condition failed and why", () => {
    const obj = mcpServer({
      observedGeneration: 2,
      conditions: [condition("Accepted", "False", "InvalidConfig", "unsupported transport type")],
    });
    expect(health(MCPSERVER_HEALTH, obj).message).toBe("Accepted is False (InvalidConfig): unsupported transport type");
  });
});

describe("argoproj.io/Application health (so sync waves of Applications wait)", () => {
  it.each([
    ["a new Application", {}, "Progressing"],
    ["a healthy one", { status: { health: { status: "Healthy" } } }, "Healthy"],
    ["a degraded one", { status: { health: { status: "Degraded", message: "crash" } } }, "Degraded"],
  ])("%s: %s", (_case, obj, expected) => {
    expect(health(APPLICATION_HEALTH, obj).status).toBe(expected);
  });
});
