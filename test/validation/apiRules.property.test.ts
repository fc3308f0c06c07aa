// Property: nothing the API server would reject leaves fedc. Generated names, labels and sizes are
// judged by an oracle written here from Kubernetes' rules (independently of compiler/kube/); compile()
// must report an error exactly when the oracle rejects, and never emit the rejected object.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CompileResult } from "../../compiler/index.js";
import { compileCase } from "./harness.js";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const utf8 = (s: string) => Buffer.byteLength(s, "utf8");

const oracle = {
  subdomain: (s: string) => utf8(s) <= 253 && SUBDOMAIN.test(s),
  dns1035: (s: string) => utf8(s) <= 63 && DNS1035.test(s),
  labelValue: (s: string) => utf8(s) <= 63 && (s === "" || NAME_PART.test(s)),
  labelKey: (s: string) => {
    const parts = s.split("/");
    if (parts.length > 2) return false;
    const name = parts[parts.length - 1]!;
    if (parts.length === 2 && !oracle.subdomain(parts[0]!)) return false;
    return utf8(name) <= 63 && NAME_PART.test(name);
  },
};

// Mostly the characters names are made of, plus the ones users get wrong.
const CHARS = fc.constantFrom(..."abcxyz019-.-..ABZ_ é/:+".split(""));
const text = (max: number) => fc.string({ unit: CHARS, minLength: 0, maxLength: max });
// Lengths around the limits: a valid base repeated past 63 or 253 characters.
const long = fc.tuple(fc.constantFrom("a", "ab-", "a.b"), fc.integer({ min: 20, max: 100 })).map(([s, n]) => `x${s.repeat(n)}z`);
const names = fc.oneof(text(20), long);

const errors = (r: CompileResult) => r.diagnostics.filter((d) => d.severity === "error");
const emittedNames = (r: CompileResult) => r.clusters.flatMap((c) => c.objects.map((o) => String((o.member.object.metadata as { name?: string }).name)));

function configMap(name: string, extra = "", data = "{a: b}"): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${JSON.stringify(name)}, namespace: shop${extra}}\ndata: ${data}\n`;
}

describe("generated names, labels and sizes", () => {
  it("a ConfigMap name is emitted exactly when it is a DNS-1123 subdomain", async () => {
    await fc.assert(
      fc.asyncProperty(names, async (name) => {
        const r = await compileCase(configMap(name));
        expect(r.ok, `${JSON.stringify(name)}: ${errors(r).map((d) => d.message).join("; ")}`).toBe(oracle.subdomain(name));
        if (!r.ok) expect(emittedNames(r)).not.toContain(name);
      }),
      { numRuns: RUNS },
    );
  });

  it("a Service name is emitted exactly when it is a DNS-1035 label", async () => {
    await fc.assert(
      fc.asyncProperty(names, async (name) => {
        const r = await compileCase(`apiVersion: v1\nkind: Service\nmetadata: {name: ${JSON.stringify(name)}, namespace: shop}\nspec: {ports: [{port: 80}]}\n`);
        expect(r.ok, JSON.stringify(name)).toBe(oracle.dns1035(name));
      }),
      { numRuns: RUNS },
    );
  });

  it("labels are emitted exactly when every key is a qualified name and every value a label value", async () => {
    const key = fc.oneof(text(12), fc.tuple(text(12), text(12)).map(([a, b]) => `${a}/${b}`), long);
    await fc.assert(
      fc.asyncProperty(key, fc.oneof(text(12), long), async (k, v) => {
        // Keys fedc itself sets are left out: the managed-by label would replace them.
        fc.pre(k !== "app.kubernetes.io/managed-by");
        const r = await compileCase(configMap("web", `, labels: {${JSON.stringify(k)}: ${JSON.stringify(v)}}`));
        expect(r.ok, `${JSON.stringify(k)}: ${JSON.stringify(v)}`).toBe(oracle.labelKey(k) && oracle.labelValue(v));
        if (!r.ok) expect(r.clusters.flatMap((c) => c.objects)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("annotations are emitted exactly when they total at most 256 KiB", async () => {
    const limit = 256 * 1024;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: limit - 40, max: limit + 40 }), async (total) => {
        const value = "v".repeat(total - 4);
        const r = await compileCase(configMap("web", `, annotations: {note: ${value}}`));
        expect(r.ok, String(total)).toBe(total <= limit);
      }),
      { numRuns: Math.min(RUNS, 10) },
    );
  });

  it("ConfigMap data is emitted exactly when it holds at most 1 MiB", async () => {
    const limit = 1024 * 1024;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: limit - 40, max: limit + 40 }), fc.integer({ min: 1, max: 4 }), async (total, parts) => {
        const size = Math.floor(total / parts);
        const sizes = Array.from({ length: parts }, (_, i) => (i === parts - 1 ? total - size * (parts - 1) : size));
        const data = `{${sizes.map((n, i) => `k${i}: ${"d".repeat(n)}`).join(", ")}}`;
        const r = await compileCase(configMap("web", "", data));
        expect(r.ok, `${total} in ${parts}`).toBe(total <= limit);
      }),
      { numRuns: Math.min(RUNS, 10) },
    );
  });

  it("a Deployment's replicas are emitted exactly when they are not negative", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -1000, max: 1000 }), async (replicas) => {
        const r = await compileCase(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1}]}
`);
        expect(r.ok, String(replicas)).toBe(replicas >= 0);
      }),
      { numRuns: RUNS },
    );
  });
});
