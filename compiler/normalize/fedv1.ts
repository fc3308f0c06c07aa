import type { Json, JsonObject, LegacySelectorRequirement, ReplicaPreference, SourceDoc, Template } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { DEFAULT_PREFERENCES, checkPreferences } from "./rsp.js";
import { templateFromManifest, type ScopeTable } from "./plain.js";
import { jsonSyntaxError, nestingExceeds } from "../kube/yamlLimits.js";

export const CLUSTER_SELECTOR_ANNOTATION = "federation.alpha.kubernetes.io/cluster-selector";
const PREFERENCE_ANNOTATIONS: Record<string, string> = {
  "apps/ReplicaSet": "federation.kubernetes.io/replica-set-preferences",
  "extensions/ReplicaSet": "federation.kubernetes.io/replica-set-preferences",
  "apps/Deployment": "federation.kubernetes.io/deployment-preferences",
  "extensions/Deployment": "federation.kubernetes.io/deployment-preferences",
  "batch/Job": "federation.kubernetes.io/job-preferences",
};
const ALL_PREFERENCE_ANNOTATIONS = new Set(Object.values(PREFERENCE_ANNOTATIONS));

// federation v1 clusterselector.go operators (case as written there).
const OPERATORS = new Set(["!", "DoesNotExist", "=", "==", "in", "In", "!=", "notin", "NotIn", "exists", "Exists", "gt", "Gt", ">", "lt", "Lt", "<"]);

/** True when a plain manifest is in the federation-v1 dialect (carries one of its annotations). */
export function isFederationV1(doc: SourceDoc): boolean {
  const ann = (doc.value.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  if (!ann || typeof ann !== "object") return false;
  return Object.hasOwn(ann, CLUSTER_SELECTOR_ANNOTATION) || Object.keys(ann).some((k) => ALL_PREFERENCE_ANNOTATIONS.has(k));
}

function parseSelector(text: string, doc: SourceDoc, diagnostics: DiagnosticBag): LegacySelectorRequirement[] | undefined {
  const at = doc.locate(["metadata", "annotations", CLUSTER_SELECTOR_ANNOTATION]);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    diagnostics.error("FEDV1_ANNOTATION_INVALID", `the cluster-selector annotation is not valid JSON (${jsonSyntaxError(e)}); write a JSON list like [{"key": "env", "operator": "in", "values": ["prod"]}]`, at);
    return undefined;
  }
  if (!Array.isArray(raw) || nestingExceeds(raw, 3)) {
    diagnostics.error("FEDV1_ANNOTATION_INVALID", "the cluster-selector annotation must be a JSON list of {key, operator, values}", at);
    return undefined;
  }
  const out: LegacySelectorRequirement[] = [];
  let ok = true;
  raw.forEach((r: unknown, i) => {
    const req = (r ?? {}) as { key?: unknown; operator?: unknown; values?: unknown };
    const values = Array.isArray(req.values) ? req.values.map(String) : [];
    if (typeof req.key !== "string" || typeof req.operator !== "string") {
      diagnostics.error("FEDV1_ANNOTATION_INVALID", `cluster-selector requirement ${i} needs a string "key" and "operator"`, at);
      ok = false;
      return;
    }
    if (!OPERATORS.has(req.operator)) {
      diagnostics.error("FEDV1_ANNOTATION_INVALID", `cluster-selector requirement ${i}: unknown operator ${JSON.stringify(req.operator)}; use one of ${[...OPERATORS].join(" ")}`, at);
      ok = false;
      return;
    }
    if (/^(gt|Gt|>|lt|Lt|<)$/.test(req.operator) && (values.length !== 1 || !/^-?\d+$/.test(values[0]!))) {
      diagnostics.error("FEDV1_ANNOTATION_INVALID", `cluster-selector requirement ${i}: operator ${req.operator} takes exactly one integer value`, at);
      ok = false;
      return;
    }
    out.push({ key: req.key, operator: req.operator, values });
  });
  return ok ? out : undefined;
}

/** Go's encoding/json matches struct fields case-insensitively; the preferences type has no tags. */
function field(obj: Record<string, unknown>, name: string): unknown {
  const k = Object.keys(obj).find((key) => key.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : obj[k];
}

function parsePreferences(annotation: string, text: string, doc: SourceDoc, diagnostics: DiagnosticBag): { rebalance: boolean; clusters: Record<string, ReplicaPreference> } {
  const at = doc.locate(["metadata", "annotations", annotation]);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // Federation v1 logged the error and fell back to the default preferences.
    diagnostics.warning("FEDV1_PREFERENCES_IGNORED", `${annotation} is not valid JSON (${jsonSyntaxError(e)}); using the default {"*": {"weight": 1}} as federation v1 did`, at);
    return { rebalance: false, clusters: DEFAULT_PREFERENCES };
  }
  if (nestingExceeds(raw, 3)) {
    // {clusters: {name: {weight}}} is three levels; Go's decoder fails on anything deeper.
    diagnostics.warning("FEDV1_PREFERENCES_IGNORED", `${annotation} nests deeper than {"clusters": {"<name>": {"weight": N}}}; using the default {"*": {"weight": 1}} as federation v1 did`, at);
    return { rebalance: false, clusters: DEFAULT_PREFERENCES };
  }
  const obj = (raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const clustersRaw = field(obj, "clusters");
  const clusters: Record<string, ReplicaPreference | null> = {};
  if (clustersRaw && typeof clustersRaw === "object" && !Array.isArray(clustersRaw)) {
    for (const [name, p] of Object.entries(clustersRaw as Record<string, unknown>)) {
      const pref = (p && typeof p === "object" ? p : {}) as Record<string, unknown>;
      const num = (n: string) => {
        const v = field(pref, n);
        return typeof v === "number" ? v : undefined;
      };
      clusters[name] = { minReplicas: num("minReplicas"), maxReplicas: num("maxReplicas"), weight: num("weight") };
    }
  }
  return {
    rebalance: field(obj, "rebalance") === true,
    clusters: Object.keys(clusters).length ? checkPreferences(clusters, doc, ["metadata", "annotations", annotation], diagnostics) : DEFAULT_PREFERENCES,
  };
}

function intOr(v: Json | undefined, fallback: number): number {
  return typeof v === "number" && Number.isSafeInteger(v) ? v : fallback;
}

/**
 * Plain manifests carrying federation-v1 annotations become templates: placed by the cluster-selector
 * (no annotation = all clusters), replicas split by the preferences (default: equal weights), HPA
 * min/max split. The annotations are removed from the emitted object.
 */
export function normalizeFederationV1(docs: readonly SourceDoc[], scopes: ScopeTable, diagnostics: DiagnosticBag): Template[] {
  const templates: Template[] = [];
  for (const doc of docs) {
    const annotations = ((doc.value.metadata as JsonObject).annotations ?? {}) as Record<string, Json>;
    const template = templateFromManifest(doc, scopes, diagnostics);
    if (!template) continue;
    const selectorText = annotations[CLUSTER_SELECTOR_ANNOTATION];
    let legacySelector: LegacySelectorRequirement[] | undefined = [];
    if (selectorText !== undefined) legacySelector = parseSelector(String(selectorText), doc, diagnostics);
    if (!legacySelector) continue;
    template.placement = { legacySelector, span: doc.locate(["metadata", "annotations"]) };
    const key = `${template.target.group}/${template.target.kind}`;
    const prefAnnotation = PREFERENCE_ANNOTATIONS[key];
    for (const a of Object.keys(annotations)) {
      if (ALL_PREFERENCE_ANNOTATIONS.has(a) && a !== prefAnnotation) {
        diagnostics.warning("FEDV1_PREFERENCES_IGNORED", `${a} has no effect on a ${template.target.kind}; it is ignored`, doc.locate(["metadata", "annotations", a]));
      }
    }
    const spec = (template.object.spec ?? {}) as JsonObject;
    const prefs = prefAnnotation && annotations[prefAnnotation] !== undefined
      ? parsePreferences(prefAnnotation, String(annotations[prefAnnotation]), doc, diagnostics)
      : { rebalance: false, clusters: DEFAULT_PREFERENCES };
    const base = { mode: "v1" as const, rebalance: prefs.rebalance, intersectWithClusterSelector: false, clusters: prefs.clusters, source: doc, path: ["metadata", "annotations"] };
    if (key === "apps/Deployment" || key === "apps/ReplicaSet" || key === "extensions/Deployment" || key === "extensions/ReplicaSet") {
      // API-server default: replicas 1.
      template.scheduling = { ...base, fields: "replicas", totalReplicas: intOr(spec.replicas, 1) };
    } else if (key === "batch/Job") {
      template.scheduling = {
        ...base,
        fields: "job",
        totalReplicas: intOr(spec.parallelism, 1),
        // Like parallelism, only an integer is planned; anything else is left for output validation to report.
        ...(Number.isSafeInteger(spec.completions) ? { completions: spec.completions as number } : {}),
      };
    } else if (template.target.kind === "HorizontalPodAutoscaler" && template.target.group === "autoscaling") {
      template.scheduling = { ...base, fields: "hpa", totalReplicas: intOr(spec.maxReplicas, 0), minReplicas: intOr(spec.minReplicas, 1) };
    }
    stripAnnotations(template.object);
    templates.push(template);
  }
  return templates;
}

function stripAnnotations(object: JsonObject): void {
  const meta = object.metadata as JsonObject;
  const ann = meta.annotations as JsonObject | undefined;
  if (!ann) return;
  const kept: JsonObject = {};
  for (const [k, v] of Object.entries(ann)) if (k !== CLUSTER_SELECTOR_ANNOTATION && !ALL_PREFERENCE_ANNOTATIONS.has(k)) kept[k] = v;
  if (Object.keys(kept).length) meta.annotations = kept;
  else delete meta.annotations;
}
