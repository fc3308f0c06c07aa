// What the API server says about a field, in its own words (k8s.io/apimachinery field.Error):
// `spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive`. Each problem
// keeps the object path it is about, so it can be located at the input that wrote that field.
import type { Json, JsonObject } from "../model.js";

export interface FieldProblem {
  /** Path in the emitted object (map keys and list indices as strings). */
  path: string[];
  /** A map key is reported at the key, anything else at its value. */
  part: "key" | "value";
  message: string;
}

/** `spec.containers[0].name`; a segment that is a map key (labels, data) is written `[key]`. */
export function fieldName(path: readonly string[], keyed: ReadonlySet<number> = NO_KEYS): string {
  let out = "";
  path.forEach((seg, i) => {
    if (keyed.has(i)) out += `[${seg}]`;
    else if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  });
  return out;
}
const NO_KEYS: ReadonlySet<number> = new Set();

/** A map key inside `[…]`: quoted when it holds anything a terminal would not print as is. */
export function keyed(base: string, key: string): string {
  return `${base}[${/^[\x20-\x7e]*$/.test(key) ? key : JSON.stringify(key).slice(1, -1)}]`;
}

/** Go's %q for strings, %v for numbers. Values of Secret-like objects never reach here (see hidesValue). */
export function shown(value: Json | undefined): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value ?? null);
}

/** Collects the problems of one object; `at` is the display path for the problem, `path` where it is located. */
export class FieldErrors {
  readonly problems: FieldProblem[] = [];

  private push(path: readonly string[], display: string, body: string, part: "key" | "value"): void {
    this.problems.push({ path: [...path], part, message: `${display}: ${body}` });
  }

  invalid(path: readonly string[], value: Json | undefined, detail: string, options: { display?: string; part?: "key" | "value"; hide?: boolean } = {}): void {
    const v = options.hide ? `"<redacted>"` : shown(value);
    this.push(path, options.display ?? fieldName(path), `Invalid value: ${v}: ${detail}`, options.part ?? "value");
  }

  required(path: readonly string[], detail = "", display?: string): void {
    this.push(path, display ?? fieldName(path), `Required value${detail ? `: ${detail}` : ""}`, "value");
  }

  duplicate(path: readonly string[], value: Json | undefined, display?: string): void {
    this.push(path, display ?? fieldName(path), `Duplicate value: ${shown(value)}`, "value");
  }

  forbidden(path: readonly string[], detail: string, display?: string): void {
    this.push(path, display ?? fieldName(path), `Forbidden: ${detail}`, "value");
  }

  notFound(path: readonly string[], value: Json | undefined, display?: string): void {
    this.push(path, display ?? fieldName(path), `Not found: ${shown(value)}`, "value");
  }

  notSupported(path: readonly string[], value: Json | undefined, supported: readonly string[]): void {
    this.push(path, fieldName(path), `Unsupported value: ${shown(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}`, "value");
  }

  tooLong(path: readonly string[], max: number, display?: string): void {
    this.push(path, display ?? (fieldName(path) || "<object>"), `Too long: must have at most ${max} bytes`, "value");
  }

  /** Every message of a string rule (validation.ts) as Invalid errors. */
  each(path: readonly string[] | (() => readonly string[]), value: string, messages: readonly string[], options: { display?: string; part?: "key" | "value" } = {}): void {
    if (messages.length === 0) return;
    const at = typeof path === "function" ? path() : path;
    for (const m of messages) this.invalid(at, value, m, options);
  }
}

// Readers that never throw on a shape the schema let through (custom resources have no schema).
export function obj(v: Json | undefined): JsonObject | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}
export function list(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}
export function str(v: Json | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}
export function num(v: Json | undefined): number | undefined {
  return typeof v === "number" ? v : undefined;
}
