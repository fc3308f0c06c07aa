// The comparison of two renders (a base revision and the head), per cluster. Pure: it reads two
// CompileResults and returns a FleetDiff; reading git, printing and posting are the entry points' job.
import { createTwoFilesPatch } from "diff";
import type { CompileResult } from "../pipeline.js";
import type { JsonObject } from "../model.js";
import type { EmittedObject } from "../emit/index.js";
import { manifestToYaml } from "../emit/index.js";
import { renderDiagnostics } from "../diagnostics/index.js";
import { isSecret, maskSecretPair, unionMasks } from "./mask.js";
import { isSecretPath, NO_EXTRA_MASKS, type MaskConfig } from "../kube/secrets.js";
import type { ClusterDiff, DiffTotals, FleetDiff, ReplicaMove, ResourceChange, ResourceEntry, RevisionSummary } from "./model.js";

/** How many errors of a revision that does not compile are quoted in the report. */
export const QUOTED_ERRORS = 10;

/** Fields whose change is a replica move, in the order they are reported. */
const REPLICA_FIELDS = ["replicas", "parallelism", "completions", "minReplicas", "maxReplicas"] as const;

interface Resource {
  label: string;
  file: string;
  object: JsonObject;
  yaml: string;
}

type Snapshot = Map<string, Map<string, Resource>>;

export interface DiffLabels {
  base: string;
  head: string;
}

function label(e: EmittedObject): string {
  return `${e.key.kind} ${e.key.namespace ? `${e.key.namespace}/` : ""}${e.key.name}`;
}

/** Every output directory with its resources by identity (group, kind, namespace, name), in apply order. */
function snapshot(result: CompileResult): Snapshot {
  const out: Snapshot = new Map();
  const add = (cluster: string, objects: readonly EmittedObject[]) => {
    const resources = new Map<string, Resource>();
    for (const e of objects) {
      const id = `${e.key.group}/${e.key.kind}/${e.key.namespace}/${e.key.name}`;
      resources.set(id, { label: label(e), file: `${result.outDir}/${cluster}/${e.file}`, object: e.member.object, yaml: e.yaml });
    }
    out.set(cluster, resources);
  };
  for (const c of result.clusters) add(c.cluster, c.objects);
  // DNSEndpoints in their own directory (no dns.cluster) are not in `clusters`; they are a directory GitOps syncs all the same.
  if (result.dns && result.dns.objects.length > 0 && !out.has(result.dns.directory)) add(result.dns.directory, result.dns.objects);
  return out;
}

function summary(result: CompileResult, label: string, snap: Snapshot): RevisionSummary {
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  const quoted = renderDiagnostics(errors.slice(0, QUOTED_ERRORS), "text", result.sources).split("\n").filter((l) => l && !l.startsWith(" "));
  return {
    label,
    ok: result.ok,
    errorCount: errors.length,
    errors: quoted,
    clusters: [...snap].map(([name, resources]) => ({ name, resources: resources.size })).sort((a, b) => compare(a.name, b.name)),
  };
}

/** One render on its own (no base to compare with): its clusters, or why it does not compile. */
export function summarizeResult(result: CompileResult, label: string): RevisionSummary {
  return summary(result, label, result.ok ? snapshot(result) : new Map());
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function patch(before: Resource, after: Resource, mask: MaskConfig): string {
  const masked = isSecret(before.object, mask) || isSecret(after.object, mask) ? maskSecretPair(before.object, after.object, mask) : undefined;
  const a = masked ? manifestToYaml(masked.before!) : before.yaml;
  const b = masked ? manifestToYaml(masked.after!) : after.yaml;
  const text = createTwoFilesPatch(`a/${before.file}`, `b/${after.file}`, a, b, undefined, undefined, { context: 3 });
  // The package starts every patch with a line of "=" (its "Index:" separator); a unified diff needs none.
  return text.replace(/^=+\n/, "");
}

function spec(object: JsonObject | undefined): JsonObject | undefined {
  const s = object?.spec;
  return s && typeof s === "object" && !Array.isArray(s) ? s : undefined;
}

function replicaMoves(resource: string, before: Resource | undefined, after: Resource | undefined, mask: MaskConfig = NO_EXTRA_MASKS): ReplicaMove[] {
  const moves: ReplicaMove[] = [];
  const kind = (after ?? before)?.object.kind;
  const b = spec(before?.object);
  const a = spec(after?.object);
  for (const field of REPLICA_FIELDS) {
    if (isSecretPath(kind, ["spec", field], mask)) continue;
    const vb = typeof b?.[field] === "number" ? (b[field] as number) : undefined;
    const va = typeof a?.[field] === "number" ? (a[field] as number) : undefined;
    if (vb === va) continue;
    const move: ReplicaMove = { resource, field };
    if (vb !== undefined) move.before = vb;
    if (va !== undefined) move.after = va;
    if (!before) move.resourceChange = "added";
    if (!after) move.resourceChange = "removed";
    moves.push(move);
  }
  return moves;
}

function diffCluster(cluster: string, before: Map<string, Resource> | undefined, after: Map<string, Resource> | undefined, mask: MaskConfig): ClusterDiff {
  const added: ResourceEntry[] = [];
  const removed: ResourceEntry[] = [];
  const changed: ResourceChange[] = [];
  const moves: ReplicaMove[] = [];
  // Head order (apply order) for what exists after, base order for what is gone.
  for (const [id, a] of after ?? []) {
    const b = before?.get(id);
    if (!b) added.push({ label: a.label, file: a.file });
    else if (b.yaml !== a.yaml) changed.push({ label: a.label, file: a.file, patch: patch(b, a, mask) });
    if (!b || b.yaml !== a.yaml) moves.push(...replicaMoves(a.label, b, a, mask));
  }
  for (const [id, b] of before ?? []) {
    if (after?.has(id)) continue;
    removed.push({ label: b.label, file: b.file });
    moves.push(...replicaMoves(b.label, b, undefined, mask));
  }
  const change = !before ? "added" : !after ? "removed" : added.length + removed.length + changed.length > 0 ? "changed" : "unchanged";
  return { cluster, change, added, removed, changed, replicaMoves: moves };
}

/**
 * Compares the render of a base revision with the head's, cluster by cluster. When either side
 * does not compile there is nothing to compare: the diff has no clusters and both summaries say why.
 */
export function diffResults(base: CompileResult, head: CompileResult, labels: DiffLabels): FleetDiff {
  const baseSnap = base.ok ? snapshot(base) : new Map();
  const headSnap = head.ok ? snapshot(head) : new Map();
  const clusters: ClusterDiff[] = [];
  if (base.ok && head.ok) {
    const names = [...new Set([...baseSnap.keys(), ...headSnap.keys()])].sort(compare);
    // The base's masks hold too: a pull request that drops a kind from fedc.yaml `mask` still sees it masked.
    const mask = unionMasks(base.config.mask, head.config.mask);
    for (const name of names) clusters.push(diffCluster(name, baseSnap.get(name), headSnap.get(name), mask));
  }
  const totals: DiffTotals = { added: 0, changed: 0, removed: 0, replicaMoves: 0, clustersAdded: 0, clustersRemoved: 0 };
  for (const c of clusters) {
    totals.added += c.added.length;
    totals.changed += c.changed.length;
    totals.removed += c.removed.length;
    totals.replicaMoves += c.replicaMoves.length;
    if (c.change === "added") totals.clustersAdded++;
    if (c.change === "removed") totals.clustersRemoved++;
  }
  return {
    base: summary(base, labels.base, baseSnap),
    head: summary(head, labels.head, headSnap),
    clusters,
    totals,
    changedClusters: clusters.filter((c) => c.change !== "unchanged").map((c) => c.cluster),
  };
}
