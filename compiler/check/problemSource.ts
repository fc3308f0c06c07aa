// Where a problem in an emitted object was written: the override operation that produced the field
// for that cluster, or else the template node it came from.
import type { Json, MemberObject, NodePath, PatchOp, Span } from "../model.js";
import { parsePointer } from "../kube/fieldPaths.js";

/** `-` (append) and negative indices (KubeFed counts them from the end) stand for any array index. */
function sameSegment(opSeg: string, seg: string): boolean {
  return opSeg === seg || ((opSeg === "-" || /^-\d+$/.test(opSeg)) && /^\d+$/.test(seg));
}

/** One path is a prefix of the other: the op wrote the field, or something inside it. */
function related(opPath: readonly string[], path: readonly string[]): boolean {
  const n = Math.min(opPath.length, path.length);
  for (let i = 0; i < n; i++) if (!sameSegment(opPath[i]!, path[i]!)) return false;
  return true;
}

/** The last override op for the member's cluster that touched `path` (later ops win, as they are applied in order). */
export function overrideFor(member: MemberObject, path: readonly string[]): PatchOp | undefined {
  let found: PatchOp | undefined;
  for (const o of member.template.overrides) {
    if (o.clusterName !== member.cluster) continue;
    for (const op of o.ops) if (related(parsePointer(op.path), path)) found = op;
  }
  return found;
}

/** Fields a ReplicaSchedulingPreference writes per cluster (its planner wins over overrides). */
const PLANNED_FIELDS = new Set(["spec/replicas", "spec/parallelism", "spec/completions"]);

function has(value: Json | undefined, path: NodePath): boolean {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return false;
    v = Array.isArray(v) ? v[Number(seg)] : v[String(seg)];
    if (v === undefined) return false;
  }
  return true;
}

/** The span to report a problem at `path` of a member object at. */
export function problemSpan(member: MemberObject, path: readonly string[], part: "key" | "value"): { span: Span; override: boolean } {
  const scheduling = member.template.scheduling;
  if (scheduling?.mode === "rsp" && PLANNED_FIELDS.has(path.join("/"))) {
    return { span: scheduling.source.locate([...scheduling.path, "totalReplicas"]), override: true };
  }
  const op = overrideFor(member, path);
  if (op) return { span: op.span, override: true };
  const t = member.template;
  // KubeFed takes the name and namespace from the Federated<Kind>, not from its template.
  if (path[0] === "metadata" && (path[1] === "name" || path[1] === "namespace") && !has(t.source.value, [...t.templatePath, "metadata", path[1]])) {
    return { span: t.source.locate(["metadata", path[1]], part), override: false };
  }
  return { span: t.source.locate([...t.templatePath, ...path], part), override: false };
}
