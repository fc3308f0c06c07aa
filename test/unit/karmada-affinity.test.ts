// ClusterAffinity (pkg/util/selector.go ClusterMatches, selector_test.go) and cluster taints versus
// clusterTolerations (TaintToleration filter), as reference/karmada.md §2.4 and §6 describe them.
import { describe, expect, it } from "vitest";
import type { Cluster, PolicyToleration, SourceDoc, Taint } from "../../compiler/model.js";
import { clusterAffinityVerdict, type ClusterAffinity } from "../../compiler/normalize/karmadaAffinity.js";
import { taintsTolerated, tolerates } from "../../compiler/schedule/karmada.js";

function cluster(over: Partial<Cluster> = {}): Cluster {
  return { name: "member1", labels: { env: "prod" }, zones: ["z1", "z2"], provider: "aws", region: "us-east-1", taints: [], ready: true, source: {} as SourceDoc, ...over };
}

describe("ClusterMatches", () => {
  const cases: [string, ClusterAffinity, Partial<Cluster>, string][] = [
    ["an empty affinity matches every cluster", {}, {}, "selected"],
    ["clusterNames lists it", { clusterNames: ["member1", "member2"] }, {}, "selected"],
    ["clusterNames does not list it", { clusterNames: ["member2"] }, {}, "not-in-clusters-list"],
    ["exclude wins over clusterNames", { clusterNames: ["member1"], exclude: ["member1"] }, {}, "excluded-by-policy"],
    ["labelSelector matches", { labelSelector: { matchLabels: { env: "prod" } } }, {}, "selected"],
    ["labelSelector does not match", { labelSelector: { matchLabels: { env: "dev" } } }, {}, "label-mismatch"],
    ["labelSelector and clusterNames are ANDed", { labelSelector: { matchLabels: { env: "dev" } }, clusterNames: ["member1"] }, {}, "label-mismatch"],
    ["provider In", { fieldSelector: { matchExpressions: [{ key: "provider", operator: "In", values: ["aws"] }] } }, {}, "selected"],
    ["provider In, other provider", { fieldSelector: { matchExpressions: [{ key: "provider", operator: "In", values: ["gcp"] }] } }, {}, "field-mismatch"],
    ["region NotIn", { fieldSelector: { matchExpressions: [{ key: "region", operator: "NotIn", values: ["us-east-1"] }] } }, {}, "field-mismatch"],
    ["region In, cluster without region", { fieldSelector: { matchExpressions: [{ key: "region", operator: "In", values: ["us-east-1"] }] } }, { region: undefined }, "field-mismatch"],
    ["region NotIn, cluster without region", { fieldSelector: { matchExpressions: [{ key: "region", operator: "NotIn", values: ["us-east-1"] }] } }, { region: undefined }, "selected"],
    ["zone In: any zone listed", { fieldSelector: { matchExpressions: [{ key: "zone", operator: "In", values: ["z2", "z9"] }] } }, {}, "selected"],
    ["zone In: no zones", { fieldSelector: { matchExpressions: [{ key: "zone", operator: "In", values: ["z1"] }] } }, { zones: [] }, "field-mismatch"],
    ["zone NotIn: one zone listed", { fieldSelector: { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["z1"] }] } }, {}, "field-mismatch"],
    ["zone NotIn: no zones", { fieldSelector: { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["z1"] }] } }, { zones: [] }, "selected"],
  ];
  for (const [name, affinity, over, want] of cases) it(`${name} → ${want}`, () => expect(clusterAffinityVerdict(cluster(over), affinity)).toBe(want));
});

describe("taints and clusterTolerations", () => {
  const gpu: Taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
  const cases: [string, PolicyToleration, Taint, boolean][] = [
    ["Equal with key, value and effect", { key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }, gpu, true],
    ["operator \"\" means Equal", { key: "dedicated", value: "gpu" }, gpu, true],
    ["Equal with another value", { key: "dedicated", operator: "Equal", value: "cpu" }, gpu, false],
    ["Exists on the key", { key: "dedicated", operator: "Exists" }, gpu, true],
    ["Exists without a key tolerates everything", { operator: "Exists" }, gpu, true],
    ["another effect", { key: "dedicated", operator: "Exists", effect: "NoExecute" }, gpu, false],
    ["`effect: NoSchedule` alone only tolerates empty values", { effect: "NoSchedule" }, gpu, false],
    ["`effect: NoSchedule` alone, empty-valued taint", { effect: "NoSchedule" }, { key: "x", effect: "NoSchedule" }, true],
  ];
  for (const [name, toleration, taint, want] of cases) it(`${name} → ${want}`, () => expect(tolerates(toleration, taint)).toBe(want));

  it("PreferNoSchedule never filters", () => {
    expect(taintsTolerated(cluster({ taints: [{ key: "k", effect: "PreferNoSchedule" }] }), [])).toBe(true);
  });
  it("every NoSchedule/NoExecute taint needs a toleration", () => {
    const c = cluster({ taints: [gpu, { key: "zone", value: "a", effect: "NoExecute" }] });
    expect(taintsTolerated(c, [{ key: "dedicated", operator: "Exists" }])).toBe(false);
    expect(taintsTolerated(c, [{ key: "dedicated", operator: "Exists" }, { key: "zone", operator: "Exists" }])).toBe(true);
  });
  it("readiness taints are left to SPEC §1.2 (not-ready clusters keep plain propagation)", () => {
    expect(taintsTolerated(cluster({ taints: [{ key: "cluster.karmada.io/not-ready", effect: "NoSchedule" }] }), [])).toBe(true);
  });
});
