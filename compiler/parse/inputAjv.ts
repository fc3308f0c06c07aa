// The one ajv configuration for the input schemas in schemas/. Used to compile them at run time (a
// checkout that was not built) and by `npm run build` (scripts/generate-input-schemas.ts) to write
// the same validators as standalone code, so both give identical error objects. Imported lazily:
// loading ajv's compiler is itself a noticeable part of a start.
import { Ajv, _, type Options } from "ajv";
import addFormats from "ajv-formats";

/**
 * An Ajv instance holding every input schema under its file name ("kubefed.KubeFedCluster.json").
 * "standalone" adds code generation: the generated code calls `formats[...]` (ajv-formats' fullFormats).
 */
export function createInputAjv(schemas: Record<string, object>, mode: "runtime" | "standalone" = "runtime"): Ajv {
  // The schemas are checked against the meta-schema by test/unit/schemas.test.ts; skipping that at
  // run time saves ~50 ms of every start (measured with --cpu-prof), which Argo CD pays per app.
  const options: Options = { allErrors: true, strict: true, verbose: true, validateSchema: false };
  if (mode === "standalone") options.code = { source: true, esm: false, formats: _`formats` };
  const ajv = new Ajv(options);
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const [name, schema] of Object.entries(schemas)) {
    const { $id: _ignored, ...rest } = schema as { $id?: string };
    ajv.addSchema({ ...rest, $id: name }, name);
  }
  return ajv;
}
