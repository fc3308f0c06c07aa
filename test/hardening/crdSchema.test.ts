// A CRD in the repository is code fedc runs against every custom resource: its patterns are RE2 (Go
// regexp, as the API server evaluates them), matched in linear time, and what the API server refuses
// in a CRD schema (uniqueItems: true, quadratic to check) is an error at the CRD, never evaluated.
import { describe, expect, it } from "vitest";
import { compile, MemoryFileSystem } from "../../compiler/index.js";
import { errorsOf } from "./repo.js";

const CLUSTER = "apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: m1}\nspec: {region: r1}\n";
const POLICY = `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors:
    - {apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition}
    - {apiVersion: example.com/v1, kind: Widget}
  placement:
    clusterAffinity: {clusterNames: [m1]}
`;
const crd = (field: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
${field}
`;
const widget = (spec: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\nspec: ${spec}\n`;

async function timedCompile(files: Record<string, string>) {
  const start = performance.now();
  const result = await compile({ repo: new MemoryFileSystem({ "cluster.yaml": CLUSTER, "policy.yaml": POLICY, ...files }) });
  return { result, ms: performance.now() - start };
}

describe("CRD schemas from the repository", () => {
  it("a pattern is matched with RE2 semantics: ^(a+)+$ does not backtrack", async () => {
    const { result, ms } = await timedCompile({
      "crd.yaml": crd("              name: {type: string, pattern: '^(a+)+$'}"),
      "w.yaml": widget(`{name: "${"a".repeat(5000)}!"}`),
    });
    expect(errorsOf(result).join("\n")).toMatch(/OUTPUT_SCHEMA_VIOLATION/);
    expect(ms).toBeLessThan(10_000);
    const ok = await timedCompile({ "crd.yaml": crd("              name: {type: string, pattern: '^(a+)+$'}"), "w.yaml": widget(`{name: "${"a".repeat(5000)}"}`) });
    expect(errorsOf(ok.result)).toEqual([]);
  });

  it("a pattern that is not RE2 syntax is an error at the CRD", async () => {
    const { result } = await timedCompile({ "crd.yaml": crd("              name: {type: string, pattern: '(?=x)y'}"), "w.yaml": widget("{name: y}") });
    const d = result.diagnostics.find((x) => x.code === "CRD_SCHEMA_INVALID");
    expect(d?.span?.file).toBe("crd.yaml");
    expect(d?.message).toContain("not a valid RE2");
  });

  it("uniqueItems: true is an error at the CRD, and 40,000 items are never compared pairwise", async () => {
    const items = Array.from({ length: 40_000 }, (_, i) => `"t${i}"`).join(", ");
    const { result, ms } = await timedCompile({ "crd.yaml": crd("              tags: {type: array, uniqueItems: true, items: {type: string}}"), "w.yaml": widget(`{tags: [${items}]}`) });
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.span?.file])).toEqual([["CRD_SCHEMA_INVALID", "crd.yaml"]]);
    expect(ms).toBeLessThan(10_000);
  });
});
