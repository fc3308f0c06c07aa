// Karmada's native replica interpreter (`pkg/resourceinterpreter/default/native/replica.go`,
// `revisereplica.go`) and the general estimator (`pkg/estimator/client/general.go`) that turns a
// Cluster's `status.resourceSummary` into "how many more pods of this shape fit".
import type { Cluster, Json, JsonObject } from "../model.js";
import {
  addQuantity,
  isQuantityError,
  parseQuantity,
  quantityFromNumber,
  quantityMilliValue,
  quantityValue,
  subtractQuantity,
  type Quantity,
} from "../kube/quantity.js";

export const MAX_INT32 = 2147483647;

/** What Karmada reads from a template to schedule it. */
export interface WorkloadShape {
  /** binding.replicas. */
  replicas: number;
  /** replicaRequirements.resourceRequest (undefined = no request); `requirements` says whether any requirement exists. */
  requests?: Map<string, Quantity>;
  requirements: boolean;
  /** The field ReviseReplica writes: "/spec/replicas", "/spec/parallelism", or none (Pod). */
  reviseField?: string;
  /** Job spec.completions, re-split over the clusters when Divided. */
  completions?: number;
}

function obj(v: Json | undefined): JsonObject | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}

function int(v: Json | undefined): number | undefined {
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

/**
 * The replica field of a workload that is not an int32 from 0 up (the API server rejects it), or
 * undefined. Checked before replicas are divided.
 */
export function replicaFieldOutOfRange(object: JsonObject): { field: string; value: number } | undefined {
  const spec = obj(object.spec) ?? {};
  const gvk = `${String(object.apiVersion)}/${String(object.kind)}`;
  const fields = gvk === "batch/v1/Job" ? ["parallelism", "completions"] : ["apps/v1/Deployment", "apps/v1/ReplicaSet", "apps/v1/StatefulSet"].includes(gvk) ? ["replicas"] : [];
  for (const field of fields) {
    const v = spec[field];
    if (typeof v === "number" && !(Number.isInteger(v) && v >= 0 && v <= MAX_INT32)) return { field, value: v };
  }
  return undefined;
}

/** Native GetReplicas, keyed by the exact apiVersion + kind; everything else is not a workload. */
export function workloadShape(object: JsonObject): WorkloadShape {
  const spec = obj(object.spec) ?? {};
  const gvk = `${String(object.apiVersion)}/${String(object.kind)}`;
  switch (gvk) {
    case "apps/v1/Deployment":
    case "apps/v1/ReplicaSet":
    case "apps/v1/StatefulSet":
      return { replicas: int(spec.replicas) ?? 0, ...podRequirements(obj(obj(spec.template)?.spec)), reviseField: "/spec/replicas" };
    case "batch/v1/Job": {
      const parallelism = int(spec.parallelism) ?? 0;
      const completions = int(spec.completions);
      return {
        replicas: Math.min(parallelism, completions ?? parallelism),
        ...podRequirements(obj(obj(spec.template)?.spec)),
        reviseField: "/spec/parallelism",
        ...(completions !== undefined ? { completions } : {}),
      };
    }
    case "v1/Pod":
      return { replicas: 1, ...podRequirements(spec) };
    default:
      return { replicas: 0, requirements: false };
  }
}

/** A workload is scheduled with replica numbers; anything else goes to every selected cluster as is. */
export function isWorkload(shape: WorkloadShape): boolean {
  return shape.replicas > 0 || shape.requirements;
}

/**
 * GenerateReplicaRequirements: the pod's requests (containers summed, each init container as a
 * floor, plus overhead) and whether a node claim exists (nodeSelector, tolerations, required affinity).
 */
function podRequirements(podSpec: JsonObject | undefined): { requests?: Map<string, Quantity>; requirements: boolean } {
  if (!podSpec) return { requirements: false };
  const sum = new Map<string, Quantity>();
  const requestsOf = (c: Json): JsonObject => obj(obj(obj(c)?.resources)?.requests) ?? {};
  for (const c of Array.isArray(podSpec.containers) ? podSpec.containers : []) addAll(sum, requestsOf(c));
  for (const c of Array.isArray(podSpec.initContainers) ? podSpec.initContainers : []) {
    for (const [name, raw] of Object.entries(requestsOf(c))) {
      const q = quantityOf(raw);
      const cur = sum.get(name);
      if (q && (!cur || compare(q, cur) > 0)) sum.set(name, q);
    }
  }
  addAll(sum, obj(podSpec.overhead) ?? {});
  for (const [name, q] of sum) if (q.num <= 0n) sum.delete(name);
  const affinity = obj(obj(obj(podSpec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution);
  const nodeClaim =
    Object.keys(obj(podSpec.nodeSelector) ?? {}).length > 0 || (Array.isArray(podSpec.tolerations) && podSpec.tolerations.length > 0) || affinity !== undefined;
  return { ...(sum.size > 0 ? { requests: sum } : {}), requirements: nodeClaim || sum.size > 0 };
}

function compare(a: Quantity, b: Quantity): number {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

function quantityOf(raw: Json): Quantity | undefined {
  if (typeof raw !== "string" && typeof raw !== "number") return undefined;
  const q = parseQuantity(raw);
  return isQuantityError(q) ? undefined : q;
}

function addAll(sum: Map<string, Quantity>, list: JsonObject): void {
  for (const [name, raw] of Object.entries(list)) {
    const q = quantityOf(raw);
    if (!q) continue;
    const cur = sum.get(name);
    sum.set(name, cur ? addQuantity(cur, q) : q);
  }
}

/**
 * The general estimator's maxAvailableReplicas for one cluster, or undefined when the cluster gives
 * no resourceSummary (the caller treats that as unlimited, SPEC §2.2). Free pods first
 * (allocatable − allocated − allocating; none listed means none free), then every requested
 * resource: cpu compared in milli-units, the rest as whole values, Karmada's rounding included.
 */
export function availableReplicas(cluster: Cluster, shape: WorkloadShape): number | undefined {
  const summary = cluster.capacity;
  if (!summary) return undefined;
  const free = (resource: string): Quantity | undefined => {
    const allocatable = summary.allocatable[resource];
    if (allocatable === undefined) return undefined;
    let q = quantityFromNumber(allocatable);
    for (const used of [summary.allocated[resource], summary.allocating[resource]]) if (used !== undefined) q = subtractQuantity(q, quantityFromNumber(used));
    return q;
  };
  const pods = free("pods");
  const allowedPods = pods ? quantityValue(pods) : 0n;
  if (allowedPods <= 0n) return 0;
  let max = allowedPods;
  for (const [resource, request] of shape.requests ?? []) {
    if (quantityValue(request) <= 0n) continue;
    const available = free(resource);
    if (!available || quantityValue(available) <= 0n) return 0;
    const fits = resource === "cpu" ? quantityMilliValue(available) / quantityMilliValue(request) : quantityValue(available) / quantityValue(request);
    if (fits < max) max = fits;
  }
  return Number(max > BigInt(MAX_INT32) ? BigInt(MAX_INT32) : max);
}
