// The library API the README documents: `import { compile, planReplicas } from "fedc"`.
import { describe, expect, it } from "vitest";
import { compile, MemoryFileSystem, planReplicas } from "../../compiler/index.js";

describe("library API", () => {
  it("planReplicas is KubeFed's planner", () => {
    expect(planReplicas({ totalReplicas: 50, clusters: { "*": { weight: 1 } }, availableClusters: ["a", "b"], key: "ns/name" })).toEqual({
      plan: { a: 25, b: 25 },
      overflow: {},
    });
  });

  it("compile works on an in-memory repository and writes nothing", async () => {
    const repo = new MemoryFileSystem({
      "clusters.yaml": "apiVersion: core.kubefed.io/v1beta1\nkind: KubeFedCluster\nmetadata: {name: c1}\nspec: {apiEndpoint: https://c1, secretRef: {name: c1}}\n",
      "cm.yaml":
        "apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap\nmetadata: {name: cm, namespace: ns}\nspec:\n  template: {data: {k: v}}\n  placement: {clusters: [{name: c1}]}\n---\napiVersion: types.kubefed.io/v1beta1\nkind: FederatedNamespace\nmetadata: {name: ns, namespace: ns}\nspec: {placement: {clusterSelector: {}}}\n",
    });
    const result = await compile({ repo });
    expect(result.ok).toBe(true);
    expect(result.clusters.map((c) => c.cluster)).toEqual(["c1"]);
    expect(result.clusters[0]!.objects.map((o) => o.file)).toEqual(["_cluster/namespace-ns.yaml", "ns/configmap-cm.yaml"]);
    expect(result.plan?.resources.find((r) => r.name === "cm")?.clusters.c1).toEqual({ placed: true, file: "ns/configmap-cm.yaml" });
  });
});
