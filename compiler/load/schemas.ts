import { readdirSync, readFileSync } from "node:fs";

export interface SchemaCatalogEntry {
  apiVersion: string;
  kind: string;
  schema: string;
}

export interface SchemaBundle {
  catalog: SchemaCatalogEntry[];
  schemas: Record<string, object>;
}

let bundle: SchemaBundle | undefined;

/**
 * The input schemas shipped in the package's `schemas/` folder. Read once per process; the
 * folder sits two levels above both `compiler/load/` (sources) and `dist/load/` (build).
 */
export function loadSchemaBundle(): SchemaBundle {
  if (bundle) return bundle;
  const dir = new URL("../../schemas/", import.meta.url);
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
