// Parsing is linear whatever the text holds. An anchor used to send a file to the careful parser,
// whose duplicate-key check compared every key with every earlier one: a 100,000-key map took 81 s.
// Each case times two sizes 4× apart: linear work takes ~4× as long, quadratic ~16×.
import { describe, expect, it } from "vitest";
import { parseSourceFile } from "../../compiler/parse/index.js";
import { DiagnosticBag } from "../../compiler/diagnostics/index.js";

function configMap(keys: number, tail: string): string {
  const lines = ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: big, namespace: ns, labels: &labels {app: big}}", "data:"];
  for (let i = 0; i < keys; i++) lines.push(`  k${i}: v${i}`);
  return lines.join("\n") + "\n" + tail;
}

function timed(text: string): { ms: number; diagnostics: string[]; docs: number } {
  const bag = new DiagnosticBag();
  const start = performance.now();
  const docs = parseSourceFile({ path: "big.yaml", text }, bag);
  return { ms: performance.now() - start, diagnostics: bag.items.map((d) => d.message), docs: docs.length };
}

describe("parsing time is linear whatever the anchors", () => {
  it.each([
    ["a map with an anchor (the fast path)", "", 1, []],
    ["a map with an anchor and a duplicate key (the careful path)", "  k5: again\n", 0, ['key "k5" appears twice in one mapping; keep one (kubectl and kustomize would refuse the file too)']],
  ])("%s", (_, tail, docs, diagnostics) => {
    timed(configMap(2_000, tail)); // warm-up
    const small = timed(configMap(10_000, tail));
    const large = timed(configMap(40_000, tail));
    expect(large.docs).toBe(docs);
    expect(large.diagnostics).toEqual(diagnostics);
    expect(large.ms / Math.max(small.ms, 1), `10,000 keys: ${small.ms} ms; 40,000 keys: ${large.ms} ms`).toBeLessThan(9);
    expect(large.ms).toBeLessThan(20_000);
  });

  it("the duplicate is reported at the first repeated key, nested maps included", () => {
    const bag = new DiagnosticBag();
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: 1\n  a: 2\nkind: again\n";
    parseSourceFile({ path: "x.yaml", text }, bag);
    expect(bag.items.map((d) => [d.message, d.span?.start])).toEqual([['key "a" appears twice in one mapping; keep one (kubectl and kustomize would refuse the file too)', text.indexOf("  a: 2") + 2]]);
    // The first occurrence is a note, so the reader sees both places.
    expect(bag.items[0]!.notes.map((n) => [n.message, n.span?.start])).toEqual([['"a" is first set here', text.indexOf("  a: 1") + 2]]);
  });
});
