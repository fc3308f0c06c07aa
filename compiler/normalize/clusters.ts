import type { Cluster, ResourceSummary, SourceDoc, Taint } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { invalidSubdomain } from "../kube/names.js";
import { isQuantityError, parseQuantity, quantityToNumber } from "../kube/quantity.js";

export const KUBEFED_CLUSTER = "core.kubefed.io/v1beta1\0KubeFedCluster";
export const KARMADA_CLUSTER = "cluster.karmada.io/v1alpha1\0Cluster";

const REGION_LABEL = "topology.kubernetes.io/region";
const ZONE_LABEL = "topology.kubernetes.io/zone";
const NOT_READY_TAINTS = new Set(["cluster.karmada.io/not-ready", "cluster.karmada.io/unreachable"]);

interface Condition {
  type?: string;
  status?: string;
}

function readyFromConditions(conditions: unknown): boolean {
  if (!Array.isArray(conditions)) return true;
  const ready = (conditions as Condition[]).find((c) => c?.type === "Ready");
  // SPEC §1.2: ready unless a Ready condition says otherwise (a repository rarely carries status).
  return !ready || ready.status === "True";
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) out[k] = String(x);
  return out;
}

function fromKubeFed(doc: SourceDoc): Omit<Cluster, "name"> {
  const v = doc.value as { metadata?: { labels?: unknown }; status?: { region?: string; zones?: string[]; conditions?: unknown } };
  const labels = stringMap(v.metadata?.labels);
  const region = v.status?.region || labels[REGION_LABEL] || undefined;
  const zones = v.status?.zones?.length ? [...v.status.zones] : labels[ZONE_LABEL] ? [labels[ZONE_LABEL]] : [];
  return { labels, region, zones, taints: [], ready: readyFromConditions(v.status?.conditions), source: doc };
}

function fromKarmada(doc: SourceDoc, diagnostics: DiagnosticBag): Omit<Cluster, "name"> {
  const v = doc.value as {
    metadata?: { labels?: unknown };
    spec?: { provider?: string; region?: string; zone?: string; zones?: string[]; taints?: Taint[] };
    status?: { conditions?: unknown; resourceSummary?: Record<string, unknown> };
  };
  const labels = stringMap(v.metadata?.labels);
  const spec = v.spec ?? {};
  const capacity = v.status?.resourceSummary ? resourceSummary(doc, v.status.resourceSummary, diagnostics) : undefined;
  const taints = (spec.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect }));
  const zones = spec.zones?.length ? [...spec.zones] : spec.zone ? [spec.zone] : [];
  const ready = readyFromConditions(v.status?.conditions) && !taints.some((t) => NOT_READY_TAINTS.has(t.key));
  return { labels, region: spec.region || undefined, zones, provider: spec.provider || undefined, taints, ready, ...(capacity ? { capacity } : {}), source: doc };
}

/** Karmada `status.resourceSummary` in base units (cpu in cores, memory in bytes, pods as a count). */
function resourceSummary(doc: SourceDoc, summary: Record<string, unknown>, diagnostics: DiagnosticBag): ResourceSummary {
  const out: ResourceSummary = { allocatable: {}, allocated: {}, allocating: {} };
  for (const part of ["allocatable", "allocated", "allocating"] as const) {
    const list = summary[part];
    if (!list || typeof list !== "object" || Array.isArray(list)) continue;
    for (const [resource, raw] of Object.entries(list)) {
      const q = typeof raw === "string" || typeof raw === "number" ? parseQuantity(raw) : { error: "a quantity must be a string or a number" };
      if (isQuantityError(q)) {
        diagnostics.error("INVALID_QUANTITY", `${part} ${resource}: ${q.error}`, doc.locate(["status", "resourceSummary", part, resource]));
        continue;
      }
      out[part][resource] = quantityToNumber(q);
    }
  }
  return out;
}

/** One registry from KubeFedCluster and Karmada Cluster documents, sorted by name. */
export function normalizeClusters(docs: readonly SourceDoc[], diagnostics: DiagnosticBag): Cluster[] {
  const byName = new Map<string, Cluster>();
  for (const doc of docs) {
    const key = `${doc.apiVersion}\0${doc.kind}`;
    const name = String((doc.value.metadata as { name?: unknown } | undefined)?.name ?? "");
    const problem = invalidSubdomain(name);
    if (problem) {
      diagnostics.error("INVALID_NAME", `cluster name ${JSON.stringify(name)} ${problem}; it becomes a directory name`, doc.locate(["metadata", "name"]));
      continue;
    }
    const first = byName.get(name);
    if (first) {
      diagnostics.error("DUPLICATE_CLUSTER", `cluster "${name}" is declared more than once; rename or remove one`, doc.locate(["metadata", "name"]), [
        { message: "first declared here", span: first.source.locate(["metadata", "name"]) },
      ]);
      continue;
    }
    const rest = key === KUBEFED_CLUSTER ? fromKubeFed(doc) : fromKarmada(doc, diagnostics);
    byName.set(name, { name, ...rest });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
