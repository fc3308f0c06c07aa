import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import type { ErrorObject } from "ajv";
import { loadOwnScript } from "./ownScript.js";

export interface SchemaCatalogEntry {
  apiVersion: string;
  kind: string;
  schema: string;
}

export interface SchemaBundle {
  catalog: SchemaCatalogEntry[];
  schemas: Record<string, object>;
}

/**
 * What `npm run build` writes to schemas/input.validators.js (scripts/generate-input-schemas.ts):
 * the digest of the schemas it was generated from, and a function returning every schema's
 * precompiled validator by file name, given ajv-formats' fullFormats.
 */
export interface PrecompiledInputModule {
  source: string;
  validators: (formats: object) => Record<string, ((data: unknown) => boolean) & { errors?: ErrorObject[] | null }>;
}

/** The file, next to the schemas, that `npm run build` writes the precompiled input validators to. */
export const INPUT_VALIDATORS_FILE = "input.validators.js";

/** The package's `schemas/` folder: two levels above `compiler/load/` (sources), `dist/load/` (build) and `dist/bin/` (the CLI bundle). */
const SCHEMA_DIR = new URL("../../schemas/", import.meta.url);

let bundle: SchemaBundle | undefined;
let precompiled: Promise<PrecompiledInputModule["validators"] | undefined> | undefined;

/** The input schemas shipped in the package's `schemas/` folder. Read once per process. */
export function loadSchemaBundle(): SchemaBundle {
  if (bundle) return bundle;
  const dir = SCHEMA_DIR;
  const catalog = JSON.parse(readFileSync(new URL("catalog.json", dir), "utf8")) as SchemaCatalogEntry[];
  // Every schema file, including shared definitions that kinds reference with $ref.
  const schemas: Record<string, object> = {};
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".json") || name === "catalog.json") continue;
    schemas[name] = JSON.parse(readFileSync(new URL(name, dir), "utf8")) as object;
  }
  bundle = { catalog, schemas };
  return bundle;
}

/** A digest of the schemas (not of their formatting): the precompiled validators are used only when generated from these. */
export function schemaBundleDigest(b: SchemaBundle): string {
  return createHash("sha256").update(JSON.stringify(b.schemas)).digest("hex");
}

/**
 * The precompiled validators of the input schemas, or undefined when this checkout was not built
 * or the schemas changed since (the caller then compiles them at run time). Loaded once per process.
 */
export function loadPrecompiledInputValidators(b: SchemaBundle): Promise<PrecompiledInputModule["validators"] | undefined> {
  precompiled ??= (async () => {
    try {
      const m = await loadOwnScript<PrecompiledInputModule>(new URL(INPUT_VALIDATORS_FILE, SCHEMA_DIR));
      return m.source === schemaBundleDigest(b) && typeof m.validators === "function" ? m.validators : undefined;
    } catch {
      return undefined;
    }
  })();
  return precompiled;
}
