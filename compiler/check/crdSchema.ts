// A CustomResourceDefinition's openAPIV3Schema as a strict JSON Schema for ajv, with the API
// server's semantics for what a custom resource may contain:
// - structural pruning (apiextensions.k8s.io/v1, and v1beta1 with preserveUnknownFields: false):
//   a field the schema does not declare is dropped by the API server and rejected by
//   `kubectl apply` (strict field validation), so it is an unknown field here, unless
//   x-kubernetes-preserve-unknown-fields says to keep it;
// - x-kubernetes-int-or-string: an integer or a string; x-kubernetes-embedded-resource: an object
//   with apiVersion, kind and metadata; nullable: null is allowed;
// - OpenAPI 3.0's boolean exclusiveMinimum/exclusiveMaximum become JSON Schema's numeric ones;
// - defaults are ignored (the API server applies them, they are not constraints), and so are
//   x-kubernetes-validations (CEL rules; not evaluated);
// - formats: only those the API server checks and ajv implements the same way are kept.
import type { Json, JsonObject } from "../model.js";

/** Formats Kubernetes validates in custom resources that ajv-formats checks identically. */
const CHECKED_FORMATS = new Set(["date-time", "date", "byte", "uuid", "ipv4", "ipv6"]);

const COPIED = [
  "pattern", "minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems",
  "uniqueItems", "minProperties", "maxProperties", "required",
] as const;

export interface CrdSchemaOptions {
  /** Structural pruning applies: undeclared fields are unknown fields. */
  prune: boolean;
  /** `$ref` to the Kubernetes ObjectMeta schema, for metadata at the root and in embedded resources. */
  objectMeta: string;
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The JSON Schema for a custom resource of one CRD version. */
export function crdJsonSchema(openAPIV3Schema: JsonObject, options: CrdSchemaOptions): JsonObject {
  const root = convert(openAPIV3Schema, options);
  return withResourceFields(root, options);
}

/** apiVersion, kind and metadata (as ObjectMeta) at the root of a resource. */
function withResourceFields(schema: JsonObject, options: CrdSchemaOptions): JsonObject {
  const properties: JsonObject = isObject(schema.properties) ? { ...schema.properties } : {};
  properties.apiVersion = { type: "string" };
  properties.kind = { type: "string" };
  properties.metadata = { $ref: options.objectMeta };
  return { ...schema, type: "object", properties };
}

function convert(s: JsonObject, options: CrdSchemaOptions): JsonObject {
  const out: JsonObject = {};
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
  const nullable = s.nullable === true;
  if (s["x-kubernetes-int-or-string"] === true) out.type = ["integer", "string"];
  else if (typeof s.type === "string") out.type = s.type;
  if (typeof s.format === "string" && CHECKED_FORMATS.has(s.format)) out.format = s.format;
  for (const k of COPIED) if (s[k] !== undefined) out[k] = s[k]!;
  if (Array.isArray(s.enum)) out.enum = s.enum;
  // OpenAPI 3.0: exclusiveMinimum/Maximum are booleans qualifying minimum/maximum.
  if (s.exclusiveMinimum === true && typeof s.minimum === "number") {
    out.exclusiveMinimum = s.minimum;
    delete out.minimum;
  }
  if (s.exclusiveMaximum === true && typeof s.maximum === "number") {
    out.exclusiveMaximum = s.maximum;
    delete out.maximum;
  }
  if (isObject(s.properties)) {
    const properties: JsonObject = {};
    for (const [name, p] of Object.entries(s.properties)) if (isObject(p)) properties[name] = convert(p, options);
    out.properties = properties;
  }
  if (isObject(s.items)) out.items = convert(s.items, options);
  else if (Array.isArray(s.items)) out.items = s.items.filter(isObject).map((i) => convert(i, options));
  if (isObject(s.additionalProperties)) out.additionalProperties = convert(s.additionalProperties, options);
  else if (typeof s.additionalProperties === "boolean") out.additionalProperties = s.additionalProperties;
  for (const k of ["allOf", "anyOf", "oneOf"] as const) {
    const list = s[k];
    if (Array.isArray(list)) out[k] = list.filter(isObject).map((x) => convert(x, options));
  }
  if (isObject(s.not)) out.not = convert(s.not, options);
  let result = out;
  if (s["x-kubernetes-embedded-resource"] === true) result = withResourceFields(result, options);
  const isObjectType = result.type === "object" || (result.type === undefined && result.properties !== undefined);
  if (options.prune && !preserve && isObjectType && result.additionalProperties === undefined) {
    // Pruning keeps only declared fields (none, for an object without properties).
    result.additionalProperties = false;
  }
  if (nullable) {
    if (typeof result.type === "string") result.type = [result.type, "null"];
    else if (Array.isArray(result.type)) result.type = [...result.type, "null"];
    if (Array.isArray(result.enum) && !result.enum.includes(null)) result.enum = [...result.enum, null];
  }
  return result;
}
