// Wording shared by the text and markdown renderers, so a terminal and a PR comment say the same.
import type { ClusterDiff, DiffTotals, FleetDiff, ReplicaMove } from "./model.js";

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Deployment shop/web: 3 → 5", "Job batch/export parallelism: 0 → 2 (added)". */
export function moveText(m: ReplicaMove): string {
  const value = (v: number | undefined) => (v !== undefined ? String(v) : m.resourceChange ? "0" : "unset");
  const field = m.field === "replicas" ? "" : ` ${m.field}`;
  const note = m.resourceChange ? ` (${m.resourceChange})` : "";
  return `${m.resource}${field}: ${value(m.before)} → ${value(m.after)}${note}`;
}

/** "2 added, 1 changed, 1 replica move", or "no changes". */
export function clusterCounts(c: Pick<ClusterDiff, "added" | "changed" | "removed" | "replicaMoves">): string {
  const parts: string[] = [];
  if (c.added.length) parts.push(`${c.added.length} added`);
  if (c.changed.length) parts.push(`${c.changed.length} changed`);
  if (c.removed.length) parts.push(`${c.removed.length} removed`);
  if (c.replicaMoves.length) parts.push(plural(c.replicaMoves.length, "replica move"));
  return parts.length ? parts.join(", ") : "no changes";
}

export function clusterState(c: ClusterDiff): string {
  return c.change === "added" ? "new cluster" : c.change === "removed" ? "cluster removed" : "";
}

/** "resources: 3 added, 1 changed, 0 removed; 2 replica moves; clusters: 1 added". */
export function totalsText(t: DiffTotals): string {
  let s = `resources: ${t.added} added, ${t.changed} changed, ${t.removed} removed; ${plural(t.replicaMoves, "replica move")}`;
  const clusters: string[] = [];
  if (t.clustersAdded) clusters.push(`${t.clustersAdded} added`);
  if (t.clustersRemoved) clusters.push(`${t.clustersRemoved} removed`);
  if (clusters.length) s += `; clusters: ${clusters.join(", ")}`;
  return s;
}

/** Why there is no comparison, when a side does not compile; undefined when both do. */
export function failureText(diff: FleetDiff): string | undefined {
  if (!diff.head.ok) return `${diff.head.label} does not compile (${plural(diff.head.errorCount, "error")}); there is nothing to compare`;
  if (!diff.base.ok) {
    return `the base ${diff.base.label} does not compile (${plural(diff.base.errorCount, "error")}), so there is nothing to compare against; ${diff.head.label} renders ${plural(diff.head.clusters.length, "cluster")}`;
  }
  return undefined;
}
