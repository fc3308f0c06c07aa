import type { LabelSelector } from "../model.js";
import { invalidLabelKey, invalidLabelValue } from "./names.js";

/**
 * metav1.LabelSelectorAsSelector: validation problems, and matching. An empty selector ({} or empty
 * lists) matches everything; the caller decides what an absent selector means.
 */
export interface SelectorProblem {
  /** Path inside the selector, e.g. ["matchExpressions", 0, "operator"]. */
  path: (string | number)[];
  message: string;
}

export function validateLabelSelector(selector: LabelSelector): SelectorProblem[] {
  const problems: SelectorProblem[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    const kp = invalidLabelKey(k);
    if (kp) problems.push({ path: ["matchLabels", k], message: `label key ${JSON.stringify(k)} is invalid: ${kp}` });
    const vp = invalidLabelValue(String(v));
    if (vp) problems.push({ path: ["matchLabels", k], message: `label value ${JSON.stringify(v)} is invalid: ${vp}` });
  }
  (selector.matchExpressions ?? []).forEach((req, i) => {
    const kp = invalidLabelKey(req.key);
    if (kp) problems.push({ path: ["matchExpressions", i, "key"], message: `label key ${JSON.stringify(req.key)} is invalid: ${kp}` });
    const values = req.values ?? [];
    switch (req.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0)
          problems.push({ path: ["matchExpressions", i, "values"], message: `operator ${req.operator} needs at least one value` });
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0)
          problems.push({ path: ["matchExpressions", i, "values"], message: `operator ${req.operator} takes no values; remove "values"` });
        break;
      default:
        problems.push({
          path: ["matchExpressions", i, "operator"],
          message: `${JSON.stringify(req.operator)} is not a valid label selector operator; use In, NotIn, Exists or DoesNotExist (case-sensitive)`,
        });
    }
    values.forEach((v, j) => {
      const vp = invalidLabelValue(String(v));
      if (vp) problems.push({ path: ["matchExpressions", i, "values", j], message: `label value ${JSON.stringify(v)} is invalid: ${vp}` });
    });
  });
  return problems;
}

/** True when every requirement of a validated selector holds for `labels`. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (!Object.hasOwn(labels, k) || labels[k] !== String(v)) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, req.key);
    const values = (req.values ?? []).map(String);
    switch (req.operator) {
      case "In":
        if (!has || !values.includes(labels[req.key]!)) return false;
        break;
      case "NotIn":
        // Kubernetes: NotIn also matches objects without the label.
        if (has && values.includes(labels[req.key]!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
