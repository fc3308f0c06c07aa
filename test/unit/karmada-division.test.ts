// Ported from Karmada's pkg/util/helper/webstermethod_test.go and the division examples of
// reference/karmada.md §3 (division_algorithm_test.go, assignment_test.go).
import { describe, expect, it } from "vitest";
import type { Cluster, SourceDoc } from "../../compiler/model.js";
import { allocateWebsterSeats, divideByWeight, fnv1a32, tieBreakerByUid, type Party } from "../../compiler/schedule/karmadaWebster.js";
import { availableReplicas, workloadShape } from "../../compiler/schedule/karmadaReplicas.js";

const seats = (parties: Party[] | undefined) => Object.fromEntries((parties ?? []).map((p) => [p.name, p.seats]));
const split = (replicas: number, weights: Record<string, number>, uid = "") =>
  Object.fromEntries(divideByWeight(replicas, Object.entries(weights).map(([name, w]) => ({ name, replicas: w })), uid).map((t) => [t.name, t.replicas]));

describe("AllocateWebsterSeats", () => {
  const votes = new Map([["PartyA", 100000], ["PartyB", 80000], ["PartyC", 30000], ["PartyD", 20000]]);
  const rounds: [number, number[]][] = [
    [1, [1, 0, 0, 0]],
    [2, [1, 1, 0, 0]],
    [3, [2, 1, 0, 0]],
    [4, [2, 1, 1, 0]],
    [5, [2, 2, 1, 0]],
    [6, [3, 2, 1, 0]],
    [7, [3, 2, 1, 1]],
    [8, [3, 3, 1, 1]],
  ];
  for (const [n, want] of rounds) {
    it(`classic example (Wikipedia), round ${n} → ${want.join("/")}`, () => {
      expect(seats(allocateWebsterSeats(n, votes))).toEqual({ PartyA: want[0], PartyB: want[1], PartyC: want[2], PartyD: want[3] });
    });
  }
  it("Alpha 1200, Beta 900, Gamma 400, 4 seats → 2/1/1", () => {
    expect(seats(allocateWebsterSeats(4, new Map([["Alpha", 1200], ["Beta", 900], ["Gamma", 400]])))).toEqual({ Alpha: 2, Beta: 1, Gamma: 1 });
  });
  it("empty party votes → no result", () => {
    expect(allocateWebsterSeats(1, new Map())).toBeUndefined();
  });
  it("0 new seats → every party keeps 0", () => {
    expect(seats(allocateWebsterSeats(0, new Map([["PartyA", 100], ["PartyB", 200]])))).toEqual({ PartyA: 0, PartyB: 0 });
  });
  it("no tie-breaker: higher votes win", () => {
    expect(seats(allocateWebsterSeats(1, new Map([["PartyA", 1], ["PartyB", 2]])))).toEqual({ PartyA: 0, PartyB: 1 });
  });
  it("no tie-breaker: equal priority goes to fewer seats", () => {
    expect(seats(allocateWebsterSeats(1, new Map([["PartyA", 0], ["PartyB", 0]]), new Map([["PartyA", 2], ["PartyB", 1]])))).toEqual({ PartyA: 2, PartyB: 2 });
  });
  it("no tie-breaker: then the smaller name", () => {
    expect(seats(allocateWebsterSeats(1, new Map([["PartyA", 1], ["PartyB", 1]])))).toEqual({ PartyA: 1, PartyB: 0 });
  });
  it("a custom tie-breaker decides equal priorities", () => {
    expect(seats(allocateWebsterSeats(1, new Map([["PartyA", 1], ["PartyB", 1]]), undefined, (a, b) => a.name > b.name))).toEqual({ PartyA: 0, PartyB: 1 });
  });
  it("non-initial allocation: a new party joins, only new parties get new seats", () => {
    expect(seats(allocateWebsterSeats(2, new Map([["NewParty1", 1], ["NewParty2", 1]]), new Map([["OldParty", 0]])))).toEqual({ NewParty1: 1, NewParty2: 1, OldParty: 0 });
  });
  it("non-initial allocation: old and new parties compete for new seats", () => {
    expect(seats(allocateWebsterSeats(2, new Map([["OldParty", 1], ["NewParty", 1]]), new Map([["OldParty", 1]])))).toEqual({ NewParty: 2, OldParty: 1 });
  });
  it("non-initial allocation: a party only in the initial assignment gets nothing new", () => {
    expect(seats(allocateWebsterSeats(2, new Map([["PartyA", 100]]), new Map([["PartyB", 3]])))).toEqual({ PartyA: 2, PartyB: 3 });
  });
});

describe("tie-break by template uid (tieBreakerByUID)", () => {
  it("FNV-1a test vectors: 4858ca61-… is even, d43fdeeb-… is odd", () => {
    expect(fnv1a32("4858ca61-3ff8-4095-8267-f3d059d8074c")).toBe(4060803976);
    expect(fnv1a32("d43fdeeb-d750-4e2b-bee3-64eb94534f4c")).toBe(2505132451);
  });
  it("3 replicas, weights 1:1, no uid → member1 2, member2 1", () => {
    expect(split(3, { member1: 1, member2: 1 })).toEqual({ member1: 2, member2: 1 });
  });
  it("3 replicas, weights 1:1, even uid → member1 2, member2 1", () => {
    expect(split(3, { member1: 1, member2: 1 }, "4858ca61-3ff8-4095-8267-f3d059d8074c")).toEqual({ member1: 2, member2: 1 });
  });
  it("3 replicas, weights 1:1, odd uid → member1 1, member2 2", () => {
    expect(split(3, { member1: 1, member2: 1 }, "d43fdeeb-d750-4e2b-bee3-64eb94534f4c")).toEqual({ member1: 1, member2: 2 });
  });
  it("fewer seats always wins a tie, whatever the uid", () => {
    const breaker = tieBreakerByUid("d43fdeeb-d750-4e2b-bee3-64eb94534f4c");
    expect(breaker({ name: "a", votes: 1, seats: 0 }, { name: "b", votes: 1, seats: 1 })).toBe(true);
  });
});

describe("static weights (Dispenser.AllocateByWeight)", () => {
  const cases: [string, number, Record<string, number>, Record<string, number>][] = [
    ["12 replicas, weights 3:2:1 → 6/4/2", 12, { member1: 3, member2: 2, member3: 1 }, { member1: 6, member2: 4, member3: 2 }],
    ["13 replicas, weights 3:2:1 → 7/4/2", 13, { member1: 3, member2: 2, member3: 1 }, { member1: 7, member2: 4, member3: 2 }],
    ["14 replicas, weights 3:2:1 → 7/5/2", 14, { member1: 3, member2: 2, member3: 1 }, { member1: 7, member2: 5, member3: 2 }],
    ["12 replicas, default weight → 4/4/4", 12, { member1: 1, member2: 1, member3: 1 }, { member1: 4, member2: 4, member3: 4 }],
    ["7 replicas, weights 2:1:1:1 → 3/2/1/1", 7, { member1: 2, member2: 1, member3: 1, member4: 1 }, { member1: 3, member2: 2, member3: 1, member4: 1 }],
    ["10 replicas, a:3 b:7 → 3/7", 10, { a: 3, b: 7 }, { a: 3, b: 7 }],
    ["1 replica over 3 equal clusters → only a gets one", 1, { a: 1, b: 1, c: 1 }, { a: 1, b: 0, c: 0 }],
    ["7 replicas, weights 2:1 → 5/2 (Webster, not 4.67/2.33 rounded)", 7, { member1: 2, member2: 1 }, { member1: 5, member2: 2 }],
  ];
  for (const [name, replicas, weights, want] of cases) it(name, () => expect(split(replicas, weights)).toEqual(want));
  it("all weights 0 → nothing assigned", () => expect(split(5, { a: 0, b: 0 })).toEqual({}));
});

describe("dynamic weight and Aggregated over available replicas", () => {
  it("dynamic: 12 replicas over available 6:8:10 → 3/4/5", () => {
    expect(split(12, { member1: 6, member2: 8, member3: 10 })).toEqual({ member1: 3, member2: 4, member3: 5 });
  });
  it("dynamic: 12 replicas over available 18:12:6 → 6/4/2", () => {
    expect(split(12, { member1: 18, member2: 12, member3: 6 })).toEqual({ member1: 6, member2: 4, member3: 2 });
  });
  it("aggregated: 12 over 6:8:10 → prefix [member3 10, member2 8] → 7/5", () => {
    expect(split(12, { member3: 10, member2: 8 })).toEqual({ member2: 5, member3: 7 });
  });
});

function cluster(name: string, capacity?: Cluster["capacity"]): Cluster {
  return { name, labels: {}, zones: [], taints: [], ready: true, ...(capacity ? { capacity } : {}), source: {} as SourceDoc };
}

const deployment = (requests: Record<string, string> | undefined, replicas = 3) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "d" },
  spec: { replicas, template: { spec: { containers: [{ name: "c", image: "x", ...(requests ? { resources: { requests } } : {}) }] } } },
});

describe("general estimator (available replicas from status.resourceSummary)", () => {
  it("no resourceSummary → unknown (fedc treats it as unlimited)", () => {
    expect(availableReplicas(cluster("m"), workloadShape(deployment({ cpu: "1" })))).toBeUndefined();
  });
  it("free pods bound the answer without requests: 110 − 30 → 80", () => {
    expect(availableReplicas(cluster("m", { allocatable: { pods: 110 }, allocated: { pods: 30 }, allocating: {} }), workloadShape(deployment(undefined)))).toBe(80);
  });
  it("no pods listed → nothing fits", () => {
    expect(availableReplicas(cluster("m", { allocatable: { cpu: 8 }, allocated: {}, allocating: {} }), workloadShape(deployment({ cpu: "1" })))).toBe(0);
  });
  it("cpu in milli-units: (8 − 6 − 0.5) / 250m → 6", () => {
    const c = cluster("m", { allocatable: { cpu: 8, pods: 110 }, allocated: { cpu: 6 }, allocating: { cpu: 0.5 } });
    expect(availableReplicas(c, workloadShape(deployment({ cpu: "250m" })))).toBe(6);
  });
  it("the scarcest resource wins: memory 2Gi / 1Gi → 2", () => {
    const c = cluster("m", { allocatable: { cpu: 8, memory: 32 * 2 ** 30, pods: 110 }, allocated: { memory: 30 * 2 ** 30 }, allocating: {} });
    expect(availableReplicas(c, workloadShape(deployment({ cpu: "100m", memory: "1Gi" })))).toBe(2);
  });
  it("a requested resource the cluster does not list → 0", () => {
    const c = cluster("m", { allocatable: { cpu: 8, pods: 110 }, allocated: {}, allocating: {} });
    expect(availableReplicas(c, workloadShape(deployment({ "nvidia.com/gpu": "1" })))).toBe(0);
  });
});

describe("replica interpretation (GetReplicas)", () => {
  it("Deployment: spec.replicas, revised at /spec/replicas", () => {
    expect(workloadShape(deployment(undefined, 4))).toMatchObject({ replicas: 4, requirements: false, reviseField: "/spec/replicas" });
  });
  it("Deployment with requests is a workload even with 0 replicas", () => {
    expect(workloadShape(deployment({ cpu: "1" }, 0))).toMatchObject({ replicas: 0, requirements: true });
  });
  it("Job: min(parallelism, completions), revised at /spec/parallelism", () => {
    const job = { apiVersion: "batch/v1", kind: "Job", spec: { parallelism: 5, completions: 3, template: { spec: { containers: [] } } } };
    expect(workloadShape(job)).toMatchObject({ replicas: 3, completions: 3, reviseField: "/spec/parallelism" });
  });
  it("Pod: always 1, nothing revised", () => {
    expect(workloadShape({ apiVersion: "v1", kind: "Pod", spec: { containers: [] } })).toEqual({ replicas: 1, requirements: false });
  });
  it("another apiVersion of the same kind is no workload (exact GVK)", () => {
    expect(workloadShape({ ...deployment(undefined), apiVersion: "apps/v1beta1" })).toEqual({ replicas: 0, requirements: false });
  });
  it("init containers count as a floor, overhead adds", () => {
    const d = deployment({ cpu: "100m" });
    (d.spec.template.spec as Record<string, unknown>).initContainers = [{ name: "i", resources: { requests: { cpu: "500m" } } }];
    (d.spec.template.spec as Record<string, unknown>).overhead = { cpu: "50m" };
    const c = cluster("m", { allocatable: { cpu: 1.1, pods: 110 }, allocated: {}, allocating: {} });
    expect(availableReplicas(c, workloadShape(d))).toBe(2);
  });
});

describe("division invariants (property)", () => {
  it("Σ replicas = total whenever a weight is positive, and the order of the weights does not matter", async () => {
    const fc = await import("fast-check");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), replicas: fc.integer({ min: 0, max: 50 }) }), { selector: (w) => w.name, minLength: 1, maxLength: 8 }),
        fc.string(),
        (total, weights, uid) => {
          const result = divideByWeight(total, weights, uid);
          const reversed = divideByWeight(total, [...weights].reverse(), uid);
          expect(reversed).toEqual(result);
          if (weights.some((w) => w.replicas > 0)) expect(result.reduce((s, t) => s + t.replicas, 0)).toBe(total);
        },
      ),
    );
  });
});
