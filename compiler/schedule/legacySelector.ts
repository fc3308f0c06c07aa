import type { LegacySelectorRequirement } from "../model.js";

/**
 * Federation v1's cluster selector (pkg/federation-controller/util/clusterselector): every
 * requirement must hold. `!=` and `notin` also match clusters without the label; gt/lt compare
 * integers and fail when the label is absent or not an integer.
 */
export function legacySelectorMatches(requirements: readonly LegacySelectorRequirement[], labels: Readonly<Record<string, string>>): boolean {
  return requirements.every((r) => requirementMatches(r, labels));
}

function requirementMatches(r: LegacySelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key]! : undefined;
  switch (r.operator) {
    case "!":
    case "DoesNotExist":
      return !has;
    case "exists":
    case "Exists":
      return has;
    case "=":
    case "==":
    case "in":
    case "In":
      return has && r.values.includes(value!);
    case "!=":
    case "notin":
    case "NotIn":
      return !has || !r.values.includes(value!);
    case "gt":
    case "Gt":
    case ">":
    case "lt":
    case "Lt":
    case "<": {
      if (!has || !/^-?\d+$/.test(value!)) return false;
      const left = BigInt(value!);
      const right = BigInt(r.values[0]!);
      return /^(gt|Gt|>)$/.test(r.operator) ? left > right : left < right;
    }
    default:
      return false;
  }
}
