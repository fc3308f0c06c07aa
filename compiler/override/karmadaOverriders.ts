// Each Karmada overrider as the RFC 6902 ops it produces against the object as modified so far
// (`pkg/util/overridemanager/*.go`). See reference/karmada.md §5.3–§5.7.
import { stringify as stringifyYaml } from "yaml";
import type { Json, JsonObject } from "../model.js";
import type { RawPatchOp } from "./jsonPatch.js";
import { overrideImage, type ImageComponent, type Operator } from "./karmadaImage.js";
import { applyPatchV5, escapePointerToken, pointerGet } from "./karmadaPatch.js";
import { pointerProblem } from "../kube/identity.js";
import { aliasProblem, jsonSyntaxError, MAX_ALIAS_COUNT, MAX_NESTING_DEPTH, nestingExceeds, parseYamlDocuments, yamlErrorMessage } from "../kube/yamlLimits.js";

export interface ImageOverrider {
  predicate?: { path: string };
  component: ImageComponent;
  operator: Operator;
  value?: string;
}
export interface CommandArgsOverrider {
  containerName: string;
  operator: "add" | "remove";
  value?: string[];
}
export interface LabelAnnotationOverrider {
  operator: Operator;
  value: Record<string, string>;
}
export interface FieldOverrider {
  fieldPath: string;
  json?: { subPath: string; operator: Operator; value?: Json }[];
  yaml?: { subPath: string; operator: Operator; value?: Json }[];
}
export interface PlaintextOverrider {
  path: string;
  operator: Operator;
  value?: Json;
}

export type Built = { ok: true; ops: RawPatchOp[] } | { ok: false; message: string };

/** Where each kind keeps its pod's containers, for overriders without a path (any apiVersion). */
function containersPath(kind: string): string | undefined {
  if (kind === "Pod") return "/spec";
  if (["ReplicaSet", "Deployment", "DaemonSet", "StatefulSet", "Job"].includes(kind)) return "/spec/template/spec";
  return undefined;
}

function containers(object: JsonObject): { prefix: string; list: Json[] } | undefined {
  const prefix = containersPath(String(object.kind));
  if (!prefix) return undefined;
  const list = pointerGet(object, `${prefix}/containers`);
  return { prefix, list: Array.isArray(list) ? list : [] };
}

export function imageOps(object: JsonObject, o: ImageOverrider): Built {
  const targets: { path: string; image: string }[] = [];
  if (o.predicate) {
    const found = predicateImage(object, o.predicate.path);
    if ("error" in found) return { ok: false, message: `failed to obtain imageValue with predicate path(${o.predicate.path}), error: ${found.error}` };
    if (!o.predicate.path.startsWith("/")) return { ok: false, message: "imagePath should be start with / character" };
    targets.push({ path: o.predicate.path, image: found.image });
  } else {
    const c = containers(object);
    c?.list.forEach((container, i) => {
      const image = container && typeof container === "object" && !Array.isArray(container) ? container.image : undefined;
      targets.push({ path: `${c.prefix}/containers/${i}/image`, image: typeof image === "string" ? image : "" });
    });
  }
  const ops: RawPatchOp[] = [];
  for (const t of targets) {
    const result = overrideImage(t.image, o.component, o.operator, o.value ?? "");
    if ("error" in result) return { ok: false, message: result.error };
    ops.push({ op: "replace", path: t.path, value: result.image });
  }
  return { ok: true, ops };
}

/** obtainImageValue: segments split on "/", a segment after an array is a decimal index; the end must be a string. */
function predicateImage(object: JsonObject, path: string): { image: string } | { error: string } {
  const segments = path.replace(/^\/+|\/+$/g, "").split("/");
  let current: JsonObject = object;
  for (let i = 0; i < segments.length - 1; i++) {
    const next = current[segments[i]!];
    if (Array.isArray(next)) {
      const index = segments[i + 1]!;
      if (!/^[+-]?[0-9]+$/.test(index)) return { error: `path(${index}) of rawObj's is not number` };
      const item = next[Number(index)];
      if (!item || typeof item !== "object" || Array.isArray(item)) return { error: `path(${index}) of rawObj's is out of range or not an object` };
      current = item;
      i++;
    } else if (next && typeof next === "object") {
      current = next;
    } else {
      return { error: `path(${segments[i]}) of rawObj's type is not map[string]interface{} and []interface{}` };
    }
  }
  const last = current[segments[segments.length - 1]!];
  if (typeof last !== "string") return { error: `failed to convert path(${segments[segments.length - 1]}) to string` };
  return { image: last };
}

/** Every container named containerName (never init containers); `remove` drops all occurrences. */
export function commandArgsOps(object: JsonObject, o: CommandArgsOverrider, target: "command" | "args"): Built {
  const c = containers(object);
  if (!c) return { ok: true, ops: [] };
  const ops: RawPatchOp[] = [];
  c.list.forEach((container, i) => {
    if (!container || typeof container !== "object" || Array.isArray(container) || container.name !== o.containerName) return;
    const current = container[target];
    const base = Array.isArray(current) ? current.map((v) => (typeof v === "string" ? v : JSON.stringify(v))) : [];
    const values = o.value ?? [];
    const next = o.operator === "add" ? [...base, ...values] : base.filter((v) => !values.includes(v));
    ops.push({ op: current === undefined || current === null ? "add" : "replace", path: `${c.prefix}/containers/${i}/${target}`, value: next });
  });
  return { ok: true, ops };
}

/** add sets (creating the map), replace and remove only touch keys that exist. */
export function labelAnnotationOps(object: JsonObject, o: LabelAnnotationOverrider, field: "labels" | "annotations"): Built {
  const metadata = (object.metadata ?? {}) as JsonObject;
  const map = metadata[field];
  const existing = map && typeof map === "object" && !Array.isArray(map) ? map : undefined;
  const ops: RawPatchOp[] = [];
  if (o.operator === "add" && !existing && Object.keys(o.value).length > 0) ops.push({ op: "add", path: `/metadata/${field}`, value: {} });
  for (const [key, value] of Object.entries(o.value)) {
    if (o.operator !== "add" && !(existing && Object.hasOwn(existing, key))) continue;
    ops.push({ op: o.operator, path: `/metadata/${field}/${escapePointerToken(key)}`, ...(o.operator === "remove" ? {} : { value }) });
  }
  return { ok: true, ops };
}

export function plaintextOps(o: PlaintextOverrider): Built {
  const malformed = pointerProblem(o.path);
  if (malformed !== undefined) return { ok: false, message: `path ${JSON.stringify(o.path)} is malformed: ${malformed}` };
  return { ok: true, ops: [{ op: o.operator, path: o.path, value: o.value === undefined ? null : o.value }] };
}

/** The string at fieldPath, patched as JSON (compact, Go's HTML escaping) or YAML (go-yaml v2 style). */
export function fieldOps(object: JsonObject, o: FieldOverrider): Built {
  for (const path of [o.fieldPath, ...(o.json ?? o.yaml ?? []).map((p) => p.subPath)]) {
    const malformed = pointerProblem(path);
    if (malformed !== undefined) return { ok: false, message: `path ${JSON.stringify(path)} is malformed: ${malformed}` };
  }
  const current = pointerGet(object, o.fieldPath);
  if (typeof current !== "string") return { ok: false, message: `fieldPath ${o.fieldPath} ${current === undefined ? "does not exist" : "is not a string"}` };
  const isJson = o.json !== undefined;
  const parsed = isJson ? parseJsonValue(current) : parseYamlValue(current);
  // The reason never quotes the value: it can be a Secret's.
  if ("problem" in parsed) return { ok: false, message: `the value at ${o.fieldPath} is not valid ${isJson ? "JSON" : "YAML"}: ${parsed.problem}` };
  const doc = parsed.value;
  const ops = (o.json ?? o.yaml ?? []).map((p): RawPatchOp => ({ op: p.operator, path: p.subPath, value: p.value === undefined ? null : p.value }));
  const patched = applyPatchV5(doc, ops);
  if (!patched.ok) return { ok: false, message: `${isJson ? "json" : "yaml"}[${patched.index}] (${ops[patched.index]!.path}): ${patched.message}` };
  const text = isJson ? goJson(patched.doc) : stringifyYaml(patched.doc, { version: "1.1", sortMapEntries: true, indentSeq: false, lineWidth: 80 });
  return { ok: true, ops: [{ op: "replace", path: o.fieldPath, value: text }] };
}

const TOO_DEEP = `it nests maps and lists more than ${MAX_NESTING_DEPTH} levels deep`;

function parseJsonValue(text: string): { value: Json } | { problem: string } {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (e) {
    return { problem: jsonSyntaxError(e) };
  }
  return nestingExceeds(value) ? { problem: TOO_DEEP } : { value };
}

/** One YAML document (YAML 1.1, as go-yaml v2 reads it), with fedc's limits on nesting and aliases. */
function parseYamlValue(text: string): { value: Json } | { problem: string } {
  const { docs, problem } = parseYamlDocuments(text, { version: "1.1" });
  if (problem) return { problem: TOO_DEEP };
  if (docs.length > 1) return { problem: "it holds more than one document" };
  const doc = docs[0];
  if (!doc) return { value: null };
  if (doc.errors.length > 0) return { problem: yamlErrorMessage(doc.errors[0]!.message) };
  const limit = aliasProblem(doc);
  if (limit) return { problem: limit.message };
  try {
    return { value: (doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? null) as Json };
  } catch (e) {
    return { problem: yamlErrorMessage((e as Error).message) };
  }
}

/** encoding/json: compact, with <, >, & and U+2028/U+2029 escaped. */
function goJson(value: Json): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
