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
import { RE2JS } from "re2js";
import type { Json, JsonObject } from "../model.js";

/** Formats Kubernetes validates in custom resources that ajv-formats checks identically. */
const CHECKED_FORMATS = new Set(["date-time", "date", "byte", "uuid", "ipv4", "ipv6"]);

const COPIED = [
  "pattern", "minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems",
  "minProperties", "maxProperties", "required",
] as const;
// uniqueItems is never copied: the API server refuses `uniqueItems: true` in a CRD (crdSchemaProblems
// reports it at the CRD), and checking it is quadratic in the list (40,000 items: 81 s).

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

export interface CrdSchemaProblem {
  /** Path inside the openAPIV3Schema. */
  path: (string | number)[];
  message: string;
}

/**
 * What the API server refuses in a CRD's structural schema (apiextensions validation,
 * ValidateCustomResourceDefinitionOpenAPISchema), as far as it matters for what fedc does with the
 * schema: keywords that make checking a custom resource quadratic or unbounded (uniqueItems: true,
 * $ref and definitions, patternProperties, dependencies, additionalItems), properties together with
 * additionalProperties, and patterns that are not RE2 (Go regexp) syntax — the API server compiles
 * them with Go's regexp, and fedc evaluates them with the same linear-time semantics (re2js).
 */
export function crdSchemaProblems(schema: JsonObject): CrdSchemaProblem[] {
  const problems: CrdSchemaProblem[] = [];
  const stack: { s: JsonObject; path: (string | number)[] }[] = [{ s: schema, path: [] }];
  const forbidden: Record<string, string> = {
    $ref: "$ref is not allowed in a CRD schema; write the schema out",
    definitions: "definitions is not allowed in a CRD schema",
    patternProperties: "patternProperties is not allowed in a CRD schema; use additionalProperties",
    dependencies: "dependencies is not allowed in a CRD schema",
    additionalItems: "additionalItems is not allowed in a CRD schema",
    id: "id is not allowed in a CRD schema",
    $schema: "$schema is not allowed in a CRD schema",
  };
  while (stack.length > 0) {
    const { s, path } = stack.pop()!;
    for (const [k, message] of Object.entries(forbidden)) if (s[k] !== undefined) problems.push({ path: [...path, k], message });
    if (s.uniqueItems === true) {
      problems.push({ path: [...path, "uniqueItems"], message: "uniqueItems cannot be true in a CRD schema (the API server refuses it); use x-kubernetes-list-type: set" });
    }
    if (isObject(s.properties) && s.additionalProperties !== undefined && s.additionalProperties !== false) {
      problems.push({ path: [...path, "additionalProperties"], message: "additionalProperties and properties cannot both be set in a CRD schema" });
    }
    if (s["x-kubernetes-preserve-unknown-fields"] === false) {
      problems.push({ path: [...path, "x-kubernetes-preserve-unknown-fields"], message: "x-kubernetes-preserve-unknown-fields must be true or left out" });
    }
    if (s.pattern !== undefined) {
      const problem = typeof s.pattern === "string" ? re2Problem(s.pattern) : "it is not a string";
      if (problem) problems.push({ path: [...path, "pattern"], message: `pattern is not a valid RE2 (Go) regular expression: ${problem}` });
    }
    const push = (v: Json | undefined, p: (string | number)[]) => {
      if (isObject(v)) stack.push({ s: v, path: [...path, ...p] });
    };
    if (isObject(s.properties)) for (const [name, v] of Object.entries(s.properties)) push(v, ["properties", name]);
    if (Array.isArray(s.items)) s.items.forEach((v, i) => push(v, ["items", i]));
    else push(s.items, ["items"]);
    push(s.additionalProperties, ["additionalProperties"]);
    push(s.not, ["not"]);
    for (const k of ["allOf", "anyOf", "oneOf"] as const) {
      const list = s[k];
      if (Array.isArray(list)) list.forEach((v, i) => push(v, [k, i]));
    }
  }
  return problems.reverse();
}

const compiled = new Map<string, RE2JS | { error: string }>();

function compileRe2(pattern: string): RE2JS | { error: string } {
  let r = compiled.get(pattern);
  if (!r) {
    if (compiled.size > 10_000) compiled.clear();
    try {
      r = RE2JS.compile(pattern);
    } catch (e) {
      r = { error: (e as Error).message };
    }
    compiled.set(pattern, r);
  }
  return r;
}

function re2Problem(pattern: string): string | undefined {
  const r = compileRe2(pattern);
  return "error" in r ? r.error : undefined;
}

/**
 * ajv's regular-expression engine for CRD schemas: RE2 semantics, linear in the input whatever the
 * pattern (`^(a+)+$` on "aaaa…b" backtracks exponentially in JavaScript's engine). A pattern RE2 does
 * not accept fails the schema's compilation, and the CRD is reported by crdSchemaProblems.
 */
export const re2RegExp = Object.assign(
  (pattern: string): { test: (s: string) => boolean; toString: () => string } => {
    const r = compileRe2(pattern);
    if ("error" in r) throw new Error(`pattern is not a valid RE2 (Go) regular expression: ${r.error}`);
    // ajv keys its compiled patterns by toString(): each pattern needs its own.
    return { test: (s: string) => r.test(s), toString: () => `re2:${pattern}` };
  },
  { code: "re2js" },
);
