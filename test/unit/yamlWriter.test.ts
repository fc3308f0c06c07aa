// The direct YAML writer must print exactly what the `yaml` package prints (with fedc's YAML 1.1
// quoting), or decline: output bytes are part of fedc's contract (goldens, diffs, Argo CD caches).
import { readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { ambiguousInYaml11 } from "../../compiler/emit/yaml.js";
import { manifestToYamlWithLibrary, plainYamlWithLibrary } from "../../compiler/emit/yaml.js";
import { writeYamlDocument } from "../../compiler/emit/yamlWriter.js";
import type { JsonObject } from "../../compiler/model.js";
import { listTree } from "../support/golden.js";
import { ROOT } from "../support/cli.js";

const write = (v: JsonObject) => writeYamlDocument(v, ambiguousInYaml11, true);

// Pieces that exercise every quoting rule: indicators, YAML 1.1 and 1.2 words and numbers, comments,
// document markers, block-scalar edge cases (leading spaces, trailing newlines), control characters.
const PIECES = [
  "a", "Z", "x1", "0", "1", "7", ".", "-", "+", "_", ":", ": ", " ", "  ", "#", " #", "\n", "\n\n", "\t", "'", '"', "\\",
  "yes", "No", "on", "OFF", "y", "null", "Null", "~", "true", "False", "---", "...", "%", "{", "}", "[", "]", ",", "&", "*",
  "!", "|", ">", "@", "`", "?", "0x1F", "0o17", "017", "1e3", "1_000", "1:20", ".5", "-.inf", ".NaN", "2024-01-02", "=",
  "<<", "é", "日本", "\u2028", "\u00a0", "\x7f", "\x00", "\x1b", "\ud800", "http://example.com/a?b=c&d", "registry.io/app:1.0",
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((p) => p.join(""));
// Keys include the ones manifests are reordered by (apiVersion, kind, metadata; name, namespace).
const key = fc.oneof(text, fc.constantFrom("apiVersion", "kind", "metadata", "name", "namespace", "10", "spec"));
const scalar = fc.oneof(
  text,
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 1.5, -2.25e-7, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("list"), tie("map")),
  list: fc.array(tie("tree"), { maxLength: 4 }),
  map: fc.dictionary(key, tie("tree"), { maxKeys: 5 }),
}));
const documentValue = fc.dictionary(key, tree, { maxKeys: 6 }) as fc.Arbitrary<JsonObject>;

describe("direct YAML writer", () => {
  it("prints what the yaml package prints, or declines", () => {
    let written = 0;
    fc.assert(
      fc.property(documentValue, (value) => {
        const fast = write(value);
        if (fast === undefined) return;
        written++;
        expect(fast).toBe(manifestToYamlWithLibrary(value));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 3000), seed: process.env.FUZZ_RUNS ? undefined : 20261126 },
    );
    // A good share of generated documents have no character the writer declines: the comparison is not vacuous.
    expect(written).toBeGreaterThan(500);
  });

  it("writes subtrees shared between objects (overrides copy only the path they change) the same each time", () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 3 }), { minLength: 1, maxLength: 3 }), (shared) => {
        // The same objects under different keys, at different depths, in lists, across documents.
        const docs: JsonObject[] = [
          { a: shared[0]!, b: { c: shared[0]!, d: [shared[0]!, ...shared] } },
          { x: [[shared[shared.length - 1]!]], y: shared[0]!, metadata: shared[0]! },
          { spec: { template: { spec: shared[0]! } }, list: shared },
        ] as JsonObject[];
        for (const doc of [...docs, ...docs]) {
          const fast = write(doc);
          if (fast !== undefined) expect(fast).toBe(manifestToYamlWithLibrary(doc));
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("prints kustomization files as the yaml package does", () => {
    const value = { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: ["default/deployment-web.yaml", "_cluster/namespace-default.yaml", "on.yaml"] };
    expect(writeYamlDocument(value, () => false)).toBe(plainYamlWithLibrary(value));
  });

  it("writes every manifest of every fixture and example itself, with the yaml package's bytes", async () => {
    let documents = 0;
    for (const dir of ["fixtures", "examples"]) {
      for (const f of await listTree(path.join(ROOT, dir))) {
        if (!/\/(expected|rendered)\/.*\.ya?ml$/.test(`/${f}`)) continue;
        const content = await readFile(path.join(ROOT, dir, f), "utf8");
        for (const doc of parseAllDocuments(content)) {
          const value = doc.toJS() as unknown;
          if (!value || typeof value !== "object" || Array.isArray(value)) continue;
          const fast = write(value as JsonObject);
          expect(fast, `${dir}/${f}`).toBeDefined();
          expect(fast).toBe(manifestToYamlWithLibrary(value as JsonObject));
          documents++;
        }
      }
    }
    expect(documents).toBeGreaterThan(300);
  });

  it("declines what it does not reproduce, and the fallback still reads back the same", () => {
    for (const value of [
      { data: { bin: "a\x00b" } },
      { data: { "multi\nline key": "x" } },
      { data: { script: "#!/bin/sh\n---\necho\n" } },
      { data: { trailing: "a\n  " } },
      { spec: { when: new Date(0) } },
    ] as JsonObject[]) {
      expect(write(value)).toBeUndefined();
      if (!(value.spec as { when?: unknown } | undefined)?.when) expect(parse(manifestToYamlWithLibrary(value))).toEqual(value);
    }
  });
});
