// The fast value parser (js-yaml) must read every document exactly as `yaml` (the positions parser)
// does, and find where each document starts; otherwise values and diagnostics would disagree.
import { readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { documentStarts, fastParse } from "../../compiler/parse/fastYaml.js";
import { listTree } from "../support/golden.js";
import { ROOT } from "../support/cli.js";

const slow = (text: string) => parseAllDocuments(text, { version: "1.2", schema: "core" }).map((d) => d.toJS());

async function corpus(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of ["fixtures", "examples"]) {
    for (const f of await listTree(path.join(ROOT, dir))) {
      if (/\/input\//.test(`/${f}`) || dir === "examples") if (/\.(ya?ml|json)$/.test(f)) files.push(path.join(ROOT, dir, f));
    }
  }
  return files;
}

describe("fast YAML path", () => {
  it("reads every fixture and example file exactly as yaml does", async () => {
    let fastFiles = 0;
    for (const file of await corpus()) {
      const text = await readFile(file, "utf8");
      // Helm templates (Go templates, fixtures/repo-helm-kustomize) are never parsed: fedc skips charts.
      if (/\{\{-? /.test(text)) continue;
      const fast = fastParse(text);
      if (!fast) continue; // the careful path handles it
      fastFiles++;
      expect(fast.values, file).toEqual(slow(text));
      const docs = parseAllDocuments(text);
      fast.starts.forEach((start, i) => {
        const range = docs[i]?.contents?.range;
        if (range) expect(start, `${file} document ${i}`).toBe(range[0]);
      });
    }
    expect(fastFiles).toBeGreaterThan(50);
  });

  it.each([
    ["a: 1\n---\nb: 2\n", [0, 9]],
    ["---\na: 1\n", [4]],
    ["# c\n---\na: 1\n...\n---\nb: 1\n", [8, 21]],
    ["a: 1\n---\n", [0, 5]],
    ["--- {a: 1}\n--- |\n  text\n", [0, 11]],
    ["%YAML 1.2\n---\na: 1\n", [14]],
  ])("document starts of %j", (text, expected) => {
    expect(documentStarts(text)).toEqual(expected);
  });

  it("reads anchors and aliases as the careful path does, but leaves alias bombs and cycles to it", () => {
    for (const text of ["a: &x {b: 1}\nc: *x\n", "a: &s scalar\nb: *s\n<<: *s\n", "l: &l [1, 2]\nm: {x: *l}\n---\nn: &n {o: 1}\np: [*n, *n]\n"]) {
      expect(fastParse(text)?.values, text).toEqual(slow(text));
    }
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    expect(fastParse(bomb)).toBeUndefined();
    expect(fastParse("a: &a [1, *a]\n")).toBeUndefined();
  });

  it("leaves duplicate keys and syntax errors to the careful path", () => {
    expect(fastParse("a: 1\na: 2\n")).toBeUndefined();
    expect(fastParse("a: [1\n")).toBeUndefined();
  });

  it("agrees with yaml on generated manifests", () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.string({ minLength: 1 }), tie("node"), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string({ minLength: 1 }), value, { maxKeys: 5 }), { minLength: 1, maxLength: 3 }), (docs) => {
        const text = docs.map((d) => JSON.stringify(d)).join("\n---\n");
        const fast = fastParse(text);
        if (fast) expect(fast.values).toEqual(slow(text));
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
