import type { Cluster, Json, Schedule, SourceDoc } from "../model.js";
import { lineColumn, type SourceLookup } from "../diagnostics/index.js";
import type { ClusterOutput } from "./tree.js";

export const PLAN_FILE = "fedc-plan.json";

function where(doc: SourceDoc, sources: SourceLookup): string {
  const span = doc.locate([]);
  const text = sources(doc.file);
  if (text === undefined) return doc.file;
  const { line } = lineColumn(text, span.start);
  return `${doc.file}:${line}`;
}

/**
 * fedc-plan.json: what was placed where and why. Repo-relative paths only, keys in a fixed order, so
 * the file is byte-identical across machines and diffs well in a pull request.
 */
export function buildPlan(
  clusters: readonly Cluster[],
  schedules: readonly Schedule[],
  outputs: readonly ClusterOutput[],
  unclaimed: readonly SourceDoc[],
  sources: SourceLookup,
): string {
  const fileOf = new Map<string, string>();
  for (const o of outputs) for (const e of o.objects) fileOf.set(`${o.cluster}\0${e.member.template.id}`, e.file);
  const resources = [...schedules]
    .sort((a, b) => (a.template.id < b.template.id ? -1 : a.template.id > b.template.id ? 1 : 0))
    .map((s): Json => {
      const t = s.template;
      const perCluster: Record<string, Json> = {};
      for (const d of s.decisions) {
        const file = fileOf.get(`${d.cluster}\0${t.id}`);
        perCluster[d.cluster] = d.placed
          ? { placed: true, ...(d.replicas !== undefined ? { replicas: d.replicas } : {}), ...(file ? { file } : {}) }
          : { placed: false, reason: d.reason };
      }
      return {
        apiVersion: t.apiVersion,
        kind: t.target.kind,
        ...(t.namespace !== undefined ? { namespace: t.namespace } : {}),
        name: t.name,
        source: where(t.source, sources),
        clusters: perCluster,
      };
    });
  const plan = {
    apiVersion: "fedc.io/v1alpha1",
    kind: "Plan",
    clusters: clusters.map((c) => ({
      name: c.name,
      ready: c.ready,
      ...(c.region ? { region: c.region } : {}),
      ...(c.zones.length ? { zones: c.zones } : {}),
      ...(c.provider ? { provider: c.provider } : {}),
      labels: Object.fromEntries(Object.entries(c.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    })),
    resources,
    unclaimed: unclaimed.map((d) => {
      const meta = (d.value.metadata ?? {}) as { name?: string; namespace?: string };
      return { kind: d.kind, apiVersion: d.apiVersion, name: String(meta.name ?? ""), ...(meta.namespace ? { namespace: meta.namespace } : {}), source: where(d, sources) };
    }),
  };
  return JSON.stringify(plan, null, 2) + "\n";
}
