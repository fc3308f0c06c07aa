// Replica numbers a hostile or careless author writes (fractions, negatives, numbers past 2^53 or
// int32) reach three replica planners (KubeFed's, federation v1's, Karmada's). None may crash or
// hang; a value Kubernetes would reject is reported, not silently planned. Found by the fuzz tests:
// a Job's `completions: 1.5` used to crash the planner (BigInt of a fraction), and Karmada's division,
// which hands out replicas one at a time, took minutes to hours on 2^31 replicas or more.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateWebsterSeats, tieBreakerByUid, type Party } from "../../compiler/schedule/karmadaWebster.js";
import { compileFiles, errorsOf } from "./repo.js";

const V1 = ", annotations: {federation.alpha.kubernetes.io/cluster-selector: '[]'}";
const CONTAINERS = "{containers: [{name: c, image: i}]}";

const deployment = (replicas: string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: ns${extra}}
spec: {replicas: ${replicas}, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: ${CONTAINERS}}}
`;
const job = (parallelism: string, completions: string, extra = "") => `apiVersion: batch/v1
kind: Job
metadata: {name: j, namespace: ns${extra}}
spec: {parallelism: ${parallelism}, completions: ${completions}, template: {spec: {restartPolicy: Never, containers: [{name: c, image: i}]}}}
`;
const propagation = (apiVersion: string, kind: string, scheduling: string) => `---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: p, namespace: ns}
spec:
  resourceSelectors: [{apiVersion: ${apiVersion}, kind: ${kind}}]
  placement: {clusterAffinity: {clusterNames: [c1, c2]}, replicaScheduling: ${scheduling}}
`;
const rsp = (kind: string, template: string, total: string) => `apiVersion: types.kubefed.io/v1beta1
kind: Federated${kind}
metadata: {name: x, namespace: ns}
spec: {template: ${template}, placement: {clusterSelector: {}}}
---
apiVersion: scheduling.kubefed.io/v1alpha1
kind: ReplicaSchedulingPreference
metadata: {name: x, namespace: ns}
spec: {targetKind: Federated${kind}, totalReplicas: ${total}, clusters: {c1: {weight: 1}, c2: {weight: 2}}}
`;

const WEIGHTED = "{replicaSchedulingType: Divided, replicaDivisionPreference: Weighted, weightPreference: {staticWeightList: [{targetCluster: {clusterNames: [c1]}, weight: 1}, {targetCluster: {clusterNames: [c2]}, weight: 3}]}}";
const INPUTS: [string, (v: string) => string][] = [
  ["federation-v1 Deployment replicas", (v) => deployment(v, V1)],
  ["federation-v1 Job parallelism", (v) => job(v, "3", V1)],
  ["federation-v1 Job completions", (v) => job("2", v, V1)],
  ["Karmada Duplicated replicas", (v) => deployment(v) + propagation("apps/v1", "Deployment", "{replicaSchedulingType: Duplicated}")],
  ["Karmada static-weight replicas", (v) => deployment(v) + propagation("apps/v1", "Deployment", WEIGHTED)],
  ["Karmada dynamic-weight replicas", (v) => deployment(v) + propagation("apps/v1", "Deployment", "{replicaSchedulingType: Divided, replicaDivisionPreference: Weighted, weightPreference: {dynamicWeight: AvailableReplicas}}")],
  ["Karmada Aggregated replicas", (v) => deployment(v) + propagation("apps/v1", "Deployment", "{replicaSchedulingType: Divided, replicaDivisionPreference: Aggregated}")],
  ["Karmada Job parallelism and completions", (v) => job(v, v) + propagation("batch/v1", "Job", WEIGHTED)],
  ["Karmada static weight", (v) => deployment("5") + propagation("apps/v1", "Deployment", WEIGHTED.replace("weight: 3", `weight: ${v}`))],
  ["ReplicaSchedulingPreference totalReplicas", (v) => rsp("Deployment", "{spec: {replicas: 1}}", v)],
  ["FederatedJob completions under an RSP", (v) => rsp("Job", `{spec: {completions: ${v}, parallelism: 1, template: {spec: {restartPolicy: Never, containers: [{name: c, image: i}]}}}}`, "3")],
];
const VALUES = ["1.5", "-1", "0", "2147483648", "9007199254740993", "1e308"];

describe("replica numbers", () => {
  for (const [input, text] of INPUTS) {
    it.each(VALUES.map((v) => [v]))(`${input} %s: no crash, no hang`, async (value) => {
      const t0 = performance.now();
      const result = await compileFiles({ "workload.yaml": text(value) });
      expect(performance.now() - t0).toBeLessThan(5000);
      // Every error is a located one (a schema or a policy saying why), never a crash.
      for (const d of result.diagnostics) if (d.severity === "error") expect(d.span?.file, d.message).toBeDefined();
    });
  }

  it("a fractional completions is reported, not silently replaced by planned integers", async () => {
    for (const text of [job("2", "1.5", V1), rsp("Job", "{spec: {completions: 1.5, parallelism: 1, template: {spec: {restartPolicy: Never, containers: [{name: c, image: i}]}}}}", "3")]) {
      const result = await compileFiles({ "workload.yaml": text });
      expect(errorsOf(result).join("\n")).toMatch(/^workload\.yaml:\d+:\d+: error OUTPUT_SCHEMA_VIOLATION: Job ns\/[jx]: spec\.completions must be an integer, not number 1\.5/m);
    }
  });
});

describe("Karmada's Webster division at any replica count", () => {
  /** Seat by seat, exactly as karmadaWebster.ts does without its bulk step (Karmada's heap, as a scan). */
  function reference(seats: number, votes: Map<string, number>, uid: string): Record<string, number> {
    const tie = tieBreakerByUid(uid);
    const parties = [...votes].map(([name, v]) => ({ name, votes: v, seats: 0 }));
    const better = (a: Party, b: Party) => {
      const pa = a.votes / (2 * a.seats + 1);
      const pb = b.votes / (2 * b.seats + 1);
      return pa === pb ? tie(a, b) : pa > pb;
    };
    for (let i = 0; i < seats; i++) parties.reduce((best, p) => (better(p, best) ? p : best)).seats++;
    return Object.fromEntries(parties.map((p) => [p.name, p.seats]));
  }

  it("hands out large replica counts exactly as seat by seat", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.oneof(fc.nat(10), fc.nat(1_000_000), fc.constant(0)), { minKeys: 1, maxKeys: 7 }),
        fc.integer({ min: 1001, max: 60_000 }),
        fc.constantFrom("", "uid-a", "uid-b"),
        (votes, seats, uid) => {
          const map = new Map(Object.entries(votes));
          const got = Object.fromEntries((allocateWebsterSeats(seats, map, undefined, tieBreakerByUid(uid)) ?? []).map((p) => [p.name, p.seats]));
          expect(got).toEqual(reference(seats, map, uid));
        },
      ),
      { numRuns: 60, seed: 31337 },
    );
  });

  it("divides 2,147,483,647 replicas (int32's largest) at once, and rejects one more", async () => {
    const t0 = performance.now();
    const ok = await compileFiles({ "workload.yaml": deployment("2147483647") + propagation("apps/v1", "Deployment", WEIGHTED) });
    expect(errorsOf(ok)).toEqual([]);
    expect(ok.files.find((f) => f.path === "c2/ns/deployment-d.yaml")?.content).toContain("replicas: 1610612735");
    expect(performance.now() - t0).toBeLessThan(5000);
    const over = await compileFiles({ "workload.yaml": deployment("2147483648") + propagation("apps/v1", "Deployment", WEIGHTED) });
    expect(errorsOf(over)).toEqual(["workload.yaml:4:18: error INVALID_OBJECT: Deployment ns/d: spec.replicas must be an integer from 0 to 2147483647, not 2147483648"]);
  });
});
