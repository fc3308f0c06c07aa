import { describe, it, expect } from "vitest";
import { applyJsonPatch, type RawPatchOp } from "../../compiler/override/jsonPatch.js";
import type { Json } from "../../compiler/model.js";

interface OkCase {
  name: string;
  doc: Json;
  ops: RawPatchOp[];
  want: Json;
}

interface FailCase {
  name: string;
  doc: Json;
  ops: RawPatchOp[];
  index?: number;
  message: string;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function expectOk(doc: Json, ops: RawPatchOp[]): Json {
  const result = applyJsonPatch(doc, ops);
  if (!result.ok) throw new Error(`patch failed at op ${result.index}: ${result.message}`);
  return result.doc;
}

function runOk(cases: OkCase[]): void {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    // Frozen inputs: any write into the document or an op value throws (ESM is strict mode).
    expect(expectOk(deepFreeze(c.doc), deepFreeze(c.ops))).toEqual(c.want);
  });
}

function runFail(cases: FailCase[]): void {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = applyJsonPatch(deepFreeze(c.doc), deepFreeze(c.ops));
    expect(result).toEqual({ ok: false, index: c.index ?? 0, message: c.message });
  });
}

const deployment = (): Json => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "prod", labels: { app: "web" } },
  spec: {
    template: { spec: { containers: [{ name: "web", image: "nginx:1.0", args: ["a", "b"] }] } },
  },
});

describe("object members", () => {
  runOk([
    { name: "add sets a new member", doc: { a: 1 }, ops: [{ op: "add", path: "/b", value: 2 }], want: { a: 1, b: 2 } },
    { name: "add overwrites an existing member", doc: { a: 1 }, ops: [{ op: "add", path: "/a", value: 5 }], want: { a: 5 } },
    { name: "replace overwrites an existing member", doc: { a: { x: 1 } }, ops: [{ op: "replace", path: "/a", value: "s" }], want: { a: "s" } },
    {
      name: "replace on a missing key sets it (v4 acts like add)",
      doc: { spec: {} },
      ops: [{ op: "replace", path: "/spec/replicas", value: 3 }],
      want: { spec: { replicas: 3 } },
    },
    { name: "remove deletes a member", doc: { a: 1, b: 2 }, ops: [{ op: "remove", path: "/a" }], want: { b: 2 } },
    { name: "remove of a member whose value is null works", doc: { a: null, b: 2 }, ops: [{ op: "remove", path: "/a" }], want: { b: 2 } },
    { name: "add without a value inserts null", doc: { a: 1 }, ops: [{ op: "add", path: "/b" }], want: { a: 1, b: null } },
    { name: "replace without a value sets null", doc: { a: 1 }, ops: [{ op: "replace", path: "/a" }], want: { a: null } },
    { name: "a null value is treated as absent (null)", doc: {}, ops: [{ op: "add", path: "/a", value: null }], want: { a: null } },
    { name: "false, 0 and '' are real values", doc: {}, ops: [{ op: "add", path: "/f", value: false }, { op: "add", path: "/z", value: 0 }, { op: "add", path: "/e", value: "" }], want: { f: false, z: 0, e: "" } },
    { name: "path '/' addresses the empty member name", doc: { a: 1 }, ops: [{ op: "add", path: "/", value: 2 }], want: { a: 1, "": 2 } },
    { name: "'-' on an object is an ordinary member name", doc: {}, ops: [{ op: "add", path: "/-", value: 1 }], want: { "-": 1 } },
    { name: "a numeric token on an object is a member name", doc: { m: {} }, ops: [{ op: "add", path: "/m/0", value: "x" }], want: { m: { "0": "x" } } },
    { name: "add replaces a whole subtree", doc: { metadata: { name: "n" } }, ops: [{ op: "add", path: "/metadata/annotations", value: { foo: "bar" } }], want: { metadata: { name: "n", annotations: { foo: "bar" } } } },
    {
      name: "add a whole map then remove its only key leaves {}",
      doc: { metadata: { name: "n" } },
      ops: [
        { op: "add", path: "/metadata/annotations", value: { foo: "bar" } },
        { op: "remove", path: "/metadata/annotations/foo" },
      ],
      want: { metadata: { name: "n", annotations: {} } },
    },
  ]);
  runFail([
    {
      name: "remove of a missing key fails",
      doc: { spec: { a: 1 } },
      ops: [{ op: "remove", path: "/spec/foo" }],
      message: "error in remove for path: '/spec/foo': Unable to remove nonexistent key: foo: missing value",
    },
    {
      name: "remove names the unescaped key",
      doc: {},
      ops: [{ op: "remove", path: "/a~1b" }],
      message: "error in remove for path: '/a~1b': Unable to remove nonexistent key: a/b: missing value",
    },
  ]);
});

describe("paths", () => {
  runOk([
    { name: "~1 and ~0 unescape", doc: { "a/b": 1, "c~d": 2 }, ops: [{ op: "replace", path: "/a~1b", value: 10 }, { op: "replace", path: "/c~0d", value: 20 }], want: { "a/b": 10, "c~d": 20 } },
    { name: "~01 unescapes to ~1, not /", doc: {}, ops: [{ op: "add", path: "/~01", value: 1 }], want: { "~1": 1 } },
    { name: "other ~ sequences are kept as written", doc: {}, ops: [{ op: "add", path: "/a~2~", value: 1 }], want: { "a~2~": 1 } },
    { name: "annotation keys with / are reached via ~1", doc: { metadata: { labels: {} } }, ops: [{ op: "add", path: "/metadata/labels/app.kubernetes.io~1name", value: "web" }], want: { metadata: { labels: { "app.kubernetes.io/name": "web" } } } },
    { name: "traversal uses escaped tokens mid-path", doc: { "a/b": { c: 1 } }, ops: [{ op: "replace", path: "/a~1b/c", value: 2 }], want: { "a/b": { c: 2 } } },
    { name: "an empty token mid-path is the member ''", doc: { "": { x: 1 } }, ops: [{ op: "replace", path: "//x", value: 2 }], want: { "": { x: 2 } } },
    { name: "a path without a leading / ignores its first token", doc: { spec: {} }, ops: [{ op: "add", path: "spec/replicas", value: 3 }], want: { spec: {}, replicas: 3 } },
    { name: "array index mid-path", doc: deployment(), ops: [{ op: "replace", path: "/spec/template/spec/containers/0/image", value: "nginx:2.0" }], want: { ...(deployment() as object), spec: { template: { spec: { containers: [{ name: "web", image: "nginx:2.0", args: ["a", "b"] }] } } } } },
    { name: "negative index -1 mid-path is the last element", doc: { l: [{ v: 1 }, { v: 2 }] }, ops: [{ op: "replace", path: "/l/-1/v", value: 9 }], want: { l: [{ v: 1 }, { v: 9 }] } },
    { name: "'+1' and '01' are valid indices mid-path", doc: { l: [{ v: 0 }, { v: 1 }] }, ops: [{ op: "replace", path: "/l/+1/v", value: "p" }, { op: "replace", path: "/l/01/w", value: "z" }], want: { l: [{ v: 0 }, { v: "p", w: "z" }] } },
  ]);
  runFail([
    { name: "path '' add fails", doc: { a: 1 }, ops: [{ op: "add", path: "", value: {} }], message: 'add operation does not apply: doc is missing path: "": missing value' },
    { name: "path '' remove fails", doc: { a: 1 }, ops: [{ op: "remove", path: "" }], message: 'remove operation does not apply: doc is missing path: "": missing value' },
    { name: "a path without any / fails", doc: { a: 1 }, ops: [{ op: "replace", path: "a", value: 2 }], message: "replace operation does not apply: doc is missing path: a: missing value" },
    {
      name: "replace under a missing parent fails (parent must exist)",
      doc: { spec: {} },
      ops: [{ op: "replace", path: "/spec/foo/bar", value: 1 }],
      message: "replace operation does not apply: doc is missing path: /spec/foo/bar: missing value",
    },
    {
      name: "add under a missing parent fails (no intermediate objects are created)",
      doc: { metadata: { name: "n" } },
      ops: [{ op: "add", path: "/metadata/annotations/k", value: "v" }],
      message: 'add operation does not apply: doc is missing path: "/metadata/annotations/k": missing value',
    },
    {
      name: "remove under a missing parent fails",
      doc: {},
      ops: [{ op: "remove", path: "/a/b" }],
      message: 'remove operation does not apply: doc is missing path: "/a/b": missing value',
    },
    { name: "null traversal fails", doc: { spec: { selector: null } }, ops: [{ op: "add", path: "/spec/selector/x", value: 1 }], message: 'add operation does not apply: doc is missing path: "/spec/selector/x": missing value' },
    { name: "null array element traversal fails", doc: { l: [null] }, ops: [{ op: "replace", path: "/l/0/x", value: 1 }], message: "replace operation does not apply: doc is missing path: /l/0/x: missing value" },
    { name: "scalar traversal fails (number)", doc: { spec: { replicas: 3 } }, ops: [{ op: "add", path: "/spec/replicas/x", value: 1 }], message: 'add operation does not apply: doc is missing path: "/spec/replicas/x": missing value' },
    { name: "scalar traversal fails (string)", doc: { s: "abc" }, ops: [{ op: "replace", path: "/s/0", value: "x" }], message: "replace operation does not apply: doc is missing path: /s/0: missing value" },
    { name: "scalar traversal fails (boolean)", doc: { b: true }, ops: [{ op: "remove", path: "/b/x" }], message: 'remove operation does not apply: doc is missing path: "/b/x": missing value' },
    { name: "'-' mid-path fails", doc: { l: [{ a: 1 }] }, ops: [{ op: "add", path: "/l/-/a", value: 2 }], message: 'add operation does not apply: doc is missing path: "/l/-/a": missing value' },
    { name: "out-of-range index mid-path fails", doc: { l: [{ a: 1 }] }, ops: [{ op: "add", path: "/l/1/a", value: 2 }], message: 'add operation does not apply: doc is missing path: "/l/1/a": missing value' },
    { name: "negative index below -len mid-path fails", doc: { l: [{ a: 1 }] }, ops: [{ op: "add", path: "/l/-2/a", value: 2 }], message: 'add operation does not apply: doc is missing path: "/l/-2/a": missing value' },
    { name: "non-numeric index mid-path fails", doc: { l: [{ a: 1 }] }, ops: [{ op: "add", path: "/l/x/a", value: 2 }], message: 'add operation does not apply: doc is missing path: "/l/x/a": missing value' },
    { name: "a root that is not a container is missing every path", doc: 5, ops: [{ op: "add", path: "/a", value: 1 }], message: 'add operation does not apply: doc is missing path: "/a": missing value' },
  ]);
});

describe("arrays: add", () => {
  runOk([
    { name: "add at index 0 inserts at the front", doc: { l: [1, 2] }, ops: [{ op: "add", path: "/l/0", value: 0 }], want: { l: [0, 1, 2] } },
    { name: "add at index i inserts before i (shifting)", doc: { l: [1, 3] }, ops: [{ op: "add", path: "/l/1", value: 2 }], want: { l: [1, 2, 3] } },
    { name: "add at index len appends", doc: { l: [1, 2] }, ops: [{ op: "add", path: "/l/2", value: 3 }], want: { l: [1, 2, 3] } },
    { name: "add at '-' appends", doc: { l: [1] }, ops: [{ op: "add", path: "/l/-", value: 2 }], want: { l: [1, 2] } },
    { name: "add at '-' on an empty array", doc: { l: [] }, ops: [{ op: "add", path: "/l/-", value: "x" }], want: { l: ["x"] } },
    { name: "negative index -1 on add appends", doc: { l: [1, 2] }, ops: [{ op: "add", path: "/l/-1", value: 3 }], want: { l: [1, 2, 3] } },
    { name: "negative index -2 on add inserts before the last", doc: { l: [1, 3] }, ops: [{ op: "add", path: "/l/-2", value: 2 }], want: { l: [1, 2, 3] } },
    { name: "negative index -(len+1) on add inserts at the front", doc: { l: [1, 2] }, ops: [{ op: "add", path: "/l/-3", value: 0 }], want: { l: [0, 1, 2] } },
    { name: "'+1' and '01' are valid indices", doc: { l: ["a", "c", "e"] }, ops: [{ op: "add", path: "/l/+1", value: "b" }, { op: "add", path: "/l/03", value: "d" }], want: { l: ["a", "b", "c", "d", "e"] } },
    { name: "'-0' is index 0", doc: { l: [1] }, ops: [{ op: "add", path: "/l/-0", value: 0 }], want: { l: [0, 1] } },
    { name: "add without a value inserts null into an array", doc: { l: [1] }, ops: [{ op: "add", path: "/l/-" }], want: { l: [1, null] } },
    { name: "container args: append an argument", doc: { args: ["--a"] }, ops: [{ op: "add", path: "/args/-", value: "--b" }], want: { args: ["--a", "--b"] } },
  ]);
  runFail([
    { name: "add past len fails", doc: { l: [1, 2] }, ops: [{ op: "add", path: "/l/3", value: 3 }], message: "error in add for path: '/l/3': Unable to access invalid index: 3: invalid index referenced" },
    { name: "add below -(len+1) fails", doc: { l: [1, 2] }, ops: [{ op: "add", path: "/l/-4", value: 3 }], message: "error in add for path: '/l/-4': Unable to access invalid index: -4: invalid index referenced" },
    { name: "add with a non-numeric index fails", doc: { l: [] }, ops: [{ op: "add", path: "/l/x", value: 1 }], message: "error in add for path: '/l/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax" },
    { name: "add with index '1.0' fails", doc: { l: [1] }, ops: [{ op: "add", path: "/l/1.0", value: 1 }], message: "error in add for path: '/l/1.0': value was not a proper array index: '1.0': strconv.Atoi: parsing \"1.0\": invalid syntax" },
    { name: "add with an empty index fails", doc: { l: [1] }, ops: [{ op: "add", path: "/l/", value: 1 }], message: "error in add for path: '/l/': value was not a proper array index: '': strconv.Atoi: parsing \"\": invalid syntax" },
    { name: "add with an index beyond int64 fails as out of range", doc: { l: [] }, ops: [{ op: "add", path: "/l/9223372036854775808", value: 1 }], message: "error in add for path: '/l/9223372036854775808': value was not a proper array index: '9223372036854775808': strconv.Atoi: parsing \"9223372036854775808\": value out of range" },
    { name: "add with a huge int64 index is an invalid index", doc: { l: [] }, ops: [{ op: "add", path: "/l/0009223372036854775807", value: 1 }], message: "error in add for path: '/l/0009223372036854775807': Unable to access invalid index: 9223372036854775807: invalid index referenced" },
  ]);
});

describe("arrays: remove and replace", () => {
  runOk([
    { name: "remove at index shifts the rest", doc: { l: [1, 2, 3] }, ops: [{ op: "remove", path: "/l/1" }], want: { l: [1, 3] } },
    { name: "remove at -1 removes the last", doc: { l: [1, 2, 3] }, ops: [{ op: "remove", path: "/l/-1" }], want: { l: [1, 2] } },
    { name: "remove at -len removes the first", doc: { l: [1, 2, 3] }, ops: [{ op: "remove", path: "/l/-3" }], want: { l: [2, 3] } },
    { name: "remove with '+0' removes the first", doc: { l: [1, 2] }, ops: [{ op: "remove", path: "/l/+0" }], want: { l: [2] } },
    { name: "replace at index", doc: { l: [1, 2] }, ops: [{ op: "replace", path: "/l/1", value: 9 }], want: { l: [1, 9] } },
    { name: "replace at -1 replaces the last", doc: { l: [1, 2] }, ops: [{ op: "replace", path: "/l/-1", value: 9 }], want: { l: [1, 9] } },
    { name: "replace at '01'", doc: { l: [1, 2] }, ops: [{ op: "replace", path: "/l/01", value: 9 }], want: { l: [1, 9] } },
  ]);
  runFail([
    { name: "remove at len fails", doc: { l: [1, 2] }, ops: [{ op: "remove", path: "/l/2" }], message: "error in remove for path: '/l/2': Unable to access invalid index: 2: invalid index referenced" },
    { name: "remove below -len fails", doc: { l: [1, 2] }, ops: [{ op: "remove", path: "/l/-3" }], message: "error in remove for path: '/l/-3': Unable to access invalid index: -3: invalid index referenced" },
    { name: "remove on an empty array fails", doc: { l: [] }, ops: [{ op: "remove", path: "/l/0" }], message: "error in remove for path: '/l/0': Unable to access invalid index: 0: invalid index referenced" },
    { name: "remove at '-' fails", doc: { l: [1] }, ops: [{ op: "remove", path: "/l/-" }], message: "error in remove for path: '/l/-': strconv.Atoi: parsing \"-\": invalid syntax" },
    { name: "replace at len fails (no append on arrays)", doc: { l: [1, 2] }, ops: [{ op: "replace", path: "/l/2", value: 3 }], message: "replace operation does not apply: doc is missing key: /l/2: missing value" },
    { name: "replace below -len fails", doc: { l: [1, 2] }, ops: [{ op: "replace", path: "/l/-3", value: 3 }], message: "replace operation does not apply: doc is missing key: /l/-3: missing value" },
    { name: "replace at '-' fails", doc: { l: [1] }, ops: [{ op: "replace", path: "/l/-", value: 3 }], message: "replace operation does not apply: doc is missing key: /l/-: missing value" },
    { name: "replace at a non-numeric index fails", doc: { l: [1] }, ops: [{ op: "replace", path: "/l/a", value: 3 }], message: "replace operation does not apply: doc is missing key: /l/a: missing value" },
  ]);
});

describe("whole-document replace", () => {
  runOk([
    { name: "path '' replace swaps the document", doc: { a: 1 }, ops: [{ op: "replace", path: "", value: { b: 2 } }], want: { b: 2 } },
    { name: "path '' replace with an array makes the document an array", doc: { a: 1 }, ops: [{ op: "replace", path: "", value: [1, 2] }, { op: "add", path: "/-", value: 3 }], want: [1, 2, 3] },
    { name: "later ops apply to the swapped document", doc: { a: 1 }, ops: [{ op: "replace", path: "", value: { b: { c: 1 } } }, { op: "replace", path: "/b/c", value: 2 }], want: { b: { c: 2 } } },
    { name: "path '' replace with a scalar is silently ignored (v4.12.0 wraps a nil error)", doc: { a: 1 }, ops: [{ op: "replace", path: "", value: 5 }], want: { a: 1 } },
    { name: "path '' replace with a string is silently ignored", doc: { a: 1 }, ops: [{ op: "replace", path: "", value: "x" }, { op: "add", path: "/b", value: 2 }], want: { a: 1, b: 2 } },
  ]);
  runFail([
    { name: "path '' replace without a value fails", doc: { a: 1 }, ops: [{ op: "replace", path: "" }], message: "replace operation value must be object or array" },
  ]);
});

describe("sequencing", () => {
  it("ops apply in order and a failure reports its index", () => {
    const ops: RawPatchOp[] = [
      { op: "add", path: "/a", value: { b: 1 } },
      { op: "replace", path: "/a/b", value: 2 },
      { op: "remove", path: "/a/b" },
      { op: "remove", path: "/a/b" },
      { op: "add", path: "/never", value: 1 },
    ];
    expect(applyJsonPatch({}, ops)).toEqual({
      ok: false,
      index: 3,
      message: "error in remove for path: '/a/b': Unable to remove nonexistent key: b: missing value",
    });
    expect(applyJsonPatch({}, ops.slice(0, 3))).toEqual({ ok: true, doc: { a: {} } });
  });

  it("an op can build on a value added by an earlier op", () => {
    const doc = expectOk({ spec: {} }, [
      { op: "add", path: "/spec/tolerations", value: [] },
      { op: "add", path: "/spec/tolerations/-", value: { key: "k" } },
      { op: "add", path: "/spec/tolerations/0/effect", value: "NoSchedule" },
    ]);
    expect(doc).toEqual({ spec: { tolerations: [{ key: "k", effect: "NoSchedule" }] } });
  });

  it("no ops returns the document unchanged", () => {
    const doc = { a: 1 };
    expect(applyJsonPatch(doc, [])).toEqual({ ok: true, doc: { a: 1 } });
  });

  it("the first failing op stops the patch even when later ones would succeed", () => {
    const result = applyJsonPatch({ a: 1 }, [{ op: "remove", path: "/x" }, { op: "add", path: "/b", value: 2 }]);
    expect(result).toMatchObject({ ok: false, index: 0 });
  });
});

describe("immutability and sharing", () => {
  it("input document is not mutated", () => {
    const doc = deployment();
    const before = structuredClone(doc);
    const ops: RawPatchOp[] = [
      { op: "replace", path: "/spec/replicas", value: 3 },
      { op: "add", path: "/spec/template/spec/containers/0/args/0", value: "first" },
      { op: "remove", path: "/spec/template/spec/containers/0/args/-1" },
      { op: "replace", path: "/metadata/labels/app", value: "api" },
      { op: "remove", path: "/metadata/namespace" },
    ];
    const result = expectOk(doc, ops);
    expect(doc).toEqual(before);
    expect(result).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", labels: { app: "api" } },
      spec: {
        replicas: 3,
        template: { spec: { containers: [{ name: "web", image: "nginx:1.0", args: ["first", "a"] }] } },
      },
    });
  });

  it("a failed patch leaves the input untouched", () => {
    const doc = deployment();
    const before = structuredClone(doc);
    const result = applyJsonPatch(doc, [
      { op: "replace", path: "/metadata/labels/app", value: "api" },
      { op: "remove", path: "/spec/nope" },
    ]);
    expect(result.ok).toBe(false);
    expect(doc).toEqual(before);
  });

  it("op values are not mutated when later ops write inside them", () => {
    const annotations = deepFreeze({ a: "1" });
    const ops: RawPatchOp[] = [
      { op: "add", path: "/metadata/annotations", value: annotations },
      { op: "add", path: "/metadata/annotations/b", value: "2" },
    ];
    const first = expectOk({ metadata: {} }, ops);
    const second = expectOk({ metadata: {} }, ops);
    expect(first).toEqual({ metadata: { annotations: { a: "1", b: "2" } } });
    expect(second).toEqual(first);
    expect(annotations).toEqual({ a: "1" });
  });

  it("unchanged subtrees are shared, changed paths are copied", () => {
    const doc = deployment() as { metadata: Json; spec: { template: Json } };
    const result = expectOk(doc, [{ op: "replace", path: "/metadata/labels/app", value: "api" }]) as typeof doc;
    expect(result).not.toBe(doc);
    expect(result.metadata).not.toBe(doc.metadata);
    expect(result.spec).toBe(doc.spec);
  });
});

describe("prototype pollution", () => {
  it("'__proto__' becomes an own member and no prototype changes", () => {
    const result = expectOk({}, [
      { op: "add", path: "/__proto__", value: { polluted: true } },
      { op: "add", path: "/__proto__/more", value: 1 },
    ]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(result, "__proto__")?.value).toEqual({ polluted: true, more: 1 });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(JSON.stringify(result)).toBe('{"__proto__":{"polluted":true,"more":1}}');
  });

  it("replace of a missing '__proto__' key defines an own member", () => {
    const result = expectOk({ m: {} }, [{ op: "replace", path: "/m/__proto__", value: { x: 1 } }]) as { m: object };
    expect(Object.getPrototypeOf(result.m)).toBe(Object.prototype);
    expect(Object.hasOwn(result.m, "__proto__")).toBe(true);
  });

  runFail([
    { name: "inherited '__proto__' is not traversed", doc: {}, ops: [{ op: "add", path: "/__proto__/polluted", value: true }], message: 'add operation does not apply: doc is missing path: "/__proto__/polluted": missing value' },
    { name: "inherited 'constructor' is not traversed", doc: {}, ops: [{ op: "add", path: "/constructor/prototype/polluted", value: true }], message: 'add operation does not apply: doc is missing path: "/constructor/prototype/polluted": missing value' },
    { name: "inherited 'toString' cannot be removed", doc: {}, ops: [{ op: "remove", path: "/toString" }], message: "error in remove for path: '/toString': Unable to remove nonexistent key: toString: missing value" },
  ]);

  it("an own '__proto__' member in the input is kept through copies", () => {
    const doc = JSON.parse('{"__proto__":{"a":1},"b":{}}') as Json;
    const result = expectOk(doc, [{ op: "replace", path: "/__proto__/a", value: 2 }]);
    expect(JSON.stringify(result)).toBe('{"__proto__":{"a":2},"b":{}}');
    expect(JSON.stringify(doc)).toBe('{"__proto__":{"a":1},"b":{}}');
  });
});
