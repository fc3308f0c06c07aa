// Secret values never appear in a diff, a summary or a PR comment. A value is replaced by a mask
// that says only whether it changed, never its length or content (Argo CD's diff hides values the
// same way, but with masks whose lengths differ).
import type { Json, JsonObject } from "../model.js";

export const MASKED = "********";
export const MASKED_BEFORE = "******** (before)";
export const MASKED_AFTER = "******** (after)";

const SECRET_FIELDS = ["data", "stringData"] as const;
// kubectl's last-applied-configuration annotation holds the whole object, values included.
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export function isSecret(object: JsonObject): boolean {
  return object.kind === "Secret" && object.apiVersion === "v1";
}

function asObject(v: Json | undefined): JsonObject | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}

function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function maskAnnotation(object: JsonObject, changed: boolean, side: "before" | "after"): JsonObject {
  const meta = asObject(object.metadata);
  const annotations = asObject(meta?.annotations);
  if (!meta || !annotations || !(LAST_APPLIED in annotations)) return object;
  const value = changed ? (side === "before" ? MASKED_BEFORE : MASKED_AFTER) : MASKED;
  return { ...object, metadata: { ...meta, annotations: { ...annotations, [LAST_APPLIED]: value } } };
}

/**
 * Masks the values of a Secret seen on both sides of a diff (either side may be absent). Keys stay
 * visible; a value equal on both sides becomes MASKED, a changed value MASKED_BEFORE / MASKED_AFTER,
 * so the diff shows that a value changed and nothing else. Objects that are not Secrets pass through.
 */
export function maskSecretPair(before: JsonObject | undefined, after: JsonObject | undefined): { before?: JsonObject; after?: JsonObject } {
  const secret = (before && isSecret(before)) || (after && isSecret(after));
  if (!secret) return { before, after };
  const mask = (object: JsonObject | undefined, other: JsonObject | undefined, side: "before" | "after"): JsonObject | undefined => {
    if (!object) return undefined;
    let out: JsonObject = { ...object };
    for (const field of SECRET_FIELDS) {
      const values = asObject(object[field]);
      if (!values) {
        if (field in object && object[field] !== null) out[field] = MASKED;
        continue;
      }
      const others = asObject(other?.[field]);
      const masked: JsonObject = {};
      for (const [key, value] of Object.entries(values)) {
        // A key on one side only is an added or removed line already; only a changed value needs saying.
        const changed = others !== undefined && key in others && !sameJson(value, others[key]);
        masked[key] = changed ? (side === "before" ? MASKED_BEFORE : MASKED_AFTER) : MASKED;
      }
      out[field] = masked;
    }
    const annotationOf = (o: JsonObject | undefined) => asObject(asObject(o?.metadata)?.annotations)?.[LAST_APPLIED];
    out = maskAnnotation(out, other !== undefined && !sameJson(annotationOf(object), annotationOf(other)), side);
    return out;
  };
  return { before: mask(before, after, "before"), after: mask(after, before, "after") };
}
