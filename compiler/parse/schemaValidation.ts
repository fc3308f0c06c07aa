import type { ErrorObject } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { closest, distance } from "fastest-levenshtein";
import type { NodePath, SourceDoc } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { formatFieldPath, parsePointer } from "../kube/fieldPaths.js";
import { hidesValue, valueKind } from "../kube/secrets.js";

export interface SchemaCatalogEntry {
  apiVersion: string;
  kind: string;
  schema: string;
}

/** One input schema's validator, shaped like ajv's: after a call that returns false, `errors` holds why. */
export interface InputValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * What the build's generated module (schemas/input.validators.js) exports: every schema's validator
 * by file name, precompiled by ajv with the same configuration as the run-time compile
 * (./inputAjv.ts), given ajv-formats' fullFormats.
 */
export type PrecompiledInputValidators = (formats: object) => Record<string, InputValidator>;

/**
 * Validates fedc, KubeFed and Karmada documents against the JSON Schemas in `schemas/`.
 * Create with `InputSchemas.create`.
 */
export class InputSchemas {
  private readonly byKind = new Map<string, string>();
  private federatedSchema?: string;

  private constructor(
    catalog: readonly SchemaCatalogEntry[],
    private readonly validator: (name: string) => InputValidator | undefined,
  ) {
    for (const e of catalog) {
      if (e.kind === "Federated*") this.federatedSchema = e.schema;
      else this.byKind.set(`${e.apiVersion}\0${e.kind}`, e.schema);
    }
  }

  /**
   * With `precompiled` (a built checkout) the validators come ready-made and ajv's compiler is never
   * loaded. Without, the schemas are compiled at run time, lazily, only for kinds present in the
   * repository (compiling all of them costs more than validating a typical repository).
   */
  static async create(
    catalog: readonly SchemaCatalogEntry[],
    schemas: Record<string, object>,
    precompiled?: PrecompiledInputValidators,
  ): Promise<InputSchemas> {
    if (precompiled) {
      const validators = precompiled(fullFormats);
      return new InputSchemas(catalog, (name) => (Object.hasOwn(validators, name) ? validators[name] : undefined));
    }
    const { createInputAjv } = await import("./inputAjv.js");
    const ajv = createInputAjv(schemas);
    const compiled = new Map<string, InputValidator>();
    return new InputSchemas(catalog, (name) => {
      let fn = compiled.get(name);
      if (!fn) {
        fn = ajv.getSchema(name);
        if (fn) compiled.set(name, fn);
      }
      return fn;
    });
  }

  /** True when a schema exists for the kind (federated kinds are checked with the generic schema). */
  has(apiVersion: string, kind: string): boolean {
    return this.byKind.has(`${apiVersion}\0${kind}`);
  }

  validate(doc: SourceDoc, diagnostics: DiagnosticBag, options: { federated?: boolean } = {}): boolean {
    const name = options.federated ? this.federatedSchema : this.byKind.get(`${doc.apiVersion}\0${doc.kind}`);
    if (!name) return true;
    const fn = this.validator(name);
    if (!fn) return true;
    if (fn(doc.value)) return true;
    reportSchemaErrors(doc, fn.errors ?? [], diagnostics);
    return false;
  }
}

/** `spec.placement.clusters[0].name`, the way users read a field path. */
export function displayPath(path: NodePath): string {
  return formatFieldPath(path, "(document)");
}

function reportSchemaErrors(doc: SourceDoc, errors: readonly ErrorObject[], diagnostics: DiagnosticBag): void {
  // allErrors reports every branch of a oneOf/anyOf; keep the errors most specific to the data.
  const relevant = errors.filter((e) => e.keyword !== "if" && !(e.keyword === "anyOf" || e.keyword === "oneOf") || errors.length === 1);
  const seen = new Set<string>();
  for (const err of relevant.length > 0 ? relevant : errors) {
    const path = parsePointer(err.instancePath);
    let message: string;
    let span = doc.locate(path);
    let code: "SCHEMA_VIOLATION" | "UNKNOWN_FIELD" = "SCHEMA_VIOLATION";
    const where = `${doc.kind} ${displayPath(path)}`;
    // A FederatedSecret's values (or anything under data/stringData) are described, never quoted.
    const hide = hidesValue(doc.kind, path);
    switch (err.keyword) {
      case "additionalProperties": {
        const field = String((err.params as { additionalProperty: string }).additionalProperty);
        const allowed = Object.keys(((err.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object);
        const hint = allowed.length ? closest(field, allowed) : undefined;
        const near = hint && similar(field, hint) ? `; did you mean "${hint}"?` : allowed.length ? `; allowed fields: ${allowed.join(", ")}` : "";
        code = "UNKNOWN_FIELD";
        message = `${doc.kind} has no field ${displayPath([...path, field])}${near}`;
        span = doc.locate([...path, field], "key");
        break;
      }
      case "required": {
        const field = String((err.params as { missingProperty: string }).missingProperty);
        message = `${where} is missing required field "${field}"`;
        break;
      }
      case "enum": {
        const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v));
        message = `${where} must be one of ${allowed.join(", ")}${hide ? "" : `, not ${JSON.stringify(err.data)}`}`;
        break;
      }
      case "type": {
        const t = (err.params as { type: string | string[] }).type;
        message = `${where} must be ${Array.isArray(t) ? t.join(" or ") : article(t)}, not ${hide ? valueKind(err.data) : describe(err.data)}`;
        break;
      }
      default:
        message = `${where} ${err.message ?? "is invalid"}`;
    }
    const key = `${span.start}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.error(code, message, span);
  }
}

function similar(a: string, b: string): boolean {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  // Close enough to be a typo: edit distance at most a third of the length (at least 2).
  return distance(la, lb) <= Math.max(2, Math.floor(Math.max(la.length, lb.length) / 3));
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `${typeof v} ${JSON.stringify(v)}`;
}
