import type { ReplicaPreference, SourceDoc, Template } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";

interface RspSpec {
  targetKind: string;
  totalReplicas: number;
  rebalance?: boolean;
  intersectWithClusterSelector?: boolean;
  clusters?: Record<string, ReplicaPreference | null>;
}

/** KubeFed's default when an RSP lists no clusters: every cluster with weight 1. */
export const DEFAULT_PREFERENCES: Record<string, ReplicaPreference> = { "*": { weight: 1 } };

/** The largest weight (int32): with a few billion clusters at most, the int64 sum of weights cannot overflow. */
export const MAX_WEIGHT = 2_147_483_647;

/** Negative numbers make KubeFed's planner misbehave; they are always a mistake in a repository. */
export function checkPreferences(
  clusters: Record<string, ReplicaPreference | null>,
  doc: SourceDoc,
  base: (string | number)[],
  diagnostics: DiagnosticBag,
): Record<string, ReplicaPreference> {
  const out: Record<string, ReplicaPreference> = {};
  for (const [name, pref] of Object.entries(clusters)) {
    const p = pref ?? {};
    for (const field of ["minReplicas", "maxReplicas", "weight"] as const) {
      const v = p[field];
      if (v !== undefined && v !== null && (!Number.isSafeInteger(v) || v < 0)) {
        diagnostics.error("REPLICA_PREFERENCE_INVALID", `${field} of cluster "${name}" must be a non-negative integer, not ${JSON.stringify(v)}`, doc.locate([...base, name, field]));
      } else if (field === "weight" && typeof v === "number" && v > MAX_WEIGHT) {
        // KubeFed sums the weights in int64: past it the sum wraps negative and every cluster gets 0 replicas.
        diagnostics.error(
          "REPLICA_PREFERENCE_INVALID",
          `weight of cluster "${name}" is ${v}, more than ${MAX_WEIGHT}: KubeFed adds the weights of every cluster in a 64-bit integer, and weights this large can overflow it and plan 0 replicas everywhere; use smaller weights in the same ratio`,
          doc.locate([...base, name, field]),
        );
      }
    }
    out[name] = { ...p };
  }
  return out;
}

/**
 * Attaches each ReplicaSchedulingPreference to the federated object of the same namespace/name and
 * `targetKind` (FederatedDeployment, FederatedReplicaSet, or fedc's FederatedJob extension).
 */
export function attachReplicaSchedulingPreferences(rsps: readonly SourceDoc[], templates: readonly Template[], diagnostics: DiagnosticBag): void {
  const byKey = new Map<string, Template>();
  for (const t of templates) byKey.set(`${t.source.kind}\0${t.namespace ?? ""}\0${t.name}`, t);
  const seen = new Map<string, SourceDoc>();
  for (const doc of rsps) {
    const meta = doc.value.metadata as { name: string; namespace?: string };
    const spec = doc.value.spec as unknown as RspSpec;
    const id = `${meta.namespace ?? ""}/${meta.name}`;
    const first = seen.get(id);
    if (first) {
      diagnostics.error("DUPLICATE_RESOURCE", `ReplicaSchedulingPreference ${id} is declared twice; remove one`, doc.locate(["metadata", "name"]), [
        { message: "first declared here", span: first.locate(["metadata", "name"]) },
      ]);
      continue;
    }
    seen.set(id, doc);
    const target = byKey.get(`${spec.targetKind}\0${meta.namespace ?? ""}\0${meta.name}`);
    if (!target) {
      diagnostics.error(
        "RSP_TARGET_MISSING",
        `ReplicaSchedulingPreference ${id} targets ${spec.targetKind} ${id}, which does not exist; an RSP must have the namespace and name of the ${spec.targetKind} it schedules`,
        doc.locate(["spec", "targetKind"]),
      );
      continue;
    }
    const clusters = spec.clusters && Object.keys(spec.clusters).length > 0 ? checkPreferences(spec.clusters, doc, ["spec", "clusters"], diagnostics) : DEFAULT_PREFERENCES;
    const isJob = spec.targetKind === "FederatedJob";
    const completions = isJob ? (target.object.spec as { completions?: unknown } | undefined)?.completions : undefined;
    target.scheduling = {
      mode: "rsp",
      fields: isJob ? "job" : "replicas",
      totalReplicas: spec.totalReplicas,
      // Only an integer is planned; anything else is left for output validation to report.
      ...(Number.isSafeInteger(completions) ? { completions: completions as number } : {}),
      rebalance: spec.rebalance === true,
      intersectWithClusterSelector: spec.intersectWithClusterSelector === true,
      clusters,
      source: doc,
      path: ["spec"],
    };
  }
}
