// The one model every stage speaks. Types only: no stage logic lives here.

/** A range in a source file, as character offsets into its text. Line/column are computed when printing. */
export interface Span {
  file: string;
  start: number;
  end: number;
}

/** A file read from the repository; `path` is repo-relative with forward slashes. */
export interface SourceFile {
  path: string;
  text: string;
}

/** Path into a parsed document, as object keys and array indices. */
export type NodePath = ReadonlyArray<string | number>;

/** A JSON value as parsed from YAML. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One YAML document that is a Kubernetes-style object (has apiVersion and kind). */
export interface SourceDoc {
  file: string;
  /** Index of the document within its file (0-based). */
  index: number;
  apiVersion: string;
  kind: string;
  value: JsonObject;
  /** Span of the node at `path`, or of its nearest existing ancestor. */
  locate(path: NodePath, part?: "key" | "value"): Span;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** Allocatable resources of a cluster (Karmada `status.resourceSummary`), in base units. */
export interface ResourceSummary {
  allocatable: Record<string, number>;
  allocated: Record<string, number>;
  allocating: Record<string, number>;
}

/** A member cluster, whatever registry it was declared in. */
export interface Cluster {
  name: string;
  labels: Record<string, string>;
  region?: string;
  zones: string[];
  provider?: string;
  taints: Taint[];
  ready: boolean;
  capacity?: ResourceSummary;
  source: SourceDoc;
}

/** What a target kind is: group/version/kind, plural, scope. */
export interface TargetType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** One RFC 6902 operation as written in an override, with where it was written. */
export interface PatchOp {
  op: "add" | "remove" | "replace";
  path: string;
  /** Absent when the override gave no value (or null: KubeFed's omitempty drops it). */
  value?: Json;
  span: Span;
}

export interface ClusterOverride {
  clusterName: string;
  ops: PatchOp[];
  span: Span;
}

export interface ClusterRef {
  name: string;
  span: Span;
}

/** A KubeFed placement as written. `clusters` present (even empty) beats the selector. */
export interface PlacementSpec {
  clusters?: ClusterRef[];
  /** undefined/null = no selector (nothing); {} = everything. */
  clusterSelector?: LabelSelector | null;
  span: Span;
}

/**
 * A resource to propagate: the template of one object and how it is placed and overridden.
 * After normalization no later stage knows which dialect it came from.
 */
export interface Template {
  /** Stable identity used for sorting and plan keys: `<group>/<kind>/<namespace>/<name>`. */
  id: string;
  target: TargetType;
  apiVersion: string;
  name: string;
  namespace?: string;
  /** The member object before per-cluster overrides (already built from the template). */
  object: JsonObject;
  placement: PlacementSpec;
  overrides: ClusterOverride[];
  /** Where the resource was declared, and where its template body starts (for located errors). */
  source: SourceDoc;
  templatePath: NodePath;
  /** Omit spec.replicas from the output (KubeFed retainReplicas). */
  retainReplicas: boolean;
  /**
   * How scheduled replica fields combine with overrides. "scheduler-wins": KubeFed's RSP controller
   * rewrites the /spec/replicas override in place, so the schedule wins. "overrides-win": Karmada
   * revises replicas first and overrides apply on top.
   */
  replicaPrecedence: "scheduler-wins" | "overrides-win";
}

export type PlacementReason =
  | "selected"
  | "not-ready"
  | "weight-zero"
  | "max-reached"
  | "zero-replicas"
  | "tainted"
  | "excluded-by-policy"
  | "not-claimed"
  | "not-in-clusters-list"
  | "label-mismatch"
  | "no-placement"
  | "namespace-not-federated"
  | "excluded-by-namespace";

export interface ClusterDecision {
  cluster: string;
  placed: boolean;
  reason: PlacementReason;
  /** Replicas planned for this cluster (shown in plans). */
  replicas?: number;
  /** Fields the scheduler sets in this cluster, by JSON pointer: {"/spec/replicas": 3}. */
  replicaFields?: Record<string, number>;
}

/** The scheduling result for one template. */
export interface Schedule {
  template: Template;
  decisions: ClusterDecision[];
}

/** One object as it will be written to one cluster. */
export interface MemberObject {
  template: Template;
  cluster: string;
  object: JsonObject;
}

export interface OutputFile {
  /** Path relative to the output directory, forward slashes. */
  path: string;
  content: string;
}

export interface ReplicaPreference {
  minReplicas?: number;
  maxReplicas?: number;
  weight?: number;
}
