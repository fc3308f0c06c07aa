import type { Cluster, Json, Schedule, SkippedResource, SourceDoc } from "../model.js";
import { lineColumn, type SourceLookup } from "../diagnostics/index.js";
import type { ClusterOutput } from "./tree.js";
import { dnsEndpointId, dnsEndpointName, type DnsOutput } from "./dns.js";
import type { PlanDocument } from "./documents.js";

export const PLAN_FILE = "fedc-plan.json";

export interface PlanClusterEntry {
  placed: boolean;
  reason?: string;
  replicas?: number;
  fields?: Record<string, number>;
  detail?: string;
  /** A ReplicaSchedulingPreference placed it here although the resource's placement does not select this cluster. */
  beyondPlacement?: boolean;
  file?: string;
}

export interface PlanResource {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  source: string;
  /**
   * Why the member objects are kept when their definition goes away ("kubefed.io/orphan",
   * "preserveResourcesOnDeletion"): they carry Argo CD's Prune=false,Delete=false and Flux's prune: disabled.
   */
  keepOnDeletion?: string;
  /** The propagateDeps workloads that refer to it ("Deployment shop/web"): it goes where they go. */
  requiredBy?: string[];
  clusters: Record<string, PlanClusterEntry>;
}

export interface Plan {
  apiVersion: string;
  kind: string;
  clusters: { name: string; ready: boolean; region?: string; zones?: string[]; provider?: string; labels: Record<string, string> }[];
  resources: PlanResource[];
  unclaimed: { kind: string; apiVersion: string; name: string; namespace?: string; source: string }[];
  skipped?: { kind: string; apiVersion: string; namespace?: string; name: string; source: string; reason: string }[];
  dns?: Json;
  /** Every input document and what became of it: emitted, read, unclaimed or skipped (and why). */
  documents?: PlanDocument[];
}

export function planToJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2) + "\n";
}

function where(doc: SourceDoc, sources: SourceLookup): string {
  const text = sources(doc.file);
  if (text === undefined) return doc.file;
  const { line } = lineColumn(text, doc.offset);
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
  dns?: DnsOutput,
  skipped: readonly SkippedResource[] = [],
  documents: PlanDocument[] = [],
): Plan {
  // Per template, per cluster: the emitted object (one map per template, not one string key per member).
  const emitted = new Map<string, Map<string, ClusterOutput["objects"][number]>>();
  for (const o of outputs) {
    for (const e of o.objects) {
      let byCluster = emitted.get(e.member.template.id);
      if (!byCluster) emitted.set(e.member.template.id, (byCluster = new Map()));
      byCluster.set(o.cluster, e);
    }
  }
  const resources = [...schedules]
    .sort((a, b) => (a.template.id < b.template.id ? -1 : a.template.id > b.template.id ? 1 : 0))
    .map((s): PlanResource => {
      const t = s.template;
      const perCluster: Record<string, PlanClusterEntry> = {};
      const byCluster = emitted.get(t.id);
      for (const d of s.decisions) {
        if (!d.placed) {
          perCluster[d.cluster] = { placed: false, reason: d.reason };
          continue;
        }
        const e = byCluster?.get(d.cluster);
        // What the emitted object says, when it says it: a Karmada override of /spec/replicas applies
        // after the division (and wins), so the planned number alone would not match the output.
        const specReplicas = (e?.member.object.spec as { replicas?: unknown } | undefined)?.replicas;
        const replicas = typeof specReplicas === "number" ? specReplicas : d.replicas;
        const entry: PlanClusterEntry = { placed: true };
        if (replicas !== undefined) entry.replicas = replicas;
        if (d.replicaFields && Object.keys(d.replicaFields).length > 1) entry.fields = d.replicaFields;
        if (d.detail) entry.detail = d.detail;
        if (d.beyondPlacement) entry.beyondPlacement = true;
        if (e?.file) entry.file = e.file;
        perCluster[d.cluster] = entry;
      }
      return {
        apiVersion: t.apiVersion,
        kind: t.target.kind,
        ...(t.namespace !== undefined ? { namespace: t.namespace } : {}),
        name: t.name,
        source: where(t.source, sources),
        ...(t.keepOnDeletion ? { keepOnDeletion: t.keepOnDeletion.because } : {}),
        ...(t.requiredBy ? { requiredBy: t.requiredBy.map((w) => `${w.target.kind} ${w.namespace ? `${w.namespace}/` : ""}${w.name}`).sort() } : {}),
        clusters: perCluster,
      };
    });
  return {
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
    // Read but deliberately not propagated; only when there are any, so other plans keep their shape.
    ...(skipped.length > 0
      ? {
          skipped: [...skipped]
            .sort((a, b) => (a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : a.source.offset - b.source.offset))
            .map((s) => {
              const meta = (s.source.value.metadata ?? {}) as { name?: string; namespace?: string };
              return {
                kind: s.source.kind,
                apiVersion: s.source.apiVersion,
                ...(meta.namespace ? { namespace: meta.namespace } : {}),
                name: String(meta.name ?? ""),
                source: where(s.source, sources),
                reason: s.reason,
              };
            }),
        }
      : {}),
    // Only when the repository has DNS records, so plans without DNS keep their shape.
    ...(dns && dns.records.length > 0 ? { dns: dnsPlan(dns, sources) } : {}),
    documents,
  };
}

/** Per DNS record: its DNSEndpoint and file, why each listed cluster's addresses count or not, the endpoints. */
function dnsPlan(dns: DnsOutput, sources: SourceLookup): Json {
  const fileOf = new Map<string, string>();
  for (const o of dns.objects) fileOf.set(o.member.template.id, o.file);
  return {
    directory: dns.directory,
    records: dns.records.map((p): Json => {
      const r = p.record;
      const file = fileOf.get(dnsEndpointId(p));
      const clusters: Record<string, Json> = {};
      for (const c of p.clusters) clusters[c.cluster] = c.reason === "address" ? { addresses: c.addresses } : { reason: c.reason };
      return {
        kind: r.kind,
        namespace: r.namespace,
        name: r.name,
        source: where(r.source, sources),
        dnsEndpoint: dnsEndpointName(p),
        ...(file ? { file } : {}),
        clusters,
        endpoints: p.endpoints.map((e) => ({ dnsName: e.dnsName, recordType: e.recordType, targets: e.targets })),
      };
    }),
  };
}
