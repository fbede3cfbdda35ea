/**
 * The bad-input corpus, part three: changing the answers of a generated repository (`upgrade --set/--unset/--answers`,
 * `add`, `remove`) and `create --force` over one. Each case runs in a folder holding `out/.mcp-gitops.yaml`, the
 * record of a repository with servers weather and tickets in dev and prod: every mistake is found before anything
 * is rendered or written.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { validateAnswers } from "../../src/answers/validate.js";
import { answersDigest, RECORD_FILE } from "../../src/record.js";
import { toYaml } from "../../src/blueprint/yaml-helpers.js";
import { field, type BadInput } from "./bad-inputs.js";

const LIVE = parse(readFileSync(resolve(import.meta.dirname, "../../blueprints/mcp-gitops/blueprint.yaml"), "utf8"));
/** The bundled blueprint's manifest, for records of generated repositories. */
export const LIVE_BLUEPRINT = LIVE;
const ANSWERS = validateAnswers(
  {
    raw: {
      gitops: "flux",
      servers: [
        { name: "weather", image: "ghcr.io/acme/weather:1.0.0" },
        { name: "tickets", image: "ghcr.io/acme/tickets:1.0.0" },
      ],
      environments: [{ name: "dev" }, { name: "prod" }],
    },
    provenance: new Map(),
    missing: [],
  },
  "out",
);
const RECORD = {
  blueprint: { name: LIVE.name, version: LIVE.version, source: "bundled" },
  generator: "create-mcp-gitops@0.1.0",
  answersDigest: answersDigest(ANSWERS),
  answers: ANSWERS,
};
const GENERATED = { [`out/${RECORD_FILE}`]: toYaml(RECORD) };
const TAMPERED = { [`out/${RECORD_FILE}`]: toYaml(RECORD).replace("replicas: 2", "replicas: 3") };

const change = (name: string, args: string[], expect: RegExp, extra: Partial<BadInput> = {}): BadInput => ({
  name,
  args,
  expect,
  files: GENERATED,
  ...extra,
});

export const ANSWER_CHANGE_CASES: BadInput[] = [
  change(
    "upgrade --set a server that does not exist",
    ["upgrade", "out", "--set", "servers.nope.port=1"],
    field("--set servers.nope.port=1", /there is no 'nope' in servers \(known: weather, tickets\)/),
  ),
  change(
    "upgrade --set an unknown environment field",
    ["upgrade", "out", "--set", "environments.prod.replicaz=3"],
    field("--set environments.prod.replicaz=3", /unknown field 'replicaz'/),
  ),
  change(
    "upgrade --set an invalid replica count",
    ["upgrade", "out", "--set", "environments.prod.replicas=1000"],
    field("--set environments.prod.replicas=1000", /must be a whole number from 0 to 100/),
  ),
  change(
    "upgrade --set a whole environment",
    ["upgrade", "out", "--set", "environments.prod=1"],
    field("--set environments.prod=1", /name a field of environments\.prod/),
  ),
  change(
    "upgrade --unset a server that does not exist",
    ["upgrade", "out", "--unset", "servers.nope"],
    field("--unset servers.nope", /there is no 'nope' in servers/),
  ),
  change(
    "upgrade --unset a required answer",
    ["upgrade", "out", "--unset", "gitops"],
    field("--unset gitops", /gitops is required and cannot be unset/),
  ),
  change(
    "upgrade --unset the last environment",
    ["upgrade", "out", "--unset", "environments.dev", "--unset", "environments.prod"],
    field("--unset environments.prod", /'prod' is the only entry of environments; at least one is needed/),
  ),
  change(
    "upgrade --answers with no servers",
    ["upgrade", "out", "--answers", "answers.yaml"],
    field("--answers answers.yaml: servers", /must list at least one server/),
    { answers: { gitops: "flux", servers: [], environments: [{ name: "dev" }] } },
  ),
  change(
    "upgrade --check with an answer change",
    ["upgrade", "out", "--check", "--set", "environments.prod.replicas=3"],
    field("--set", /--check only compares versions/),
  ),
  change(
    "upgrade of a record whose answers were edited by hand",
    ["upgrade", "out"],
    field(RECORD_FILE, /the answers were edited by hand .*create-mcp-gitops upgrade --set/),
    { files: TAMPERED },
  ),
  change(
    "add server with a name that exists",
    ["add", "server", "out", "--name", "weather", "--image", "ghcr.io/acme/other:2.0.0"],
    field("--name weather", /a server of that name already exists with other answers; change it with/),
  ),
  change(
    "add server without --image (no terminal)",
    ["add", "server", "out", "--name", "delta"],
    field("--image", /required to add a server/),
  ),
  change(
    "add server with an invalid name",
    ["add", "server", "out", "--name", "Delta", "--image", "ghcr.io/acme/delta:1.0.0"],
    field("--name", /must be a DNS-1123 label/),
  ),
  change(
    "add server with an environment's flag",
    ["add", "server", "out", "--name", "delta", "--image", "ghcr.io/acme/delta:1.0.0", "--replicas", "2"],
    field("--replicas", /not an answer of a server/),
  ),
  change(
    "add env with an invalid replica count",
    ["add", "env", "out", "--name", "qa", "--replicas", "500"],
    field("--replicas", /must be a whole number from 0 to 100/),
  ),
  change("add of something that is neither", ["add", "widget", "out"], field("add widget", /add what\?/)),
  change(
    "remove a server that does not exist",
    ["remove", "server", "nope", "out"],
    field("remove server nope", /there is no 'nope' in servers/),
  ),
  change(
    "remove the last environment",
    ["remove", "env", "dev", "out", "--dry-run"],
    field("remove env dev", /'dev' is the only entry of environments; at least one is needed/),
    {
      files: {
        [`out/${RECORD_FILE}`]: toYaml({
          ...RECORD,
          answersDigest: answersDigest({ ...ANSWERS, environments: ANSWERS.environments.slice(0, 1) }),
          answers: { ...ANSWERS, environments: ANSWERS.environments.slice(0, 1) },
        }),
      },
    },
  ),
  change(
    "remove without a name (no terminal)",
    ["remove", "server"],
    field("<name>", /give the server to remove, e\.g\. create-mcp-gitops remove server weather/),
  ),
  change(
    "create --force over a generated repository with an edited file",
    ["out", "--yes", "--force"],
    /^error: \[directory\] out: is a generated repository .*would overwrite 1 file you edited: README\.md\. .*upgrade out --answers <file>/,
    { files: { ...GENERATED, "out/README.md": "# Our own README\n" } },
  ),
];
