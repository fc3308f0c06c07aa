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
  /** For an item of a List (expanded as kubectl does): its index in the list, "2" or, nested, "2.0". */
  item?: string;
  apiVersion: string;
  kind: string;
  value: JsonObject;
  /** Offset of the document's first content line in its file (for "file:line" references). */
  offset: number;
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

/** A federation-v1 cluster-selector requirement (operators as federation v1's clusterselector). */
export interface LegacySelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

/** A placement as written. `clusters` present (even empty) beats the selector. */
export interface PlacementSpec {
  clusters?: ClusterRef[];
  /** undefined/null = no selector (nothing); {} = everything. */
  clusterSelector?: LabelSelector | null;
  /** federation-v1 `cluster-selector` annotation, ANDed; replaces clusters/clusterSelector when set. */
  legacySelector?: LegacySelectorRequirement[];
  span: Span;
}

/**
 * Replica scheduling attached to a template: a ReplicaSchedulingPreference ("rsp", planned over
 * every ready cluster, rewriting placement) or federation-v1 preferences ("v1", planned over the
 * ready clusters the placement selects). `fields` says what is planned.
 */
export interface ReplicaScheduling {
  mode: "rsp" | "v1";
  fields: "replicas" | "job" | "hpa";
  totalReplicas: number;
  /** Job: completions to split over the parallelism plan's clusters (when set). */
  completions?: number;
  /** HPA: minReplicas to split (federation v1's HPA controller). */
  minReplicas?: number;
  rebalance: boolean;
  intersectWithClusterSelector: boolean;
  clusters: Record<string, ReplicaPreference>;
  source: SourceDoc;
  path: NodePath;
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
  /** KubeFed: a namespaced resource is placed only where its FederatedNamespace is. */
  followsNamespacePlacement: boolean;
  scheduling?: ReplicaScheduling;
  /** Set when a propagation policy places the template; `placement` is then not used. */
  policyPlacement?: PolicyPlacement;
  /** Policy override rules matched to the template, lowered to `overrides` once it is scheduled. */
  overrideRules?: PolicyOverrideRule[];
  /**
   * The member objects outlive their definition (KubeFed `kubefed.io/orphan: "true"`, Karmada
   * `preserveResourcesOnDeletion: true`): emitted with the annotations that stop Argo CD and Flux
   * from deleting them.
   */
  keepOnDeletion?: { because: "kubefed.io/orphan" | "preserveResourcesOnDeletion"; span: Span };
  /**
   * Workloads whose policy has `propagateDeps: true` and that refer to this object (Karmada's
   * dependencies distributor): it also goes to every cluster they are placed in.
   */
  requiredBy?: Template[];
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
  | "excluded-by-namespace"
  | "field-mismatch"
  | "spread-constraint"
  | "unschedulable"
  /** Namespace auto-propagation (Karmada's) does not reach a cluster registered as a KubeFedCluster. */
  | "not-karmada-cluster"
  /** A dependency (propagateDeps) goes only where a workload that refers to it is placed. */
  | "not-required";

export interface ClusterDecision {
  cluster: string;
  placed: boolean;
  reason: PlacementReason;
  /** Replicas planned for this cluster (shown in plans). */
  replicas?: number;
  /** Fields the scheduler sets in this cluster, by JSON pointer: {"/spec/replicas": 3}. */
  replicaFields?: Record<string, number>;
  /** Why a placed cluster got no more replicas (shown by `fedc plan`). */
  detail?: "weight-zero" | "max-reached" | "no-preference";
  /** Placed by a ReplicaSchedulingPreference although the resource's own placement does not select it. */
  beyondPlacement?: boolean;
}

/** A resource that was read but deliberately not propagated (listed in fedc-plan.json). */
/** An input document that is deliberately not read as a manifest, and why (fedc-plan.json `documents`). */
export interface SkippedDocument {
  file: string;
  /** Index of the document within its file; absent when the whole file is skipped. */
  index?: number;
  item?: string;
  offset: number;
  /** When the document has them (a List). */
  apiVersion?: string;
  kind?: string;
  reason: string;
}

export interface SkippedResource {
  source: SourceDoc;
  reason:
    | "propagation-disabled"
    | "federated-namespace-mismatch"
    | "system-namespace"
    /** A plain Namespace whose FederatedNamespace decides where it goes. */
    | "shadowed-by-federated-namespace"
    /** A plain Namespace in a repository whose clusters are all KubeFedClusters (KubeFed never propagates one). */
    | "namespace-not-propagated";
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

// Multi-cluster DNS (SPEC §2.4): KubeFed's Domain / ServiceDNSRecord / IngressDNSRecord, and the
// ExternalDNS endpoints fedc computes from them.

/** A KubeFed `Domain`: its name is the "<federation>" part of service DNS names, `domain` the zone suffix. */
export interface DnsDomain {
  name: string;
  domain: string;
  source: SourceDoc;
}

/** One load-balancer address from a record's committed `status.dns[].loadBalancer.ingress` (`ip` or `hostname`). */
export interface DnsAddress {
  address: string;
  span: Span;
}

/** One committed `status.dns[]` entry: the addresses a cluster reported for the record's Service or Ingress. */
export interface DnsStatusEntry {
  cluster: string;
  span: Span;
  addresses: DnsAddress[];
}

export interface DnsRecord {
  kind: "ServiceDNSRecord" | "IngressDNSRecord";
  name: string;
  namespace: string;
  /** ServiceDNSRecord: the Domain its `spec.domainRef` names. */
  domain?: DnsDomain;
  /** `spec.recordTTL` as written; 0 means KubeFed's default (180 seconds). */
  recordTTL: number;
  dnsPrefix?: string;
  externalName?: string;
  /** IngressDNSRecord `spec.hosts`. */
  hosts: string[];
  status: DnsStatusEntry[];
  source: SourceDoc;
}

export type DnsRecordType = "A" | "AAAA" | "CNAME";

/** One ExternalDNS endpoint (`externaldns.k8s.io/v1alpha1` DNSEndpoint `spec.endpoints[]`). */
export interface DnsEndpoint {
  dnsName: string;
  targets: string[];
  recordType: DnsRecordType;
  recordTTL: number;
  labels?: Record<string, string>;
}

/**
 * Why a cluster's addresses count for a record: "address" (they do), "no-address" (ready and placed,
 * but nothing committed), "not-placed" (the Service/Ingress is not placed there), "not-ready".
 */
export type DnsClusterReason = "address" | "no-address" | "not-placed" | "not-ready";

export interface DnsClusterDecision {
  cluster: string;
  reason: DnsClusterReason;
  /** The addresses that count (only for reason "address"). */
  addresses: string[];
}

/** The DNS result for one record: the clusters KubeFed would have listed, and the endpoints. */
export interface DnsRecordPlan {
  record: DnsRecord;
  clusters: DnsClusterDecision[];
  endpoints: DnsEndpoint[];
}

// Propagation policies (SPEC §2.2, Karmada's PropagationPolicy / OverridePolicy semantics), as
// normalization leaves them: cluster affinities are already evaluated against the registry.

/** A cluster toleration (Kubernetes Toleration; operator "" means Equal). */
export interface PolicyToleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** One cluster filter (a clusterAffinity, or one clusterAffinities term) evaluated per registered cluster. */
export interface PolicyClusterFilter {
  /** The clusterAffinities term name; undefined for clusterAffinity (or none). */
  name?: string;
  /** Every registered cluster: "selected" when the filter admits it, else why not. */
  clusters: Record<string, PlacementReason>;
  span: Span;
}

export interface PolicySpreadConstraint {
  /** After Karmada's defaulting: neither field nor label ⇒ "cluster". */
  spreadByField?: "cluster" | "region" | "zone" | "provider";
  spreadByLabel?: string;
  /** Defaulted to 1 when 0. */
  minGroups: number;
  /** Not defaulted (Karmada leaves 0, which selects no cluster). */
  maxGroups: number;
  span: Span;
}

/** Replica division after Karmada's defaulting (absent replicaScheduling ⇒ Duplicated). */
export interface PolicyReplicaDivision {
  type: "Duplicated" | "Divided";
  preference: "Weighted" | "Aggregated";
  /** Weighted + dynamicWeight: weights are the clusters' available replicas. */
  dynamicWeight: boolean;
  /** Weighted with a staticWeightList: the weight of every matched cluster (max over rules). */
  staticWeights?: Record<string, number>;
  span: Span;
}

/** Where a policy places one template. */
export interface PolicyPlacement {
  /** "PropagationPolicy default/nginx", for messages. */
  policyName: string;
  policySource: SourceDoc;
  /** Tried in order (clusterAffinities); the first that schedules wins. Never empty. */
  filters: PolicyClusterFilter[];
  tolerations: PolicyToleration[];
  spreadConstraints: PolicySpreadConstraint[];
  division: PolicyReplicaDivision;
  /** The template's metadata.uid, when it carries one: Karmada's Webster tie-break reads it. */
  templateUid?: string;
  /** `spec.preserveResourcesOnDeletion: true`: where it was written. */
  preserveResourcesOnDeletion?: Span;
  /** `spec.propagateDeps: true`: the objects the template refers to follow it. */
  propagateDeps?: boolean;
  span: Span;
}

/** One override rule that applies to a template, in application order. */
export interface PolicyOverrideRule {
  /** "ClusterOverridePolicy cop-name", for messages. */
  policyName: string;
  /** The clusters the rule targets; undefined = every cluster. */
  clusters?: string[];
  /** The `overriders` block as written (schema-checked), and where it is. */
  overriders: JsonObject;
  source: SourceDoc;
  path: NodePath;
}

/**
 * fedc.yaml `delivery` after defaults: which GitOps objects `render` writes into
 * `<output>/_delivery/` so that every registered cluster (and `_dns`) is synced from its output.
 */
export interface DeliveryConfig {
  /** ApplicationSet (Argo CD, one list generator), Application (Argo CD, one per cluster) or Kustomization (Flux, one per cluster). */
  kind: "ApplicationSet" | "Application" | "Kustomization";
  /** Prefix of the generated objects' names. */
  name: string;
  /** Namespace of the generated objects (argocd / flux-system by default). */
  namespace: string;
  /** The fleet's directory (where fedc.yaml is) in the git repository Argo CD or Flux reads, posix, no leading "./" ("." = its root). */
  path: string;
  /** The output directory, relative to the fleet (fedc.yaml's `output`). */
  output: string;
  prune: boolean;
  /** The cluster that applies `<output>/_dns` (fedc.yaml without dns.cluster). */
  dnsCluster?: string;
  argocd?: {
    repoURL: string;
    targetRevision: string;
    project: string;
    /** plugin: rendered by the config management plugin; directory: the committed `<output>/<cluster>`. */
    source: "plugin" | "directory";
    plugin: string;
    /** name: the Argo CD cluster named like the fedc cluster; apiEndpoint: server = the registry's spec.apiEndpoint. */
    destination: "name" | "apiEndpoint";
    selfHeal: boolean;
  };
  flux?: {
    sourceRef: { kind: string; name: string; namespace?: string };
    interval: string;
    /** secret: spec.kubeConfig.secretRef `<cluster>-kubeconfig` (a management cluster applies to every member); none: each cluster's own Flux. */
    kubeConfig: "secret" | "none";
  };
  /** Where `delivery` is in fedc.yaml, for diagnostics. */
  source: SourceDoc;
}
