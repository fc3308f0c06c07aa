import type { Cluster, ClusterDecision, PlacementReason, PlacementSpec, Schedule, SourceDoc, Template } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { selectorMatches, validateLabelSelector } from "../kube/labels.js";
import { legacySelectorMatches } from "./legacySelector.js";
import { scheduleReplicas, type ReplicaOutcome } from "./replicas.js";

export interface PlacementContext {
  clusters: readonly Cluster[];
  /** FederatedNamespaces by namespace name. */
  namespaces: ReadonlyMap<string, Template>;
  /** KubeFedConfig spec.scope: Namespaced — resources need no FederatedNamespace. */
  limitedScope: boolean;
}

type Selection = Map<string, PlacementReason>;

/**
 * KubeFed placement (pkg/controller/util/placement.go): a `clusters` list (even empty) beats the
 * selector; no selector selects nothing; `{}` selects everything; namespaced resources are
 * intersected with their FederatedNamespace. Unknown cluster names are dropped with a warning.
 */
export function schedulePlacement(templates: readonly Template[], ctx: PlacementContext, diagnostics: DiagnosticBag): Schedule[] {
  const namespaceSelections = new Map<string, Selection | undefined>();
  const selectionOf = (t: Template): Selection | undefined => evaluate(t.placement, t.source, ctx.clusters, diagnostics);
  const namespaceSelection = (ns: string): Selection | undefined => {
    if (!namespaceSelections.has(ns)) {
      const fedNs = ctx.namespaces.get(ns);
      namespaceSelections.set(ns, fedNs ? selectionOf(fedNs) : undefined);
    }
    return namespaceSelections.get(ns);
  };
  const schedules: Schedule[] = [];
  for (const t of templates) {
    const isNamespace = t.target.kind === "Namespace" && t.target.group === "";
    let own = isNamespace ? namespaceSelection(t.name) : selectionOf(t);
    if (!own) continue;
    const written = own;
    let replicas: ReplicaOutcome | undefined;
    if (t.scheduling) {
      replicas = scheduleReplicas(
        t,
        own,
        {
          clusters: ctx.clusters,
          selectorOnly: () => evaluate({ clusterSelector: t.placement.clusterSelector, span: t.placement.span }, t.source, ctx.clusters, diagnostics),
          namespaceSelectorOnly: () => {
            const fedNs = t.namespace !== undefined ? ctx.namespaces.get(t.namespace) : undefined;
            if (!fedNs) return ctx.limitedScope ? undefined : "missing";
            return evaluate({ clusterSelector: fedNs.placement.clusterSelector, span: fedNs.placement.span }, fedNs.source, ctx.clusters, diagnostics);
          },
        },
        diagnostics,
      );
      if (replicas) own = replicas.selection;
    }
    const selection = own;
    let decisions: ClusterDecision[] = ctx.clusters.map((c) => ({ cluster: c.name, placed: selection.get(c.name) === "selected", reason: selection.get(c.name)! }));
    if (t.followsNamespacePlacement && t.target.namespaced && t.namespace !== undefined) {
      if (ctx.namespaces.has(t.namespace)) {
        const ns = namespaceSelection(t.namespace);
        if (!ns) continue;
        decisions = decisions.map((d) =>
          d.placed && ns.get(d.cluster) !== "selected" ? { ...d, placed: false, reason: "excluded-by-namespace" as const } : d,
        );
      } else if (!ctx.limitedScope) {
        if (decisions.some((d) => d.placed)) {
          diagnostics.warning(
            "NAMESPACE_NOT_FEDERATED",
            `${t.source.kind} ${t.namespace}/${t.name} is placed nowhere: namespace "${t.namespace}" has no FederatedNamespace (add one, or set KubeFedConfig spec.scope: Namespaced)`,
            t.source.locate(["metadata", "namespace"]),
          );
        }
        decisions = decisions.map((d) => ({ cluster: d.cluster, placed: false, reason: "namespace-not-federated" as const }));
      }
    }
    if (replicas) {
      const planned = replicas.perCluster;
      decisions = decisions.map((d) => {
        const r = planned.get(d.cluster);
        if (!d.placed || !r) return d;
        if (r.drop) return { cluster: d.cluster, placed: false, reason: "zero-replicas" as const, replicas: 0 };
        return { ...d, replicas: r.replicas, replicaFields: r.fields, ...(r.detail ? { detail: r.detail } : {}) };
      });
      if (t.scheduling!.mode === "rsp") decisions = markWidened(t, written, decisions, diagnostics);
    }
    schedules.push({ template: t, decisions });
  }
  return schedules;
}

/**
 * KubeFed's RSP controller rewrites placement to every cluster it plans over (all ready clusters, unless
 * intersectWithClusterSelector), so a resource can land where its own placement never put it. Kept,
 * and said: a warning at the RSP and `beyondPlacement` in the plan.
 */
function markWidened(t: Template, written: Selection, decisions: ClusterDecision[], diagnostics: DiagnosticBag): ClusterDecision[] {
  const widened = decisions.filter((d) => d.placed && written.get(d.cluster) !== "selected").map((d) => d.cluster);
  if (widened.length === 0) return decisions;
  const s = t.scheduling!;
  const advice = t.placement.clusters
    ? "it ignores a clusters list, so give the resource a clusterSelector and set spec.intersectWithClusterSelector: true to keep to it"
    : "set spec.intersectWithClusterSelector: true to keep to the placement's clusterSelector";
  diagnostics.warning(
    "RSP_WIDENS_PLACEMENT",
    `ReplicaSchedulingPreference ${t.namespace}/${t.name} places ${t.source.kind} ${t.namespace}/${t.name} in ${widened.length === 1 ? "cluster" : "clusters"} ${widened.join(", ")}, which its own placement does not select: KubeFed's scheduler plans over every ready cluster; ${advice}`,
    s.source.locate(["spec"]),
  );
  const set = new Set(widened);
  return decisions.map((d) => (set.has(d.cluster) ? { ...d, beyondPlacement: true } : d));
}

function evaluate(placement: PlacementSpec, doc: SourceDoc, clusters: readonly Cluster[], diagnostics: DiagnosticBag): Selection | undefined {
  const out: Selection = new Map();
  if (placement.legacySelector) {
    for (const c of clusters) out.set(c.name, legacySelectorMatches(placement.legacySelector, c.labels) ? "selected" : "label-mismatch");
    return out;
  }
  if (placement.clusters) {
    const named = new Set<string>();
    const known = new Set(clusters.map((c) => c.name));
    for (const ref of placement.clusters) {
      if (!known.has(ref.name)) {
        diagnostics.warning("UNKNOWN_CLUSTER", `cluster "${ref.name}" is not registered (no KubeFedCluster or Cluster with that name); it is ignored`, ref.span);
      }
      named.add(ref.name);
    }
    for (const c of clusters) out.set(c.name, named.has(c.name) ? "selected" : "not-in-clusters-list");
    return out;
  }
  const selector = placement.clusterSelector;
  if (selector === undefined || selector === null) {
    for (const c of clusters) out.set(c.name, "no-placement");
    return out;
  }
  const problems = validateLabelSelector(selector);
  if (problems.length > 0) {
    for (const p of problems) {
      diagnostics.error("INVALID_SELECTOR", p.message, doc.locate(["spec", "placement", "clusterSelector", ...p.path]));
    }
    return undefined;
  }
  for (const c of clusters) out.set(c.name, selectorMatches(selector, c.labels) ? "selected" : "label-mismatch");
  return out;
}
