import type { Cluster, ClusterDecision, PlacementReason, ReplicaPreference, Template } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { fnv1Hash32, planReplicas } from "./planner.js";
import { splitHpa } from "./hpaSplit.js";
import { divideByWeight } from "./karmadaWebster.js";

export type Selection = Map<string, PlacementReason>;

export interface ClusterReplicas {
  replicas: number;
  fields: Record<string, number>;
  detail?: ClusterDecision["detail"];
  /** The object is not created in this cluster (a Job with parallelism 0, an HPA with max 0). */
  drop: boolean;
}

export interface ReplicaOutcome {
  selection: Selection;
  perCluster: Map<string, ClusterReplicas>;
}

export interface ReplicaContext {
  clusters: readonly Cluster[];
  /** The template's clusterSelector alone (its clusters list ignored): KubeFed's selectorOnly. */
  selectorOnly: () => Selection | undefined;
  /** The same for the template's FederatedNamespace; undefined when there is none. */
  namespaceSelectorOnly: () => Selection | undefined | "missing";
}

function preferenceOf(prefs: Record<string, ReplicaPreference>, cluster: string): ReplicaPreference | undefined {
  return Object.hasOwn(prefs, cluster) ? prefs[cluster] : Object.hasOwn(prefs, "*") ? prefs["*"] : undefined;
}

function detailOf(pref: ReplicaPreference | undefined, replicas: number): ClusterDecision["detail"] {
  if (!pref) return "no-preference";
  if (pref.maxReplicas !== undefined && pref.maxReplicas !== null && replicas >= pref.maxReplicas) return "max-reached";
  if (!pref.weight && replicas <= (pref.minReplicas ?? 0)) return "weight-zero";
  return undefined;
}

/**
 * Replica scheduling for one template. RSP (KubeFed's controller): plan over every ready cluster
 * (optionally intersected with the selectors), then place the object in every planned cluster,
 * 0-replica ones included. Federation v1: plan over the ready clusters the placement selects.
 * Returns undefined when the scheduling does not apply (KubeFed leaves placement as it was).
 */
export function scheduleReplicas(t: Template, own: Selection, ctx: ReplicaContext, diagnostics: DiagnosticBag): ReplicaOutcome | undefined {
  const s = t.scheduling!;
  const ready = new Set(ctx.clusters.filter((c) => c.ready).map((c) => c.name));
  let available: string[];
  if (s.mode === "rsp") {
    available = ctx.clusters.filter((c) => c.ready).map((c) => c.name);
    if (s.intersectWithClusterSelector) {
      const mine = ctx.selectorOnly();
      const ns = ctx.namespaceSelectorOnly();
      if (!mine) return undefined;
      if (ns === "missing") {
        diagnostics.warning(
          "RSP_NOT_APPLIED",
          `intersectWithClusterSelector needs the FederatedNamespace "${t.namespace}"; without it KubeFed's scheduler fails and leaves ${t.source.kind} ${t.namespace}/${t.name} as it is`,
          s.source.locate(["spec", "intersectWithClusterSelector"]),
        );
        return undefined;
      }
      available = available.filter((c) => mine.get(c) === "selected" && (ns === undefined || ns.get(c) === "selected"));
    }
    if (available.length === 0) {
      diagnostics.warning(
        "RSP_NOT_APPLIED",
        `no ready cluster to plan ${t.source.kind} ${t.namespace}/${t.name} over; KubeFed's scheduler then leaves its placement and replicas as written`,
        s.source.locate(["spec"]),
      );
      return undefined;
    }
  } else {
    available = ctx.clusters.filter((c) => own.get(c.name) === "selected" && ready.has(c.name)).map((c) => c.name);
  }
  const key = t.namespace !== undefined ? `${t.namespace}/${t.name}` : t.name;
  const perCluster = new Map<string, ClusterReplicas>();
  if (s.fields === "hpa") {
    const ordered = [...available].sort((a, b) => fnv1Hash32(a + key) - fnv1Hash32(b + key) || (a < b ? -1 : 1));
    for (const [c, r] of splitHpa(s.minReplicas ?? 1, s.totalReplicas, ordered)) {
      perCluster.set(c, { replicas: r.max, fields: { "/spec/minReplicas": r.min, "/spec/maxReplicas": r.max }, drop: r.max === 0 });
    }
  } else {
    const plan = planReplicas({ totalReplicas: s.totalReplicas, rebalance: s.rebalance, clusters: s.clusters, availableClusters: available, key }).plan;
    const completions = s.fields === "job" && s.completions !== undefined ? planCompletions(t, s.completions, plan, key, diagnostics) : undefined;
    for (const [c, n] of Object.entries(plan)) {
      const detail = detailOf(preferenceOf(s.clusters, c), n);
      if (s.fields === "replicas") {
        perCluster.set(c, { replicas: n, fields: { "/spec/replicas": n }, detail, drop: false });
      } else {
        // Federation v1's Job controller creates the Job only where parallelism > 0.
        const fields: Record<string, number> = { "/spec/parallelism": n };
        if (completions) fields["/spec/completions"] = completions[c] ?? 0;
        perCluster.set(c, { replicas: n, fields, detail, drop: n === 0 });
      }
    }
  }
  const selection: Selection = new Map();
  for (const c of ctx.clusters) {
    if (perCluster.has(c.name)) selection.set(c.name, "selected");
    else if (!c.ready && (s.mode === "rsp" || own.get(c.name) === "selected")) selection.set(c.name, "not-ready");
    else if (s.mode === "rsp") selection.set(c.name, "label-mismatch");
    else selection.set(c.name, own.get(c.name)!);
  }
  return { selection, perCluster };
}

/**
 * Job completions over the parallelism plan. Federation v1 planned them with the same preferences over
 * every cluster of the parallelism plan, then created the Job only where parallelism > 0, so the
 * completions of 0-parallelism clusters were never run: kept for v1 preferences, with a warning.
 * fedc's RSP-on-FederatedJob keeps the sum: completions are planned over the clusters that run the Job,
 * and what the preferences' maxReplicas leave over goes to them in proportion to their parallelism.
 */
function planCompletions(t: Template, total: number, parallelism: Readonly<Record<string, number>>, key: string, diagnostics: DiagnosticBag): Record<string, number> {
  const s = t.scheduling!;
  const plan = (available: string[]) => planReplicas({ totalReplicas: total, rebalance: s.rebalance, clusters: s.clusters, availableClusters: available, key }).plan;
  if (s.mode === "v1") {
    const planned = plan(Object.keys(parallelism));
    const lost = Object.entries(planned).filter(([c, n]) => n > 0 && (parallelism[c] ?? 0) === 0);
    const dropped = lost.reduce((sum, [, n]) => sum + n, 0);
    if (dropped > 0) {
      diagnostics.warning(
        "FEDV1_COMPLETIONS_DROPPED",
        `Job ${t.namespace}/${t.name}: federation v1 plans completions over every cluster of the parallelism plan but creates the Job only where parallelism is above 0, so ${dropped} of ${total} completions (${lost.map(([c, n]) => `${n} in ${c}`).join(", ")}) are never run; raise spec.parallelism to the number of clusters, or narrow the job-preferences to the clusters that should run it`,
        t.source.locate(["spec", "completions"]),
      );
    }
    return planned;
  }
  const running = Object.keys(parallelism).filter((c) => (parallelism[c] ?? 0) > 0);
  if (running.length === 0) return {};
  const planned = plan(running);
  const left = total - Object.values(planned).reduce((sum, n) => sum + n, 0);
  if (left > 0) {
    for (const share of divideByWeight(left, running.map((c) => ({ name: c, replicas: parallelism[c]! })), "")) planned[share.name] = (planned[share.name] ?? 0) + share.replicas;
  }
  return planned;
}
