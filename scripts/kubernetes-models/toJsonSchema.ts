// Definitions as strict JSON Schema: each declared shape converted, with what the declarations
// cannot say asked of kubernetes-models' own precompiled validator for the definition (is 0.5
// accepted here? is "\u0000%" a format error? what does a free-form type accept?).
import { pathToFileURL } from "node:url";
import type { Definition, Prop, Shape } from "./declarations.js";

export type JsonSchema = { [key: string]: unknown };

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; keyword: string; params: Record<string, unknown> }> | null };

/**
 * Fields the API server requires although the OpenAPI document marks them optional (its
 * validation, not the schema, rejects them). Kept to what a manifest author hits: a container
 * without an image ("spec.template.spec.containers[0].image: Required value").
 */
export const SERVER_REQUIRED: Record<string, string[]> = {
  IoK8sApiCoreV1Container: ["image"],
};

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

const SAMPLES: Array<[string, unknown]> = [["string", "x"], ["integer", 1], ["boolean", true], ["array", []], ["object", {}]];
const PROBE_TYPES = SAMPLES.length;

/** The JSON types an untyped definition (an empty interface) accepts. */
function probeTypes(validate: Validate): string[] {
  const samples = SAMPLES;
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
      // A null map value is what the API server decodes to an empty value (KubeFed's own sample
      // overrides a Secret's data with {A: null}), so it is accepted; a null list item is not.
      return { type: "object", additionalProperties: toSchema(shape.values, validate, { wrap: (v) => site.wrap({ k: v }), pointer: `${site.pointer}/k` }, true) };
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

export async function definitionSchema(def: Definition): Promise<JsonSchema> {
  const validate = def.validatorFile ? ((await import(pathToFileURL(def.validatorFile).href)) as { validate: Validate }).validate : undefined;
  if (!validate) throw new Error(`no validator for ${def.name}`);
  const root: Site = { wrap: (v) => v, pointer: "" };
  if (def.shape.t === "object" && def.shape.props.length === 0) {
    // An empty interface is a free-form value (RawExtension, JSON, FieldsV1): no field list to be strict about.
    const types = probeTypes(validate);
    return types.length === PROBE_TYPES ? {} : nullable(types.length === 1 ? { type: types[0] } : { type: types });
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
export function kindsOf(defs: Map<string, Definition>): Record<string, string> {
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
export function reachable(definitions: Record<string, JsonSchema>, roots: string[]): Record<string, JsonSchema> {
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
