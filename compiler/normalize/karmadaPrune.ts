// What happens to a resource template between the Karmada API server and a member cluster, minus
// scheduling: the kube-apiserver defaults Karmada's replica interpreter relies on, and
// `prune.go:RemoveIrrelevantFields`. fedc also strips Karmada's own bookkeeping marks, which a
// manifest exported from a live Karmada carries (UUIDs and work names cannot be reproduced).
import type { Json, JsonObject } from "../model.js";

const BOOKKEEPING_LABELS = [
  "propagationpolicy.karmada.io/permanent-id",
  "clusterpropagationpolicy.karmada.io/permanent-id",
  "resourcebinding.karmada.io/permanent-id",
  "clusterresourcebinding.karmada.io/permanent-id",
  "work.karmada.io/permanent-id",
  "karmada.io/managed",
];
const BOOKKEEPING_ANNOTATIONS = [
  "propagationpolicy.karmada.io/namespace",
  "propagationpolicy.karmada.io/name",
  "clusterpropagationpolicy.karmada.io/name",
  "resourcebinding.karmada.io/namespace",
  "resourcebinding.karmada.io/name",
  "clusterresourcebinding.karmada.io/name",
  "resourcetemplate.karmada.io/generation",
  "resourcetemplate.karmada.io/uid",
  "resourcetemplate.karmada.io/managed-labels",
  "resourcetemplate.karmada.io/managed-annotations",
  "work.karmada.io/name",
  "work.karmada.io/namespace",
  "work.karmada.io/conflict-resolution",
  "policy.karmada.io/applied-overrides",
  "policy.karmada.io/applied-cluster-overrides",
];
const JOB_SELECTOR_LABELS = ["controller-uid", "batch.kubernetes.io/controller-uid"];
const JOB_TEMPLATE_LABELS = ["controller-uid", "job-name", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name"];

function obj(v: Json | undefined): JsonObject | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}

/** Prepends `key: value` to an object, keeping the rest of its key order (Go struct order puts replicas first). */
function prepend(o: JsonObject, entries: [string, Json][]): void {
  const rest = Object.entries(o);
  for (const k of Object.keys(o)) delete o[k];
  for (const [k, v] of entries) o[k] = v;
  for (const [k, v] of rest) if (!(k in o)) o[k] = v;
}

/**
 * kube-apiserver defaulting that decides replica counts: Deployment/ReplicaSet/StatefulSet
 * `replicas` → 1; Job: neither completions nor parallelism → both 1, else parallelism → 1.
 */
export function applyReplicaDefaults(object: JsonObject): void {
  const spec = obj(object.spec);
  if (!spec) return;
  const gvk = `${String(object.apiVersion)}/${String(object.kind)}`;
  if (gvk === "apps/v1/Deployment" || gvk === "apps/v1/ReplicaSet" || gvk === "apps/v1/StatefulSet") {
    if (spec.replicas === undefined || spec.replicas === null) prepend(spec, [["replicas", 1]]);
  } else if (gvk === "batch/v1/Job") {
    const noCompletions = spec.completions === undefined || spec.completions === null;
    const noParallelism = spec.parallelism === undefined || spec.parallelism === null;
    if (noCompletions && noParallelism) prepend(spec, [["parallelism", 1], ["completions", 1]]);
    else if (noParallelism) prepend(spec, [["parallelism", 1]]);
  }
}

function removeKeys(parent: JsonObject, field: string, keys: readonly string[]): void {
  const map = obj(parent[field]);
  if (!map) return;
  for (const k of keys) delete map[k];
  if (Object.keys(map).length === 0) delete parent[field];
}

/** RemoveIrrelevantFields plus bookkeeping marks; mutates `object`. */
export function pruneForMember(object: JsonObject): void {
  delete object.status;
  const metadata = obj(object.metadata);
  if (metadata) {
    for (const k of ["ownerReferences", "finalizers"]) delete metadata[k];
    removeKeys(metadata, "labels", BOOKKEEPING_LABELS);
    removeKeys(metadata, "annotations", BOOKKEEPING_ANNOTATIONS);
  }
  const spec = obj(object.spec);
  switch (object.kind) {
    case "Deployment":
      if (metadata) removeKeys(metadata, "annotations", ["deployment.kubernetes.io/revision", "deployment.kubernetes.io/revision-history"]);
      break;
    case "Job":
      if (!spec) break;
      if (spec.manualSelector !== true) {
        const selector = obj(spec.selector);
        if (selector) {
          removeKeys(selector, "matchLabels", JOB_SELECTOR_LABELS);
          if (Object.keys(selector).length === 0) delete spec.selector;
        }
        const templateMeta = obj(obj(spec.template)?.metadata);
        if (templateMeta) removeKeys(templateMeta, "labels", JOB_TEMPLATE_LABELS);
      }
      delete spec.ttlSecondsAfterFinished;
      break;
    case "Service":
      if (spec && spec.clusterIP !== undefined && spec.clusterIP !== "None") {
        delete spec.clusterIP;
        delete spec.clusterIPs;
      }
      break;
    case "ServiceAccount":
      pruneTokenSecrets(object, metadata);
      break;
    case "Secret":
      if (object.type === "kubernetes.io/service-account-token") {
        if (metadata) removeKeys(metadata, "annotations", ["kubernetes.io/service-account.uid"]);
        delete object.data;
      }
      break;
    case "PersistentVolumeClaim":
      if (metadata) removeKeys(metadata, "annotations", ["volume.kubernetes.io/selected-node"]);
      break;
  }
}

/**
 * ServiceAccount `secrets` named `<sa>-token-…` are removed, with Karmada's quirk kept on purpose:
 * the loop does not look again at the entry shifted into a removed slot, so of two consecutive
 * token secrets the second stays.
 */
function pruneTokenSecrets(object: JsonObject, metadata: JsonObject | undefined): void {
  const secrets = object.secrets;
  if (!Array.isArray(secrets)) return;
  const prefix = `${String(metadata?.name ?? "")}-token-`;
  const kept = [...secrets];
  for (let i = 0; i < kept.length; i++) {
    const name = obj(kept[i])?.name;
    if (typeof name === "string" && name.startsWith(prefix)) kept.splice(i, 1);
  }
  if (kept.length === 0) delete object.secrets;
  else object.secrets = kept;
}
