// Policy matching and choice: pkg/util/selector_test.go and pkg/detector/compare_test.go behaviour,
// as reference/karmada.md §2.1–§2.2 and §5.1 describe it.
import { describe, expect, it } from "vitest";
import { choosePolicy, orderOverridePolicies, policyPriority, selectorPriority, type ResourceRef, type ResourceSelector } from "../../compiler/normalize/karmadaSelectors.js";

const deploy: ResourceRef = { apiVersion: "apps/v1", kind: "Deployment", name: "nginx", namespace: "default", labels: { app: "nginx", tier: "web" } };

describe("ResourceSelectorPriority", () => {
  const cases: [string, ResourceSelector, number][] = [
    ["kind only → 1 (match all)", { apiVersion: "apps/v1", kind: "Deployment" }, 1],
    ["labelSelector match → 2", { apiVersion: "apps/v1", kind: "Deployment", labelSelector: { matchLabels: { app: "nginx" } } }, 2],
    ["empty labelSelector {} still ranks as a label match → 2", { apiVersion: "apps/v1", kind: "Deployment", labelSelector: {} }, 2],
    ["name match → 3", { apiVersion: "apps/v1", kind: "Deployment", name: "nginx" }, 3],
    ["name beats a labelSelector that does not match → 3", { apiVersion: "apps/v1", kind: "Deployment", name: "nginx", labelSelector: { matchLabels: { app: "other" } } }, 3],
    ["other name → 0", { apiVersion: "apps/v1", kind: "Deployment", name: "apache" }, 0],
    ["labelSelector mismatch → 0", { apiVersion: "apps/v1", kind: "Deployment", labelSelector: { matchLabels: { app: "other" } } }, 0],
    ["NotIn matches when the label is absent → 2", { apiVersion: "apps/v1", kind: "Deployment", labelSelector: { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] } }, 2],
    ["apiVersion compares exactly (apps/v1beta1) → 0", { apiVersion: "apps/v1beta1", kind: "Deployment" }, 0],
    ["kind is case-sensitive → 0", { apiVersion: "apps/v1", kind: "deployment" }, 0],
    ["other namespace → 0", { apiVersion: "apps/v1", kind: "Deployment", namespace: "prod" }, 0],
    ["same namespace → 1", { apiVersion: "apps/v1", kind: "Deployment", namespace: "default" }, 1],
  ];
  for (const [name, sel, want] of cases) it(name, () => expect(selectorPriority(deploy, sel)).toBe(want));
  it("a policy's implicit priority is the best of its selectors", () => {
    expect(policyPriority(deploy, [{ apiVersion: "apps/v1", kind: "Deployment" }, { apiVersion: "apps/v1", kind: "Deployment", name: "nginx" }])).toBe(3);
  });
});

const kindOnly: ResourceSelector[] = [{ apiVersion: "apps/v1", kind: "Deployment" }];
const byLabel: ResourceSelector[] = [{ apiVersion: "apps/v1", kind: "Deployment", labelSelector: { matchLabels: { app: "nginx" } } }];
const byName: ResourceSelector[] = [{ apiVersion: "apps/v1", kind: "Deployment", name: "nginx" }];

describe("choosing the propagation policy", () => {
  const pick = (...ps: { name: string; priority: number; selectors: ResourceSelector[] }[]) => choosePolicy(deploy, ps)?.policy.name;
  it("explicit priority beats implicit priority", () => {
    expect(pick({ name: "named", priority: 0, selectors: byName }, { name: "urgent", priority: 1, selectors: kindOnly })).toBe("urgent");
  });
  it("same explicit priority: name match beats label match beats kind-only", () => {
    expect(pick({ name: "a-kind", priority: 0, selectors: kindOnly }, { name: "b-label", priority: 0, selectors: byLabel }, { name: "c-name", priority: 0, selectors: byName })).toBe("c-name");
    expect(pick({ name: "a-kind", priority: 0, selectors: kindOnly }, { name: "b-label", priority: 0, selectors: byLabel })).toBe("b-label");
  });
  it("same priorities: the smaller name wins, whatever the input order", () => {
    expect(pick({ name: "zeta", priority: 0, selectors: byName }, { name: "alpha", priority: 0, selectors: byName })).toBe("alpha");
    expect(pick({ name: "alpha", priority: 0, selectors: byName }, { name: "zeta", priority: 0, selectors: byName })).toBe("alpha");
  });
  it("a negative priority loses to an unset one", () => {
    expect(pick({ name: "a", priority: -1, selectors: byName }, { name: "b", priority: 0, selectors: kindOnly })).toBe("b");
  });
  it("a policy that does not match never wins, however high its priority", () => {
    expect(pick({ name: "a", priority: 100, selectors: [{ apiVersion: "v1", kind: "Service" }] }, { name: "b", priority: 0, selectors: kindOnly })).toBe("b");
  });
  it("nothing matches → no policy", () => {
    expect(pick({ name: "a", priority: 0, selectors: [{ apiVersion: "v1", kind: "Service" }] })).toBeUndefined();
  });
});

describe("override policy order", () => {
  it("kind-only and selector-less first, name matches last; ties by name", () => {
    const order = orderOverridePolicies(deploy, [
      { name: "z-named", selectors: byName },
      { name: "b-label", selectors: byLabel },
      { name: "everything", selectors: [] },
      { name: "a-kind", selectors: kindOnly },
      { name: "other", selectors: [{ apiVersion: "v1", kind: "Service" }] },
    ]).map((p) => p.name);
    expect(order).toEqual(["a-kind", "everything", "b-label", "z-named"]);
  });
});
