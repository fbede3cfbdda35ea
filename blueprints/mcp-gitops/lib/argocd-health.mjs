// @ts-check
// Argo CD health checks this repository needs, as the Lua argocd-cm runs (Argo CD's gopher-lua, Lua 5.1 syntax).
// They are Argo CD's own configuration, not part of any Application: the repository ships them as a patch of the
// argocd-cm ConfigMap (argocd/config/argocd-cm.yaml) that the README applies once.

/**
 * kagent's MCPServer (kmcp v0.3.0 conditions): Accepted, ResolvedRefs or Programmed False is Degraded (bad transport,
 * missing image, failed Deployment); Ready True is Healthy; anything else — no status yet, a spec the controller has
 * not seen, pods not yet available — is Progressing. Without it Argo CD calls every MCPServer Healthy.
 */
export const MCPSERVER_HEALTH = `local hs = { status = "Progressing", message = "Waiting for kagent to reconcile the MCPServer" }
if obj.status == nil or obj.status.conditions == nil then
  return hs
end
if obj.metadata.generation ~= nil and obj.status.observedGeneration ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.message = "kagent has not observed the latest spec yet"
  return hs
end
local ready = nil
for _, condition in ipairs(obj.status.conditions) do
  if (condition.type == "Accepted" or condition.type == "ResolvedRefs" or condition.type == "Programmed")
      and condition.status == "False" then
    hs.status = "Degraded"
    hs.message = condition.type .. " is False (" .. (condition.reason or "") .. "): " .. (condition.message or "")
    return hs
  end
  if condition.type == "Ready" then
    ready = condition
  end
end
if ready ~= nil then
  if ready.status == "True" then
    hs.status = "Healthy"
  end
  hs.message = ready.message or ""
end
return hs
`;

/**
 * An Application's health is the health it reports. Argo CD stopped assessing child Applications in 1.8, so without
 * this the root Application never waits for a sync wave of Applications (the infrastructure) to become healthy.
 */
export const APPLICATION_HEALTH = `local hs = { status = "Progressing", message = "" }
if obj.status ~= nil and obj.status.health ~= nil and obj.status.health.status ~= nil then
  hs.status = obj.status.health.status
  hs.message = obj.status.health.message or ""
end
return hs
`;

/** argocd-cm keys: resource.customizations.health.<group>_<kind>. */
export const HEALTH_CHECKS = {
  "resource.customizations.health.kagent.dev_MCPServer": MCPSERVER_HEALTH,
  "resource.customizations.health.argoproj.io_Application": APPLICATION_HEALTH,
};
