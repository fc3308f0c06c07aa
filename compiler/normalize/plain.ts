import type { JsonObject, SourceDoc, Template } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { invalidGroup, invalidKind, invalidLabel, invalidObjectName } from "../kube/names.js";

// Scope of the built-in kinds a plain manifest may have (kubectl api-resources, Kubernetes 1.33).
// Custom kinds take their scope from a CustomResourceDefinition or a FederatedTypeConfig in the
// repository; a kind known from none of them is namespaced when it names a namespace, and an error
// when it does not (fedc cannot tell where `kubectl apply` would put it).
const CLUSTER_SCOPED = new Set([
  "/Namespace", "/Node", "/PersistentVolume", "/ComponentStatus",
  "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
  "apiextensions.k8s.io/CustomResourceDefinition", "apiregistration.k8s.io/APIService",
  "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode", "storage.k8s.io/VolumeAttachment",
  "storage.k8s.io/VolumeAttributesClass",
  "scheduling.k8s.io/PriorityClass", "node.k8s.io/RuntimeClass", "networking.k8s.io/IngressClass",
  "networking.k8s.io/IPAddress", "networking.k8s.io/ServiceCIDR",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration", "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy", "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
  "admissionregistration.k8s.io/MutatingAdmissionPolicy", "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
  "certificates.k8s.io/CertificateSigningRequest", "certificates.k8s.io/ClusterTrustBundle", "policy/PodSecurityPolicy",
  "flowcontrol.apiserver.k8s.io/FlowSchema", "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
  "resource.k8s.io/DeviceClass", "resource.k8s.io/ResourceSlice",
  "authentication.k8s.io/TokenReview", "authentication.k8s.io/SelfSubjectReview",
  "authorization.k8s.io/SubjectAccessReview", "authorization.k8s.io/SelfSubjectAccessReview", "authorization.k8s.io/SelfSubjectRulesReview",
  "apiserverinternal.k8s.io/StorageVersion", "internal.apiserver.k8s.io/StorageVersion", "storagemigration.k8s.io/StorageVersionMigration",
]);

/** Metadata the API server sets; a manifest exported from a live cluster carries it, output must not. */
export const SERVER_METADATA = [
  "resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds",
];

export interface ScopeTable {
  /** True/false when known, undefined when the kind is unknown. */
  namespaced(group: string, kind: string): boolean | undefined;
}

const BUILTIN_NAMESPACED = new Set([
  "/ConfigMap", "/Secret", "/Service", "/ServiceAccount", "/Pod", "/PodTemplate", "/PersistentVolumeClaim", "/Endpoints", "/LimitRange",
  "/ResourceQuota", "/ReplicationController", "/Event", "/Binding",
  "apps/Deployment", "apps/StatefulSet", "apps/DaemonSet", "apps/ReplicaSet", "apps/ControllerRevision", "batch/Job", "batch/CronJob",
  "extensions/Deployment", "extensions/DaemonSet", "extensions/ReplicaSet", "extensions/Ingress", "extensions/NetworkPolicy",
  "networking.k8s.io/Ingress", "networking.k8s.io/NetworkPolicy", "policy/PodDisruptionBudget", "autoscaling/HorizontalPodAutoscaler",
  "rbac.authorization.k8s.io/Role", "rbac.authorization.k8s.io/RoleBinding", "discovery.k8s.io/EndpointSlice", "coordination.k8s.io/Lease",
  "events.k8s.io/Event", "storage.k8s.io/CSIStorageCapacity", "authorization.k8s.io/LocalSubjectAccessReview",
  "resource.k8s.io/ResourceClaim", "resource.k8s.io/ResourceClaimTemplate",
]);

/** Scopes from the built-in table and from every CRD and FederatedTypeConfig among the documents. */
export function scopeTable(docs: readonly SourceDoc[]): ScopeTable {
  const crds = new Map<string, boolean>();
  for (const d of docs) {
    if (d.kind === "FederatedTypeConfig" && d.apiVersion === "core.kubefed.io/v1beta1") {
      const target = (d.value.spec as { targetType?: { group?: string; kind?: string; scope?: string } } | undefined)?.targetType;
      if (target?.kind && (target.scope === "Namespaced" || target.scope === "Cluster") && !crds.has(`${target.group ?? ""}/${target.kind}`)) {
        crds.set(`${target.group ?? ""}/${target.kind}`, target.scope === "Namespaced");
      }
      continue;
    }
    if (d.kind !== "CustomResourceDefinition" || !d.apiVersion.startsWith("apiextensions.k8s.io/")) continue;
    const spec = d.value.spec as { group?: string; names?: { kind?: string }; scope?: string } | undefined;
    // The CRD is what the API server serves: it wins over a FederatedTypeConfig's claim.
    if (spec?.group && spec.names?.kind) crds.set(`${spec.group}/${spec.names.kind}`, spec.scope !== "Cluster");
  }
  return {
    namespaced(group, kind) {
      const key = `${group}/${kind}`;
      if (CLUSTER_SCOPED.has(key)) return false;
      if (BUILTIN_NAMESPACED.has(key)) return true;
      return crds.get(key);
    },
  };
}

export function splitGroupVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/**
 * A plain manifest as a template: the object minus status and server-set metadata, keys in
 * apiVersion/kind/metadata order. Placement and overrides are filled in by the dialect that claims it.
 */
export function templateFromManifest(doc: SourceDoc, scopes: ScopeTable, diagnostics: DiagnosticBag): Template | undefined {
  const { group, version } = splitGroupVersion(doc.apiVersion);
  // Kind and group can become part of a file name: checked before anything is built from them.
  const kindProblem = invalidKind(doc.kind);
  if (kindProblem) {
    diagnostics.error("INVALID_NAME", `kind ${JSON.stringify(doc.kind)} ${kindProblem}`, doc.locate(["kind"]));
    return undefined;
  }
  const groupProblem = invalidGroup(group);
  const apiProblem = groupProblem ? `its group ${groupProblem}` : invalidLabel(version) ? `its version ${invalidLabel(version)}` : undefined;
  if (apiProblem) {
    diagnostics.error("INVALID_NAME", `apiVersion ${JSON.stringify(doc.apiVersion)} is invalid: ${apiProblem}`, doc.locate(["apiVersion"]));
    return undefined;
  }
  const meta = (doc.value.metadata ?? {}) as JsonObject;
  const name = typeof meta.name === "string" ? meta.name : "";
  const problem = invalidObjectName(name);
  if (problem) {
    diagnostics.error("INVALID_NAME", `${doc.kind} name ${JSON.stringify(name)} ${problem}`, doc.locate(["metadata", "name"]));
    return undefined;
  }
  const rawNs = typeof meta.namespace === "string" && meta.namespace !== "" ? meta.namespace : undefined;
  const known = scopes.namespaced(group, doc.kind);
  const namespaced = known ?? rawNs !== undefined;
  if (known === undefined && rawNs === undefined) {
    diagnostics.error(
      "UNKNOWN_SCOPE",
      `fedc cannot tell whether ${doc.apiVersion} ${doc.kind} is namespaced, so not where ${name} belongs: add the kind's CustomResourceDefinition (its spec.scope) or a FederatedTypeConfig for it to the repository, or give the object a metadata.namespace`,
      doc.locate(["kind"]),
    );
    return undefined;
  }
  if (namespaced && rawNs === undefined) {
    // Defaulted by applyDefaultNamespaces before any dialect reads a manifest; only a caller that skipped it gets here.
    diagnostics.error("INVALID_NAME", `${doc.kind} ${name} is namespaced and needs metadata.namespace`, doc.locate(["metadata"]));
    return undefined;
  }
  if (namespaced && !checkNamespace(doc, rawNs!, diagnostics)) return undefined;
  const metadata: JsonObject = { name };
  if (namespaced) metadata.namespace = rawNs!;
  for (const [k, v] of Object.entries(meta)) {
    if (k === "name" || k === "namespace" || SERVER_METADATA.includes(k)) continue;
    metadata[k] = structuredClone(v);
  }
  const object: JsonObject = { apiVersion: doc.apiVersion, kind: doc.kind, metadata };
  for (const [k, v] of Object.entries(doc.value)) {
    if (k === "apiVersion" || k === "kind" || k === "metadata" || k === "status") continue;
    object[k] = structuredClone(v);
  }
  return {
    id: `${group}/${doc.kind}/${namespaced ? rawNs : ""}/${name}`,
    target: { group, version, kind: doc.kind, plural: "", namespaced },
    apiVersion: doc.apiVersion,
    name,
    namespace: namespaced ? rawNs : undefined,
    object,
    placement: { span: doc.locate([]) },
    overrides: [],
    source: doc,
    templatePath: [],
    retainReplicas: false,
    replicaPrecedence: "overrides-win",
    followsNamespacePlacement: false,
  };
}

/** A namespace name Kubernetes accepts (a DNS-1123 label); reports it at metadata.namespace when not. */
export function checkNamespace(doc: SourceDoc, namespace: string, diagnostics: DiagnosticBag): boolean {
  const problem = invalidLabel(namespace);
  if (problem) diagnostics.error("INVALID_NAME", `namespace ${JSON.stringify(namespace)} ${problem}`, doc.locate(["metadata", "namespace"]));
  return !problem;
}
