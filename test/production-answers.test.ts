/**
 * The production answers in memory: profile defaults, explicit overrides, `--set` on nested answers, and the
 * combinations that are refused with a message naming the field to change.
 */
import { describe, expect, it } from "vitest";
import { collectAnswers } from "../src/answers/collect.js";
import { resolveAnswers } from "../src/answers/resolve.js";
import { AnswersSchema } from "../src/answers/schema.js";
import { answerIssues, validateAnswers } from "../src/answers/validate.js";

const SERVER = { name: "web", image: "ghcr.io/acme/web:1.0.0" };

function resolve(environments: object[], servers: object[] = [SERVER]) {
  return resolveAnswers(AnswersSchema.parse({ gitops: "flux", servers, environments }), "repo");
}

/** The messages of every issue, as "path: message". */
function problems(environments: object[], servers: object[] = [SERVER]): string[] {
  const issues = answerIssues({ gitops: "flux", servers, environments });
  return issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("profile defaults", () => {
  it("dev: one replica and none of the production extras", () => {
    const [dev] = resolve([{ name: "dev" }]).environments;
    expect(dev).toMatchObject({
      replicas: 1,
      exposure: { type: "none" },
      tls: { enabled: false },
      autoscaling: { enabled: false },
      pdb: { enabled: false },
      networkPolicy: { enabled: false },
      vpa: { enabled: false },
      keda: { enabled: false },
    });
  });

  it("prod: two replicas, an HPA from 2 to 5 at CPU 70% / memory 80%, a PDB and a network policy", () => {
    const [prod] = resolve([{ name: "prod" }]).environments;
    expect(prod).toMatchObject({
      replicas: 2,
      autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5, cpu: 70, memory: 80 },
      pdb: { enabled: true, minAvailable: 1 },
      networkPolicy: { enabled: true },
      tls: { enabled: false }, // nothing exposed, nothing to certify
    });
  });

  it("prod with exposure: TLS on, the ingress controller's namespace derived from the class", () => {
    const [prod] = resolve([{ name: "prod", hostname: "mcp.example.com", exposure: { type: "ingress" } }]).environments;
    expect(prod!.tls.enabled).toBe(true);
    expect(prod!.exposure).toMatchObject({ className: "nginx", controllerNamespace: "ingress-nginx" });
  });

  it("every default can be overridden, and KEDA replaces the HPA", () => {
    const [prod] = resolve([
      { name: "prod", autoscaling: { enabled: false }, pdb: { enabled: false }, networkPolicy: { enabled: false } },
    ]).environments;
    expect(prod).toMatchObject({
      autoscaling: { enabled: false },
      pdb: { enabled: false },
      networkPolicy: { enabled: false },
    });
    const [keda] = resolve([{ name: "prod", keda: { enabled: true } }]).environments;
    expect(keda).toMatchObject({ autoscaling: { enabled: false }, keda: { enabled: true } });
  });

  it("a gateway's namespace defaults to the environment's namespace", () => {
    const [env] = resolve([
      { name: "qa", hostname: "qa.example.com", exposure: { type: "httproute", gateway: { name: "gw" } } },
    ]).environments;
    expect(env!.exposure.gateway).toEqual({ name: "gw", namespace: "mcp-qa" });
  });

  it("resolved answers parse again unchanged (what .mcp-gitops.yaml records is valid input)", () => {
    const resolved = resolve([
      { name: "prod", hostname: "mcp.example.com", exposure: { type: "httproute", gateway: { name: "gw" } } },
    ]);
    const again = resolveAnswers(AnswersSchema.parse(JSON.parse(JSON.stringify(resolved))), "repo");
    expect(again.environments).toEqual(resolved.environments);
  });
});

describe("refused combinations", () => {
  it("stdio with mode deployment, and stdio in mode mcpserver without a command", () => {
    expect(problems([{ name: "dev" }], [{ ...SERVER, transport: "stdio" }])).toEqual([
      expect.stringMatching(/^servers\.0\.transport: stdio needs mode: mcpserver/),
    ]);
    expect(problems([{ name: "dev" }], [{ ...SERVER, transport: "stdio", mode: "mcpserver" }])).toEqual([
      expect.stringMatching(/^servers\.0\.command: is required for a stdio server in mode mcpserver/),
    ]);
  });

  it("a read-only switch that names neither an env var nor an arg", () => {
    expect(problems([{ name: "dev" }], [{ ...SERVER, readOnly: { enabled: true } }])).toEqual([
      expect.stringMatching(/^servers\.0\.readOnly: needs env/),
    ]);
  });

  it("exposure without a hostname, an HTTPRoute without a Gateway, TLS with nothing exposed", () => {
    expect(problems([{ name: "dev", exposure: { type: "ingress" } }])).toEqual([
      expect.stringMatching(/^environments\.0\.hostname: is required with exposure\.type ingress/),
    ]);
    expect(problems([{ name: "dev", hostname: "a.example.com", exposure: { type: "httproute" } }])).toEqual([
      expect.stringMatching(/^environments\.0\.exposure\.gateway: is required/),
    ]);
    expect(problems([{ name: "dev", tls: { enabled: true } }])).toEqual([
      expect.stringMatching(/^environments\.0\.tls\.enabled: needs exposure/),
    ]);
  });

  it("HPA and KEDA together, a VPA that resizes under an autoscaler, min above max, a PDB that blocks drains", () => {
    expect(problems([{ name: "dev", autoscaling: { enabled: true }, keda: { enabled: true } }])).toEqual([
      expect.stringMatching(/^environments\.0\.keda\.enabled: conflicts/),
    ]);
    expect(problems([{ name: "prod", vpa: { enabled: true, updateMode: "Recreate" } }])).toEqual([
      expect.stringMatching(/^environments\.0\.vpa\.updateMode: must be Off/),
    ]);
    expect(problems([{ name: "prod", autoscaling: { minReplicas: 6, maxReplicas: 4 } }])).toEqual([
      expect.stringMatching(
        /^environments\.0\.autoscaling\.maxReplicas: must be at least autoscaling\.minReplicas \(6\)/,
      ),
    ]);
    expect(problems([{ name: "prod", pdb: { minAvailable: 2 } }])).toEqual([
      expect.stringMatching(/^environments\.0\.pdb\.minAvailable: must be below the replica count \(2\)/),
    ]);
  });

  it("unknown keys inside production answers, and wrong types", () => {
    expect(problems([{ name: "dev", autoscaling: { maxReplica: 3 } }])).toEqual([
      expect.stringMatching(/unrecognized key|Unrecognized key/i),
    ]);
    expect(problems([{ name: "dev", autoscaling: { maxReplicas: "ten" } }])).toEqual([
      "environments.0.autoscaling.maxReplicas: must be a whole number from 1 to 1000",
    ]);
    expect(problems([{ name: "dev", networkPolicy: { allowFrom: [{}] } }])).toEqual([
      "environments.0.networkPolicy.allowFrom.0: must name a namespace, namespaceLabels or podLabels",
    ]);
  });
});

describe("--set on nested production answers", () => {
  it("addresses environments by name and walks the strict objects", async () => {
    const collected = await collectAnswers({
      answers: { gitops: "flux", servers: [SERVER], environments: [{ name: "prod" }] },
      set: [
        "environments.prod.autoscaling.maxReplicas=10",
        "environments.prod.exposure.type=ingress",
        "environments.prod.hostname=mcp.example.com",
        "servers.web.readOnly.arg=--read-only",
      ],
    });
    const answers = validateAnswers(collected, "repo");
    expect(answers.environments[0]!.autoscaling.maxReplicas).toBe(10);
    expect(answers.environments[0]!.exposure.type).toBe("ingress");
    expect(answers.servers[0]!.readOnly).toEqual({ enabled: false, arg: "--read-only" });
  });

  it("names the flag and the allowed fields on a typo", async () => {
    await expect(
      collectAnswers({
        answers: { gitops: "flux", servers: [SERVER], environments: [{ name: "prod" }] },
        set: ["environments.prod.autoscaling.max=10"],
      }),
    ).rejects.toThrow(
      /--set environments\.prod\.autoscaling\.max=10: unknown field 'max' \(allowed: enabled, minReplicas, maxReplicas, cpu, memory\)/,
    );
  });

  it("reports a refused combination against the --set flag that caused it", async () => {
    const collected = await collectAnswers({
      answers: { gitops: "flux", servers: [SERVER], environments: [{ name: "prod" }] },
      set: ["environments.prod.keda.enabled=true", "environments.prod.autoscaling.enabled=true"],
    });
    expect(() => validateAnswers(collected, "repo")).toThrow(
      /--set environments\.prod\.keda\.enabled=true: conflicts with autoscaling\.enabled/,
    );
  });
});
