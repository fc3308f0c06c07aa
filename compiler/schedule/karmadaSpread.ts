// Karmada's cluster selection by spread constraints (`pkg/scheduler/core/spreadconstraint/*`), for a
// first schedule: every cluster scores 0, so clusters are ordered by available replicas DESC, then
// name. See reference/karmada.md §3.5.
import type { PolicySpreadConstraint } from "../model.js";

export interface ClusterDetail {
  name: string;
  region?: string;
  available: number;
}

export type Selection = { ok: true; clusters: ClusterDetail[] } | { ok: false; message: string };

export function sortClusterDetails(clusters: readonly ClusterDetail[]): ClusterDetail[] {
  return [...clusters].sort((a, b) => b.available - a.available || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * SelectBestClusters: `needReplicas` is -1 for Duplicated (availability ignored). `clusters` must be
 * sorted (sortClusterDetails). Without a region or cluster constraint Karmada fails.
 */
export function selectBySpread(clusters: readonly ClusterDetail[], constraints: readonly PolicySpreadConstraint[], needReplicas: number, duplicated: boolean, replicas: number): Selection {
  const region = constraints.find((c) => c.spreadByField === "region");
  const cluster = constraints.find((c) => c.spreadByField === "cluster");
  if (region && cluster) return selectByRegion(clusters, region, cluster, duplicated, replicas);
  if (cluster) return selectByCluster(clusters, cluster, needReplicas);
  return { ok: false, message: "Karmada only selects clusters by cluster and region spread constraints" };
}

function sum(list: readonly ClusterDetail[]): number {
  return list.reduce((s, c) => s + c.available, 0);
}

/** select_clusters_by_cluster.go: the first maxGroups clusters, swapped for bigger ones until they fit. */
export function selectByCluster(clusters: readonly ClusterDetail[], c: PolicySpreadConstraint, needReplicas: number): Selection {
  if (clusters.length < c.minGroups) return { ok: false, message: `the number of feasible clusters (${clusters.length}) is less than spreadConstraint minGroups (${c.minGroups})` };
  const n = Math.min(clusters.length, c.maxGroups);
  const ret = clusters.slice(0, n);
  if (needReplicas === -1) return { ok: true, clusters: ret };
  const rest = clusters.slice(n);
  for (let i = n - 1; sum(ret) < needReplicas && i >= 0; i--) {
    let j = -1;
    for (let k = 0; k < rest.length; k++) if (rest[k]!.available > ret[i]!.available && (j < 0 || rest[k]!.available > rest[j]!.available)) j = k;
    if (j < 0) continue;
    [ret[i], rest[j]] = [rest[j]!, ret[i]!];
  }
  if (sum(ret) < needReplicas) return { ok: false, message: `not enough available replicas when selecting ${n} clusters` };
  return { ok: true, clusters: ret };
}

interface Group {
  name: string;
  value: number;
  weight: number;
}

const WEIGHT_UNIT = 1000;

/** group_clusters.go calcGroupScore, with every cluster score 0 (first schedule). */
function groupScore(clusters: readonly ClusterDetail[], duplicated: boolean, replicas: number, regionMin: number, clusterMin: number): number {
  if (duplicated) {
    const valid = clusters.filter((c) => c.available >= replicas).length;
    return valid === 0 ? 0 : valid * WEIGHT_UNIT;
  }
  const target = Math.ceil(replicas / regionMin);
  const need = Math.max(clusterMin, regionMin);
  let count = 0;
  let available = 0;
  for (const c of clusters) {
    count++;
    available += c.available;
    if (count >= need && available >= target) break;
  }
  return available < target ? available * WEIGHT_UNIT : target * WEIGHT_UNIT;
}

function selectByRegion(clusters: readonly ClusterDetail[], r: PolicySpreadConstraint, c: PolicySpreadConstraint, duplicated: boolean, replicas: number): Selection {
  const regions = new Map<string, ClusterDetail[]>();
  for (const cl of clusters) {
    const key = cl.region ?? "";
    let list = regions.get(key);
    if (!list) regions.set(key, (list = []));
    list.push(cl);
  }
  if (regions.size < r.minGroups) return { ok: false, message: `the number of feasible regions (${regions.size}) is less than spreadConstraint minGroups (${r.minGroups})` };
  const groups: Group[] = [...regions].map(([name, list]) => ({ name, value: list.length, weight: groupScore(list, duplicated, replicas, r.minGroups, c.minGroups) }));
  const chosen = selectGroups(groups, r.minGroups, r.maxGroups, c.minGroups);
  if (chosen.length === 0) return { ok: false, message: "the number of clusters is less than the cluster spreadConstraint minGroups" };
  const selected = chosen.map((g) => regions.get(g.name)![0]!);
  const candidates = sortClusterDetails(chosen.flatMap((g) => regions.get(g.name)!.slice(1)));
  const need = Math.min(candidates.length + selected.length, c.maxGroups);
  if (need > selected.length) selected.push(...candidates.slice(0, need - selected.length));
  return { ok: true, clusters: selected };
}

function byWeightThenName(a: Group, b: Group): number {
  return b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** select_groups.go: every index-increasing combination that reaches `target` clusters within min..max groups. */
export function selectGroups(groups: readonly Group[], minGroups: number, maxGroups: number, target: number): Group[] {
  const sorted = [...groups].sort((a, b) => a.value - b.value || byWeightThenName(a, b));
  const paths: { groups: Group[]; weight: number; value: number; id: number }[] = [];
  const dfs = (start: number, path: Group[]) => {
    const value = path.reduce((s, g) => s + g.value, 0);
    if (path.length > 0 && value >= target && path.length >= minGroups && path.length <= maxGroups) {
      const inOrder = [...path].sort(byWeightThenName);
      paths.push({ groups: inOrder, weight: path.reduce((s, g) => s + g.weight, 0), value, id: paths.length + 1 });
      return;
    }
    if (path.length >= maxGroups) return;
    for (let i = start; i < sorted.length; i++) {
      dfs(i + 1, [...path, sorted[i]!]);
      if (sorted.length === minGroups) break;
    }
  };
  dfs(0, []);
  if (paths.length === 0) return [];
  paths.sort((a, b) => b.weight - a.weight || b.value - a.value || a.id - b.id);
  let pick = paths[0]!;
  for (const p of paths.slice(1)) {
    const isPrefix = p.groups.length < pick.groups.length && p.groups.every((g, i) => g.name === pick.groups[i]!.name);
    if (isPrefix) pick = p;
  }
  return pick.groups;
}
