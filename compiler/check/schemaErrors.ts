// ajv errors on an emitted object, as problems a user can act on: the JSON path of the field and
// a sentence about it ("must be an integer, not string "3"", "has no field imagePullPolicyy; did
// you mean imagePullPolicy?").
import type { ErrorObject } from "ajv";
import { closest, distance } from "fastest-levenshtein";
import { valueKind } from "../kube/secrets.js";
import { formatFieldPath, parsePointer } from "../kube/fieldPaths.js";

export interface SchemaProblem {
  code: "OUTPUT_UNKNOWN_FIELD" | "OUTPUT_SCHEMA_VIOLATION";
  /** Path of the offending field in the object (for a missing or unknown field: that field). */
  path: string[];
  /** Where the span points: the field's key (unknown field) or its value. */
  part: "key" | "value";
  /** "spec.replicas must be an integer, not string "3"" */
  message: string;
}

/** `spec.template.spec.containers[0].image`, the way kubectl prints field paths. */
export function fieldPath(path: readonly string[]): string {
  return formatFieldPath(path, "the object");
}

const FORMATS: Record<string, string> = {
  byte: "must be base64-encoded (Secret data takes base64; put plain text in stringData)",
  quantity: "must be a quantity such as 500m, 2, 1.5Gi or 128Mi",
  int32: "must fit in 32 bits (between -2147483648 and 2147483647)",
  "date-time": "must be an RFC 3339 date-time such as 2024-01-02T15:04:05Z",
  date: "must be a date such as 2024-01-02",
  uuid: "must be a UUID",
  ipv4: "must be an IPv4 address",
  ipv6: "must be an IPv6 address",
};

function typeName(t: string): string {
  switch (t) {
    case "object":
      return "a map";
    case "array":
      return "a list";
    case "integer":
      return "an integer";
    default:
      return `a ${t}`;
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `${typeof v} ${JSON.stringify(v)}`;
}

function typesOf(schema: unknown): string[] {
  const t = (schema as { type?: string | string[] } | undefined)?.type;
  return (Array.isArray(t) ? t : t ? [t] : []).filter((x) => x !== "null");
}

function similar(a: string, b: string): boolean {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  // Close enough to be a typo: edit distance at most a third of the length (at least 2).
  return distance(la, lb) <= Math.max(2, Math.floor(Math.max(la.length, lb.length) / 3));
}

function jsonTypes(v: unknown): string[] {
  if (v === null) return ["null"];
  if (Array.isArray(v)) return ["array"];
  if (typeof v === "number") return Number.isInteger(v) ? ["integer", "number"] : ["number"];
  return [typeof v];
}

/**
 * anyOf/oneOf (int-or-string, quantities, CRD alternatives): when one branch takes the value's type,
 * its errors say what is wrong (an integer out of range); otherwise one error lists the forms.
 */
function foldBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  for (const alt of errors) {
    if (alt.keyword !== "anyOf" && alt.keyword !== "oneOf") continue;
    const branches = (alt.schema as unknown[] | undefined) ?? [];
    const types = jsonTypes(alt.data);
    const match = branches.findIndex((b) => typesOf(b).some((t) => types.includes(t)));
    const prefix = `${alt.schemaPath}/`;
    for (const e of errors) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      if (match >= 0 && e.schemaPath.startsWith(`${prefix}${match}/`)) continue;
      drop.add(e);
    }
    if (match >= 0 && errors.some((e) => e.schemaPath.startsWith(`${prefix}${match}/`))) drop.add(alt);
  }
  return errors.filter((e) => !drop.has(e));
}

/**
 * Turns one validator's errors into problems; errors of anyOf/oneOf branches fold into one.
 * `hidden(path)`: the value there may be secret, so messages say what it is but never quote it.
 */
export function schemaProblems(errors: readonly ErrorObject[], hidden: (path: string[]) => boolean = () => false): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const err of foldBranches(errors)) {
    if (err.keyword === "if") continue;
    const at = parsePointer(err.instancePath);
    let path = at;
    let part: "key" | "value" = "value";
    let code: SchemaProblem["code"] = "OUTPUT_SCHEMA_VIOLATION";
    let message: string;
    const hide = hidden(at);
    const found = (v: unknown) => (hide ? valueKind(v) : describe(v));
    const quoted = (v: unknown) => (hide ? "" : `, not ${JSON.stringify(v)}`);
    switch (err.keyword) {
      case "additionalProperties": {
        const field = String((err.params as { additionalProperty: string }).additionalProperty);
        const allowed = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        const hint = allowed.length ? closest(field, allowed) : undefined;
        path = [...at, field];
        part = "key";
        code = "OUTPUT_UNKNOWN_FIELD";
        const known = allowed.length === 0 ? `; ${fieldPath(at)} takes no fields` : allowed.length <= 12 ? `; the fields of ${fieldPath(at)} are ${allowed.join(", ")}` : "";
        message = `${fieldPath(path)} is an unknown field` + (hint && similar(field, hint) ? `; did you mean "${hint}"?` : known);
        break;
      }
      case "required": {
        const field = String((err.params as { missingProperty: string }).missingProperty);
        path = [...at, field];
        message = `${fieldPath(path)} is required`;
        break;
      }
      case "type": {
        const types = typesOf(err.parentSchema);
        message = `${fieldPath(at)} must be ${types.map(typeName).join(" or ") || "null"}, not ${found(err.data)}`;
        break;
      }
      case "enum": {
        const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.filter((v) => v !== null).map((v) => JSON.stringify(v));
        message = `${fieldPath(at)} must be one of ${allowed.join(", ")}${quoted(err.data)}`;
        break;
      }
      case "format": {
        const format = String((err.params as { format: string }).format);
        message = `${fieldPath(at)} ${FORMATS[format] ?? `must be a valid ${format}`}${quoted(err.data)}`;
        break;
      }
      case "not":
        message = (err.schema as { type?: string } | undefined)?.type === "null" ? `${fieldPath(at)} must not be null` : `${fieldPath(at)} ${err.message ?? "is invalid"}`;
        break;
      case "anyOf":
      case "oneOf": {
        const forms = ((err.schema as unknown[] | undefined) ?? []).flatMap(typesOf);
        message = forms.length
          ? `${fieldPath(at)} must be ${[...new Set(forms)].map(typeName).join(" or ")}, not ${found(err.data)}`
          : `${fieldPath(at)} ${err.message ?? "is invalid"}`;
        break;
      }
      default:
        message = `${fieldPath(at)} ${err.message ?? "is invalid"}${err.data !== undefined && typeof err.data !== "object" ? quoted(err.data) : ""}`;
    }
    const key = `${path.join("/")}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ code, path, part, message });
  }
  return problems;
}
