// RFC 6902 add/remove/replace exactly as KubeFed applied overrides: github.com/evanphx/json-patch
// v4.12.0 (`patch.go`). Hand-written because that library differs from RFC 6902 and from the npm
// `fast-json-patch` package, and those differences change which clusters get which output:
//  - `replace` on a missing object member sets it (acts like `add`): `partialDoc.get` never fails.
//    Only the parent must exist; on arrays the index must still be in range.
//  - Negative array indices count from the end: -1 is the last element for remove/replace/traversal;
//    for `add` the range is -(len+1)..len and -1 appends.
//  - Indices are parsed with Go `strconv.Atoi`: "+1", "01", "-0" are valid; "1.0", " 1", "1_0" are not.
//  - "-" is only valid as the last token of an `add` into an array (append); anywhere else it is not
//    an index (traversal: "doc is missing path"; remove/replace: an error).
//  - `replace` with path "" replaces the whole document when the value is an object or array. With a
//    scalar value v4.12.0 returns `errors.Wrapf(nil, …)`, which is nil: the op is silently a no-op.
//    With no value it dereferences nil and panics; here that is an error.
//  - A missing `value` on add/replace inserts JSON null (KubeFed's `omitempty` also drops a null value).
//  - Path parsing is a plain split on "/": fewer than 2 tokens ("") is "doc is missing path" for add and
//    remove; the first token is never looked at, so "spec/replicas" means "/replicas".
//    Tokens are unescaped ~1 → "/" then ~0 → "~"; any other "~x" is kept as written.
//  - A missing member, null, scalar or out-of-range index before the last token is "doc is missing path".
// Messages are the strings the Go library produces (errors.Wrapf chains), so a user can search for them.
// Go re-sorts object keys when it re-marshals; here new members are appended (key order has no meaning).
import type { Json, JsonObject } from "../model.js";

export type PatchOpKind = "add" | "remove" | "replace";
export interface RawPatchOp {
  op: PatchOpKind;
  path: string;
  /** undefined = absent (null is treated the same: KubeFed serializes the value with omitempty). */
  value?: Json;
}
export type PatchResult = { ok: true; doc: Json } | { ok: false; index: number; message: string };

type Container = Json[] | JsonObject;

/** Mutable state of one `applyJsonPatch` call. */
interface PatchState {
  root: Json;
  /** Containers created (copied) by this call: only these may be written to. */
  owned: Set<Container>;
}

const ERR_MISSING = "missing value";
const ERR_INVALID_INDEX = "invalid index referenced";
const INT64_MIN = -9223372036854775808n;
const INT64_MAX = 9223372036854775807n;
const DECIMAL = /^[+-]?[0-9]+$/;

/**
 * Applies ops in order, as KubeFed's ApplyJSONPatch would, and stops at the first op that fails.
 * Neither `doc` nor any op value is ever modified: containers on a changed path are copied (once per
 * call), everything else is shared. The result therefore shares unchanged subtrees with `doc` and with
 * op values (with no ops it is `doc` itself): treat it as read-only, or copy it before mutating.
 */
export function applyJsonPatch(doc: Json, ops: readonly RawPatchOp[]): PatchResult {
  const state: PatchState = { root: doc, owned: new Set() };
  for (let i = 0; i < ops.length; i++) {
    const message = applyOp(state, ops[i]!);
    if (message !== undefined) return { ok: false, index: i, message };
  }
  return { ok: true, doc: state.root };
}

/** Applies one op to `state.root`; returns the error message, or undefined on success. */
function applyOp(state: PatchState, op: RawPatchOp): string | undefined {
  const { op: kind, path } = op;
  if (kind !== "add" && kind !== "remove" && kind !== "replace") return `Unexpected kind: ${String(kind)}`;
  const value: Json = op.value ?? null;

  if (kind === "replace" && path === "") {
    if (op.value === undefined || op.value === null) return "replace operation value must be object or array";
    if (isContainer(value)) state.root = value;
    return undefined; // a scalar is silently ignored (see the header)
  }

  const tokens = path.split("/");
  if (tokens.length < 2) return missingPath(kind, path);
  const lastToken = tokens.length - 1;
  const steps: Array<string | number> = [];
  let parent = state.root;
  if (!isContainer(parent)) return missingPath(kind, path);
  for (let t = 1; t < lastToken; t++) {
    const token = unescapeToken(tokens[t]!);
    let next: Json | undefined;
    if (Array.isArray(parent)) {
      const at = atoi(token);
      if (!at.ok) return missingPath(kind, path);
      const idx: number = at.n < 0 ? at.n + parent.length : at.n;
      if (idx < 0 || idx >= parent.length) return missingPath(kind, path);
      next = parent[idx];
      steps.push(idx);
    } else {
      next = getMember(parent, token);
      steps.push(token);
    }
    if (!isContainer(next)) return missingPath(kind, path); // absent, null or scalar
    parent = next;
  }

  const key = unescapeToken(tokens[lastToken]!);
  if (Array.isArray(parent)) {
    const len = parent.length;
    let idx: number;
    if (kind === "add" && key === "-") {
      idx = len;
    } else {
      const at = atoi(key);
      if (kind === "add") {
        if (!at.ok) return `error in add for path: '${path}': value was not a proper array index: '${key}': ${at.message}`;
        if (at.n > len || at.n < -(len + 1)) return `error in add for path: '${path}': ${invalidIndex(at.text)}`;
        idx = at.n < 0 ? at.n + len + 1 : at.n;
      } else if (!at.ok || at.n >= len || at.n < -len) {
        if (kind === "replace") return `replace operation does not apply: doc is missing key: ${path}: ${ERR_MISSING}`;
        return `error in remove for path: '${path}': ${at.ok ? invalidIndex(at.text) : at.message}`;
      } else {
        idx = at.n < 0 ? at.n + len : at.n;
      }
    }
    const target = writablePath(state, steps) as Json[];
    if (kind === "add") {
      if (idx === target.length) target.push(value);
      else target.splice(idx, 0, value);
    } else if (kind === "remove") {
      target.splice(idx, 1);
    } else {
      target[idx] = value;
    }
    return undefined;
  }

  if (kind === "remove" && !Object.hasOwn(parent, key)) {
    return `error in remove for path: '${path}': Unable to remove nonexistent key: ${key}: ${ERR_MISSING}`;
  }
  const target = writablePath(state, steps) as JsonObject;
  if (kind === "remove") delete target[key];
  else setMember(target, key, value);
  return undefined;
}

/**
 * Makes every container from the root down the (already validated) `steps` one this call owns,
 * copying each at most once per call, and returns the last one.
 */
function writablePath(state: PatchState, steps: ReadonlyArray<string | number>): Container {
  let current = own(state, state.root as Container);
  state.root = current;
  for (const step of steps) {
    if (Array.isArray(current)) {
      const child = current[step as number] as Container;
      const copy = own(state, child);
      if (copy !== child) current[step as number] = copy;
      current = copy;
    } else {
      const child = getMember(current, step as string) as Container;
      const copy = own(state, child);
      if (copy !== child) setMember(current, step as string, copy);
      current = copy;
    }
  }
  return current;
}

function own(state: PatchState, container: Container): Container {
  if (state.owned.has(container)) return container;
  // Spread defines own data properties (CreateDataProperty), so an own "__proto__" member stays one.
  const copy: Container = Array.isArray(container) ? container.slice() : { ...container };
  state.owned.add(copy);
  return copy;
}

function isContainer(value: Json | undefined): value is Container {
  return typeof value === "object" && value !== null;
}

/** Own members only: "__proto__", "constructor" and friends are never inherited look-ups. */
function getMember(object: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Assignment to "__proto__" would change the prototype; define it as an ordinary member instead. */
function setMember(object: JsonObject, key: string, value: Json): void {
  if (key === "__proto__") {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

function unescapeToken(token: string): string {
  // One left-to-right pass, like Go's strings.NewReplacer("~1", "/", "~0", "~").
  return token.includes("~") ? token.replace(/~[01]/g, (m) => (m === "~1" ? "/" : "~")) : token;
}

function missingPath(kind: PatchOpKind, path: string): string {
  // v4.12.0 quotes the path for add/remove but not for replace.
  const shown = kind === "replace" ? path : `"${path}"`;
  return `${kind} operation does not apply: doc is missing path: ${shown}: ${ERR_MISSING}`;
}

function invalidIndex(text: string): string {
  return `Unable to access invalid index: ${text}: ${ERR_INVALID_INDEX}`;
}

type AtoiResult = { ok: true; n: number; text: string } | { ok: false; message: string };

/** Go `strconv.Atoi` on a 64-bit platform: optional sign, decimal digits, int64 range. */
function atoi(s: string): AtoiResult {
  if (!DECIMAL.test(s)) return { ok: false, message: `strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax` };
  if (s.length <= 15) {
    const n = Number(s) || 0; // normalizes -0
    return { ok: true, n, text: String(n) };
  }
  const big = BigInt(s);
  if (big < INT64_MIN || big > INT64_MAX) {
    return { ok: false, message: `strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range` };
  }
  return { ok: true, n: Number(big), text: big.toString() };
}
