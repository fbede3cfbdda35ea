// @ts-check
// The files of this blueprint that are one document of data under a comment header: every server's values, and in
// every environment its values, alert rules and alert tests — on a fleet, almost all of the bytes. The renderer
// calls the default export once per render and each builder once per file, and prints the document once, with no
// template in between (see BlueprintDocuments in src/blueprint/render.ts). What every environment of a server
// shares is computed once per server here; what the documents contain stays in the functions they call.
/** @import { BlueprintDocuments, BlueprintScope, BundledServer, ResolvedEnvironment, ResolvedServer } from "create-mcp-gitops" */
import { alertTestFile } from "./alert-tests.mjs";
import { alertRuleFile } from "./alerts.mjs";
import { environmentValues, serverValues } from "./helpers.mjs";
import { alertShape, isMonitored } from "./monitoring.mjs";

/** @type {BlueprintDocuments} */
const documents = (answers, { inline, token }) => {
  /**
   * Comment lines with answers printed as a template's `<%= %>` prints them.
   * @param {TemplateStringsArray} strings
   * @param {unknown[]} values
   */
  const comment = (strings, ...values) => String.raw({ raw: strings }, ...values.map(inline));
  /** @param {BlueprintScope} scope */
  const serverOf = (scope) => /** @type {ResolvedServer} */ (scope.server);
  /** @param {BlueprintScope} scope */
  const envOf = (scope) => /** @type {ResolvedEnvironment} */ (scope.env);
  /** @param {BlueprintScope} scope */
  const monitored = (scope) => isMonitored(answers, serverOf(scope));
  // A fleet's alert rules and tests differ between servers of one environment only in the server's name when the
  // servers are alike in alertShape(): each is built once per environment and shape, with a token for the name that
  // the renderer fills in per file (src/blueprint/stamps.ts).
  const NAME = token("server");
  /** @type {Map<string, unknown>} */
  const shared = new Map();
  /**
   * @param {string} kind
   * @param {BundledServer} server
   * @param {ResolvedEnvironment} env
   * @param {(server: BundledServer) => unknown} build
   */
  const perShape = (kind, server, env, build) => {
    const key = `${kind}\n${env.name}\n${alertShape(server)}`;
    let document = shared.get(key);
    if (document === undefined) {
      document = build({ ...server, name: NAME });
      shared.set(key, document);
    }
    return { document, fill: { [NAME]: server.name } };
  };
  return {
    "common/apps/base/__server__/values.yaml": (scope) => {
      const server = serverOf(scope);
      return {
        comments: comment`# Values for ${server.name} in every environment. Environment overrides live in apps/<environment>/${server.name}/values.yaml.
# Edit freely: \`create-mcp-gitops upgrade\` merges blueprint changes into your edits.
`,
        document: serverValues(server, answers),
      };
    },
    "common/apps/__env__/__server__/values.yaml": (scope) => {
      const [server, env] = [serverOf(scope), envOf(scope)];
      return {
        comments: comment`# Values for ${server.name} in ${env.name} (${env.profile} profile), applied over apps/base/${server.name}/values.yaml.
`,
        document: environmentValues(server, env, answers),
      };
    },
    "common/apps/__env__/__server__/alerts.yaml": (scope) => {
      if (!monitored(scope)) return undefined;
      const [server, env] = [/** @type {BundledServer} */ (serverOf(scope)), envOf(scope)];
      return {
        comments: comment`# Alert rules for ${server.name} in ${env.name}, in Prometheus's rule-file format. This one file is both what
# promtool checks and tests (alerts.test.yaml) and, layered into the chart's values, the PrometheusRule the cluster
# runs. Thresholds come from the answers: change them with --set environments.${env.name}.alerts.<alert>.threshold=...
# and re-generate, or edit here and in alerts.test.yaml together (CI runs \`promtool test rules\`).
`,
        ...perShape("rules", server, env, (named) => alertRuleFile(answers, named, env)),
      };
    },
    "common/apps/__env__/__server__/alerts.test.yaml": (scope) => {
      if (!monitored(scope)) return undefined;
      const [server, env] = [/** @type {BundledServer} */ (serverOf(scope)), envOf(scope)];
      return {
        comments: comment`# Unit tests for alerts.yaml: \`promtool test rules apps/${env.name}/${server.name}/alerts.test.yaml\`. Every alert has
# a series history that fires it (and is still pending before its \`for\` has passed) and one that must stay quiet.
`,
        ...perShape("tests", server, env, (named) => alertTestFile(answers, named, env)),
      };
    },
  };
};

export default documents;
