// Hostile inputs that try to exhaust the stack, memory or time: deep nesting, YAML alias bombs,
// huge files, many documents. Each must end quickly in a located error (or render normally at
// the limit), never in a stack overflow, an out-of-memory abort or a hang.
import { execFileSync } from "node:child_process";
import { open, readFile, rm, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compile, MemoryFileSystem } from "../../compiler/index.js";
import { MAX_FILE_BYTES, readGitRevision } from "../../compiler/load/index.js";
import { commitAll, initRepo } from "../delivery/gitRepo.js";
import { MAX_NESTING_DEPTH } from "../../compiler/kube/yamlLimits.js";
import { fedc } from "../support/cli.js";
import { compileFiles, configMap, diskRepo, errorsOf, expectLocatedError, snapshot } from "./repo.js";

/** A federation-v1 object placed in every cluster, with `spec` as given (so deep values reach every stage). */
function thing(spec: string, name = "deep"): string {
  return `apiVersion: example.com/v1
kind: Thing
metadata:
  name: ${name}
  namespace: ns
  annotations: {federation.alpha.kubernetes.io/cluster-selector: '[]'}
spec: ${spec}
`;
}

const flowSeq = (n: number) => "[".repeat(n) + "]".repeat(n);
const flowMap = (n: number) => "{a: ".repeat(n) + "1" + "}".repeat(n);

/** Runs `f` and returns its result with how long it took and how much the heap grew. */
async function measured<T>(f: () => Promise<T>): Promise<{ value: T; ms: number; heapMb: number }> {
  const heap = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t0, heapMb: (process.memoryUsage().heapUsed - heap) / 2 ** 20 };
}

describe("deep nesting", () => {
  const DEEP = 10_000;
  it.each([
    ["a flow list", thing(flowSeq(DEEP))],
    ["a flow map", thing(flowMap(DEEP))],
    ["compact block lists", thing(`\n  ${"- ".repeat(DEEP)}x`)],
    ["block maps", thing("\n" + Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i + 2)}a:`).join("\n"))],
    ["JSON", `{"apiVersion":"example.com/v1","kind":"Thing","metadata":{"name":"deep","namespace":"ns"},"spec":${'{"a":'.repeat(DEEP)}1${"}".repeat(DEEP)}}`],
  ])(`%s ${DEEP.toLocaleString("en-US")} levels deep is a located error, not a stack overflow`, async (_, text) => {
    const { value: result, ms } = await measured(() => compileFiles({ "deep.yaml": text }));
    const d = expectLocatedError(result, "INPUT_LIMIT_EXCEEDED", "deep.yaml");
    expect(d.message).toContain(`more than ${MAX_NESTING_DEPTH} levels deep`);
    expect(d.span!.start).toBeGreaterThan(0);
    expect(ms).toBeLessThan(5000);
  });

  it(`renders a document exactly ${MAX_NESTING_DEPTH} levels deep, and rejects one level more`, async () => {
    // The document's own map is the first level.
    const atLimit = await diskRepo({ "deep.yaml": thing(flowMap(MAX_NESTING_DEPTH - 1)) });
    const ok = await fedc(["render", atLimit]);
    expect(ok.code, ok.stderr).toBe(0);
    const rendered = await readFile(path.join(atLimit, "rendered/c1/ns/thing-deep.yaml"), "utf8");
    expect(rendered.split("\n").filter((l) => /^\s*a:/.test(l))).toHaveLength(MAX_NESTING_DEPTH - 1);
    const over = await diskRepo({ "deep.yaml": thing(flowMap(MAX_NESTING_DEPTH)) });
    const res = await fedc(["render", over]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^deep\.yaml:7:\d+: error INPUT_LIMIT_EXCEEDED: /m);
    expect(await snapshot(path.join(over, "rendered"))).toEqual({});
  });

  it("a CRD whose schema nests to the limit is compiled and checks its resources", async () => {
    // 60 nested objects: spec.versions[0].schema.openAPIV3Schema + properties/x per level ≈ 126 YAML levels.
    const levels = 60;
    let schema = "{type: string}";
    for (let i = 0; i < levels; i++) schema = `{type: object, properties: {x: ${schema}}}`;
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example.com
  names: {kind: Thing, plural: things}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, properties: {spec: ${schema}}}
`;
    const value = (leaf: string) => `${"{x: ".repeat(levels)}${leaf}${"}".repeat(levels)}`;
    const good = await compileFiles({ "crd.yaml": crd, "thing.yaml": thing(value('"ok"')) });
    expect(errorsOf(good)).toEqual([]);
    const bad = await compileFiles({ "crd.yaml": crd, "thing.yaml": thing(value("42")) });
    expect(errorsOf(bad).join("\n")).toMatch(/^thing\.yaml:7:\d+: error OUTPUT_SCHEMA_VIOLATION: Thing ns\/deep: spec(\.x){60} must be a string, not number 42/m);
  });

  it("overrides that stack values deeper than the limit fail the object, not the process", async () => {
    const deep = flowMap(100).replace(/a:/g, "x:");
    const result = await compileFiles({
      "cm.yaml": configMap(
        "stacked",
        `  overrides:
  - clusterName: c1
    clusterOverrides:
    - {path: /data/a, value: ${deep}}
    - {path: /data/a${"/x".repeat(99)}, value: ${deep}}
`,
      ),
    });
    const d = expectLocatedError(result, "INVALID_OBJECT", "cm.yaml");
    expect(d.message).toContain(`its overrides nest maps and lists more than ${MAX_NESTING_DEPTH} levels deep`);
  });

  it("deep JSON or YAML inside strings (Karmada field overrider, federation-v1 annotations) is an error", async () => {
    const secretWith = (key: string, text: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: ns}
data: {${key}: '${text}'}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: p, namespace: ns}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap, name: cfg}]
  placement: {clusterAffinity: {clusterNames: [c1]}}
---
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: o, namespace: ns}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap, name: cfg}]
  overrideRules:
  - targetCluster: {clusterNames: [c1]}
    overriders:
      fieldOverrider: [{fieldPath: /data/${key}, ${key.endsWith("json") ? "json" : "yaml"}: [{subPath: /a, operator: replace, value: 1}]}]
`;
    for (const [key, text] of [["c.json", flowSeq(100_000)], ["c.yaml", flowMap(100_000)]] as const) {
      const result = await compileFiles({ "k.yaml": secretWith(key, text) });
      const d = expectLocatedError(result, "OVERRIDE_FAILED", "k.yaml");
      expect(d.message).toContain(`nests maps and lists more than ${MAX_NESTING_DEPTH} levels deep`);
    }
    const selector = await compileFiles({ "v1.yaml": thing("{}").replace("'[]'", `'${flowSeq(100_000)}'`) });
    expectLocatedError(selector, "FEDV1_ANNOTATION_INVALID", "v1.yaml");
    const preferences = await compileFiles({
      "v1.yaml": thing("{replicas: 2}").replace(
        "federation.alpha.kubernetes.io/cluster-selector: '[]'",
        `federation.kubernetes.io/replica-set-preferences: '{"clusters": ${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}'`,
      ).replace("kind: Thing", "kind: ReplicaSet").replace("example.com/v1", "apps/v1"),
    });
    expect(preferences.diagnostics.map((d) => d.code)).toContain("FEDV1_PREFERENCES_IGNORED");
  });
});

describe("YAML alias bombs", () => {
  const laughs = (levels: number) => {
    const lines = ["spec:", `  l0: &l0 [${Array(10).fill('"lol"').join(", ")}]`];
    for (let i = 1; i < levels; i++) lines.push(`  l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(", ")}]`);
    return lines.join("\n");
  };

  it.each([
    ["a billion laughs", thing("{}").replace("spec: {}", laughs(9)), "a YAML alias bomb"],
    ["one anchored list of 20,000 items aliased 900 times", thing(`{a: &a [${Array(20_000).fill("1").join(",")}], b: [${Array(900).fill("*a").join(",")}]}`), "a YAML alias bomb"],
    ["an alias inside the map it refers to", thing("&x {b: *x}"), "cycles cannot be expanded"],
    ["an alias inside the list it refers to", thing("&x [1, [2, *x]]"), "cycles cannot be expanded"],
    ["aliases that nest an anchored value deeper than the limit", thing(`{a: &a ${flowMap(100)}, b: ${flowMap(100).replace("1", "*a")}}`), "with its aliases expanded"],
  ])("%s is a located error, in bounded time and memory", async (_, text, message) => {
    const { value: result, ms, heapMb } = await measured(() => compileFiles({ "bomb.yaml": text }));
    const d = expectLocatedError(result, "INPUT_LIMIT_EXCEEDED", "bomb.yaml");
    expect(d.message).toContain(message);
    expect(ms).toBeLessThan(5000);
    expect(heapMb).toBeLessThan(300);
  });

  it("a few aliases that expand modestly are fine", async () => {
    const result = await compileFiles({ "ok.yaml": thing("{a: &a {x: 1, y: [1, 2]}, b: *a, c: *a}") });
    expect(errorsOf(result)).toEqual([]);
    expect(result.files.find((f) => f.path === "c1/ns/thing-deep.yaml")?.content).toContain("c:\n    x: 1");
  });
});

describe("large inputs", () => {
  it(`a file over ${MAX_FILE_BYTES / 2 ** 20} MiB is a located error and is never read`, async () => {
    const repo = await diskRepo({ "ok.yaml": configMap("fine") });
    // A sparse 4 GiB file: reading it would take seconds and gigabytes.
    const huge = path.join(repo, "huge.yaml");
    await (await open(huge, "w")).close();
    await truncate(huge, 4 * 2 ** 30);
    await writeFile(path.join(repo, "big.yaml"), "# " + "x".repeat(MAX_FILE_BYTES) + "\n");
    const { value: result, ms, heapMb } = await measured(() => compile({ repo }));
    expect(errorsOf(result)).toEqual([
      "big.yaml: error FILE_UNREADABLE: file is larger than 8 MiB; split it or exclude it in fedc.yaml",
      "huge.yaml: error FILE_UNREADABLE: file is larger than 8 MiB; split it or exclude it in fedc.yaml",
    ]);
    expect(ms).toBeLessThan(3000);
    expect(heapMb).toBeLessThan(200);
    await rm(huge);
  });

  it(`a file over ${MAX_FILE_BYTES / 2 ** 20} MiB in a base revision (fedc diff, the Action) is an error and is never read`, async () => {
    const repo = await diskRepo({ "ok.yaml": configMap("fine") });
    await initRepo(repo);
    await writeFile(path.join(repo, "big.yaml"), "# " + "x".repeat(MAX_FILE_BYTES) + "\n");
    const base = await commitAll(repo, "base");
    const revision = await readGitRevision(repo, base);
    if ("code" in revision) throw new Error(revision.message);
    await expect(revision.fs.read("big.yaml")).rejects.toThrow("file is larger than 8 MiB");
    const { value: result, heapMb } = await measured(() => compile({ repo: revision.fs }));
    expect(errorsOf(result)).toEqual(["big.yaml: error FILE_UNREADABLE: file is larger than 8 MiB; split it or exclude it in fedc.yaml"]);
    expect(heapMb).toBeLessThan(200);
  });

  it("a file with 200,000 documents is read (documents are not passed as call arguments)", async () => {
    const text = "apiVersion: v1\nkind: A\n---\n".repeat(200_000);
    const result = await compile({ repo: new MemoryFileSystem({ "many.yaml": text }) });
    expect(errorsOf(result)).toEqual([]);
    expect(result.diagnostics.find((d) => d.code === "UNCLAIMED_RESOURCE")?.notes).toHaveLength(200_000);
  });

  it("fedc.yaml that is a directory or a FIFO is a located error, not a crash or a hang", async () => {
    const dirRepo = await diskRepo({ "fedc.yaml/x.txt": "" });
    const asDir = await fedc(["render", dirRepo]);
    expect(asDir.code).toBe(1);
    expect(asDir.stderr).toContain("fedc.yaml: error FILE_UNREADABLE: it is not a regular file");
    let fifo: string | undefined;
    try {
      fifo = await diskRepo();
      execFileSync("mkfifo", [path.join(fifo, "fedc.yaml")]);
    } catch {
      return; // no mkfifo on this system
    }
    const asFifo = await fedc(["render", fifo]);
    expect(asFifo.code).toBe(1);
    expect(asFifo.stderr).toContain("fedc.yaml: error FILE_UNREADABLE: it is not a regular file");
  });
});
