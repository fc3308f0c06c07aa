/**
 * KubeFed's replica planner, bit for bit: `pkg/controller/util/planner/planner.go` `Plan`
 * (kubernetes-retired/kubefed; the same algorithm as federation v1's
 * `pkg/federation-controller/util/planner/planner.go`). See reference/kubefed.md §E.3.
 *
 * The planner validates nothing: callers check that replica counts and weights are sane
 * (non-negative, safe integers). Go's int64 arithmetic is reproduced with integer-valued
 * numbers; the one product that can leave the safe range (remaining × weight) falls back to
 * BigInt with int64 wrap-around.
 */

import type { ReplicaPreference } from "../model.js";

export type { ReplicaPreference };

export interface PlanInput {
  totalReplicas: number;
  rebalance?: boolean;
  /** Preferences per cluster name, or "*" for every cluster without its own entry. */
  clusters: Record<string, ReplicaPreference>;
  availableClusters: readonly string[];
  currentReplicaCount?: Record<string, number>;
  estimatedCapacity?: Record<string, number>;
  /** Hash salt; KubeFed passes `"<namespace>/<name>"`. */
  key: string;
}

export interface PlanResult {
  plan: Record<string, number>;
  overflow: Record<string, number>;
}

interface Participant {
  cluster: string;
  hash: number;
  minReplicas: number;
  maxReplicas: number | undefined;
  weight: number;
}

const FNV32_OFFSET_BASIS = 2166136261;
const FNV32_PRIME = 16777619;
const utf8 = new TextEncoder();

function fnv1Update(hash: number, text: string): number {
  let h = hash;
  for (const byte of utf8.encode(text)) {
    h = Math.imul(h, FNV32_PRIME) >>> 0;
    h = (h ^ byte) >>> 0;
  }
  return h;
}

/** Go `hash/fnv` `New32` (FNV-1, multiply then XOR — not FNV-1a) over the UTF-8 bytes of `text`. */
export function fnv1Hash32(text: string): number {
  return fnv1Update(FNV32_OFFSET_BASIS, text);
}

/** Own-property lookup, so cluster names like "constructor" never hit Object.prototype. */
function lookup<T>(map: Record<string, T> | undefined, name: string): T | undefined {
  return map !== undefined && Object.hasOwn(map, name) ? map[name] : undefined;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Go `(distribute*weight + weightSum - 1) / weightSum` on int64: a ceiling for non-negative
 * operands, truncation toward zero otherwise.
 */
function ceilShare(distribute: number, weight: number, weightSum: bigint): number {
  const product = distribute * weight;
  const sum = Number(weightSum);
  // (sum - 1) first: an exact result in the safe range then implies an exact float sum.
  const numerator = product + (sum - 1);
  if (
    Number.isSafeInteger(product) &&
    Number.isSafeInteger(sum) &&
    Number.isSafeInteger(numerator)
  ) {
    // Exact: for |numerator| < 2^53 the rounded quotient never crosses an integer boundary.
    return Math.trunc(numerator / sum);
  }
  const wide =
    BigInt.asIntN(64, BigInt.asIntN(64, BigInt(distribute) * BigInt(weight)) + weightSum - 1n);
  return Number(wide / weightSum);
}

function sortedRecord(entries: Iterable<[string, number]>): Record<string, number> {
  // Object.fromEntries defines own data properties, so even "__proto__" stays a plain key.
  return Object.fromEntries([...entries].sort(([a], [b]) => byName(a, b)));
}

export function planReplicas(input: PlanInput): PlanResult {
  const plan = new Map<string, number>();
  const overflow = new Map<string, number>();
  const capacityOf = (cluster: string): number | undefined =>
    lookup(input.estimatedCapacity, cluster);

  let participants: Participant[] = [];
  for (const cluster of input.availableClusters) {
    const hasOwn = Object.hasOwn(input.clusters, cluster);
    if (!hasOwn && !Object.hasOwn(input.clusters, "*")) {
      plan.set(cluster, 0);
      continue;
    }
    // A present-but-null entry is Go's zero-valued ClusterPreferences.
    const pref: ReplicaPreference = input.clusters[hasOwn ? cluster : "*"] ?? {};
    participants.push({
      cluster,
      hash: fnv1Update(fnv1Hash32(cluster), input.key),
      minReplicas: pref.minReplicas ?? 0,
      maxReplicas: pref.maxReplicas ?? undefined,
      weight: pref.weight ?? 0,
    });
  }
  // Weight descending, hash ascending (KubeFed's byWeight.Less). Go's sort.Sort leaves equal
  // (weight, hash) pairs in an input-dependent order; the name tie-break keeps the result
  // independent of availableClusters' order and only matters on a 32-bit hash collision.
  participants.sort((a, b) => {
    if (a.weight !== b.weight) return a.weight > b.weight ? -1 : 1;
    if (a.hash !== b.hash) return a.hash < b.hash ? -1 : 1;
    return byName(a.cluster, b.cluster);
  });

  let remaining = input.totalReplicas;

  for (const p of participants) {
    let min = Math.min(p.minReplicas, remaining);
    const capacity = capacityOf(p.cluster);
    if (capacity !== undefined) min = Math.min(min, capacity);
    remaining -= min;
    plan.set(p.cluster, min);
  }

  // Replicas kept where they already run (rebalance=false); consumed before new ones are added.
  const preallocated = new Map<string, number>();
  if (!input.rebalance) {
    for (const p of participants) {
      const planned = plan.get(p.cluster) ?? 0;
      const count = lookup(input.currentReplicaCount, p.cluster);
      if (count === undefined || count <= planned) continue;
      let target = count;
      if (p.maxReplicas !== undefined) target = Math.min(p.maxReplicas, target);
      const capacity = capacityOf(p.cluster);
      if (capacity !== undefined) target = Math.min(capacity, target);
      const extra = Math.max(0, Math.min(target - planned, remaining));
      remaining -= extra;
      preallocated.set(p.cluster, extra);
      plan.set(p.cluster, extra + planned);
    }
  }

  // KubeFed's loop has no pass limit; this bound is a proven one, checked so that a broken
  // invariant fails loudly instead of spinning. A pass that keeps the loop going (something
  // changed and replicas remain) either marks a participant full, which removes it, or consumes
  // at least one preallocated replica: a non-negative weight's share is a ceiling, so the shares
  // cover the snapshot; a negative weight's share is <= 0 and is parked in `preallocated`
  // (usedPrealloc < 0) without changing its plan.
  let passesLeft = participants.length + 1;
  for (const extra of preallocated.values()) passesLeft += extra;

  let modified = true;
  while (modified && remaining > 0) {
    if (passesLeft-- <= 0) {
      throw new Error("replica planner exceeded its pass bound (internal error)");
    }
    modified = false;
    let weightSum = 0n;
    for (const p of participants) weightSum = BigInt.asIntN(64, weightSum + BigInt(p.weight));
    const next: Participant[] = [];
    const distribute = remaining;

    for (const p of participants) {
      if (weightSum <= 0n) break;
      const start = plan.get(p.cluster) ?? 0;
      // Ceiling of this cluster's share of the pass snapshot, capped by the live remainder.
      let extra = Math.min(ceilShare(distribute, p.weight, weightSum), remaining);

      const prealloc = preallocated.get(p.cluster) ?? 0;
      const usedPrealloc = Math.min(extra, prealloc);
      preallocated.set(p.cluster, prealloc - usedPrealloc);
      extra -= usedPrealloc;
      if (usedPrealloc > 0) modified = true;

      let total = start + extra;
      let full = false;
      if (p.maxReplicas !== undefined && total > p.maxReplicas) {
        total = p.maxReplicas;
        full = true;
      }
      const capacity = capacityOf(p.cluster);
      if (capacity !== undefined && total > capacity) {
        overflow.set(p.cluster, total - capacity);
        total = capacity;
        full = true;
      }
      if (!full) next.push(p);

      remaining -= total - start;
      plan.set(p.cluster, total);
      if (total > start) modified = true;
    }
    participants = next;
  }

  if (input.rebalance) {
    return { plan: sortedRecord(plan), overflow: sortedRecord(overflow) };
  }
  // rebalance=false: overflow is trimmed to the replicas that could not be placed anywhere.
  const trimmed: [string, number][] = [];
  for (const [cluster, value] of overflow) {
    const kept = Math.min(value, remaining);
    if (kept > 0) trimmed.push([cluster, kept]);
  }
  return { plan: sortedRecord(plan), overflow: sortedRecord(trimmed) };
}
