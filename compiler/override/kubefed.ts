import type { ClusterOverride, JsonObject, MemberObject, PatchOp, Schedule, Template } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { describeIdentityChange, identityChange, identityOf, pointerProblem, type ObjectIdentity } from "../kube/identity.js";
import { applyJsonPatch } from "./jsonPatch.js";
import { keepOnDeletionAnnotations } from "../kube/gitops.js";

/** Paths KubeFed rejects because they would change the object's identity (overrides.go). */
const IDENTITY_PATHS = new Set(["/metadata/namespace", "/metadata/name", "/metadata/generateName", "/kind"]);

export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY_VALUE = "fedc";

/**
 * KubeFed's GetOverrides validation, once per resource: a duplicate cluster, an identity path or a
 * duplicate path fails the resource for every cluster. Returns ops by cluster, or undefined.
 */
function validateOverrides(template: Template, known: ReadonlySet<string>, diagnostics: DiagnosticBag): Map<string, PatchOp[]> | undefined {
  const byCluster = new Map<string, PatchOp[]>();
  const first = new Map<string, ClusterOverride>();
  let ok = true;
  for (const o of template.overrides) {
    const prev = first.get(o.clusterName);
    if (prev) {
      diagnostics.error(
        "OVERRIDE_DUPLICATE_CLUSTER",
        `cluster "${o.clusterName}" appears more than once in the overrides; merge its clusterOverrides into one entry`,
        o.span,
        [{ message: "first listed here", span: prev.span }],
      );
      ok = false;
      continue;
    }
    first.set(o.clusterName, o);
    if (!known.has(o.clusterName)) {
      diagnostics.warning("UNKNOWN_CLUSTER", `override for cluster "${o.clusterName}", which is not registered; it is never applied`, o.span);
    }
    const paths = new Map<string, PatchOp>();
    for (const op of o.ops) {
      const malformed = pointerProblem(op.path);
      if (malformed !== undefined) {
        diagnostics.error(
          "OVERRIDE_PATH_INVALID",
          `override for cluster "${o.clusterName}" has a malformed path ${JSON.stringify(op.path)}: ${malformed}`,
          op.span,
        );
        ok = false;
        continue;
      }
      if (IDENTITY_PATHS.has(op.path)) {
        diagnostics.error(
          "OVERRIDE_PATH_INVALID",
          `override for cluster "${o.clusterName}" has an invalid path ${op.path}: name, namespace, generateName and kind cannot be overridden`,
          op.span,
        );
        ok = false;
        continue;
      }
      const dup = paths.get(op.path);
      if (dup) {
        diagnostics.error(
          "OVERRIDE_DUPLICATE_PATH",
          `path "${op.path}" appears more than once for cluster "${o.clusterName}"; keep one override per path`,
          op.span,
          [{ message: "first used here", span: dup.span }],
        );
        ok = false;
        continue;
      }
      paths.set(op.path, op);
    }
    byCluster.set(o.clusterName, o.ops);
  }
  return ok ? byCluster : undefined;
}

/**
 * Builds every placed member object: overrides (KubeFed JSON-patch semantics), then the replicas the
 * scheduler chose, then the managed-by label (after overrides, so it cannot be overridden away).
 * Clusters without overrides share one object, so emit serializes it once.
 */
export function applyOverrides(schedules: readonly Schedule[], clusterNames: readonly string[], diagnostics: DiagnosticBag): MemberObject[] {
  const known = new Set(clusterNames);
  const out: MemberObject[] = [];
  for (const { template, decisions } of schedules) {
    const ops = validateOverrides(template, known, diagnostics);
    if (!ops) continue;
    const planned = identityOf(template.object);
    let shared: JsonObject | undefined;
    for (const d of decisions) {
      if (!d.placed) continue;
      const clusterOps = withReplicaFields(ops.get(d.cluster) ?? [], d.replicaFields, template);
      if (clusterOps.length === 0) {
        shared ??= finish(template.object, template);
        out.push({ template, cluster: d.cluster, object: shared });
        continue;
      }
      const result = applyJsonPatch(template.object, clusterOps);
      if (!result.ok) {
        const op = clusterOps[result.index]!;
        diagnostics.error("OVERRIDE_FAILED", `override does not apply in cluster "${d.cluster}": ${result.message}`, op.span);
        continue;
      }
      if (!result.doc || typeof result.doc !== "object" || Array.isArray(result.doc)) {
        diagnostics.error("OVERRIDE_FAILED", `overrides in cluster "${d.cluster}" replace the whole object with something that is not an object`, clusterOps[0]!.span);
        continue;
      }
      const object = finish(result.doc, template);
      if (changesIdentity(template, planned, object, clusterOps, d.cluster, diagnostics)) continue;
      out.push({ template, cluster: d.cluster, object });
    }
  }
  return out;
}

/**
 * True (and an error at the override that did it) when the overridden object is not the one planned:
 * another API group, kind, name or namespace. Paths like "", "/metadata" or "/apiVersion" (and Karmada
 * overriders) can replace identity wholesale, so the result is compared, not the paths.
 */
function changesIdentity(
  template: Template,
  planned: ObjectIdentity,
  object: JsonObject,
  ops: readonly PatchOp[],
  cluster: string,
  diagnostics: DiagnosticBag,
): boolean {
  const change = identityChange(planned, identityOf(object));
  if (!change) return false;
  // The first op after which the object is another one (ops are few; this runs only on the error path).
  let culprit = ops[ops.length - 1]!;
  for (let i = 1; i <= ops.length; i++) {
    const partial = applyJsonPatch(template.object, ops.slice(0, i));
    if (partial.ok && partial.doc && typeof partial.doc === "object" && !Array.isArray(partial.doc) && identityChange(planned, identityOf(finish(partial.doc, template)))) {
      culprit = ops[i - 1]!;
      break;
    }
  }
  diagnostics.error(
    "OVERRIDE_PATH_INVALID",
    `override changes the object's ${describeIdentityChange(change)} in cluster "${cluster}": an override may not change an object's API group, kind, name or namespace (the plan, the file name and the diff would describe another object than the one written)`,
    culprit.span,
  );
  return true;
}

/**
 * Replica precedence, in one place. "scheduler-wins" is KubeFed's RSP controller: an existing override
 * of the same path keeps its place and gets the planned value, other paths are appended after the
 * user's overrides. "overrides-win" is Karmada: ReviseReplica runs first, overrides apply on top.
 */
function withReplicaFields(
  ops: readonly PatchOp[],
  fields: Readonly<Record<string, number>> | undefined,
  template: Template,
): readonly PatchOp[] {
  if (!fields) return ops;
  const precedence = template.replicaPrecedence;
  const span = template.source.locate(["kind"]);
  const planned = Object.entries(fields).map(([path, value]): PatchOp => ({ op: "replace", path, value, span }));
  if (precedence === "overrides-win") return [...planned, ...ops];
  const result = [...ops];
  for (const p of planned) {
    const i = result.findIndex((o) => o.path === p.path);
    if (i >= 0) result[i] = { ...result[i]!, value: p.value };
    else result.push(p);
  }
  return result;
}

/** Managed label, deletion intent and retainReplicas, without writing into objects shared with the template. */
function finish(object: JsonObject, template: Template): JsonObject {
  const metadata = object.metadata && typeof object.metadata === "object" && !Array.isArray(object.metadata) ? (object.metadata as JsonObject) : {};
  const labels = metadata.labels && typeof metadata.labels === "object" && !Array.isArray(metadata.labels) ? (metadata.labels as JsonObject) : {};
  // labels go right after name/namespace when the template had none, so every manifest reads alike.
  const meta: JsonObject = {};
  for (const k of ["name", "namespace"]) if (k in metadata) meta[k] = metadata[k]!;
  meta.labels = { ...labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
  for (const [k, v] of Object.entries(metadata)) if (!(k in meta)) meta[k] = v;
  if (template.keepOnDeletion) {
    const annotations = meta.annotations && typeof meta.annotations === "object" && !Array.isArray(meta.annotations) ? (meta.annotations as JsonObject) : {};
    meta.annotations = { ...annotations, ...keepOnDeletionAnnotations(annotations) };
  }
  const result: JsonObject = { ...object, metadata: meta };
  if (template.retainReplicas && result.spec && typeof result.spec === "object" && !Array.isArray(result.spec) && "replicas" in result.spec) {
    const { replicas: _omitted, ...spec } = result.spec as JsonObject;
    result.spec = spec;
  }
  return result;
}
