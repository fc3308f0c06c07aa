// Policy override rules (Karmada OverridePolicy / ClusterOverridePolicy) lowered to per-cluster
// RFC 6902 ops. Karmada computes each overrider against the object as modified so far, after
// ReviseReplica (`overridemanager.go:ApplyOverridePolicies`), so the rules are simulated per cluster
// on the revised object and the result is written back as one op per changed path: the ops then go
// through the same applyOverrides as KubeFed overrides, after the replica fields.
import type { ClusterOverride, Json, JsonObject, NodePath, PatchOp, PolicyOverrideRule, Schedule, Span } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { applyJsonPatch } from "./jsonPatch.js";
import { applyPatchV5, diffJson } from "./karmadaPatch.js";
import {
  commandArgsOps,
  fieldOps,
  imageOps,
  labelAnnotationOps,
  plaintextOps,
  type Built,
  type CommandArgsOverrider,
  type FieldOverrider,
  type ImageOverrider,
  type LabelAnnotationOverrider,
  type PlaintextOverrider,
} from "./karmadaOverriders.js";

interface Overriders {
  imageOverrider?: ImageOverrider[];
  commandOverrider?: CommandArgsOverrider[];
  argsOverrider?: CommandArgsOverrider[];
  labelsOverrider?: LabelAnnotationOverrider[];
  annotationsOverrider?: LabelAnnotationOverrider[];
  fieldOverrider?: FieldOverrider[];
  plaintext?: PlaintextOverrider[];
}

/** One overrider item: how to build its ops, and where it is written. */
interface Step {
  build: (object: JsonObject) => Built;
  path: NodePath;
}

/** Karmada's fixed order inside one `overriders` block; items of each list in order. */
function steps(rule: PolicyOverrideRule): Step[] {
  const o = rule.overriders as unknown as Overriders;
  const at = (field: string, i: number): NodePath => [...rule.path, field, i];
  return [
    ...(o.imageOverrider ?? []).map((x, i) => ({ build: (obj: JsonObject) => imageOps(obj, x), path: at("imageOverrider", i) })),
    ...(o.commandOverrider ?? []).map((x, i) => ({ build: (obj: JsonObject) => commandArgsOps(obj, x, "command"), path: at("commandOverrider", i) })),
    ...(o.argsOverrider ?? []).map((x, i) => ({ build: (obj: JsonObject) => commandArgsOps(obj, x, "args"), path: at("argsOverrider", i) })),
    ...(o.labelsOverrider ?? []).map((x, i) => ({ build: (obj: JsonObject) => labelAnnotationOps(obj, x, "labels"), path: at("labelsOverrider", i) })),
    ...(o.annotationsOverrider ?? []).map((x, i) => ({ build: (obj: JsonObject) => labelAnnotationOps(obj, x, "annotations"), path: at("annotationsOverrider", i) })),
    ...(o.fieldOverrider ?? []).map((x, i) => ({ build: (obj: JsonObject) => fieldOps(obj, x), path: at("fieldOverrider", i) })),
    ...(o.plaintext ?? []).map((x, i) => ({ build: (): Built => plaintextOps(x), path: at("plaintext", i) })),
  ];
}

/**
 * Fills `overrides` of every schedule whose template has policy override rules, for each placed
 * cluster. An overrider that fails is an error at the overrider, naming the cluster; that
 * resource's schedule is dropped (Karmada aborts the cluster's Work).
 */
export function lowerPolicyOverrides(schedules: readonly Schedule[], diagnostics: DiagnosticBag, only?: ReadonlySet<string>): Schedule[] {
  const out: Schedule[] = [];
  for (const schedule of schedules) {
    const template = schedule.template;
    const rules = template.overrideRules ?? [];
    if (rules.length === 0) {
      out.push(schedule);
      continue;
    }
    const overrides: ClusterOverride[] = [];
    let failed = false;
    for (const d of schedule.decisions) {
      if (!d.placed || (only && !only.has(d.cluster))) continue;
      const applicable = rules.filter((r) => r.clusters === undefined || r.clusters.includes(d.cluster));
      if (applicable.length === 0) continue;
      const revised = revise(template.object, d.replicaFields);
      const result = simulate(revised, applicable, d.cluster, diagnostics);
      if (!result) {
        failed = true;
        continue;
      }
      const ops = result.changes;
      if (ops.length > 0) overrides.push({ clusterName: d.cluster, ops, span: ops[0]!.span });
    }
    if (failed) continue;
    out.push({ ...schedule, template: { ...template, overrides: [...template.overrides, ...overrides] } });
  }
  return out;
}

function revise(object: JsonObject, fields: Readonly<Record<string, number>> | undefined): JsonObject {
  if (!fields) return object;
  const r = applyJsonPatch(object, Object.entries(fields).map(([path, value]) => ({ op: "replace" as const, path, value })));
  return r.ok ? (r.doc as JsonObject) : object;
}

/** Runs the rules on a copy of `object`; returns the changed paths as ops, located at the overrider that last touched them. */
function simulate(object: JsonObject, rules: readonly PolicyOverrideRule[], cluster: string, diagnostics: DiagnosticBag): { changes: PatchOp[] } | undefined {
  let current: Json = object;
  const touched: { path: string; span: Span }[] = [];
  // A policy may select several resources: the message names the one the overrider fails on.
  const meta = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const what = `${String(object.kind)} ${typeof meta.namespace === "string" && meta.namespace ? `${meta.namespace}/` : ""}${String(meta.name)}`;
  for (const rule of rules) {
    for (const step of steps(rule)) {
      const span = rule.source.locate(step.path);
      const built = step.build(current as JsonObject);
      if (!built.ok) {
        diagnostics.error("OVERRIDE_FAILED", `${rule.policyName}: this overrider fails on ${what} in cluster "${cluster}": ${built.message}`, span);
        return undefined;
      }
      const applied = applyPatchV5(current, built.ops);
      if (!applied.ok) {
        diagnostics.error("OVERRIDE_FAILED", `${rule.policyName}: this overrider does not apply to ${what} in cluster "${cluster}": ${applied.message}`, span);
        return undefined;
      }
      if (!applied.doc || typeof applied.doc !== "object" || Array.isArray(applied.doc)) {
        diagnostics.error("OVERRIDE_FAILED", `${rule.policyName}: this overrider replaces the whole of ${what} with something that is not an object`, span);
        return undefined;
      }
      current = applied.doc;
      for (const op of built.ops) touched.push({ path: op.path, span });
    }
  }
  const related = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
  const changes = diffJson(object, current).map((op): PatchOp => {
    let span = touched[touched.length - 1]?.span ?? rules[0]!.source.locate(rules[0]!.path);
    for (const t of touched) if (related(t.path, op.path)) span = t.span;
    return { ...op, span } as PatchOp;
  });
  return { changes };
}

