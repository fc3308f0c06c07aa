// `kubectl get -o yaml` writes a List: fedc reads its items as kubectl does, each located in the
// file, on the fast path (js-yaml) and on the careful one (anchors send a file there) alike.
import { describe, expect, it } from "vitest";
import { DiagnosticBag } from "../../compiler/diagnostics/index.js";
import { parseSourceFile } from "../../compiler/parse/index.js";
import type { SkippedDocument } from "../../compiler/model.js";

const LIST = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: a
- apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Secret
    metadata:
      name: nested
metadata:
  resourceVersion: ""
`;

function parse(text: string) {
  const diagnostics = new DiagnosticBag();
  const skipped: SkippedDocument[] = [];
  const docs = parseSourceFile({ path: "list.yaml", text }, diagnostics, skipped);
  const line = (offset: number) => text.slice(0, offset).split("\n").length;
  return { docs, skipped, diagnostics: diagnostics.items, line };
}

describe("List documents", () => {
  for (const [path, text] of [
    ["fast path", LIST],
    ["careful path (an anchor in the file)", LIST.replace("name: a", "name: &n a")],
  ] as const) {
    it(`${path}: items (and nested Lists' items) become documents at their own lines`, () => {
      const { docs, skipped, diagnostics, line } = parse(text);
      expect(diagnostics).toEqual([]);
      expect(docs.map((d) => [d.kind, (d.value.metadata as { name: string }).name, d.item, line(d.offset)])).toEqual([
        ["ConfigMap", "a", "0", 4],
        ["Secret", "nested", "1.0", 11],
      ]);
      expect(skipped.map((s) => [s.kind, line(s.offset)])).toEqual([
        ["List", 1],
        ["List", 8],
      ]);
      // Positions inside an item resolve inside the item.
      const span = docs[1]!.locate(["metadata", "name"]);
      expect(text.slice(span.start, span.end)).toBe("nested");
    });
  }

  it("a typed list gives its items its apiVersion and kind (FederatedDeploymentList → FederatedDeployment)", () => {
    const { docs } = parse(`apiVersion: types.kubefed.io/v1beta1
kind: FederatedDeploymentList
items:
- metadata: {name: web, namespace: shop}
  spec: {}
`);
    expect(docs.map((d) => [d.apiVersion, d.kind, d.value.kind])).toEqual([["types.kubefed.io/v1beta1", "FederatedDeployment", "FederatedDeployment"]]);
  });

  it("a kind ending in List without items is an ordinary document (a CRD kind such as AllowList)", () => {
    const { docs, skipped } = parse("apiVersion: example.com/v1\nkind: AllowList\nmetadata: {name: x}\nspec: {}\n");
    expect(docs.map((d) => d.kind)).toEqual(["AllowList"]);
    expect(skipped).toEqual([]);
  });

  it("an item without apiVersion in a plain List is an error at the item", () => {
    const { docs, diagnostics } = parse("apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n  metadata: {name: x}\n");
    expect(docs).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([["INCOMPLETE_OBJECT", "item 0 of this List has no apiVersion; kubectl would refuse it too"]]);
  });

  it("an empty List is accounted for as skipped", () => {
    const { docs, skipped } = parse("apiVersion: v1\nkind: List\nitems: []\n");
    expect(docs).toEqual([]);
    expect(skipped.map((s) => s.reason)).toEqual(["List of 0 items, each accounted for on its own"]);
  });
});
