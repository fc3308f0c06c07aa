// Karmada policy documents read into checked, defaulted form: what the mutating and validating
// webhooks (`pkg/webhook/*policy`, `pkg/util/validation/validation.go`) would leave in the API server.
import type { Cluster, JsonObject, NodePath, PolicyOverrideRule, PolicyPlacement, PolicyReplicaDivision, PolicyToleration, SourceDoc } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { validateLabelSelector } from "../kube/labels.js";
import { evaluateAffinity, clusterAffinityMatches, validateAffinity, type ClusterAffinity } from "./karmadaAffinity.js";
import { readSpreadConstraints } from "./karmadaSpread.js";
import type { ResourceSelector } from "./karmadaSelectors.js";

export const POLICY_GROUP_VERSION = "policy.karmada.io/v1alpha1";
import { DEFAULT_NAMESPACE } from "./namespaces.js";
export { DEFAULT_NAMESPACE };

export interface PropagationPolicyDoc {
  kind: "PropagationPolicy" | "ClusterPropagationPolicy";
  name: string;
  /** PropagationPolicy only. */
  namespace?: string;
  priority: number;
  selectors: ResourceSelector[];
  placement: Omit<PolicyPlacement, "templateUid">;
  doc: SourceDoc;
}

export interface OverridePolicyDoc {
  kind: "OverridePolicy" | "ClusterOverridePolicy";
  name: string;
  namespace?: string;
  /** Empty = every resource (in the namespace, for an OverridePolicy). */
  selectors: ResourceSelector[];
  rules: PolicyOverrideRule[];
  doc: SourceDoc;
}

interface PlacementInput {
  clusterAffinity?: ClusterAffinity;
  clusterAffinities?: (ClusterAffinity & { affinityName: string; overflowAffinities?: unknown[] })[];
  clusterTolerations?: PolicyToleration[];
  spreadConstraints?: unknown[];
  replicaScheduling?: {
    replicaSchedulingType?: string;
    replicaDivisionPreference?: string;
    weightPreference?: { staticWeightList?: { targetCluster: ClusterAffinity; weight: number }[]; dynamicWeight?: string };
  };
}

interface PolicySpecInput {
  resourceSelectors?: ResourceSelector[];
  priority?: number;
  placement?: PlacementInput;
  propagateDeps?: boolean;
  association?: boolean;
  schedulerName?: string;
  suspension?: unknown;
  dependentOverrides?: string[];
  preserveResourcesOnDeletion?: boolean;
  overrideRules?: { targetCluster?: ClusterAffinity; overriders: JsonObject }[];
  targetCluster?: ClusterAffinity;
  overriders?: JsonObject;
}

function meta(doc: SourceDoc): { name: string; namespace?: string } {
  const m = (doc.value.metadata ?? {}) as { name?: string; namespace?: string };
  return { name: String(m.name ?? ""), namespace: m.namespace || undefined };
}

/**
 * Selectors with a PropagationPolicy/OverridePolicy's namespace filled in (mutating webhook); a
 * selector naming another namespace is rejected (validating webhook). Undefined when invalid.
 */
function readSelectors(doc: SourceDoc, namespace: string | undefined, diagnostics: DiagnosticBag): ResourceSelector[] | undefined {
  const spec = doc.value.spec as PolicySpecInput;
  let ok = true;
  const out = (spec.resourceSelectors ?? []).map((s, i): ResourceSelector => {
    if (s.labelSelector) {
      for (const p of validateLabelSelector(s.labelSelector)) {
        diagnostics.error("INVALID_SELECTOR", p.message, doc.locate(["spec", "resourceSelectors", i, "labelSelector", ...p.path]));
        ok = false;
      }
    }
    if (namespace === undefined) return { ...s };
    if (s.namespace && s.namespace !== namespace) {
      diagnostics.error(
        "KARMADA_POLICY_INVALID",
        `a ${doc.kind} selects only resources in its own namespace "${namespace}", not in "${s.namespace}"; use a Cluster${doc.kind} to select across namespaces`,
        doc.locate(["spec", "resourceSelectors", i, "namespace"]),
      );
      ok = false;
    }
    return { ...s, namespace };
  });
  return ok ? out : undefined;
}

export function readPropagationPolicy(doc: SourceDoc, clusters: readonly Cluster[], diagnostics: DiagnosticBag): PropagationPolicyDoc | undefined {
  const kind = doc.kind as PropagationPolicyDoc["kind"];
  const { name, namespace: rawNs } = meta(doc);
  const namespace = kind === "PropagationPolicy" ? rawNs ?? DEFAULT_NAMESPACE : undefined;
  const spec = doc.value.spec as PolicySpecInput;
  const selectors = readSelectors(doc, namespace, diagnostics);
  const placement = readPlacement(doc, spec.placement ?? {}, clusters, diagnostics);
  if (spec.association && !spec.propagateDeps) {
    diagnostics.warning(
      "KARMADA_FIELD_IGNORED",
      "association is deprecated and ignored; write propagateDeps: true to propagate the ConfigMaps, Secrets, ServiceAccounts and PersistentVolumeClaims a workload refers to with it",
      doc.locate(["spec", "association"]),
    );
  }
  if (spec.schedulerName !== undefined && spec.schedulerName !== "default-scheduler") {
    diagnostics.warning("KARMADA_FIELD_IGNORED", `schedulerName "${spec.schedulerName}" is ignored: fedc schedules as Karmada's default-scheduler does`, doc.locate(["spec", "schedulerName"]));
  }
  if (spec.suspension !== undefined) {
    diagnostics.warning("KARMADA_FIELD_IGNORED", "suspension is ignored: fedc always renders the manifests; pause syncing in Argo CD or Flux instead", doc.locate(["spec", "suspension"]));
  }
  if (!selectors || !placement) return undefined;
  const preserve = {
    ...(spec.preserveResourcesOnDeletion === true ? { preserveResourcesOnDeletion: doc.locate(["spec", "preserveResourcesOnDeletion"]) } : {}),
    ...(spec.propagateDeps === true ? { propagateDeps: true } : {}),
  };
  return { kind, name, namespace, priority: spec.priority ?? 0, selectors, placement: { ...placement, ...preserve, policyName: `${kind} ${namespace ? `${namespace}/` : ""}${name}` }, doc };
}

function readPlacement(
  doc: SourceDoc,
  p: PlacementInput,
  clusters: readonly Cluster[],
  diagnostics: DiagnosticBag,
): Omit<PolicyPlacement, "templateUid" | "policyName"> | undefined {
  const at = (...path: NodePath) => ["spec", "placement", ...path];
  let ok = true;
  const filters: PolicyPlacement["filters"] = [];
  if (p.clusterAffinity && p.clusterAffinities) {
    diagnostics.error("KARMADA_POLICY_INVALID", "clusterAffinity and clusterAffinities cannot both be set; keep one", doc.locate(at("clusterAffinities")));
    return undefined;
  }
  if (p.clusterAffinities && p.clusterAffinities.length > 0) {
    const seen = new Set<string>();
    p.clusterAffinities.forEach((term, i) => {
      ok = validateAffinity(term, doc, at("clusterAffinities", i), clusters, diagnostics) && ok;
      if (seen.has(term.affinityName)) {
        diagnostics.error("KARMADA_POLICY_INVALID", `affinityName "${term.affinityName}" is used twice; names must be unique`, doc.locate(at("clusterAffinities", i, "affinityName")));
        ok = false;
      }
      seen.add(term.affinityName);
      if (term.overflowAffinities?.length) {
        diagnostics.warning("KARMADA_FIELD_IGNORED", "overflowAffinities are not supported by fedc; only the term's own clusters are used", doc.locate(at("clusterAffinities", i, "overflowAffinities")));
      }
      filters.push({ name: term.affinityName, clusters: evaluateAffinity(clusters, term), span: doc.locate(at("clusterAffinities", i)) });
    });
  } else {
    if (p.clusterAffinity) ok = validateAffinity(p.clusterAffinity, doc, at("clusterAffinity"), clusters, diagnostics) && ok;
    filters.push({ clusters: evaluateAffinity(clusters, p.clusterAffinity), span: doc.locate(p.clusterAffinity ? at("clusterAffinity") : ["spec", "placement"]) });
  }
  const tolerations = p.clusterTolerations ?? [];
  tolerations.forEach((t, i) => {
    const op = t.operator ?? "";
    if (op !== "" && op !== "Equal" && op !== "Exists") {
      diagnostics.error("KARMADA_POLICY_INVALID", `toleration operator ${JSON.stringify(op)} is not supported; use Equal or Exists`, doc.locate(at("clusterTolerations", i, "operator")));
      ok = false;
    } else if (op === "Exists" && t.value) {
      diagnostics.error("KARMADA_POLICY_INVALID", "a toleration with operator Exists must not have a value", doc.locate(at("clusterTolerations", i, "value")));
      ok = false;
    } else if (!t.key && op !== "Exists") {
      diagnostics.error("KARMADA_POLICY_INVALID", "a toleration without a key must use operator Exists", doc.locate(at("clusterTolerations", i)));
      ok = false;
    }
    if (t.effect && !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(t.effect)) {
      diagnostics.error("KARMADA_POLICY_INVALID", `toleration effect ${JSON.stringify(t.effect)} is not one of NoSchedule, PreferNoSchedule, NoExecute`, doc.locate(at("clusterTolerations", i, "effect")));
      ok = false;
    }
  });
  const spreadConstraints = readSpreadConstraints(doc, p.spreadConstraints ?? [], diagnostics);
  const division = readDivision(doc, p.replicaScheduling, clusters, diagnostics);
  if (!ok || !spreadConstraints || !division) return undefined;
  return { policySource: doc, filters, tolerations, spreadConstraints, division, span: doc.locate(["spec", "placement"]) };
}

/** Defaults: absent ⇒ Duplicated; type empty ⇒ Divided; preference empty ⇒ Weighted. */
function readDivision(doc: SourceDoc, rs: PlacementInput["replicaScheduling"], clusters: readonly Cluster[], diagnostics: DiagnosticBag): PolicyReplicaDivision | undefined {
  const span = doc.locate(["spec", "placement", "replicaScheduling"]);
  if (!rs) return { type: "Duplicated", preference: "Weighted", dynamicWeight: false, span };
  const type = rs.replicaSchedulingType === "Duplicated" ? "Duplicated" : "Divided";
  const preference = rs.replicaDivisionPreference === "Aggregated" ? "Aggregated" : "Weighted";
  const wp = rs.weightPreference;
  const division: PolicyReplicaDivision = { type, preference, dynamicWeight: Boolean(wp?.dynamicWeight), span };
  // Only a non-empty list counts as static weighting (it also makes spread constraints ignored).
  if (wp?.staticWeightList?.length && !division.dynamicWeight) {
    let ok = true;
    const weights: Record<string, number> = {};
    wp.staticWeightList.forEach((rule, i) => {
      ok = validateAffinity(rule.targetCluster, doc, ["spec", "placement", "replicaScheduling", "weightPreference", "staticWeightList", i, "targetCluster"], clusters, diagnostics) && ok;
    });
    if (!ok) return undefined;
    // A cluster matched by several rules takes the largest weight (division_algorithm.go).
    for (const c of clusters) {
      for (const rule of wp.staticWeightList) {
        if (clusterAffinityMatches(c, rule.targetCluster)) weights[c.name] = Math.max(weights[c.name] ?? 0, rule.weight);
      }
    }
    division.staticWeights = weights;
  }
  return division;
}

export function readOverridePolicy(doc: SourceDoc, clusters: readonly Cluster[], diagnostics: DiagnosticBag): OverridePolicyDoc | undefined {
  const kind = doc.kind as OverridePolicyDoc["kind"];
  const { name, namespace: rawNs } = meta(doc);
  const namespace = kind === "OverridePolicy" ? rawNs ?? DEFAULT_NAMESPACE : undefined;
  const spec = doc.value.spec as PolicySpecInput;
  const selectors = readSelectors(doc, namespace, diagnostics);
  const policyName = `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
  let ok = selectors !== undefined;
  // Karmada's webhook (ValidateOverrideSpec) refuses overrideRules next to a targetCluster or to
  // overriders with entries; `overriders: {}` is what Go tooling writes for the unset struct, so it passes.
  if (spec.overrideRules != null && (spec.targetCluster != null || !emptyOverriders(spec.overriders))) {
    diagnostics.error("KARMADA_POLICY_INVALID", "overrideRules cannot be combined with the deprecated targetCluster/overriders; move them into overrideRules", doc.locate(["spec", spec.targetCluster != null ? "targetCluster" : "overriders"]));
    ok = false;
  } else if (spec.overrideRules?.length && spec.overriders && Object.keys(spec.overriders).length > 0) {
    // emptyOverrides does not look at fieldOverrider: Karmada accepts it and, with rules present, never applies it.
    diagnostics.warning("KARMADA_FIELD_IGNORED", "the deprecated spec.overriders is ignored when overrideRules are set (Karmada applies only the rules); move it into overrideRules", doc.locate(["spec", "overriders"]));
  }
  const written = spec.overrideRules?.length
    ? spec.overrideRules.map((r, i) => ({ targetCluster: r.targetCluster, overriders: r.overriders, path: ["spec", "overrideRules", i] as NodePath }))
    : spec.overriders
      ? [{ targetCluster: spec.targetCluster, overriders: spec.overriders, path: ["spec"] as NodePath }]
      : [];
  const rules: PolicyOverrideRule[] = [];
  for (const r of written) {
    if (r.targetCluster) ok = validateAffinity(r.targetCluster, doc, [...r.path, "targetCluster"], clusters, diagnostics) && ok;
    ok = validateOverriders(doc, r.overriders, [...r.path, "overriders"], diagnostics) && ok;
    const targeted = r.targetCluster ? clusters.filter((c) => clusterAffinityMatches(c, r.targetCluster!)).map((c) => c.name) : undefined;
    rules.push({ policyName, ...(targeted ? { clusters: targeted } : {}), overriders: r.overriders, source: doc, path: [...r.path, "overriders"] });
  }
  if (!ok) return undefined;
  return { kind, name, namespace, selectors: selectors!, rules, doc };
}

/** Karmada's emptyOverrides: only these six lists count (fieldOverrider does not). */
function emptyOverriders(overriders: JsonObject | undefined): boolean {
  if (!overriders) return true;
  const lists = ["plaintext", "imageOverrider", "commandOverrider", "argsOverrider", "labelsOverrider", "annotationsOverrider"];
  return lists.every((k) => !Array.isArray(overriders[k]) || (overriders[k] as unknown[]).length === 0);
}

/** The checks the webhook makes on overriders before anything runs. */
function validateOverriders(doc: SourceDoc, overriders: JsonObject, path: NodePath, diagnostics: DiagnosticBag): boolean {
  let ok = true;
  const fields = (overriders.fieldOverrider ?? []) as { json?: unknown[]; yaml?: unknown[] }[];
  fields.forEach((f, i) => {
    if ((f.json === undefined) === (f.yaml === undefined)) {
      diagnostics.error("KARMADA_POLICY_INVALID", "a fieldOverrider needs exactly one of json or yaml", doc.locate([...path, "fieldOverrider", i]));
      ok = false;
    }
  });
  const plaintext = (overriders.plaintext ?? []) as { path: string }[];
  plaintext.forEach((p, i) => {
    if (p.path !== "" && !p.path.startsWith("/")) {
      diagnostics.error("KARMADA_POLICY_INVALID", `plaintext path ${JSON.stringify(p.path)} must be a JSON pointer starting with "/"`, doc.locate([...path, "plaintext", i, "path"]));
      ok = false;
    }
  });
  return ok;
}
