// Scheduling templates placed by a propagation policy, as Karmada's scheduler does on a first
// schedule (`pkg/scheduler/core/generic_scheduler.go`): filter clusters, select by spread
// constraints, assign replicas, drop clusters that got none. `clusterAffinities` terms are tried in
// order until one schedules. See reference/karmada.md §2.4, §3.
import type { Cluster, ClusterDecision, PlacementReason, PolicyClusterFilter, PolicyPlacement, PolicyToleration, Schedule, Taint, Template } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { availableReplicas, isWorkload, MAX_INT32, replicaFieldOutOfRange, workloadShape, type WorkloadShape } from "./karmadaReplicas.js";
import { selectBySpread, sortClusterDetails, type ClusterDetail } from "./karmadaSpread.js";
import { divideByWeight, type TargetCluster } from "./karmadaWebster.js";

/** Taints the cluster controller sets from conditions; SPEC §1.2 decides not-ready clusters instead. */
const READINESS_TAINTS = new Set(["cluster.karmada.io/not-ready", "cluster.karmada.io/unreachable"]);

export function tolerates(t: PolicyToleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? "";
  if (op === "Exists") return true;
  return (op === "" || op === "Equal") && (t.value ?? "") === (taint.value ?? "");
}

/** TaintToleration filter: every NoSchedule/NoExecute taint needs a toleration (PreferNoSchedule never blocks). */
export function taintsTolerated(cluster: Cluster, tolerations: readonly PolicyToleration[]): boolean {
  return cluster.taints.every(
    (taint) => (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") || READINESS_TAINTS.has(taint.key) || tolerations.some((t) => tolerates(t, taint)),
  );
}

type Attempt = { ok: true; decisions: ClusterDecision[]; capacityUnknown: boolean } | { ok: false; message: string };

export function scheduleKarmada(templates: readonly Template[], clusters: readonly Cluster[], diagnostics: DiagnosticBag): Schedule[] {
  const warned = new Set<string>();
  const schedules: Schedule[] = [];
  for (const template of templates) {
    const placement = template.policyPlacement;
    if (!placement) continue;
    // Division hands out replicas one by one; a count the API server would reject is reported first
    // (Duplicated copies it, and output validation reports it).
    const outOfRange = placement.division.type === "Divided" ? replicaFieldOutOfRange(template.object) : undefined;
    if (outOfRange) {
      diagnostics.error(
        "INVALID_OBJECT",
        `${template.target.kind} ${template.namespace ? `${template.namespace}/` : ""}${template.name}: spec.${outOfRange.field} must be an integer from 0 to ${MAX_INT32}, not ${outOfRange.value}`,
        template.source.locate([...template.templatePath, "spec", outOfRange.field]),
      );
      continue;
    }
    const shape = workloadShape(template.object);
    const failures: { filter: PolicyClusterFilter; message: string }[] = [];
    let result: Attempt | undefined;
    for (const filter of placement.filters) {
      const attempt = scheduleTerm(filter, placement, shape, clusters);
      if (attempt.ok) {
        result = attempt;
        break;
      }
      failures.push({ filter, message: attempt.message });
    }
    if (!result || !result.ok) {
      if (clusters.length > 0) reportUnschedulable(template, placement, failures, diagnostics);
      continue;
    }
    const policyKey = `${placement.policySource.file}\0${placement.policySource.index}\0${placement.policySource.item ?? ""}`;
    if (result.capacityUnknown && !warned.has(policyKey)) {
      warned.add(policyKey);
      diagnostics.warning(
        "KARMADA_CAPACITY_UNKNOWN",
        `${placement.policyName} needs the clusters' available replicas (dynamic weights, Aggregated or spread constraints), but some clusters have no status.resourceSummary; their capacity is treated as unlimited (commit each Cluster's resourceSummary to match a live Karmada)`,
        placement.division.span,
      );
    }
    schedules.push({ template, decisions: result.decisions });
  }
  return [...schedules.filter((s) => !s.template.requiredBy), ...scheduleDependencies(templates, schedules, clusters)];
}

/**
 * The dependencies distributor: an object that propagateDeps workloads refer to also goes to every
 * cluster one of them is placed in (its own policy's clusters, if any, plus theirs: MergeTargetClusters).
 */
function scheduleDependencies(templates: readonly Template[], schedules: readonly Schedule[], clusters: readonly Cluster[]): Schedule[] {
  const byTemplate = new Map(schedules.map((s) => [s.template, s]));
  const out: Schedule[] = [];
  for (const template of templates) {
    if (!template.requiredBy) continue;
    const own = byTemplate.get(template);
    // Its own policy could not schedule it: that error is reported already.
    if (template.policyPlacement && !own) continue;
    const required = new Set<string>();
    for (const w of template.requiredBy) for (const d of byTemplate.get(w)?.decisions ?? []) if (d.placed) required.add(d.cluster);
    const ownDecisions = new Map(own?.decisions.map((d) => [d.cluster, d]));
    const decisions = clusters.map((c): ClusterDecision => {
      const mine = ownDecisions.get(c.name);
      if (mine?.placed) return mine;
      if (required.has(c.name)) return { cluster: c.name, placed: true, reason: "selected" };
      return mine ?? { cluster: c.name, placed: false, reason: "not-required" };
    });
    out.push({ template, decisions });
  }
  return out;
}

function reportUnschedulable(template: Template, placement: PolicyPlacement, failures: { filter: PolicyClusterFilter; message: string }[], diagnostics: DiagnosticBag): void {
  const what = `${template.target.kind} ${template.namespace ? `${template.namespace}/` : ""}${template.name}`;
  const single = failures.length === 1 ? `: ${failures[0]!.message}` : "";
  diagnostics.error(
    "KARMADA_UNSCHEDULABLE",
    `${placement.policyName} places ${what} nowhere${single}; Karmada would leave it unscheduled (fix the placement, or the registry)`,
    placement.span,
    [
      { message: `${what} is declared here`, span: template.source.locate(["metadata", "name"]) },
      ...(failures.length > 1 ? failures.map((f) => ({ message: `clusterAffinities term "${f.filter.name ?? ""}": ${f.message}`, span: f.filter.span })) : []),
    ],
  );
}

function scheduleTerm(filter: PolicyClusterFilter, placement: PolicyPlacement, shape: WorkloadShape, clusters: readonly Cluster[]): Attempt {
  const workload = isWorkload(shape);
  const spreadFields = placement.spreadConstraints.map((s) => s.spreadByField).filter((f) => f === "provider" || f === "region" || f === "zone");
  const reasons = new Map<string, PlacementReason>();
  for (const c of clusters) {
    let reason = filter.clusters[c.name] ?? "not-in-clusters-list";
    if (reason === "selected" && !taintsTolerated(c, placement.tolerations)) reason = "tainted";
    if (reason === "selected" && spreadFields.some((f) => (f === "zone" ? c.zones.length === 0 : !c[f]))) reason = "spread-constraint";
    // SPEC §1.2: a cluster that is not ready keeps plain propagation but gets no replicas.
    if (reason === "selected" && workload && !c.ready) reason = "not-ready";
    reasons.set(c.name, reason);
  }
  const feasible = clusters.filter((c) => reasons.get(c.name) === "selected");
  if (feasible.length === 0) return { ok: false, message: `no cluster passes the filters (${describeRejections(reasons)})` };

  const division = placement.division;
  const staticWeighted = division.type === "Divided" && division.preference === "Weighted" && division.staticWeights !== undefined;
  const capacityMatters = workload && division.type === "Divided" && !staticWeighted && (division.dynamicWeight || division.preference === "Aggregated" || placement.spreadConstraints.length > 0);
  let capacityUnknown = false;
  const details = sortClusterDetails(
    feasible.map((c): ClusterDetail => {
      if (!workload) return { name: c.name, region: c.region, available: MAX_INT32 };
      const a = availableReplicas(c, shape);
      if (a === undefined) capacityUnknown = true;
      // An estimator answering MaxInt32 (or nothing) is replaced by the binding's replicas.
      return { name: c.name, region: c.region, available: a === undefined || a === MAX_INT32 ? shape.replicas : a };
    }),
  );
  let selected = details;
  if (placement.spreadConstraints.length > 0 && !staticWeighted) {
    const duplicated = division.type === "Duplicated";
    const chosen = selectBySpread(details, placement.spreadConstraints, duplicated ? -1 : shape.replicas, duplicated, shape.replicas);
    if (!chosen.ok) return { ok: false, message: chosen.message };
    selected = chosen.clusters;
    if (selected.length === 0) return { ok: false, message: "the spread constraints select no cluster (a cluster constraint without maxGroups selects none)" };
    const names = new Set(selected.map((s) => s.name));
    for (const d of details) if (!names.has(d.name)) reasons.set(d.name, "spread-constraint");
  }

  let assigned: Map<string, number> | undefined;
  if (workload) {
    const targets = assignReplicas(selected, placement, shape);
    if (!targets.ok) return targets;
    assigned = new Map(targets.clusters.map((t) => [t.name, t.replicas]));
    // Not in the result: no static weight matched it, or Aggregated filled other clusters first.
    for (const s of selected) if (!assigned.has(s.name)) reasons.set(s.name, staticWeighted ? "weight-zero" : "zero-replicas");
  }
  const decisions = clusters.map((c): ClusterDecision => {
    const reason = reasons.get(c.name)!;
    if (reason !== "selected") return { cluster: c.name, placed: false, reason };
    if (!assigned) return { cluster: c.name, placed: true, reason };
    const replicas = assigned.get(c.name) ?? 0;
    if (replicas === 0) return { cluster: c.name, placed: false, reason: "zero-replicas", replicas: 0 };
    return { cluster: c.name, placed: true, reason, replicas, ...(shape.reviseField ? { replicaFields: { [shape.reviseField]: replicas } } : {}) };
  });
  if (shape.completions !== undefined && division.type === "Divided" && shape.replicas > 0) splitCompletions(decisions, shape.completions, placement.templateUid ?? "");
  return { ok: true, decisions, capacityUnknown: capacityMatters && capacityUnknown };
}

function describeRejections(reasons: ReadonlyMap<string, PlacementReason>): string {
  const counts = new Map<PlacementReason, number>();
  for (const r of reasons.values()) counts.set(r, (counts.get(r) ?? 0) + 1);
  if (counts.size === 0) return "no clusters";
  return [...counts].map(([r, n]) => `${n} ${r}`).join(", ");
}

/** Duplicated, static weights, dynamic weights or Aggregated (assignment.go), zero-replica clusters kept. */
function assignReplicas(selected: readonly ClusterDetail[], placement: PolicyPlacement, shape: WorkloadShape): { ok: true; clusters: TargetCluster[] } | { ok: false; message: string } {
  const division = placement.division;
  const uid = placement.templateUid ?? "";
  if (division.type === "Duplicated") return { ok: true, clusters: selected.map((s) => ({ name: s.name, replicas: shape.replicas })) };
  if (division.preference === "Weighted" && !division.dynamicWeight) {
    const listed = division.staticWeights;
    let weights = selected.map((s) => ({ name: s.name, replicas: listed ? (listed[s.name] ?? 0) : 1 })).filter((w) => w.replicas > 0);
    if (weights.length === 0) weights = selected.map((s) => ({ name: s.name, replicas: 1 }));
    return { ok: true, clusters: divideByWeight(shape.replicas, weights, uid) };
  }
  // Dynamic weight / Aggregated, a first schedule: a scale-up from nothing. Stable sort by available
  // replicas DESC (Go's insertion sort for ≤ 12 clusters; selected is already in that order).
  let available = [...selected].sort((a, b) => b.available - a.available).map((s) => ({ name: s.name, replicas: s.available }));
  const total = available.reduce((s, a) => s + a.replicas, 0);
  if (total < shape.replicas) return { ok: false, message: `clusters' available replicas (${total}) are not enough to schedule ${shape.replicas}` };
  if (division.preference === "Aggregated") {
    let cumulative = 0;
    const prefix: TargetCluster[] = [];
    for (const a of available) {
      prefix.push(a);
      cumulative += a.replicas;
      if (cumulative >= shape.replicas) break;
    }
    available = prefix;
  }
  return { ok: true, clusters: divideByWeight(shape.replicas, available, uid) };
}

/** Job completions re-split with each cluster's parallelism as its weight (binding/common.go). */
function splitCompletions(decisions: ClusterDecision[], completions: number, uid: string): void {
  const placed = decisions.filter((d) => d.placed && d.replicas !== undefined);
  const split = new Map(divideByWeight(completions, placed.map((d) => ({ name: d.cluster, replicas: d.replicas! })), uid).map((t) => [t.name, t.replicas]));
  for (const d of placed) d.replicaFields = { ...(d.replicaFields ?? {}), "/spec/completions": split.get(d.cluster) ?? 0 };
}
