// Which Karmada policy claims a resource (`pkg/util/selector.go:ResourceSelectorPriority`,
// `pkg/detector/compare.go`) and in which order override policies apply
// (`pkg/util/overridemanager/overridemanager.go:getOverridersFromOverridePolicies`).
import type { LabelSelector } from "../model.js";
import { selectorMatches } from "../kube/labels.js";

export interface ResourceSelector {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  labelSelector?: LabelSelector;
}

/** What a selector looks at on a resource template. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  /** "" for cluster-scoped resources. */
  namespace: string;
  labels: Readonly<Record<string, string>>;
}

/** Implicit priorities: a name match beats a label match beats a kind-only match. */
export const PRIORITY_MISMATCH = 0;
export const PRIORITY_MATCH_ALL = 1;
export const PRIORITY_MATCH_LABELS = 2;
export const PRIORITY_MATCH_NAME = 3;

/** ResourceSelectorPriority: strings compare exactly; a name makes the labelSelector irrelevant. */
export function selectorPriority(ref: ResourceRef, sel: ResourceSelector): number {
  if (ref.apiVersion !== sel.apiVersion || ref.kind !== sel.kind) return PRIORITY_MISMATCH;
  if (sel.namespace && ref.namespace !== sel.namespace) return PRIORITY_MISMATCH;
  if (sel.name) return ref.name === sel.name ? PRIORITY_MATCH_NAME : PRIORITY_MISMATCH;
  if (!sel.labelSelector) return PRIORITY_MATCH_ALL;
  // `labelSelector: {}` matches everything but still ranks as a label match.
  return selectorMatches(sel.labelSelector, ref.labels) ? PRIORITY_MATCH_LABELS : PRIORITY_MISMATCH;
}

/** A policy matches when any selector does; its implicit priority is the best of them. */
export function policyPriority(ref: ResourceRef, selectors: readonly ResourceSelector[]): number {
  let best = PRIORITY_MISMATCH;
  for (const s of selectors) best = Math.max(best, selectorPriority(ref, s));
  return best;
}

export interface Candidate {
  name: string;
  /** spec.priority (0 when unset; may be negative). */
  priority: number;
  selectors: readonly ResourceSelector[];
}

/**
 * The winner among policies of one kind: explicit priority DESC, implicit priority DESC, name ASC
 * (byte order). Undefined when none matches. The caller tries PropagationPolicies in the resource's
 * namespace first and ClusterPropagationPolicies only when none of those matches.
 */
export function choosePolicy<P extends Candidate>(ref: ResourceRef, policies: readonly P[]): { policy: P; implicit: number } | undefined {
  let best: P | undefined;
  let bestExplicit = -Infinity;
  let bestImplicit = PRIORITY_MISMATCH;
  for (const p of policies) {
    const implicit = policyPriority(ref, p.selectors);
    if (implicit === PRIORITY_MISMATCH) continue;
    if (p.priority > bestExplicit) {
      best = p;
      bestExplicit = p.priority;
      bestImplicit = implicit;
    } else if (p.priority === bestExplicit) {
      if (implicit > bestImplicit || (implicit === bestImplicit && best !== undefined && p.name < best.name)) {
        best = p;
        bestImplicit = implicit;
      }
    }
  }
  return best ? { policy: best, implicit: bestImplicit } : undefined;
}

/**
 * Override policies that apply to a resource, in application order: implicit priority ASC, then name
 * ASC, so the most specific policy applies last and wins. No selectors match everything (as kind-only).
 */
export function orderOverridePolicies<P extends { name: string; selectors: readonly ResourceSelector[] }>(ref: ResourceRef, policies: readonly P[]): P[] {
  const matching: { p: P; implicit: number }[] = [];
  for (const p of policies) {
    const implicit = p.selectors.length === 0 ? PRIORITY_MATCH_ALL : policyPriority(ref, p.selectors);
    if (implicit !== PRIORITY_MISMATCH) matching.push({ p, implicit });
  }
  matching.sort((a, b) => a.implicit - b.implicit || (a.p.name < b.p.name ? -1 : a.p.name > b.p.name ? 1 : 0));
  return matching.map((m) => m.p);
}
