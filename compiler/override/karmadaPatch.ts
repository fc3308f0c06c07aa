// JSON patch as Karmada applies it (evanphx/json-patch v5, default options), on top of the v4 engine
// in jsonPatch.ts: v5 differs where it matters here in that `replace` needs an existing target.
// Plus the diff that turns a simulated result back into RFC 6902 ops.
import type { Json, JsonObject } from "../model.js";
import { applyJsonPatch, type RawPatchOp } from "./jsonPatch.js";

function unescape(token: string): string {
  return token.replace(/~[01]/g, (m) => (m === "~1" ? "/" : "~"));
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The value at an RFC 6901 pointer (negative array indices count from the end, as v5 allows). */
export function pointerGet(doc: Json, path: string): Json | undefined {
  if (path === "") return doc;
  if (!path.startsWith("/")) return undefined;
  let node: Json | undefined = doc;
  for (const raw of path.slice(1).split("/")) {
    const token = unescape(raw);
    if (Array.isArray(node)) {
      if (!/^-?[0-9]+$/.test(token)) return undefined;
      let i = Number(token);
      if (i < 0) i += node.length;
      node = i >= 0 && i < node.length ? node[i] : undefined;
    } else if (node && typeof node === "object") {
      node = Object.hasOwn(node, token) ? node[token] : undefined;
    } else {
      return undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

/** Applies ops one at a time; returns the new document or the failing op's index and message. */
export function applyPatchV5(doc: Json, ops: readonly RawPatchOp[]): { ok: true; doc: Json } | { ok: false; index: number; message: string } {
  let current = doc;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.op === "replace" && pointerGet(current, op.path) === undefined) {
      return { ok: false, index: i, message: `replace operation does not apply: doc is missing key: ${op.path}` };
    }
    // v4 drops a null value on add/replace as "absent"; both write null, so pass it through as is.
    const result = applyJsonPatch(current, [op]);
    if (!result.ok) return { ok: false, index: i, message: result.message };
    current = result.doc;
  }
  return { ok: true, doc: current };
}

export interface DiffOp {
  op: "add" | "remove" | "replace";
  path: string;
  value?: Json;
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Ops that turn `before` into `after`, one per changed path: members added, removed or replaced;
 * arrays of equal length compared element by element, otherwise replaced whole (no index shifting).
 */
export function diffJson(before: Json, after: Json, path = ""): DiffOp[] {
  if (isObject(before) && isObject(after)) {
    const ops: DiffOp[] = [];
    for (const k of Object.keys(before)) if (!Object.hasOwn(after, k)) ops.push({ op: "remove", path: `${path}/${escapePointerToken(k)}` });
    for (const [k, v] of Object.entries(after)) {
      const p = `${path}/${escapePointerToken(k)}`;
      if (!Object.hasOwn(before, k)) ops.push({ op: "add", path: p, value: v });
      else ops.push(...diffJson(before[k]!, v, p));
    }
    return ops;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((b, i) => diffJson(b, after[i]!, `${path}/${i}`));
  }
  return deepEqual(before, after) ? [] : [{ op: "replace", path, value: after }];
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k]!, b[k]!));
  }
  return false;
}
