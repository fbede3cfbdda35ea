// Finds fields that a Kubernetes model does not declare, at any depth.
//
// The @kubernetes-models packages validate with precompiled JSON Schemas that accept unknown fields, as
// the API server would (it prunes them silently), so a typo such as `resource:` for `resources:` in a
// container passes. Their TypeScript declarations, though, list every field of every object. We load those
// declarations with the TypeScript compiler (a dev dependency anyway) and walk each document against them:
// every object type with declared fields is closed; map types (`{[key: string]: T}`) and the empty
// interfaces the models use for free-form JSON (HelmRelease `spec.values`, Argo `valuesObject`) stay open.
import path from "node:path";
import ts from "typescript";

/** Where a model's TypeScript interface is declared. */
export interface TypeRef {
  /** Module specifier as a test would import it, e.g. "kubernetes-models/apps/v1/Deployment". */
  module: string;
  /** The exported interface, e.g. "IDeployment". */
  name: string;
}

/** A field the model does not declare. */
export interface UnknownField {
  /** Where it is, e.g. "spec.template.spec.containers[0].resource". */
  path: string;
  value: unknown;
  /** The fields the enclosing object does declare. */
  known: readonly string[];
}

const MAX_LISTED_FIELDS = 30;

/** "spec.foo: unknown field (known: a, b, c)". */
export function describeUnknownField(field: UnknownField): string {
  const shown = field.known.slice(0, MAX_LISTED_FIELDS).join(", ");
  const more = field.known.length > MAX_LISTED_FIELDS ? ", ..." : "";
  return `${field.path}: unknown field (known: ${shown}${more})`;
}

/**
 * Checks documents against model interfaces. All interfaces are loaded into one TypeScript program on the
 * first check (about a second), so pass every TypeRef you will ask about to the constructor.
 */
export class UnknownFieldChecker {
  private loaded?: { checker: ts.TypeChecker; types: Map<string, ts.Type> };

  constructor(
    private readonly refs: readonly TypeRef[],
    /** A directory from which the model packages resolve (the project root). */
    private readonly resolveFrom: string,
  ) {}

  /** Returns every field in `value` that the interface does not declare; `basePath` prefixes their paths. */
  check(value: unknown, ref: TypeRef, basePath = ""): UnknownField[] {
    const { types } = this.load();
    const type = types.get(refKey(ref));
    if (!type) throw new Error(`${ref.name} from ${ref.module} was not registered with the UnknownFieldChecker`);
    const problems: UnknownField[] = [];
    this.walk(value, type, basePath, problems);
    return problems;
  }

  private load(): { checker: ts.TypeChecker; types: Map<string, ts.Type> } {
    this.loaded ??= loadTypes(this.refs, this.resolveFrom);
    return this.loaded;
  }

  private walk(value: unknown, declared: ts.Type, at: string, problems: UnknownField[]): void {
    if (value === null || typeof value !== "object") return; // scalars are the model validator's job
    const { checker } = this.load();
    const type = checker.getNonNullableType(declared);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) return;
    if (type.isUnion()) {
      this.walkUnion(value, type.types, at, problems);
      return;
    }
    if (checker.isArrayType(type)) {
      if (!Array.isArray(value)) return;
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      if (element) for (const [i, item] of value.entries()) this.walk(item, element, `${at}[${i}]`, problems);
      return;
    }
    if (type.flags & ts.TypeFlags.Object && !Array.isArray(value)) {
      this.walkObject(value as Record<string, unknown>, type, at, problems);
    }
  }

  private walkObject(value: Record<string, unknown>, type: ts.Type, at: string, problems: UnknownField[]): void {
    const { checker } = this.load();
    const declared = checker.getPropertiesOfType(type);
    const indexType = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    // An interface with no fields is how the generated models spell "any JSON object".
    if (declared.length === 0 && !indexType) return;
    for (const [key, child] of Object.entries(value)) {
      const childAt = at ? `${at}.${key}` : key;
      const property = type.getProperty(key);
      if (property) this.walk(child, checker.getTypeOfSymbol(property), childAt, problems);
      else if (indexType) this.walk(child, indexType, childAt, problems);
      else problems.push({ path: childAt, value: child, known: declared.map((symbol) => symbol.name).sort() });
    }
  }

  /** For a union such as `string | Foo[] | Bar`, walks the members the value's shape could belong to. */
  private walkUnion(value: object, members: readonly ts.Type[], at: string, problems: UnknownField[]): void {
    const { checker } = this.load();
    const wantArray = Array.isArray(value);
    const candidates = members.filter((member) => {
      if (member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
      return member.flags & ts.TypeFlags.Object && checker.isArrayType(member) === wantArray;
    });
    if (candidates.length === 0) return;
    // Accept the value if it fits any candidate; otherwise report against the closest one.
    let best: UnknownField[] | undefined;
    for (const candidate of candidates) {
      const attempt: UnknownField[] = [];
      this.walk(value, candidate, at, attempt);
      if (attempt.length === 0) return;
      if (!best || attempt.length < best.length) best = attempt;
    }
    problems.push(...(best ?? []));
  }
}

function refKey(ref: TypeRef): string {
  return `${ref.module}#${ref.name}`;
}

/** Compiles a one-file program that imports every interface, and returns the types it resolves to. */
function loadTypes(
  refs: readonly TypeRef[],
  resolveFrom: string,
): { checker: ts.TypeChecker; types: Map<string, ts.Type> } {
  // The entry file exists only in memory; its location makes the model packages resolve from node_modules.
  const entryFile = path.join(resolveFrom, "__unknown_fields_entry__.ts");
  const entrySource = refs
    .map(
      (ref, i) =>
        `import type { ${ref.name} as T${i} } from ${JSON.stringify(ref.module)};\nexport type R${i} = T${i};`,
    )
    .join("\n");
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName === entryFile
      ? ts.createSourceFile(fileName, entrySource, languageVersion)
      : readSourceFile(fileName, languageVersion, ...rest);
  host.fileExists = (fileName) => fileName === entryFile || fileExists(fileName);

  const program = ts.createProgram({ rootNames: [entryFile], options, host });
  const entry = program.getSourceFile(entryFile);
  if (!entry) throw new Error("the in-memory entry file for model types did not load");
  failOnDiagnostics([...program.getSyntacticDiagnostics(entry), ...program.getSemanticDiagnostics(entry)]);

  const checker = program.getTypeChecker();
  const types = new Map<string, ts.Type>();
  for (const statement of entry.statements) {
    if (!ts.isTypeAliasDeclaration(statement)) continue;
    const ref = refs[Number(statement.name.text.slice(1))];
    if (ref) types.set(refKey(ref), checker.getTypeAtLocation(statement.name));
  }
  return { checker, types };
}

/** A misspelt module or interface would otherwise resolve to `any` and silently check nothing. */
function failOnDiagnostics(diagnostics: readonly ts.Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  const text = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("\n");
  throw new Error(`cannot load model types for the unknown-field check:\n${text}`);
}
