// The input schemas precompiled by `npm run build` (schemas/input.validators.js) must report exactly
// what the same schemas compiled at run time report: same error objects, hence byte-identical
// diagnostics. The precompiled module is generated here, so this holds whether or not the checkout
// was built.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ErrorObject } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiagnosticBag } from "../../compiler/diagnostics/index.js";
import { loadSchemaBundle, schemaBundleDigest } from "../../compiler/load/schemas.js";
import { loadOwnScript } from "../../compiler/load/ownScript.js";
import type { SourceDoc } from "../../compiler/model.js";
import { createInputAjv } from "../../compiler/parse/inputAjv.js";
import { InputSchemas, type PrecompiledInputValidators } from "../../compiler/parse/schemaValidation.js";
import { parseSourceFile } from "../../compiler/parse/yaml.js";
import { inputValidatorsText } from "../../scripts/generate-input-schemas.js";
import { ROOT } from "../support/cli.js";
import { listTree } from "../support/golden.js";

const bundle = loadSchemaBundle();
const FEDERATED = bundle.catalog.find((e) => e.kind === "Federated*")!.schema;
let tmp: string;
let precompiled: { source: string; validators: PrecompiledInputValidators };

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "fedc-input-validators-"));
  const file = path.join(tmp, "input.validators.js");
  await writeFile(file, inputValidatorsText(bundle));
  precompiled = await loadOwnScript<typeof precompiled>(pathToFileURL(file));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Every document of every fixture input, with the schema fedc checks it against. */
async function fixtureDocs(): Promise<Array<{ doc: SourceDoc; schema: string; federated: boolean }>> {
  const out: Array<{ doc: SourceDoc; schema: string; federated: boolean }> = [];
  const fixtures = path.join(ROOT, "fixtures");
  for (const f of await listTree(fixtures)) {
    if (!/^[^/]+\/input\/.*\.(ya?ml|json)$/.test(f)) continue;
    const text = await readFile(path.join(fixtures, f), "utf8");
    for (const doc of parseSourceFile({ path: f, text }, new DiagnosticBag())) {
      const entry = bundle.catalog.find((e) => e.apiVersion === doc.apiVersion && e.kind === doc.kind);
      if (entry) out.push({ doc, schema: entry.schema, federated: false });
      else if (doc.apiVersion === "types.kubefed.io/v1beta1" && doc.kind.startsWith("Federated")) out.push({ doc, schema: FEDERATED, federated: true });
    }
  }
  return out;
}

describe("precompiled input validators", () => {
  it("carry the digest of the schemas they were generated from, and one validator per schema file", () => {
    expect(precompiled.source).toBe(schemaBundleDigest(bundle));
    expect(Object.keys(precompiled.validators(fullFormats)).sort()).toEqual(Object.keys(bundle.schemas).sort());
  });

  it("give the same error objects as the run-time compile, on every fixture input document", async () => {
    const ajv = createInputAjv(bundle.schemas);
    const validators = precompiled.validators(fullFormats);
    const docs = await fixtureDocs();
    let invalid = 0;
    const keywords = new Set<string>();
    for (const { doc, schema } of docs) {
      const runtime = ajv.getSchema(schema)!;
      const fast = validators[schema]!;
      const expected = runtime(doc.value);
      const expectedErrors: ErrorObject[] = [...(runtime.errors ?? [])];
      expect(fast(doc.value), `${doc.file}: ${doc.kind}`).toBe(expected);
      expect([...(fast.errors ?? [])], `${doc.file}: ${doc.kind}`).toEqual(expectedErrors);
      if (!expected) invalid++;
      for (const e of expectedErrors) keywords.add(e.keyword);
    }
    // The fixtures hold invalid documents of several kinds of mistake (unknown field, wrong type, missing field, enum).
    expect(invalid).toBeGreaterThanOrEqual(5);
    expect([...keywords]).toEqual(expect.arrayContaining(["additionalProperties", "type", "required", "enum"]));
  });

  it("give byte-identical diagnostics through InputSchemas", async () => {
    const runtime = await InputSchemas.create(bundle.catalog, bundle.schemas);
    const fast = await InputSchemas.create(bundle.catalog, bundle.schemas, precompiled.validators);
    const a = new DiagnosticBag();
    const b = new DiagnosticBag();
    for (const { doc, federated } of await fixtureDocs()) {
      expect(fast.validate(doc, b, { federated })).toBe(runtime.validate(doc, a, { federated }));
    }
    expect(a.items.length).toBeGreaterThan(0);
    expect(b.items).toEqual(a.items);
  });

  it("report invalid values of every schema keyword the same way (mutated documents)", async () => {
    const ajv = createInputAjv(bundle.schemas);
    const validators = precompiled.validators(fullFormats);
    // Each mutation breaks valid fixture documents in a different way: unknown and missing fields, empty strings
    // (minLength, pattern, enum, format), strings of code points outside the BMP (maxLength counts
    // code points), wrong types, fractional and negative numbers.
    const mutations: Array<(v: unknown) => unknown> = [
      (v) => mapTree(v, { object: (o) => ({ ...o, unknownField: 1 }) }),
      (v) => mapTree(v, { object: () => ({}) }),
      (v) => mapTree(v, { string: () => "" }),
      (v) => mapTree(v, { string: () => "\u{1F600}".repeat(32) }),
      (v) => mapTree(v, { string: () => "\u{1F600}".repeat(64) }),
      (v) => mapTree(v, { string: () => "not a date" }),
      (v) => mapTree(v, { string: () => 7, number: () => -1.5, boolean: () => "true" }),
      (v) => mapTree(v, { object: () => [], array: () => "not a list" }),
      (v) => [v],
    ];
    let compared = 0;
    const keywords = new Set<string>();
    for (const { doc, schema } of await fixtureDocs()) {
      if (!ajv.getSchema(schema)!(doc.value)) continue;
      for (const mutate of mutations) {
        const value = mutate(doc.value);
        const runtime = ajv.getSchema(schema)!;
        const fast = validators[schema]!;
        expect(fast(value)).toBe(runtime(value));
        const errors = [...(runtime.errors ?? [])];
        expect([...(fast.errors ?? [])]).toEqual(errors);
        for (const e of errors) keywords.add(e.keyword);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect([...keywords]).toEqual(expect.arrayContaining(["additionalProperties", "type", "required", "enum", "minLength", "maxLength", "pattern", "format", "minimum"]));
  });
});

/** The value with every node below the root replaced as `replace` says (nodes it does not replace are walked). */
function mapTree(
  value: unknown,
  replace: { object?: (o: Record<string, unknown>) => unknown; array?: (a: unknown[]) => unknown; string?: (s: string) => unknown; number?: (n: number) => unknown; boolean?: (b: boolean) => unknown },
  root = true,
): unknown {
  const walk = (v: unknown): unknown => mapTree(v, replace, false);
  if (Array.isArray(value)) {
    const mapped = value.map(walk);
    return !root && replace.array ? replace.array(mapped) : mapped;
  }
  if (value !== null && typeof value === "object") {
    const mapped = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return !root && replace.object ? replace.object(mapped) : mapped;
  }
  if (root) return value;
  if (typeof value === "string") return replace.string ? replace.string(value) : value;
  if (typeof value === "number") return replace.number ? replace.number(value) : value;
  if (typeof value === "boolean") return replace.boolean ? replace.boolean(value) : value;
  return value;
}
