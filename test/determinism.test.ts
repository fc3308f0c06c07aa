import { readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, MemoryFileSystem } from "../compiler/index.js";
import { listTree } from "./support/golden.js";
import { ROOT } from "./support/cli.js";

/** Every YAML document of a repository, as separate texts. */
async function documentsOf(dir: string): Promise<{ config: string; docs: string[] }> {
  let config = "";
  const docs: string[] = [];
  for (const f of await listTree(dir)) {
    if (f.startsWith("rendered/") || !f.endsWith(".yaml")) continue;
    const text = await readFile(path.join(dir, f), "utf8");
    if (f === "fedc.yaml") config = text;
    else docs.push(...text.split(/^---\s*$/m).filter((d) => d.trim() !== ""));
  }
  return { config, docs };
}

function outputsWithoutPlan(files: { path: string; content: string }[]): Map<string, string> {
  // fedc-plan.json cites source file:line, which legitimately changes when documents move.
  return new Map(files.filter((f) => f.path !== "fedc-plan.json").map((f) => [f.path, f.content]));
}

describe("determinism", () => {
  it("output is byte-identical whatever the file names, file order and document grouping", async () => {
    const { config, docs } = await documentsOf(path.join(ROOT, "examples/quickstart"));
    const reference = await compile({ repo: new MemoryFileSystem({ "fedc.yaml": config, "all.yaml": docs.join("---\n") }) });
    expect(reference.ok).toBe(true);
    const expected = outputsWithoutPlan(reference.files);
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(docs, { minLength: docs.length, maxLength: docs.length }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: docs.length, maxLength: docs.length }),
        fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 6, maxLength: 6 }),
        async (order, buckets, names) => {
          const files: Record<string, string> = { "fedc.yaml": config };
          order.forEach((doc, i) => {
            const file = `${names[buckets[i]!]}/${buckets[i]}.yaml`;
            files[file] = files[file] ? `${files[file]}---\n${doc}` : doc;
          });
          const result = await compile({ repo: new MemoryFileSystem(files) });
          expect(result.ok).toBe(true);
          expect(outputsWithoutPlan(result.files)).toEqual(expected);
        },
      ),
      { seed: 20261126, numRuns: 40 },
    );
  });

  it("the same input renders the same plan twice", async () => {
    const a = await compile({ repo: path.join(ROOT, "examples/quickstart") });
    const b = await compile({ repo: path.join(ROOT, "examples/quickstart") });
    expect(a.files).toEqual(b.files);
    const plan = a.files.find((f) => f.path === "fedc-plan.json")!.content;
    expect(plan).not.toMatch(/\/work\/|\/tmp\/|\d{4}-\d\d-\d\dT/);
  });
});
