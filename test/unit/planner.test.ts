import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fnv1Hash32,
  planReplicas,
  type PlanInput,
  type ReplicaPreference,
} from "../../compiler/schedule/planner.js";

interface PlanCase {
  name: string;
  input: PlanInput;
  plan: Record<string, number>;
  overflow?: Record<string, number>;
}

type Prefs = Record<string, ReplicaPreference>;

const star = (pref: ReplicaPreference): Prefs => ({ "*": pref });
const ABC = ["A", "B", "C"];

/** Upstream cases call Plan with key "" and rebalance false unless stated. */
function kubefed(
  name: string,
  totalReplicas: number,
  clusters: Prefs,
  availableClusters: string[],
  plan: Record<string, number>,
  extra: Partial<PlanInput> & { overflow?: Record<string, number> } = {},
): PlanCase {
  const { overflow, ...rest } = extra;
  return {
    name,
    input: { totalReplicas, clusters, availableClusters, key: "", ...rest },
    plan,
    overflow: overflow ?? {},
  };
}

function runTable(cases: PlanCase[]): void {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = planReplicas(c.input);
    expect(result.plan).toEqual(c.plan);
    expect(result.overflow).toEqual(c.overflow ?? {});
  });
}

// kubernetes-retired/kubefed pkg/controller/util/planner/planner_test.go (doCheck,
// doCheckWithExisting, doCheckWithExistingAndCapacity; all with key ""). Federation v1's
// pkg/federation-controller/util/planner/planner_test.go (kubernetes-retired/federation) holds
// the same 40 cases for the same algorithm, so they are not repeated.
describe("KubeFed planner_test.go", () => {
  describe("TestEqual", () => {
    runTable([
      kubefed("50 replicas, * weight 1 over A,B,C → A16 B17 C17 (hash order)", 50, star({ weight: 1 }), ABC, { A: 16, B: 17, C: 17 }),
      kubefed("50 replicas, * weight 1 over A,B → 25/25", 50, star({ weight: 1 }), ["A", "B"], { A: 25, B: 25 }),
      kubefed("1 replica, * weight 1 over A,B → B (lower hash) gets it", 1, star({ weight: 1 }), ["A", "B"], { A: 0, B: 1 }),
      kubefed("1 replica, * weight 1 over A..D → D gets it", 1, star({ weight: 1 }), ["A", "B", "C", "D"], { A: 0, B: 0, C: 0, D: 1 }),
      kubefed("1 replica, * weight 1 over A → A1", 1, star({ weight: 1 }), ["A"], { A: 1 }),
      kubefed("1 replica, no available clusters → empty plan", 1, star({ weight: 1 }), [], {}),
    ]);
  });

  describe("TestEqualWithExisting (rebalance false keeps running replicas)", () => {
    const w1 = star({ weight: 1 });
    runTable([
      kubefed("50 replicas over A,B,C, C runs 30 → A10 B10 C30", 50, w1, ABC, { A: 10, B: 10, C: 30 }, { currentReplicaCount: { C: 30 } }),
      kubefed("50 replicas over A,B, A runs 30 → A30 B20", 50, w1, ["A", "B"], { A: 30, B: 20 }, { currentReplicaCount: { A: 30 } }),
      kubefed("15 replicas over A,B, running A0 B8 → A7 B8", 15, w1, ["A", "B"], { A: 7, B: 8 }, { currentReplicaCount: { A: 0, B: 8 } }),
      kubefed("15 replicas over A,B, running A1 B8 → A7 B8", 15, w1, ["A", "B"], { A: 7, B: 8 }, { currentReplicaCount: { A: 1, B: 8 } }),
      kubefed("15 replicas over A,B, running A4 B8 → A7 B8", 15, w1, ["A", "B"], { A: 7, B: 8 }, { currentReplicaCount: { A: 4, B: 8 } }),
      kubefed("15 replicas over A,B, running A5 B8 → A7 B8", 15, w1, ["A", "B"], { A: 7, B: 8 }, { currentReplicaCount: { A: 5, B: 8 } }),
      kubefed("15 replicas over A,B, running A6 B8 → A7 B8", 15, w1, ["A", "B"], { A: 7, B: 8 }, { currentReplicaCount: { A: 6, B: 8 } }),
      kubefed("15 replicas over A,B, running A7 B8 → A7 B8", 15, w1, ["A", "B"], { A: 7, B: 8 }, { currentReplicaCount: { A: 7, B: 8 } }),
      kubefed("500000 replicas over A,B, A runs 300000 → A300000 B200000", 500000, w1, ["A", "B"], { A: 300000, B: 200000 }, { currentReplicaCount: { A: 300000 } }),
      kubefed("50 replicas over A,B, A runs 10 → 25/25", 50, w1, ["A", "B"], { A: 25, B: 25 }, { currentReplicaCount: { A: 10 } }),
      // Upstream: "TODO: Should be 10:40, update algorithm. Issue: #31816" — kept as KubeFed does it.
      kubefed("50 replicas over A,B, running A10 B70 → A0 B50 (upstream TODO #31816)", 50, w1, ["A", "B"], { A: 0, B: 50 }, { currentReplicaCount: { A: 10, B: 70 } }),
      kubefed("1 replica over A,B, A runs 30 → A1 B0", 1, w1, ["A", "B"], { A: 1, B: 0 }, { currentReplicaCount: { A: 30 } }),
      kubefed("50 replicas over A,B, running A10 B20 → 25/25", 50, w1, ["A", "B"], { A: 25, B: 25 }, { currentReplicaCount: { A: 10, B: 20 } }),
    ]);
  });

  describe("TestWithExistingAndCapacity", () => {
    const maxed: Prefs = {
      A: { weight: 10000, maxReplicas: 10 },
      B: { weight: 1 },
      C: { weight: 1, maxReplicas: 21 },
      D: { weight: 1, maxReplicas: 10 },
    };
    runTable([
      kubefed("rebalance, 50 replicas, * weight 1, C capacity 10 → A20 B20 C10, overflow C7", 50, star({ weight: 1 }), ABC, { A: 20, B: 20, C: 10 }, { rebalance: true, estimatedCapacity: { C: 10 }, overflow: { C: 7 } }),
      kubefed("rebalance, 50 replicas, A:B=10000:1 over B,C, B capacity 10 → B10 C0, overflow B40", 50, { A: { weight: 10000 }, B: { weight: 1 } }, ["B", "C"], { B: 10, C: 0 }, { rebalance: true, estimatedCapacity: { B: 10 }, overflow: { B: 40 } }),
      kubefed("rebalance, 60 replicas, A:B=1:2, B capacity 10 → A50 B10 C0, overflow B30", 60, { A: { weight: 1 }, B: { weight: 2 } }, ABC, { A: 50, B: 10, C: 0 }, { rebalance: true, estimatedCapacity: { B: 10 }, overflow: { B: 30 } }),
      kubefed("rebalance, 71 replicas, A max 10 / C max 21 / D max 10, C capacity 10 → A10 B41 C10 D10, overflow C11", 71, maxed, ["A", "B", "C", "D"], { A: 10, B: 41, C: 10, D: 10 }, { rebalance: true, estimatedCapacity: { C: 10 }, overflow: { C: 11 } }),
      kubefed("no rebalance, 60 replicas, A:B=1:1, capacity A10 B10 → A10 B10 C0, overflow A20 B20", 60, { A: { weight: 1 }, B: { weight: 1 } }, ABC, { A: 10, B: 10, C: 0 }, { estimatedCapacity: { A: 10, B: 10 }, overflow: { A: 20, B: 20 } }),
      kubefed("no rebalance, 60 replicas, A:B=1:5, B capacity 10 → A50 B10 C0, overflow trimmed to none", 60, { A: { weight: 1 }, B: { weight: 5 } }, ABC, { A: 50, B: 10, C: 0 }, { estimatedCapacity: { B: 10 } }),
      kubefed("no rebalance, 50 replicas, * min 20 weight 0, B capacity 10 → A20 B10 C20", 50, star({ minReplicas: 20, weight: 0 }), ABC, { A: 20, B: 10, C: 20 }, { estimatedCapacity: { B: 10 } }),
      kubefed("rebalance, 60 replicas, * min 20 weight 1, B capacity 10 → A50 B10, overflow B15", 60, star({ minReplicas: 20, weight: 1 }), ["A", "B"], { A: 50, B: 10 }, { rebalance: true, estimatedCapacity: { B: 10 }, overflow: { B: 15 } }),
    ]);
  });

  describe("TestMin", () => {
    runTable([
      kubefed("50 replicas, * min 2 weight 0 → 2 each, rest dropped", 50, star({ minReplicas: 2, weight: 0 }), ABC, { A: 2, B: 2, C: 2 }),
      kubefed("50 replicas, * min 20 weight 0 → A10 B20 C20 (hash order fills mins)", 50, star({ minReplicas: 20, weight: 0 }), ABC, { A: 10, B: 20, C: 20 }),
      kubefed("50 replicas, A min 100 weight 1 beats * min 20 weight 0 → A50 B0 C0", 50, { "*": { minReplicas: 20, weight: 0 }, A: { minReplicas: 100, weight: 1 } }, ABC, { A: 50, B: 0, C: 0 }),
      kubefed("50 replicas, * min 10 max 12 weight 1 → 12 each", 50, star({ minReplicas: 10, weight: 1, maxReplicas: 12 }), ABC, { A: 12, B: 12, C: 12 }),
    ]);
  });

  describe("TestMax", () => {
    runTable([
      kubefed("50 replicas, * max 2 weight 1 → 2 each", 50, star({ weight: 1, maxReplicas: 2 }), ABC, { A: 2, B: 2, C: 2 }),
      kubefed("50 replicas, * max 2 weight 0 → 0 each", 50, star({ weight: 0, maxReplicas: 2 }), ABC, { A: 0, B: 0, C: 0 }),
    ]);
  });

  describe("TestWeight", () => {
    runTable([
      kubefed("60 replicas, A:B=1:2, C without preference → A20 B40 C0", 60, { A: { weight: 1 }, B: { weight: 2 } }, ABC, { A: 20, B: 40, C: 0 }),
      kubefed("50 replicas, A:B=10000:1 → A50 B0 C0", 50, { A: { weight: 10000 }, B: { weight: 1 } }, ABC, { A: 50, B: 0, C: 0 }),
      kubefed("50 replicas, A:B=10000:1, A unavailable → B50 C0", 50, { A: { weight: 10000 }, B: { weight: 1 } }, ["B", "C"], { B: 50, C: 0 }),
      kubefed("50 replicas, A weight 10000 max 10, B:C=1:1 → A10 B20 C20", 50, { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1 } }, ABC, { A: 10, B: 20, C: 20 }),
      kubefed("50 replicas, A weight 10000 max 10, B 1, C 1 max 10 → A10 B30 C10", 50, { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1, maxReplicas: 10 } }, ABC, { A: 10, B: 30, C: 10 }),
      kubefed("71 replicas, A max 10 (weight 10000), C max 21, D max 10 → A10 B30 C21 D10", 71, { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1, maxReplicas: 21 }, D: { weight: 1, maxReplicas: 10 } }, ["A", "B", "C", "D"], { A: 10, B: 30, C: 21, D: 10 }),
      kubefed("91 replicas, A max 10 (weight 10000), C max 21, D max 10, E 1 → A10 B25 C21 D10 E25", 91, { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1, maxReplicas: 21 }, D: { weight: 1, maxReplicas: 10 }, E: { weight: 1 } }, ["A", "B", "C", "D", "E"], { A: 10, B: 25, C: 21, D: 10, E: 25 }),
    ]);
  });
});

// kubernetes-retired/federation pkg/federation-controller/job/jobcontroller_test.go: the Job
// controller plans parallelism, then completions over the clusters of the parallelism plan,
// with the default preferences {"*": {weight: 1}} and key "default/<job>" (clusters k8s-1, k8s-2).
describe("federation v1 jobcontroller_test.go (keys default/jobN)", () => {
  const job = (name: string, field: string, total: number, plan: Record<string, number>): PlanCase => ({
    name: `default/${name} ${field} ${total} over k8s-1,k8s-2 → ${plan["k8s-1"]}/${plan["k8s-2"]}`,
    input: { totalReplicas: total, clusters: star({ weight: 1 }), availableClusters: ["k8s-1", "k8s-2"], key: `default/${name}` },
    plan,
  });
  runTable([
    job("job1", "parallelism", 2, { "k8s-1": 1, "k8s-2": 1 }),
    job("job1", "completions", 7, { "k8s-1": 4, "k8s-2": 3 }),
    job("job2", "parallelism", 2, { "k8s-1": 1, "k8s-2": 1 }),
    job("job3", "parallelism", 7, { "k8s-1": 4, "k8s-2": 3 }),
    job("job3", "completions", 2, { "k8s-1": 1, "k8s-2": 1 }),
    job("job4", "parallelism", 7, { "k8s-1": 4, "k8s-2": 3 }),
    job("job4", "completions", 1, { "k8s-1": 1, "k8s-2": 0 }),
  ]);
});

// kubernetes/kubernetes federation/pkg/federation-controller/deployment/deploymentcontroller_test.go
// (federation v1 Deployment controller: default preferences {"*": {weight: 1}}, key
// "default/<name>", current = running-and-ready pods of clusters that already have the object).
describe("federation v1 deploymentcontroller_test.go", () => {
  const w1 = star({ weight: 1 });
  runTable([
    { name: "default/depA 6 replicas, only cluster1 → cluster1 6", input: { totalReplicas: 6, clusters: w1, availableClusters: ["cluster1"], key: "default/depA" }, plan: { cluster1: 6 } },
    { name: "default/depA scaled to 8, cluster1 has no running pods → cluster1 8", input: { totalReplicas: 8, clusters: w1, availableClusters: ["cluster1"], currentReplicaCount: { cluster1: 0 }, key: "default/depA" }, plan: { cluster1: 8 } },
    { name: "default/depA 8, cluster2 joins, no pods running yet (rebalance false) → 4/4", input: { totalReplicas: 8, clusters: w1, availableClusters: ["cluster1", "cluster2"], currentReplicaCount: { cluster1: 0 }, key: "default/depA" }, plan: { cluster1: 4, cluster2: 4 } },
    { name: "default/deployment2 9 replicas, rebalance, cluster1:cluster2 = 2:1 → 6/3", input: { totalReplicas: 9, rebalance: true, clusters: { cluster1: { weight: 2 }, cluster2: { weight: 1 } }, availableClusters: ["cluster1", "cluster2"], key: "default/deployment2" }, plan: { cluster1: 6, cluster2: 3 } },
  ]);
});

// kubernetes-retired/kubefed docs/userguide.md "ReplicaSchedulingPreference" examples (RSP
// test-ns/test-deployment over clusters A, B, C); reference/kubefed.md §E.6.
describe("KubeFed userguide RSP examples", () => {
  const key = "test-ns/test-deployment";
  const notMoreThan20InC: Prefs = { "*": { weight: 1 }, C: { maxReplicas: 20, weight: 1 } };
  const ex = (name: string, total: number, clusters: Prefs, available: string[], plan: Record<string, number>, k = key): PlanCase => ({
    name,
    input: { totalReplicas: total, clusters, availableClusters: available, key: k },
    plan,
  });
  runTable([
    // The controller turns an absent `clusters` into {"*": {weight: 1}} before planning.
    ex("9 replicas evenly → 3/3/3", 9, star({ weight: 1 }), ABC, { A: 3, B: 3, C: 3 }),
    ex("9 replicas, A:B=1:2, C without preference → A3 B6 C0", 9, { A: { weight: 1 }, B: { weight: 2 } }, ABC, { A: 3, B: 6, C: 0 }),
    ex("9 replicas, A min4 max6 w1, B min4 max8 w2 → A4 B5 C0", 9, { A: { minReplicas: 4, maxReplicas: 6, weight: 1 }, B: { minReplicas: 4, maxReplicas: 8, weight: 2 } }, ABC, { A: 4, B: 5, C: 0 }),
    ex("50 replicas, weights A:B:C=1:1:1 with C max 20, key \"\" → A16 B17 C17 (the documented layout)", 50, notMoreThan20InC, ABC, { A: 16, B: 17, C: 17 }, ""),
    ex("50 replicas, weights A:B:C=1:1:1 with C max 20, real key → A17 B17 C16 (docs are illustrative)", 50, notMoreThan20InC, ABC, { A: 17, B: 17, C: 16 }),
    ex("50 replicas, C max 20, B offline → A30 C20", 50, notMoreThan20InC, ["A", "C"], { A: 30, C: 20 }),
    ex("50 replicas, C max 20, A and B offline → C20", 50, notMoreThan20InC, ["C"], { C: 20 }),
  ]);
});

describe("planner edge cases", () => {
  it("a cluster whose min exceeds its max is clamped to max once weighted and the excess moves on", () => {
    const result = planReplicas({
      totalReplicas: 30,
      clusters: { "*": { weight: 1 }, A: { minReplicas: 20, maxReplicas: 10, weight: 1 } },
      availableClusters: ["A", "B"],
      key: "",
    });
    expect(result.plan).toEqual({ A: 10, B: 20 });
  });

  it("a weight-0 cluster keeps its min above its max when no weighted pass reaches it", () => {
    const result = planReplicas({
      totalReplicas: 5,
      clusters: { A: { minReplicas: 5, maxReplicas: 2, weight: 0 } },
      availableClusters: ["A"],
      key: "",
    });
    expect(result.plan).toEqual({ A: 5 });
  });

  it("clusters named like Object.prototype members are plain clusters", () => {
    const result = planReplicas({
      totalReplicas: 4,
      clusters: Object.fromEntries([["__proto__", { weight: 1 }], ["constructor", { weight: 1 }]]),
      availableClusters: ["constructor", "__proto__", "toString"],
      key: "ns/app",
    });
    expect(Object.keys(result.plan)).toEqual(["__proto__", "constructor", "toString"]);
    expect(result.plan["toString"]).toBe(0);
    expect(result.plan["__proto__"]! + result.plan["constructor"]!).toBe(4);
  });

  it("plan and overflow keys are sorted by cluster name", () => {
    const result = planReplicas({
      totalReplicas: 60,
      rebalance: true,
      clusters: star({ weight: 1 }),
      availableClusters: ["zeta", "alpha", "mid"],
      estimatedCapacity: { zeta: 1, alpha: 1 },
      key: "ns/app",
    });
    expect(Object.keys(result.plan)).toEqual(["alpha", "mid", "zeta"]);
    expect(Object.keys(result.overflow)).toEqual(["alpha", "zeta"]);
  });

  it("weights whose product with the total leaves the safe range divide like Go int64", () => {
    // W = 2^52 + 4; A's share is (4·wA + W − 1) / W = 4 − 1/W → 3 in int64, but 4 in doubles
    // (4·wA + W − 1 = 2^54 + 15 rounds to 2^54 + 16 = 4·W).
    const result = planReplicas({
      totalReplicas: 4,
      clusters: { A: { weight: 3 * 2 ** 50 + 3 }, B: { weight: 2 ** 50 + 1 } },
      availableClusters: ["A", "B"],
      key: "",
    });
    expect(result.plan).toEqual({ A: 3, B: 1 });
  });
});

/** Independent FNV-1 32 over Node's UTF-8 encoder, with BigInt arithmetic. */
function referenceFnv1(text: string): number {
  let h = 2166136261n;
  for (const byte of Buffer.from(text, "utf8")) {
    h = (h * 16777619n) % 2n ** 32n;
    h ^= BigInt(byte);
  }
  return Number(h);
}

describe("fnv1Hash32", () => {
  // Go src/hash/fnv/fnv_test.go golden32 (FNV-1, not FNV-1a: "a" would be 0xe40c292c).
  it.each([
    ["", 0x811c9dc5],
    ["a", 0x050c5d7e],
    ["ab", 0x70772d38],
    ["abc", 0x439c2f4b],
  ])("Go golden vector %j → %i", (text, expected) => {
    expect(fnv1Hash32(text)).toBe(expected);
  });

  it("hashes UTF-8 bytes, not UTF-16 code units", () => {
    for (const text of ["é", "cluster-東京", "🚀/ns", "k8s-1default/job1"]) {
      expect(fnv1Hash32(text)).toBe(referenceFnv1(text));
    }
  });

  it("matches the BigInt reference on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (text) => {
        expect(fnv1Hash32(text)).toBe(referenceFnv1(text));
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const clusterName = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/),
  fc.constantFrom("constructor", "__proto__", "toString", "hasOwnProperty", "10", "2"),
);
const clusterNames = fc.uniqueArray(clusterName, { minLength: 0, maxLength: 7 });
const count = fc.integer({ min: 0, max: 200 });
const key = fc.constantFrom("", "default/app", "test-ns/test-deployment");

/** Any valid preference: weight >= 0, optional min/max (min may exceed max). */
const anyPreference: fc.Arbitrary<ReplicaPreference> = fc.record(
  { minReplicas: count, maxReplicas: count, weight: fc.integer({ min: 0, max: 20 }) },
  { requiredKeys: [] },
);

/** Everything the planner accepts from a validating caller, live-state maps included. */
const anyInput: fc.Arbitrary<PlanInput> = clusterNames.chain((names) =>
  fc.record({
    totalReplicas: fc.integer({ min: 0, max: 1000 }),
    rebalance: fc.boolean(),
    clusters: fc
      .tuple(
        fc.array(fc.option(anyPreference, { nil: undefined }), { minLength: names.length, maxLength: names.length }),
        fc.option(anyPreference, { nil: undefined }),
      )
      .map(([own, starPref]) => {
        const entries: [string, ReplicaPreference][] = [];
        names.forEach((name, i) => {
          const pref = own[i];
          if (pref !== undefined) entries.push([name, pref]);
        });
        if (starPref !== undefined) entries.push(["*", starPref]);
        return Object.fromEntries(entries);
      }),
    availableClusters: fc.constant(names),
    currentReplicaCount: subsetMap(names),
    estimatedCapacity: subsetMap(names),
    key,
  }),
);

function subsetMap(names: string[]): fc.Arbitrary<Record<string, number>> {
  return fc
    .array(fc.option(count, { nil: undefined }), { minLength: names.length, maxLength: names.length })
    .map((values) => {
      const entries: [string, number][] = [];
      names.forEach((name, i) => {
        const value = values[i];
        if (value !== undefined) entries.push([name, value]);
      });
      return Object.fromEntries(entries);
    });
}

/** Shuffles with a permutation drawn by fast-check, so failures shrink and replay. */
function shuffled<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: items.length, maxLength: items.length })
    .map((keys) => items.map((item, i) => [keys[i]!, item] as const).sort((a, b) => a[0] - b[0]).map(([, item]) => item));
}

function preferenceOf(input: PlanInput, cluster: string): ReplicaPreference | undefined {
  if (Object.hasOwn(input.clusters, cluster)) return input.clusters[cluster];
  if (Object.hasOwn(input.clusters, "*")) return input.clusters["*"];
  return undefined;
}

const options = { seed: 42, numRuns: 300 };

describe("planner properties", () => {
  it("with every participating weight >= 1 and no min, current replicas or capacity, Σ plan = min(total, Σ max over participants, unset max = ∞)", () => {
    const positivePreference = fc.record(
      { maxReplicas: count, weight: fc.integer({ min: 1, max: 20 }) },
      { requiredKeys: ["weight"] },
    );
    const input = clusterNames.chain((names) =>
      fc.record({
        totalReplicas: fc.integer({ min: 0, max: 1000 }),
        rebalance: fc.boolean(),
        own: fc.array(fc.option(positivePreference, { nil: undefined }), { minLength: names.length, maxLength: names.length }),
        starPref: fc.option(positivePreference, { nil: undefined }),
        names: fc.constant(names),
        key,
      }),
    );
    fc.assert(
      fc.property(input, ({ totalReplicas, rebalance, own, starPref, names, key: k }) => {
        const clusters: Prefs = Object.fromEntries(
          names.flatMap((name, i): [string, ReplicaPreference][] => (own[i] ? [[name, own[i]]] : [])),
        );
        if (starPref) clusters["*"] = starPref;
        const planInput: PlanInput = { totalReplicas, rebalance, clusters, availableClusters: names, key: k };
        const { plan, overflow } = planReplicas(planInput);

        let maxSum = 0;
        for (const name of names) {
          const pref = preferenceOf(planInput, name);
          if (pref !== undefined) maxSum += pref.maxReplicas ?? Number.POSITIVE_INFINITY;
        }
        const placed = Object.values(plan).reduce((a, b) => a + b, 0);
        expect(placed).toBe(Math.min(totalReplicas, maxSum));
        expect(overflow).toEqual({});
      }),
      options,
    );
  });

  it("no cluster gets more than its max unless its min exceeds that max", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const { plan } = planReplicas(input);
        for (const cluster of input.availableClusters) {
          const pref = preferenceOf(input, cluster);
          const max = pref?.maxReplicas;
          if (max === undefined || (pref?.minReplicas ?? 0) > max) continue;
          expect(plan[cluster]).toBeLessThanOrEqual(max);
        }
      }),
      options,
    );
  });

  it("plan and overflow (values and key order) do not depend on the order of availableClusters", () => {
    const pair = anyInput.chain((input) =>
      fc.tuple(fc.constant(input), shuffled(input.availableClusters)),
    );
    fc.assert(
      fc.property(pair, ([input, reordered]) => {
        const a = planReplicas(input);
        const b = planReplicas({ ...input, availableClusters: reordered });
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }),
      options,
    );
  });

  it("every available cluster, and only those, appears in the plan", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const { plan } = planReplicas(input);
        expect(Object.keys(plan).sort()).toEqual([...input.availableClusters].sort());
      }),
      options,
    );
  });

  it("terminates without hitting its pass bound even for negative weights and inconsistent live state", () => {
    const wild: fc.Arbitrary<PlanInput> = anyInput.chain((input) =>
      fc
        .array(fc.integer({ min: -5, max: 5 }), { minLength: Object.keys(input.clusters).length, maxLength: Object.keys(input.clusters).length })
        .map((weights) => ({
          ...input,
          clusters: Object.fromEntries(
            Object.entries(input.clusters).map(([name, pref], i) => [name, { ...pref, weight: weights[i]! }]),
          ),
        })),
    );
    fc.assert(
      fc.property(wild, (input) => {
        expect(() => planReplicas(input)).not.toThrow();
      }),
      options,
    );
  });
});
