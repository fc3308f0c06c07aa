import type { Severity } from "./diagnostic.js";

interface CodeInfo {
  severity: Severity;
  summary: string;
}

/**
 * Every diagnostic code fedc can report. The README's diagnostics table is checked against this
 * catalog by a test, so a new code must be documented to land.
 */
export const CODES = {
  // load / parse
  FILE_UNREADABLE: { severity: "error", summary: "a repository file could not be read" },
  YAML_SYNTAX: { severity: "error", summary: "a file is not valid YAML (or JSON)" },
  INCOMPLETE_OBJECT: { severity: "error", summary: "a document has apiVersion or kind but not both" },
  SCHEMA_VIOLATION: { severity: "error", summary: "a fedc, KubeFed or Karmada document does not match its schema" },
  UNKNOWN_FIELD: { severity: "error", summary: "a field that the kind does not have (often a typo)" },
  INPUT_PATTERN_INVALID: { severity: "error", summary: "a fedc.yaml include or exclude pattern that is absolute, contains .., or expands to too many patterns" },
  UNKNOWN_KIND: { severity: "error", summary: "a kind or version in fedc's, KubeFed's or Karmada's API groups that fedc does not know (often a typo)" },
  UNSUPPORTED_KIND: { severity: "error", summary: "a real KubeFed or Karmada kind that fedc does not implement; the message says what to write instead" },
  CONTROLLER_STATE_IGNORED: { severity: "warning", summary: "an object a live KubeFed or Karmada control plane writes for itself (bindings, works, propagated versions), exported with the rest; not read" },
  LEGACY_FEDERATION_API: { severity: "error", summary: "a pre-v1beta1 federation API (federation-v2 alpha, kubefed.k8s.io, federation/v1beta1); the message shows the v1beta1 form" },
  HELM_CHART_SKIPPED: { severity: "warning", summary: "a folder with Chart.yaml is a Helm chart: its templates are not read as manifests (one warning per chart)" },
  CONFIG_IGNORED: { severity: "warning", summary: "a fedc Config document outside fedc.yaml (ignored)" },
  // normalize
  DUPLICATE_CLUSTER: { severity: "error", summary: "two clusters with the same name" },
  INVALID_NAME: { severity: "error", summary: "a name that Kubernetes (and a file path) cannot take" },
  UNKNOWN_SCOPE: { severity: "error", summary: "a placed manifest of a kind whose scope (namespaced or not) is unknown, without metadata.namespace" },
  DUPLICATE_TYPE_CONFIG: { severity: "error", summary: "two FederatedTypeConfigs for the same federated kind" },
  INVALID_TYPE_CONFIG: { severity: "error", summary: "a FederatedTypeConfig that cannot be used" },
  UNKNOWN_FEDERATED_TYPE: { severity: "error", summary: "a Federated<Kind> with no FederatedTypeConfig enabling it" },
  PROPAGATION_DISABLED: { severity: "warning", summary: "resources of a type whose FederatedTypeConfig disables propagation" },
  DUPLICATE_RESOURCE: { severity: "error", summary: "the same federated resource declared twice" },
  TEMPLATE_FIELD_IGNORED: { severity: "warning", summary: "a template field that KubeFed always replaces" },
  FEDERATED_NAMESPACE_MISMATCH: { severity: "warning", summary: "a FederatedNamespace whose name differs from its namespace (ignored, as KubeFed does)" },
  DUPLICATE_KUBEFED_CONFIG: { severity: "error", summary: "more than one KubeFedConfig" },
  // schedule
  UNKNOWN_CLUSTER: { severity: "warning", summary: "a placement or override names a cluster that is not registered" },
  INVALID_SELECTOR: { severity: "error", summary: "a label selector that Kubernetes would reject" },
  NAMESPACE_NOT_FEDERATED: { severity: "warning", summary: "a namespaced resource whose namespace has no FederatedNamespace (placed nowhere)" },
  // replica scheduling (ReplicaSchedulingPreference, federation-v1 annotations)
  RSP_TARGET_MISSING: { severity: "error", summary: "a ReplicaSchedulingPreference whose federated object does not exist" },
  RSP_NOT_APPLIED: { severity: "warning", summary: "a ReplicaSchedulingPreference that has no cluster to plan over (KubeFed leaves placement as it is)" },
  REPLICA_PREFERENCE_INVALID: { severity: "error", summary: "a negative or non-integer minReplicas, maxReplicas or weight" },
  FEDV1_ANNOTATION_INVALID: { severity: "error", summary: "a federation-v1 cluster-selector annotation that cannot be read" },
  FEDV1_COMPLETIONS_DROPPED: { severity: "warning", summary: "federation-v1 job-preferences plan completions for clusters whose parallelism is 0 (never run, as in v1)" },
  RSP_WIDENS_PLACEMENT: { severity: "warning", summary: "a ReplicaSchedulingPreference places a resource in clusters its own placement does not select (KubeFed semantics)" },
  FEDV1_PREFERENCES_IGNORED: { severity: "warning", summary: "a federation-v1 preferences annotation that is ignored (bad JSON or wrong kind)" },
  // override
  OVERRIDE_DUPLICATE_CLUSTER: { severity: "error", summary: "a cluster listed twice in one resource's overrides" },
  OVERRIDE_DUPLICATE_PATH: { severity: "error", summary: "the same path overridden twice for one cluster" },
  OVERRIDE_PATH_INVALID: { severity: "error", summary: "an override with a malformed path, or one that changes an object's name, namespace, kind or API group" },
  OVERRIDE_FAILED: { severity: "error", summary: "an override that does not apply to the object" },
  // check
  OBJECT_COLLISION: { severity: "error", summary: "two inputs emit the same object into the same cluster" },
  INVALID_OBJECT: { severity: "error", summary: "an emitted object that Kubernetes cannot accept" },
  UNCLAIMED_RESOURCE: { severity: "warning", summary: "plain manifests that no placement claims (not emitted)" },
  // validation (emitted objects against Kubernetes and CRD schemas; fedc validate --kubeconform)
  KUBERNETES_VERSION_UNSUPPORTED: { severity: "error", summary: "fedc.yaml kubernetesVersion names a version fedc has no schemas for" },
  OUTPUT_SCHEMA_VIOLATION: { severity: "error", summary: "an emitted object that its Kubernetes or CRD schema rejects (wrong type, missing required field, value not allowed)" },
  OUTPUT_UNKNOWN_FIELD: { severity: "error", summary: "an emitted object with a field its Kubernetes or CRD schema does not have (often a typo)" },
  OUTPUT_API_UNAVAILABLE: { severity: "error", summary: "an emitted object whose apiVersion the configured Kubernetes version or its CRD does not serve" },
  CRD_SCHEMA_INVALID: { severity: "error", summary: "a CustomResourceDefinition schema the API server refuses (uniqueItems: true, $ref, a pattern that is not RE2 syntax, …)" },
  OUTPUT_API_REJECTED: { severity: "error", summary: "an emitted object the API server would reject beyond its schema (a name, label, annotation, size or rule of its kind)" },
  NAMESPACE_NOT_CREATED: { severity: "error", summary: "a namespaced object emitted into a cluster where its Namespace is not created" },
  OUTPUT_SCHEMA_SKIPPED: { severity: "warning", summary: "emitted kinds with no schema (no CRD in the repository), not validated" },
  KUBECONFORM_FAILED: { severity: "error", summary: "fedc validate --kubeconform: kubeconform rejected the rendered output" },
  KUBECONFORM_UNAVAILABLE: { severity: "warning", summary: "fedc validate --kubeconform: the kubeconform binary is not on PATH (or did not run), so only fedc's own validation ran" },
  // dns (Domain, ServiceDNSRecord, IngressDNSRecord → ExternalDNS DNSEndpoints)
  DNS_DUPLICATE_RECORD: { severity: "error", summary: "two Domains, ServiceDNSRecords or IngressDNSRecords with the same name" },
  DNS_DOMAIN_NOT_FOUND: { severity: "error", summary: "a ServiceDNSRecord whose spec.domainRef names no Domain" },
  DNS_STATUS_INVALID: { severity: "error", summary: "a committed status.dns entry that cannot be read (no cluster, a cluster twice, an ip that is not an IP, a bad hostname)" },
  DNS_STATUS_UNKNOWN_CLUSTER: { severity: "warning", summary: "a committed status.dns entry for a cluster that is not registered (ignored)" },
  DNS_CLUSTER_LOCATION_MISSING: { severity: "error", summary: "a cluster listed for a ServiceDNSRecord has no region or no zones" },
  DNS_TARGET_NOT_PLACED: { severity: "warning", summary: "a DNS record whose Service or Ingress does not exist or is placed in no cluster" },
  DNS_ADDRESS_IGNORED: { severity: "warning", summary: "committed addresses for a cluster where the record's Service or Ingress is not placed (ignored)" },
  DNS_NO_ADDRESSES: { severity: "warning", summary: "a DNS record with no load-balancer address in any cluster (its names resolve nowhere)" },
  DNS_ENDPOINT_INVALID: { severity: "error", summary: "an endpoint the DNSEndpoint CRD would reject (malformed or too long DNS name, TTL too large, too many records)" },
  DNS_TARGET_CONFLICT: { severity: "error", summary: "a DNS name whose targets mix a hostname with other targets (fedc never resolves hostnames)" },
  DNS_OUTPUT_CLUSTER_UNKNOWN: { severity: "error", summary: "fedc.yaml dns.cluster names a cluster that is not registered" },
  // delivery (fedc.yaml delivery: the GitOps objects in <output>/_delivery/)
  DELIVERY_INVALID: { severity: "error", summary: "fedc.yaml delivery cannot generate the GitOps objects (a field of the other tool, no repoURL, a cluster without spec.apiEndpoint, DNS records with no cluster to apply them)" },
  // karmada (PropagationPolicy, ClusterPropagationPolicy, OverridePolicy, ClusterOverridePolicy, Cluster capacity)
  INVALID_QUANTITY: { severity: "error", summary: "a Kubernetes resource quantity that cannot be read (e.g. in a Cluster's status.resourceSummary)" },
  KARMADA_POLICY_INVALID: { severity: "error", summary: "a Karmada policy that Karmada's admission webhook would reject" },
  KARMADA_FIELD_IGNORED: { severity: "warning", summary: "a Karmada policy field that only a running control plane acts on (ignored)" },
  KARMADA_RESOURCE_SKIPPED: { severity: "warning", summary: "a policy selects a resource Karmada never propagates (reserved namespace or API group)" },
  NAMESPACE_NOT_PROPAGATED: { severity: "warning", summary: "a plain Namespace in a repository of KubeFedClusters only (KubeFed never propagates one)" },
  KARMADA_DEPENDENCY_MISSING: { severity: "warning", summary: "a propagateDeps workload refers to a ConfigMap, Secret, ServiceAccount or PVC the repository does not declare" },
  KARMADA_NAMESPACE_SHADOWED: { severity: "warning", summary: "a plain Namespace that a FederatedNamespace of the same name replaces" },
  KARMADA_CAPACITY_UNKNOWN: { severity: "warning", summary: "replica division needs cluster capacity that the registry does not give (treated as unlimited)" },
  KARMADA_UNSCHEDULABLE: { severity: "error", summary: "a policy under which Karmada's scheduler would place the resource nowhere" },
  KARMADA_SPREAD_IGNORED: { severity: "warning", summary: "a spread constraint that Karmada does not use to choose clusters" },
  // command line and output
  UNKNOWN_CLUSTER_ARGUMENT: { severity: "error", summary: "--cluster names a cluster that is not registered" },
  NO_CLUSTERS: { severity: "warning", summary: "the repository registers no clusters" },
  OUTPUT_NOT_OWNED: { severity: "error", summary: "the output directory holds files fedc did not write (no marker, or not listed in it with their content's digest)" },
  OUTPUT_UNSAFE: { severity: "error", summary: "the output directory is or contains the repository, is outside it (fedc.yaml), in .git/, reached through a link, or an output path no file system takes" },
  OUTPUT_LOCKED: { severity: "error", summary: "another fedc render is writing the same output" },
  OUTPUT_WRITE_FAILED: { severity: "error", summary: "the output could not be written" },
  OUTPUT_STALE: { severity: "error", summary: "--check: the committed output differs from a fresh render" },
  OUTPUT_REPAIRED: { severity: "warning", summary: "the previous render was interrupted; this render repaired the output" },
  // delivery (fedc diff, the GitHub Action)
  GIT_UNAVAILABLE: { severity: "error", summary: "fedc diff needs git and a git repository, and found neither" },
  GIT_REVISION_NOT_FOUND: { severity: "error", summary: "the base revision is not a commit of the repository (in a shallow clone, fetch it first)" },
  BASE_NOT_COMPILED: { severity: "warning", summary: "the base revision does not compile, so the diff shows only the head" },
  NO_BASE_REVISION: { severity: "warning", summary: "the Action has no base revision (not a pull request, no base input): it renders and checks the head only" },
  COMMENT_NOT_POSTED: { severity: "warning", summary: "the Action could not post its PR comment (fork or read-only token); the job summary has the report" },
  GITHUB_API_FAILED: { severity: "error", summary: "a GitHub API request of the Action failed" },
  // hardening (limits on untrusted input)
  REPOSITORY_NOT_FOUND: { severity: "error", summary: "the repository path does not exist or is not a directory" },
  INPUT_LIMIT_EXCEEDED: { severity: "error", summary: "a document nested deeper than 128 levels, or whose YAML aliases expand too far or form a cycle" },
  OUTPUT_PATH_CONFLICT: { severity: "error", summary: "two outputs would be written to the same path (a cluster or namespace named like a file fedc writes)" },
  INTERNAL_ERROR: { severity: "error", summary: "a bug in fedc; please report it" },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CODES;
