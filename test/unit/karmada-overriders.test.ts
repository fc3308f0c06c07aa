// Ported from Karmada's pkg/util/overridemanager/{commandargsoverride,labelannotationoverrider,
// overridemanager}_test.go; see reference/karmada.md §5.5–§5.7.
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../compiler/model.js";
import { commandArgsOps, fieldOps, labelAnnotationOps, plaintextOps } from "../../compiler/override/karmadaOverriders.js";
import { applyPatchV5, diffJson } from "../../compiler/override/karmadaPatch.js";

const deployment = (container: JsonObject): JsonObject => ({ kind: "Deployment", spec: { template: { spec: { containers: [container, { name: "other", command: ["x"] }] } } } });

describe("commandOverrider / argsOverrider", () => {
  it("add appends to the named container's command (replace op)", () => {
    expect(commandArgsOps(deployment({ name: "nginx", command: ["nginx", "-g"] }), { containerName: "nginx", operator: "add", value: ["daemon off;"] }, "command")).toEqual({
      ok: true,
      ops: [{ op: "replace", path: "/spec/template/spec/containers/0/command", value: ["nginx", "-g", "daemon off;"] }],
    });
  });
  it("remove drops every occurrence", () => {
    expect(commandArgsOps(deployment({ name: "nginx", args: ["-v", "-x", "-v"] }), { containerName: "nginx", operator: "remove", value: ["-v"] }, "args")).toMatchObject({ ops: [{ value: ["-x"] }] });
  });
  it("a missing field gets an add op; remove on it adds an empty list", () => {
    expect(commandArgsOps(deployment({ name: "nginx" }), { containerName: "nginx", operator: "remove", value: ["-v"] }, "args")).toEqual({
      ok: true,
      ops: [{ op: "add", path: "/spec/template/spec/containers/0/args", value: [] }],
    });
  });
  it("Pod containers are at /spec/containers", () => {
    expect(commandArgsOps({ kind: "Pod", spec: { containers: [{ name: "c" }] } }, { containerName: "c", operator: "add", value: ["a"] }, "command")).toMatchObject({ ops: [{ path: "/spec/containers/0/command" }] });
  });
  it("another kind or another container name: no ops", () => {
    expect(commandArgsOps({ kind: "CronJob", spec: {} }, { containerName: "c", operator: "add", value: ["a"] }, "command")).toEqual({ ok: true, ops: [] });
    expect(commandArgsOps(deployment({ name: "nginx" }), { containerName: "nope", operator: "add", value: ["a"] }, "command")).toEqual({ ok: true, ops: [] });
  });
});

describe("labelsOverrider / annotationsOverrider", () => {
  const object = { metadata: { name: "x", labels: { app: "web", "example.com/tier": "1" } } };
  it("add sets keys (escaping / in the path)", () => {
    expect(labelAnnotationOps(object, { operator: "add", value: { "example.com/tier": "2" } }, "labels")).toEqual({ ok: true, ops: [{ op: "add", path: "/metadata/labels/example.com~1tier", value: "2" }] });
  });
  it("add creates a missing map first", () => {
    expect(labelAnnotationOps(object, { operator: "add", value: { a: "b" } }, "annotations")).toEqual({
      ok: true,
      ops: [{ op: "add", path: "/metadata/annotations", value: {} }, { op: "add", path: "/metadata/annotations/a", value: "b" }],
    });
  });
  it("replace and remove skip keys that do not exist", () => {
    expect(labelAnnotationOps(object, { operator: "replace", value: { app: "api", missing: "x" } }, "labels")).toEqual({ ok: true, ops: [{ op: "replace", path: "/metadata/labels/app", value: "api" }] });
    expect(labelAnnotationOps(object, { operator: "remove", value: { app: "", missing: "" } }, "labels")).toEqual({ ok: true, ops: [{ op: "remove", path: "/metadata/labels/app" }] });
  });
});

describe("fieldOverrider", () => {
  it("YAML: replace /key/key1 in \"\\nkey: \\n  key1: value\\n\" → \"key:\\n  key1: updated_value\\n\"", () => {
    const object = { data: { config: "\nkey: \n  key1: value\n" } };
    expect(fieldOps(object, { fieldPath: "/data/config", yaml: [{ subPath: "/key/key1", operator: "replace", value: "updated_value" }] })).toEqual({
      ok: true,
      ops: [{ op: "replace", path: "/data/config", value: "key:\n  key1: updated_value\n" }],
    });
  });
  it("YAML output sorts keys and does not indent sequences", () => {
    const object = { data: { c: "b: [1, 2]\na: x\n" } };
    expect(fieldOps(object, { fieldPath: "/data/c", yaml: [{ subPath: "/a", operator: "remove" }] })).toMatchObject({ ops: [{ value: "b:\n- 1\n- 2\n" }] });
  });
  it("JSON: compact, key order kept, new keys appended, <>& escaped as Go does", () => {
    const object = { data: { c: '{"b": 1, "a": {"x": "y"}}' } };
    expect(fieldOps(object, { fieldPath: "/data/c", json: [{ subPath: "/a/x", operator: "replace", value: "<&>" }, { subPath: "/z", operator: "add", value: true }] })).toMatchObject({
      ops: [{ value: '{"b":1,"a":{"x":"\\u003c\\u0026\\u003e"},"z":true}' }],
    });
  });
  it("the field must exist and be a string", () => {
    expect(fieldOps({ data: {} }, { fieldPath: "/data/c", json: [] })).toMatchObject({ ok: false });
    expect(fieldOps({ spec: { replicas: 1 } }, { fieldPath: "/spec/replicas", json: [] })).toMatchObject({ ok: false });
  });
  it("a sub-path that does not exist fails (json-patch v5 replace)", () => {
    expect(fieldOps({ data: { c: "{}" } }, { fieldPath: "/data/c", json: [{ subPath: "/a", operator: "replace", value: 1 }] })).toMatchObject({ ok: false });
  });
});

describe("json-patch v5 and the diff back to ops", () => {
  it("replace of a missing member fails in v5", () => {
    expect(applyPatchV5({ a: 1 }, [{ op: "replace", path: "/b", value: 2 }])).toMatchObject({ ok: false, index: 0 });
  });
  it("the diff has one op per changed path, arrays of another length replaced whole", () => {
    expect(diffJson({ a: 1, b: { c: [1, 2] }, d: "x" }, { a: 2, b: { c: [1] }, e: "y" })).toEqual([
      { op: "remove", path: "/d" },
      { op: "replace", path: "/a", value: 2 },
      { op: "replace", path: "/b/c", value: [1] },
      { op: "add", path: "/e", value: "y" },
    ]);
  });
});

describe("malformed JSON pointers are errors, never reinterpreted", () => {
  it("a plaintext path without a leading slash or with a bad ~ escape", () => {
    expect(plaintextOps({ path: "metadata/name", operator: "replace", value: "x" })).toMatchObject({ ok: false, message: expect.stringContaining('does not start with "/"') });
    expect(plaintextOps({ path: "/data/a~2", operator: "add", value: "x" })).toMatchObject({ ok: false, message: expect.stringContaining('"~" at character 8') });
    expect(plaintextOps({ path: "/data/a~1b~0", operator: "add", value: "x" })).toEqual({ ok: true, ops: [{ op: "add", path: "/data/a~1b~0", value: "x" }] });
  });
  it("a field overrider's fieldPath and sub-paths", () => {
    const object: JsonObject = { data: { c: "{}" } };
    expect(fieldOps(object, { fieldPath: "data/c", json: [] })).toMatchObject({ ok: false, message: expect.stringContaining("malformed") });
    expect(fieldOps(object, { fieldPath: "/data/c", json: [{ subPath: "a", operator: "add", value: 1 }] })).toMatchObject({ ok: false, message: expect.stringContaining('path "a" is malformed') });
    expect(fieldOps(object, { fieldPath: "/data/c", json: [{ subPath: "/a~", operator: "add", value: 1 }] })).toMatchObject({ ok: false });
  });
});
