// What changes between two renders of a fleet, per cluster: the data every renderer (text, markdown,
// the GitHub Action's outputs) reads. Secret values never reach this model unmasked.

/** One resource in one cluster. */
export interface ResourceEntry {
  /** "Deployment shop/web" (cluster-scoped: "ClusterRole reader"). */
  label: string;
  /** The rendered file, relative to the repository: "rendered/eu-west/shop/deployment-web.yaml". */
  file: string;
}

export interface ResourceChange extends ResourceEntry {
  /** Unified diff of the resource's manifest (Secret values masked). */
  patch: string;
}

/** A replica count that changes in one cluster ("Deployment shop/web: 3 → 5"). */
export interface ReplicaMove {
  /** The resource's label. */
  resource: string;
  /** The field that changes: replicas, parallelism, completions, minReplicas or maxReplicas. */
  field: string;
  /** Undefined when the field is not set (retained replicas) or the resource is not there. */
  before?: number;
  after?: number;
  /** Set when the resource itself is added to or removed from the cluster. */
  resourceChange?: "added" | "removed";
}

export interface ClusterDiff {
  cluster: string;
  /** "added"/"removed": the cluster is new / gone (registered in one revision only). */
  change: "added" | "removed" | "changed" | "unchanged";
  added: ResourceEntry[];
  removed: ResourceEntry[];
  changed: ResourceChange[];
  replicaMoves: ReplicaMove[];
}

/** One side of the comparison. */
export interface RevisionSummary {
  /** "main (1a2b3c4)", "working tree". */
  label: string;
  ok: boolean;
  errorCount: number;
  /** The first errors, as "file:line:col: error CODE: message" lines. */
  errors: string[];
  /** Clusters (and the _dns directory) and how many resources each gets. */
  clusters: { name: string; resources: number }[];
}

export interface DiffTotals {
  added: number;
  changed: number;
  removed: number;
  replicaMoves: number;
  clustersAdded: number;
  clustersRemoved: number;
}

export interface FleetDiff {
  base: RevisionSummary;
  head: RevisionSummary;
  /** Every cluster of either side, by name; empty when either side does not compile. */
  clusters: ClusterDiff[];
  totals: DiffTotals;
  /** Clusters that are added, removed or have any resource added, changed or removed. */
  changedClusters: string[];
}

/** True when both sides compiled and something differs. */
export function hasChanges(diff: FleetDiff): boolean {
  return diff.changedClusters.length > 0;
}
