import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitHpa } from "../../compiler/schedule/hpaSplit.js";
import { legacySelectorMatches } from "../../compiler/schedule/legacySelector.js";

describe("federation v1 HPA split", () => {
  it.each([
    ["max 10, min 2 over 3 clusters → 4/3/3 max, 1/1/1 min", 2, 10, ["a", "b", "c"], { a: [1, 4], b: [1, 3], c: [1, 3] }],
    ["max 4, min 1 over 3 clusters → rdcMax 2: 2/2/0, the third gets no HPA", 1, 4, ["a", "b", "c"], { a: [1, 2], b: [1, 2], c: [0, 0] }],
    ["max 1 over 2 clusters → the first takes it", 1, 1, ["a", "b"], { a: [1, 1], b: [0, 0] }],
    ["max 12, min 6 over 2 clusters → 6/6 max, 3/3 min", 6, 12, ["a", "b"], { a: [3, 6], b: [3, 6] }],
    ["min 5 over 1 cluster with max 5 → 5/5", 5, 5, ["a"], { a: [5, 5] }],
  ])("%s", (_name, min, max, clusters, expected) => {
    const got = Object.fromEntries([...splitHpa(min, max, clusters)].map(([c, r]) => [c, [r.min, r.max]]));
    expect(got).toEqual(expected);
  });

  it("Σmax = max, Σmin ≥ min, min ≥ 1 wherever max > 0, min ≤ max", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 200 }), (max, n, rawMin) => {
        const min = Math.min(rawMin, max);
        const clusters = Array.from({ length: n }, (_, i) => `c${i}`);
        const split = [...splitHpa(min, max, clusters).values()];
        expect(split.reduce((s, r) => s + r.max, 0)).toBe(max);
        for (const r of split) {
          if (r.max > 0) expect(r.min).toBeGreaterThanOrEqual(1);
          expect(r.min).toBeLessThanOrEqual(Math.max(r.max, 0));
        }
        expect(split.reduce((s, r) => s + r.min, 0)).toBeGreaterThanOrEqual(min);
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});

describe("federation v1 cluster selector", () => {
  const labels = { env: "prod", tier: "3", zone: "a" };
  it.each([
    ["= matches an equal value", [{ key: "env", operator: "=", values: ["prod"] }], true],
    ["== matches an equal value", [{ key: "env", operator: "==", values: ["prod"] }], true],
    ["in matches one of the values", [{ key: "env", operator: "in", values: ["dev", "prod"] }], true],
    ["In fails on a missing label", [{ key: "missing", operator: "In", values: ["x"] }], false],
    ["!= matches a cluster without the label", [{ key: "missing", operator: "!=", values: ["x"] }], true],
    ["notin excludes a listed value", [{ key: "env", operator: "notin", values: ["prod"] }], false],
    ["NotIn matches a cluster without the label", [{ key: "missing", operator: "NotIn", values: ["x"] }], true],
    ["exists needs the label", [{ key: "zone", operator: "exists", values: [] }], true],
    ["! means the label is absent", [{ key: "zone", operator: "!", values: [] }], false],
    ["DoesNotExist on a missing label", [{ key: "missing", operator: "DoesNotExist", values: [] }], true],
    ["gt compares integers", [{ key: "tier", operator: "gt", values: ["2"] }], true],
    ["> is gt", [{ key: "tier", operator: ">", values: ["3"] }], false],
    ["lt compares integers", [{ key: "tier", operator: "Lt", values: ["4"] }], true],
    ["gt on a non-integer label fails", [{ key: "env", operator: "gt", values: ["1"] }], false],
    ["requirements are ANDed", [{ key: "env", operator: "=", values: ["prod"] }, { key: "tier", operator: "<", values: ["2"] }], false],
    ["no requirements select every cluster", [], true],
  ])("%s", (_name, reqs, expected) => {
    expect(legacySelectorMatches(reqs, labels)).toBe(expected);
  });
});
