// Secret values never appear in a diff, a summary or a PR comment. Which values are secret is the one
// rule of kube/secrets.ts (every kind named …Secret, plus fedc.yaml `mask`). A value is replaced by a
// mask that says only whether it changed, never its length or content (Argo CD's diff hides values the
// same way, but with masks whose lengths differ). Keys stay visible.
import type { Json, JsonObject } from "../model.js";
import { isSecretLike, isSecretPath, NO_EXTRA_MASKS, type MaskConfig } from "../kube/secrets.js";

export const MASKED = "********";
export const MASKED_BEFORE = "******** (before)";
export const MASKED_AFTER = "******** (after)";

/** True when some value of `object` is masked (a Secret-like kind, or a kind fedc.yaml names a path of). */
export function isSecret(object: JsonObject, config: MaskConfig = NO_EXTRA_MASKS): boolean {
  return isSecretLike(object.kind, config) || config.paths.some((p) => p.kind === object.kind);
}

/** Both masks, for a base and a head that may configure different ones: a pull request cannot unmask. */
export function unionMasks(a: MaskConfig, b: MaskConfig): MaskConfig {
  return { kinds: [...new Set([...a.kinds, ...b.kinds])], paths: [...a.paths, ...b.paths] };
}

function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const isMap = (v: Json | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** A secret value with its containers' keys kept: each leaf becomes a mask that says whether it changed. */
function maskValue(value: Json, other: Json | undefined, side: "before" | "after"): Json {
  if (Array.isArray(value)) return value.map((v, i) => maskValue(v, Array.isArray(other) ? other[i] : undefined, side));
  if (isMap(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskValue(v, isMap(other) && Object.hasOwn(other, k) ? other[k] : undefined, side);
    return out;
  }
  if (value === null) return null;
  // A key on one side only is an added or removed line already; only a changed value needs saying.
  const changed = other !== undefined && !sameJson(value, other);
  return changed ? (side === "before" ? MASKED_BEFORE : MASKED_AFTER) : MASKED;
}

function maskObject(object: JsonObject, other: JsonObject | undefined, side: "before" | "after", config: MaskConfig): JsonObject {
  const kind = object.kind;
  const walk = (value: Json, otherValue: Json | undefined, path: (string | number)[]): Json => {
    if (path.length > 0 && isSecretPath(kind, path, config)) return maskValue(value, otherValue, side);
    if (Array.isArray(value)) return value.map((v, i) => walk(v, Array.isArray(otherValue) ? otherValue[i] : undefined, [...path, i]));
    if (isMap(value)) {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, isMap(otherValue) && Object.hasOwn(otherValue, k) ? otherValue[k] : undefined, [...path, k]);
      return out;
    }
    return value;
  };
  return walk(object, other, []) as JsonObject;
}

/**
 * Masks the secret values of an object seen on both sides of a diff (either side may be absent). A
 * value equal on both sides becomes MASKED, a changed value MASKED_BEFORE / MASKED_AFTER, so the diff
 * shows that a value changed and nothing else. Objects with nothing secret pass through.
 */
export function maskSecretPair(
  before: JsonObject | undefined,
  after: JsonObject | undefined,
  config: MaskConfig = NO_EXTRA_MASKS,
): { before?: JsonObject; after?: JsonObject } {
  const secret = (before && isSecret(before, config)) || (after && isSecret(after, config));
  if (!secret) return { before, after };
  return {
    before: before && maskObject(before, after, "before", config),
    after: after && maskObject(after, before, "after", config),
  };
}
