// Build step (`npm run build`): the strict Kubernetes JSON Schemas that output validation uses,
// generated from the npm package `kubernetes-models` (one aliased devDependency per Kubernetes
// version, see KUBERNETES_VERSIONS) into schemas/kubernetes/, so validation works offline.
//
// kubernetes-models ships every Kubernetes definition twice: as TypeScript declarations (field names,
// required fields, enums, nesting) and as precompiled ajv validators (integer vs number, formats,
// what an untyped definition accepts). Neither alone is a JSON Schema, and the validators do not
// reject unknown fields. So this script reads the declarations with the TypeScript parser and asks
// the package's own validators what the declarations cannot say (is 0.5 accepted here? is "\u0000%"
// a format error?), then writes one schema per definition with `additionalProperties: false`
// wherever properties are known — kubeconform's "-strict" flavour, plus kubernetes-models' enums.
//
//   node --import tsx scripts/generate-kubernetes-schemas.ts [--check]
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "schemas", "kubernetes");

/** The versions fedc validates against, each from the kubernetes-models release that tracks it. */
const KUBERNETES_VERSIONS = [
  { minor: "1.27", kubernetes: "1.27.1", alias: "kubernetes-models-1.27" },
  { minor: "1.33", kubernetes: "1.33.0", alias: "kubernetes-models-1.33" },
  { minor: "1.36", kubernetes: "1.36.0", alias: "kubernetes-models-1.36" },
];

type JsonSchema = { [key: string]: unknown };

/**
 * API versions that Kubernetes stopped serving, from the Deprecated API Migration Guide
 * (kubernetes.io/docs/reference/using-api/deprecation-guide). kubernetes-models keeps every API
 * version it ever had, so each bundle drops the kinds its Kubernetes version no longer serves and
 * records why, for a precise error instead of a silent pass. The first matching entry wins.
 */
const REMOVED_APIS: Array<{ apiVersion: string; kinds?: string[]; removedIn: string; use: string }> = [
  { apiVersion: "extensions/v1beta1", kinds: ["DaemonSet", "Deployment", "ReplicaSet", "NetworkPolicy", "PodSecurityPolicy"], removedIn: "1.16", use: "apps/v1 (NetworkPolicy: networking.k8s.io/v1)" },
  { apiVersion: "apps/v1beta1", removedIn: "1.16", use: "apps/v1" },
  { apiVersion: "apps/v1beta2", removedIn: "1.16", use: "apps/v1" },
  { apiVersion: "extensions/v1beta1", kinds: ["Ingress"], removedIn: "1.22", use: "networking.k8s.io/v1" },
  { apiVersion: "networking.k8s.io/v1beta1", kinds: ["Ingress", "IngressClass"], removedIn: "1.22", use: "networking.k8s.io/v1" },
  { apiVersion: "admissionregistration.k8s.io/v1beta1", kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], removedIn: "1.22", use: "admissionregistration.k8s.io/v1" },
  { apiVersion: "apiextensions.k8s.io/v1beta1", removedIn: "1.22", use: "apiextensions.k8s.io/v1" },
  { apiVersion: "apiregistration.k8s.io/v1beta1", removedIn: "1.22", use: "apiregistration.k8s.io/v1" },
  { apiVersion: "authentication.k8s.io/v1beta1", kinds: ["TokenReview"], removedIn: "1.22", use: "authentication.k8s.io/v1" },
  { apiVersion: "authorization.k8s.io/v1beta1", removedIn: "1.22", use: "authorization.k8s.io/v1" },
  { apiVersion: "certificates.k8s.io/v1beta1", kinds: ["CertificateSigningRequest"], removedIn: "1.22", use: "certificates.k8s.io/v1" },
  { apiVersion: "coordination.k8s.io/v1beta1", kinds: ["Lease"], removedIn: "1.22", use: "coordination.k8s.io/v1" },
  { apiVersion: "rbac.authorization.k8s.io/v1beta1", removedIn: "1.22", use: "rbac.authorization.k8s.io/v1" },
  { apiVersion: "scheduling.k8s.io/v1beta1", removedIn: "1.22", use: "scheduling.k8s.io/v1" },
  { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], removedIn: "1.22", use: "storage.k8s.io/v1" },
  { apiVersion: "batch/v1beta1", kinds: ["CronJob"], removedIn: "1.25", use: "batch/v1" },
  { apiVersion: "discovery.k8s.io/v1beta1", kinds: ["EndpointSlice"], removedIn: "1.25", use: "discovery.k8s.io/v1" },
  { apiVersion: "events.k8s.io/v1beta1", kinds: ["Event"], removedIn: "1.25", use: "events.k8s.io/v1" },
  { apiVersion: "autoscaling/v2beta1", removedIn: "1.25", use: "autoscaling/v2" },
  { apiVersion: "policy/v1beta1", kinds: ["PodDisruptionBudget"], removedIn: "1.25", use: "policy/v1" },
  { apiVersion: "policy/v1beta1", kinds: ["PodSecurityPolicy"], removedIn: "1.25", use: "Pod Security Admission (no replacement kind)" },
  { apiVersion: "node.k8s.io/v1beta1", kinds: ["RuntimeClass"], removedIn: "1.25", use: "node.k8s.io/v1" },
  { apiVersion: "autoscaling/v2beta2", removedIn: "1.26", use: "autoscaling/v2" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", removedIn: "1.26", use: "flowcontrol.apiserver.k8s.io/v1" },
  { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIStorageCapacity"], removedIn: "1.27", use: "storage.k8s.io/v1" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", removedIn: "1.29", use: "flowcontrol.apiserver.k8s.io/v1" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", removedIn: "1.32", use: "flowcontrol.apiserver.k8s.io/v1" },
  // The rest of these group versions (subresource kinds such as Scale and Eviction) went with them.
  { apiVersion: "extensions/v1beta1", removedIn: "1.22", use: "apps/v1" },
  { apiVersion: "policy/v1beta1", removedIn: "1.25", use: "policy/v1" },
];

/**
 * Fields the API server requires although the OpenAPI document marks them optional (its
 * validation, not the schema, rejects them). Kept to what a manifest author hits: a container
 * without an image ("spec.template.spec.containers[0].image: Required value").
 */
const SERVER_REQUIRED: Record<string, string[]> = {
  IoK8sApiCoreV1Container: ["image"],
};

function minorNumber(minor: string): number {
  const [major, m] = minor.split(".").map(Number) as [number, number];
  return major * 1000 + m;
}

/** What a declaration says about a value, before the validators are asked. */
type Shape =
  | { t: "string" | "number" | "boolean" | "any" }
  | { t: "enum"; values: string[] }
  | { t: "array"; items: Shape }
  | { t: "map"; values: Shape }
  | { t: "object"; props: Prop[] }
  | { t: "ref"; name: string }
  | { t: "union"; members: Shape[] };

interface Prop {
  name: string;
  optional: boolean;
  shape: Shape;
}

interface Definition {
  name: string;
  /** An interface (object with known fields) or a type alias. */
  shape: Shape;
  validatorFile?: string;
}

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; keyword: string; params: Record<string, unknown> }> | null };

function listDts(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name === "_schemas") continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listDts(p));
    else if (e.name.endsWith(".d.ts") && e.name !== "index.d.ts") out.push(p);
  }
  return out.sort();
}

function propertyName(name: ts.PropertyName): string {
  if (ts.isStringLiteral(name) || ts.isIdentifier(name) || ts.isNumericLiteral(name)) return name.text;
  throw new Error(`unexpected property name ${name.getText()}`);
}

/** Reads one declaration file: its definitions, keyed by their kubernetes-models name (IoK8s…). */
function readDeclarations(file: string, validatorDir: string, defs: Map<string, Definition>): void {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  // `export { IDeploymentSpec as IIoK8sApiAppsV1DeploymentSpec, … }`: local name → definition name.
  const exported = new Map<string, string>();
  for (const st of source.statements) {
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        const local = (el.propertyName ?? el.name).text;
        if (el.name.text.startsWith("IIoK8s")) exported.set(local, el.name.text.slice(1));
      }
    }
  }
  const refName = (id: string): string => {
    if (exported.has(id)) return exported.get(id)!;
    if (id.startsWith("IIoK8s")) return id.slice(1);
    throw new Error(`${file}: cannot resolve type ${id}`);
  };
  const shapeOf = (node: ts.TypeNode): Shape => {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { t: "string" };
      case ts.SyntaxKind.NumberKeyword:
        return { t: "number" };
      case ts.SyntaxKind.BooleanKeyword:
        return { t: "boolean" };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return { t: "any" };
    }
    if (ts.isParenthesizedTypeNode(node)) return shapeOf(node.type);
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { t: "enum", values: [node.literal.text] };
    if (ts.isArrayTypeNode(node)) return { t: "array", items: shapeOf(node.elementType) };
    if (ts.isUnionTypeNode(node)) {
      const members = node.types.map(shapeOf);
      if (members.every((m) => m.t === "enum")) return { t: "enum", values: members.flatMap((m) => (m as { values: string[] }).values) };
      return { t: "union", members };
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const id = node.typeName.text;
      if (id === "Array" && node.typeArguments?.length === 1) return { t: "array", items: shapeOf(node.typeArguments[0]!) };
      return { t: "ref", name: refName(id) };
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (index) return { t: "map", values: shapeOf(index.type) };
      return { t: "object", props: propsOf(node.members) };
    }
    throw new Error(`${file}: unsupported type ${node.getText()}`);
  };
  const propsOf = (members: ts.NodeArray<ts.TypeElement>): Prop[] =>
    members.filter(ts.isPropertySignature).map((m) => ({ name: propertyName(m.name), optional: !!m.questionToken, shape: m.type ? shapeOf(m.type) : { t: "any" } }));
  for (const st of source.statements) {
    const local = (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && exported.get(st.name.text);
    if (!local) continue;
    const base = path.join(validatorDir, local);
    const validatorFile = [".mjs", ".js"].map((e) => base + e).find((f) => existsSync(f));
    const shape: Shape = ts.isInterfaceDeclaration(st) ? { t: "object", props: propsOf(st.members) } : shapeOf((st as ts.TypeAliasDeclaration).type);
    defs.set(local, { name: local, shape, validatorFile });
  }
}

// --- asking the validators -------------------------------------------------------------------

/** Where a probe value is placed inside the definition's data, and the instancePath it gets. */
interface Site {
  wrap: (v: unknown) => unknown;
  pointer: string;
}

function errorsAt(validate: Validate, data: unknown, pointer: string) {
  validate(data);
  return (validate.errors ?? []).filter((e) => e.instancePath === pointer);
}

function probeNumber(validate: Validate, site: Site): JsonSchema {
  const integer = errorsAt(validate, site.wrap(0.5), site.pointer).some((e) => e.keyword === "type" && e.params.type === "integer");
  if (!integer) return { type: "number" };
  const format = errorsAt(validate, site.wrap(2 ** 31), site.pointer).find((e) => e.keyword === "format");
  return format ? { type: "integer", format: String(format.params.format) } : { type: "integer" };
}

function probeString(validate: Validate, site: Site): JsonSchema {
  const format = errorsAt(validate, site.wrap("\u0000%"), site.pointer).find((e) => e.keyword === "format");
  return format ? { type: "string", format: String(format.params.format) } : { type: "string" };
}

/** The JSON types an untyped definition (an empty interface) accepts. */
function probeTypes(validate: Validate): string[] {
  const samples: Array<[string, unknown]> = [["string", "x"], ["integer", 1], ["boolean", true], ["array", []], ["object", {}]];
  const accepted = samples.filter(([, v]) => validate(v)).map(([t]) => t);
  if (accepted.includes("integer") && validate(0.5)) accepted[accepted.indexOf("integer")] = "number";
  return accepted;
}

const NULL = { type: "null" };

function nullable(s: JsonSchema): JsonSchema {
  if (typeof s.type === "string") return { ...s, type: [s.type, "null"] };
  if (Array.isArray(s.enum)) return { ...s, enum: [...(s.enum as unknown[]), null] };
  if (Array.isArray(s.anyOf)) return { ...s, anyOf: [...(s.anyOf as unknown[]), NULL] };
  return s;
}

/** A value that must not be null: definitions accept null (optional fields may be null), so a required field or a list item says so. */
function notNull(s: JsonSchema): JsonSchema {
  return s.$ref ? { ...s, not: NULL } : s;
}

function toSchema(shape: Shape, validate: Validate | undefined, site: Site, optional: boolean): JsonSchema {
  const s = convert(shape, validate, site);
  return optional ? nullable(s) : notNull(s);
}

function convert(shape: Shape, validate: Validate | undefined, site: Site): JsonSchema {
  switch (shape.t) {
    case "any":
      return {};
    case "boolean":
      return { type: "boolean" };
    case "string":
      return validate ? probeString(validate, site) : { type: "string" };
    case "number":
      return validate ? probeNumber(validate, site) : { type: "number" };
    case "enum":
      return { enum: [...new Set(shape.values)].sort() };
    case "ref":
      return { $ref: `#/definitions/${shape.name}` };
    case "array":
      return { type: "array", items: toSchema(shape.items, validate, { wrap: (v) => site.wrap([v]), pointer: `${site.pointer}/0` }, false) };
    case "map":
      return { type: "object", additionalProperties: toSchema(shape.values, validate, { wrap: (v) => site.wrap({ k: v }), pointer: `${site.pointer}/k` }, false) };
    case "object":
      return objectSchema(shape.props, validate, site);
    case "union":
      return { anyOf: shape.members.map((m) => convert(m, validate, site)) };
  }
}

function objectSchema(props: Prop[], validate: Validate | undefined, site: Site): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const p of [...props].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const child: Site = { wrap: (v) => site.wrap({ [p.name]: v }), pointer: `${site.pointer}/${p.name.replace(/~/g, "~0").replace(/\//g, "~1")}` };
    // apiVersion and kind are optional in Kubernetes' own schema (kubernetes-models requires them on top-level kinds).
    properties[p.name] = toSchema(p.shape, validate, child, p.optional || p.name === "apiVersion" || p.name === "kind");
  }
  const required = props.filter((p) => !p.optional && p.name !== "apiVersion" && p.name !== "kind").map((p) => p.name).sort();
  return { type: "object", properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

async function definitionSchema(def: Definition): Promise<JsonSchema> {
  const validate = def.validatorFile ? ((await import(pathToFileURL(def.validatorFile).href)) as { validate: Validate }).validate : undefined;
  if (!validate) throw new Error(`no validator for ${def.name}`);
  const root: Site = { wrap: (v) => v, pointer: "" };
  if (def.shape.t === "object" && def.shape.props.length === 0) {
    // An empty interface is a free-form value (RawExtension, JSON, FieldsV1): no field list to be strict about.
    const types = probeTypes(validate);
    return types.length === 5 || types.length === 6 ? {} : nullable(types.length === 1 ? { type: types[0] } : { type: types });
  }
  const schema = nullable(convert(def.shape, validate, root));
  for (const field of SERVER_REQUIRED[def.name] ?? []) {
    const properties = schema.properties as Record<string, JsonSchema>;
    properties[field] = notNull({ ...properties[field]!, type: (properties[field]!.type as string[])[0] });
    schema.required = [...new Set([...((schema.required as string[] | undefined) ?? []), field])].sort();
  }
  return schema;
}

/** Top-level kinds: interfaces whose apiVersion and kind are single string literals. */
function kindsOf(defs: Map<string, Definition>): Record<string, string> {
  const kinds: Record<string, string> = {};
  for (const d of defs.values()) {
    if (d.shape.t !== "object") continue;
    const lit = (n: string) => {
      const p = (d.shape as { props: Prop[] }).props.find((x) => x.name === n);
      return p?.shape.t === "enum" && p.shape.values.length === 1 ? p.shape.values[0] : undefined;
    };
    const apiVersion = lit("apiVersion");
    const kind = lit("kind");
    if (apiVersion && kind && !kind.endsWith("List")) kinds[`${apiVersion}/${kind}`] = d.name;
  }
  return Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Only the definitions the served kinds use (the removed API versions drag in many). */
function reachable(definitions: Record<string, JsonSchema>, roots: string[]): Record<string, JsonSchema> {
  const keep = new Set<string>();
  const visit = (name: string) => {
    if (keep.has(name)) return;
    keep.add(name);
    for (const ref of JSON.stringify(definitions[name]).matchAll(/"#\/definitions\/([^"]+)"/g)) visit(ref[1]!);
  };
  // ObjectMeta is what custom resources' metadata is checked against.
  for (const r of [...roots, "IoK8sApimachineryPkgApisMetaV1ObjectMeta"]) visit(r);
  return Object.fromEntries([...keep].sort().map((n) => [n, definitions[n]!]));
}

function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed (run npm install)`);
  }
}

async function generate(v: (typeof KUBERNETES_VERSIONS)[number]) {
  const pkgDir = packageDir(v.alias, ROOT);
  const apimachineryDir = packageDir("@kubernetes-models/apimachinery", pkgDir);
  const pkg = JSON.parse(await readFile(path.join(pkgDir, "package.json"), "utf8")) as { version: string };
  const defs = new Map<string, Definition>();
  for (const [dir] of [[apimachineryDir], [pkgDir]] as const) {
    for (const f of listDts(dir)) readDeclarations(f, path.join(dir, "_schemas"), defs);
  }
  const definitions: Record<string, JsonSchema> = {};
  for (const name of [...defs.keys()].sort()) definitions[name] = await definitionSchema(defs.get(name)!);
  for (const [name, schema] of Object.entries(definitions)) {
    for (const ref of JSON.stringify(schema).matchAll(/"#\/definitions\/([^"]+)"/g)) {
      if (!definitions[ref[1]!]) throw new Error(`${v.minor}: ${name} refers to missing ${ref[1]}`);
    }
  }
  const kinds = kindsOf(defs);
  const removed: Record<string, { removedIn: string; use: string }> = {};
  for (const key of Object.keys(kinds)) {
    const kind = key.slice(key.lastIndexOf("/") + 1);
    const apiVersion = key.slice(0, key.lastIndexOf("/"));
    const r = REMOVED_APIS.find((x) => x.apiVersion === apiVersion && (!x.kinds || x.kinds.includes(kind)) && minorNumber(x.removedIn) <= minorNumber(v.minor));
    if (r) {
      removed[key] = { removedIn: r.removedIn, use: r.use };
      delete kinds[key];
    }
  }
  return {
    kubernetesVersion: v.kubernetes,
    source: `kubernetes-models@${pkg.version}`,
    kinds,
    removed,
    definitions: reachable(definitions, Object.values(kinds)),
  };
}

// The bundle is an ES module (`export default JSON.parse("…")`): stages load code, not files, and
// JSON.parse of one string is the fastest way for V8 to build a large object.
function moduleText(value: unknown, comment: string): string {
  return `// ${comment}\n// Generated by scripts/generate-kubernetes-schemas.ts; do not edit.\nexport default JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`;
}

const check = process.argv.includes("--check");
await mkdir(OUT, { recursive: true });
const index: Record<string, { kubernetesVersion: string; source: string; module: string }> = {};
let stale = false;
for (const v of KUBERNETES_VERSIONS) {
  const started = Date.now();
  const bundle = await generate(v);
  const file = `kubernetes-${v.minor}.js`;
  index[v.minor] = { kubernetesVersion: bundle.kubernetesVersion, source: bundle.source, module: file };
  const text = moduleText(bundle, `Kubernetes ${bundle.kubernetesVersion} schemas from ${bundle.source}, strict (unknown fields rejected).`);
  const target = path.join(OUT, file);
  if (check) {
    stale ||= !existsSync(target) || readFileSync(target, "utf8") !== text;
  } else {
    await writeFile(target, text);
    const kinds = Object.keys(bundle.kinds).length;
    const defs = Object.keys(bundle.definitions).length;
    console.log(`schemas/kubernetes/${file}: Kubernetes ${bundle.kubernetesVersion} (${bundle.source}), ${kinds} kinds, ${defs} definitions, ${Math.round(text.length / 1024)} KiB, ${Date.now() - started} ms`);
  }
}
const indexText = moduleText(index, "Kubernetes versions with bundled schemas.");
if (check) {
  stale ||= readFileSync(path.join(OUT, "index.js"), "utf8") !== indexText;
  if (stale) {
    console.error("schemas/kubernetes/ is out of date: run npm run build");
    process.exit(1);
  }
} else await writeFile(path.join(OUT, "index.js"), indexText);
