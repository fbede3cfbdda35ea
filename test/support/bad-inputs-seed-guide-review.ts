/**
 * The bad-input corpus, part five: the refusals the review of issue 20 added — a CORS preflight cached for 0 seconds,
 * a managed secret named like a Secret something else writes, an unbounded VPA beside a computed quota, a burst
 * ingress-nginx cannot express, a shared volume on the default class, and an upgrade that changes an existing claim.
 * Same rules as the other parts: exit 2, one line naming the answer and what is allowed, nothing written.
 */
import { validateAnswers } from "../../src/answers/validate.js";
import { toYaml } from "../../src/blueprint/yaml-helpers.js";
import { answersDigest, RECORD_FILE } from "../../src/record.js";
import { field, type BadInput } from "./bad-inputs.js";
import { LIVE_BLUEPRINT } from "./bad-answer-changes.js";
import { answers, server } from "./bad-inputs-seed-guides.js";

const run = ["out", "--answers", "answers.yaml"];
const FILE = "--answers answers.yaml";

const exposed = (exposure: Record<string, unknown>) =>
  answers({ environments: [{ name: "prod", hostname: "mcp.example.com", exposure }] });

/** A generated repository whose server keeps its notes on a 2Gi claim of class standard. */
const RECORDED = validateAnswers(
  {
    raw: answers({
      servers: [server({ storage: [{ name: "data", mountPath: "/data", size: "2Gi", storageClass: "standard" }] })],
    }),
    provenance: new Map(),
    missing: [],
  },
  "out",
);
const GENERATED = {
  [`out/${RECORD_FILE}`]: toYaml({
    blueprint: { name: LIVE_BLUEPRINT.name, version: LIVE_BLUEPRINT.version, source: "bundled" },
    generator: "create-mcp-gitops@0.1.0",
    answersDigest: answersDigest(RECORDED),
    answers: RECORDED,
  }),
};
const upgrade = (name: string, assignment: string, rule: RegExp): BadInput => ({
  name,
  args: ["upgrade", "out", "--set", assignment],
  files: GENERATED,
  expect: field(`--set ${assignment}`, rule),
});

export const SEED_GUIDE_REVIEW_CASES: BadInput[] = [
  {
    name: "a CORS preflight cached for 0 seconds",
    args: run,
    answers: exposed({ type: "httproute", gateway: { name: "public" }, cors: { origins: ["*"], maxAge: 0 } }),
    expect: field(`${FILE}: environments[prod].exposure.cors.maxAge`, /must be a whole number from 1 to 86400/),
  },
  {
    name: "a managed secret named like the certificate's Secret",
    args: run,
    answers: answers({ servers: [server({ managedSecrets: [{ name: "tls", extract: ["mcp/weather-tls"] }] })] }),
    expect: field(
      `${FILE}: servers[weather].managedSecrets[tls].name`,
      /makes the Secret weather-tls, which is also the TLS certificate cert-manager writes for weather.*choose another name/,
    ),
  },
  {
    name: "a managed secret named like a Secret the server reads",
    args: run,
    answers: answers({
      servers: [server({ secretEnvFrom: ["weather-api"], managedSecrets: [{ name: "api", extract: ["mcp/w"] }] })],
    }),
    expect: field(
      `${FILE}: servers[weather].managedSecrets[api].name`,
      /makes the Secret weather-api, which is also the existing Secret weather reads \(secretEnvFrom\)/,
    ),
  },
  {
    name: "a computed quota beside a VPA that recreates pods without maxAllowed",
    args: run,
    answers: answers({
      environments: [{ name: "dev", vpa: { enabled: true, updateMode: "Recreate" }, quota: { enabled: true } }],
    }),
    expect: field(
      `${FILE}: environments[dev].vpa.maxAllowed`,
      /is required with quota.enabled and vpa.updateMode Recreate.*Give vpa.maxAllowed.*set vpa.updateMode Off.*give the quota's requests and limits yourself/,
    ),
  },
  {
    name: "an ingress-nginx burst that is no multiple of the rate",
    args: run,
    answers: exposed({ type: "ingress", rateLimit: { rpm: 600, burst: 50 } }),
    expect: field(
      `${FILE}: environments[prod].exposure.rateLimit`,
      /burst 50 cannot be expressed with ingress-nginx.*\(600, 1200, 1800, …\).*leave burst out \(the rate\), or use traefik/,
    ),
  },
  {
    name: "a ReadWriteMany volume on the default storage class",
    args: run,
    answers: answers({
      servers: [server({ storage: [{ name: "shared", mountPath: "/shared", accessMode: "ReadWriteMany" }] })],
    }),
    expect: field(
      `${FILE}: servers[weather].storage[shared].storageClass`,
      /is required with ReadWriteMany.*name a class that supports it \(NFS, EFS, Filestore, Azure Files, CephFS\)/,
    ),
  },
  upgrade(
    "upgrade --set another storage class on an existing claim",
    "servers.weather.storage.data.storageClass=fast",
    /cannot change on the existing claim weather-data \(standard\).*give the volume a new name instead/,
  ),
  upgrade(
    "upgrade --set another access mode on an existing claim",
    "servers.weather.storage.data.accessMode=ReadWriteOncePod",
    /cannot change on the existing claim weather-data \(ReadWriteOnce\): a claim's access modes are fixed/,
  ),
  upgrade(
    "upgrade --set a smaller size on an existing claim",
    "servers.weather.storage.data.size=1Gi",
    /cannot shrink the existing claim weather-data from 2Gi.*keep 2Gi or more/,
  ),
];
