// Karmada ClusterAffinity (`pkg/util/selector.go:ClusterMatches`), evaluated at normalization: the
// registry is known then, and both placements and override rules need the same answer.
import type { Cluster, LabelSelector, NodePath, PlacementReason, SourceDoc } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { selectorMatches, validateLabelSelector } from "../kube/labels.js";

export interface FieldRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface ClusterAffinity {
  clusterNames?: string[];
  exclude?: string[];
  labelSelector?: LabelSelector;
  fieldSelector?: { matchExpressions?: FieldRequirement[] };
}

const FIELD_KEYS = new Set(["provider", "region", "zone"]);
const FIELD_OPERATORS = new Set(["In", "NotIn"]);

/**
 * Whether `cluster` matches, and if not why: exclude, then labelSelector, then fieldSelector, then
 * clusterNames (an empty affinity matches every cluster). Selectors must have been validated.
 */
export function clusterAffinityVerdict(cluster: Cluster, affinity: ClusterAffinity): PlacementReason {
  if (affinity.exclude?.includes(cluster.name)) return "excluded-by-policy";
  if (affinity.labelSelector && !selectorMatches(affinity.labelSelector, cluster.labels)) return "label-mismatch";
  for (const req of affinity.fieldSelector?.matchExpressions ?? []) {
    if (!fieldRequirementMatches(cluster, req)) return "field-mismatch";
  }
  if (affinity.clusterNames && affinity.clusterNames.length > 0 && !affinity.clusterNames.includes(cluster.name)) return "not-in-clusters-list";
  return "selected";
}

export function clusterAffinityMatches(cluster: Cluster, affinity: ClusterAffinity): boolean {
  return clusterAffinityVerdict(cluster, affinity) === "selected";
}

function fieldRequirementMatches(cluster: Cluster, req: FieldRequirement): boolean {
  const values = req.values ?? [];
  if (req.key === "zone") {
    // selector.go matchZones: set semantics against spec.zones.
    const hit = cluster.zones.some((z) => values.includes(z));
    switch (req.operator) {
      case "In":
        return cluster.zones.length > 0 && hit;
      case "NotIn":
        return !hit;
      case "Exists":
        return cluster.zones.length > 0;
      case "DoesNotExist":
        return cluster.zones.length === 0;
      default:
        return false;
    }
  }
  // Node-selector semantics against {provider, region}; an empty field is an absent key.
  const fields: Record<string, string | undefined> = { provider: cluster.provider || undefined, region: cluster.region || undefined };
  const value = Object.hasOwn(fields, req.key) ? fields[req.key] : undefined;
  switch (req.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    default:
      return false;
  }
}

/** Every cluster's verdict, keyed by cluster name. */
export function evaluateAffinity(clusters: readonly Cluster[], affinity: ClusterAffinity | undefined): Record<string, PlacementReason> {
  const out: Record<string, PlacementReason> = {};
  for (const c of clusters) out[c.name] = affinity ? clusterAffinityVerdict(c, affinity) : "selected";
  return out;
}

/**
 * Karmada's validation of a ClusterAffinity (validation.go): valid label selector, fieldSelector keys
 * provider/region/zone with In/NotIn. Unregistered names are a warning (they may be added later).
 * Returns false when the affinity is invalid (errors reported).
 */
export function validateAffinity(
  affinity: ClusterAffinity,
  doc: SourceDoc,
  path: NodePath,
  clusters: readonly Cluster[],
  diagnostics: DiagnosticBag,
): boolean {
  let ok = true;
  if (affinity.labelSelector) {
    for (const p of validateLabelSelector(affinity.labelSelector)) {
      diagnostics.error("INVALID_SELECTOR", p.message, doc.locate([...path, "labelSelector", ...p.path]));
      ok = false;
    }
  }
  (affinity.fieldSelector?.matchExpressions ?? []).forEach((req, i) => {
    const at = [...path, "fieldSelector", "matchExpressions", i];
    if (!FIELD_KEYS.has(req.key)) {
      diagnostics.error("KARMADA_POLICY_INVALID", `fieldSelector key ${JSON.stringify(req.key)} is not supported; use provider, region or zone`, doc.locate([...at, "key"]));
      ok = false;
    }
    if (!FIELD_OPERATORS.has(req.operator)) {
      diagnostics.error("KARMADA_POLICY_INVALID", `fieldSelector operator ${JSON.stringify(req.operator)} is not supported; use In or NotIn`, doc.locate([...at, "operator"]));
      ok = false;
    } else if ((req.values ?? []).length === 0) {
      diagnostics.error("KARMADA_POLICY_INVALID", `fieldSelector operator ${req.operator} needs at least one value`, doc.locate(at));
      ok = false;
    }
  });
  const known = new Set(clusters.map((c) => c.name));
  for (const field of ["clusterNames", "exclude"] as const) {
    (affinity[field] ?? []).forEach((name, i) => {
      if (!known.has(name)) {
        diagnostics.warning("UNKNOWN_CLUSTER", `cluster "${name}" is not registered (no KubeFedCluster or Cluster with that name); it matches nothing`, doc.locate([...path, field, i]));
      }
    });
  }
  return ok;
}
