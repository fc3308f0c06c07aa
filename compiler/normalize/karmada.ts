// The Karmada dialect (SPEC §2.2): plain manifests claimed by a PropagationPolicy or
// ClusterPropagationPolicy, override policies matched to them, and Namespace auto-propagation.
// Evaluated as a fresh Karmada control plane into which everything is applied at once.
import type { Cluster, JsonObject, PlacementReason, PolicyOverrideRule, PolicyPlacement, SkippedResource, SourceDoc, Template } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { scopeTable, splitGroupVersion, templateFromManifest, type ScopeTable } from "./plain.js";
import { DEFAULT_NAMESPACE, POLICY_GROUP_VERSION, readOverridePolicy, readPropagationPolicy, type OverridePolicyDoc, type PropagationPolicyDoc } from "./karmadaPolicies.js";
import { choosePolicy, orderOverridePolicies, type ResourceRef } from "./karmadaSelectors.js";
import { applyReplicaDefaults, pruneForMember } from "./karmadaPrune.js";
import { dependenciesOf, hasDependencyInterpreter } from "./karmadaDependencies.js";

export interface KarmadaInputs {
  templates: Template[];
  /** Plain documents the Karmada dialect accounts for (placed, shadowed by a FederatedNamespace, or a Namespace no Karmada cluster receives). */
  claimed: Set<SourceDoc>;
  /** Plain Namespaces read but not propagated (fedc-plan.json lists them). */
  skipped: SkippedResource[];
}

/**
 * Namespace auto-propagation is Karmada's namespace sync controller: it writes to the clusters
 * registered with Karmada. A KubeFedCluster is joined to KubeFed, which never propagated a plain
 * Namespace (a FederatedNamespace does that), so auto-propagation skips it.
 */
export function isKarmadaCluster(cluster: Cluster): boolean {
  return cluster.source.apiVersion.startsWith("cluster.karmada.io/") && cluster.source.kind === "Cluster";
}

/** Namespaces the detector never propagates from (`--skipped-propagating-namespaces` default `kube-.*`). */
function reservedNamespace(ns: string): boolean {
  return ns === "karmada-system" || ns === "karmada-cluster" || ns.startsWith("karmada-es-") || /^kube-.*$/.test(ns);
}

/** API groups the detector ignores (`pkg/util/apigroup.go`), plus core Events and v1 Leases. */
function skippedResource(apiVersion: string, kind: string): boolean {
  const { group } = splitGroupVersion(apiVersion);
  if (/^(cluster|policy|work|config|networking|autoscaling|remedy|apps)\.karmada\.io$/.test(group)) return true;
  if (group === "events.k8s.io" || apiVersion === "coordination.k8s.io/v1") return true;
  return apiVersion === "v1" && kind === "Event";
}

/** Namespace auto-propagation exclusions (`namespace_sync_controller.go`). */
function autoPropagated(name: string, labels: Readonly<Record<string, string>>): boolean {
  if (name === "default" || reservedNamespace(name)) return false;
  return (labels["namespace.karmada.io/skip-auto-propagation"] ?? "").toLowerCase() !== "true";
}

function stringLabels(meta: JsonObject): Record<string, string> {
  const labels = meta.labels;
  const out: Record<string, string> = {};
  if (labels && typeof labels === "object" && !Array.isArray(labels)) for (const [k, v] of Object.entries(labels)) out[k] = String(v);
  return out;
}

/** Missing namespaces were filled in before (applyDefaultNamespaces), except for kinds of unknown scope. */
function refOf(doc: SourceDoc, scopes: ScopeTable): { ref: ResourceRef; namespaced: boolean; scopeKnown: boolean } {
  const meta = (doc.value.metadata ?? {}) as JsonObject;
  const ns = typeof meta.namespace === "string" ? meta.namespace : "";
  const known = scopes.namespaced(splitGroupVersion(doc.apiVersion).group, doc.kind);
  const namespaced = known ?? ns !== "";
  return {
    namespaced,
    scopeKnown: known !== undefined,
    ref: {
      apiVersion: doc.apiVersion,
      kind: doc.kind,
      name: typeof meta.name === "string" ? meta.name : "",
      namespace: namespaced ? ns || DEFAULT_NAMESPACE : "",
      labels: stringLabels(meta),
    },
  };
}

function readPolicies(docs: readonly SourceDoc[], clusters: readonly Cluster[], diagnostics: DiagnosticBag) {
  const propagation: PropagationPolicyDoc[] = [];
  const overrides: OverridePolicyDoc[] = [];
  const seen = new Map<string, SourceDoc>();
  for (const doc of docs) {
    if (doc.apiVersion !== POLICY_GROUP_VERSION) continue;
    const isPropagation = doc.kind === "PropagationPolicy" || doc.kind === "ClusterPropagationPolicy";
    if (!isPropagation && doc.kind !== "OverridePolicy" && doc.kind !== "ClusterOverridePolicy") continue;
    const meta = (doc.value.metadata ?? {}) as { name?: string; namespace?: string };
    const namespaced = !doc.kind.startsWith("Cluster");
    const key = `${doc.kind}/${namespaced ? meta.namespace || DEFAULT_NAMESPACE : ""}/${meta.name}`;
    const first = seen.get(key);
    if (first) {
      diagnostics.error("DUPLICATE_RESOURCE", `${doc.kind} ${meta.name} is declared twice; remove one`, doc.locate(["metadata", "name"]), [
        { message: "first declared here", span: first.locate(["metadata", "name"]) },
      ]);
      continue;
    }
    seen.set(key, doc);
    if (isPropagation) {
      const p = readPropagationPolicy(doc, clusters, diagnostics);
      if (p) propagation.push(p);
    } else {
      const o = readOverridePolicy(doc, clusters, diagnostics);
      if (o) overrides.push(o);
    }
  }
  checkDependentOverrides(propagation, overrides, diagnostics);
  return { propagation, overrides };
}

/** Karmada waits until every `dependentOverrides` policy exists; one that never will blocks propagation. */
function checkDependentOverrides(propagation: readonly PropagationPolicyDoc[], overrides: readonly OverridePolicyDoc[], diagnostics: DiagnosticBag): void {
  for (const p of propagation) {
    const names = ((p.doc.value.spec as { dependentOverrides?: string[] }).dependentOverrides ?? []);
    names.forEach((name, i) => {
      const found = overrides.some((o) => o.name === name && (o.kind === "ClusterOverridePolicy" || o.namespace === p.namespace));
      if (!found) {
        diagnostics.error(
          "KARMADA_POLICY_INVALID",
          `dependentOverrides names "${name}", which is not an OverridePolicy${p.namespace ? ` in namespace "${p.namespace}"` : ""} or ClusterOverridePolicy here; Karmada would wait for it and propagate nothing`,
          p.doc.locate(["spec", "dependentOverrides", i]),
        );
      }
    });
  }
}

export function normalizeKarmada(
  docs: readonly SourceDoc[],
  plain: readonly SourceDoc[],
  clusters: readonly Cluster[],
  federatedNamespaces: ReadonlySet<string>,
  diagnostics: DiagnosticBag,
  /** Manifests federation-v1 annotations place: a Karmada policy claiming one too is an error (SPEC §1.3). */
  federationV1: readonly SourceDoc[] = [],
): KarmadaInputs {
  const { propagation, overrides } = readPolicies(docs, clusters, diagnostics);
  const scopes = scopeTable(docs);
  const templates: Template[] = [];
  const claimed = new Set<SourceDoc>();
  const skipped: SkippedResource[] = [];
  // With no cluster registered there is no dialect to follow and nothing to place: Namespaces stay accounted for.
  const karmadaClusters = clusters.length === 0 || clusters.some(isKarmadaCluster);
  const cops = overrides.filter((o) => o.kind === "ClusterOverridePolicy");
  const cpps = propagation.filter((p) => p.kind === "ClusterPropagationPolicy");
  const rulesFor = (ref: ResourceRef): PolicyOverrideRule[] => {
    const ops = ref.namespace ? overrides.filter((o) => o.kind === "OverridePolicy" && o.namespace === ref.namespace) : [];
    return [...orderOverridePolicies(ref, cops), ...orderOverridePolicies(ref, ops)].flatMap((o) => o.rules);
  };
  const byDoc = new Map<SourceDoc, Template>();
  const claim = (doc: SourceDoc, namespaced: boolean, placement: Omit<PolicyPlacement, "templateUid">, rules: PolicyOverrideRule[]) => {
    const template = templateFromManifest(doc, scopes, diagnostics);
    claimed.add(doc);
    if (!template) return;
    byDoc.set(doc, template);
    applyReplicaDefaults(template.object);
    pruneForMember(template.object);
    const uid = (doc.value.metadata as { uid?: unknown } | undefined)?.uid;
    template.policyPlacement = { ...placement, ...(typeof uid === "string" && uid !== "" ? { templateUid: uid } : {}) };
    template.overrideRules = rules;
    if (placement.preserveResourcesOnDeletion) template.keepOnDeletion = { because: "preserveResourcesOnDeletion", span: placement.preserveResourcesOnDeletion };
    templates.push(template);
  };

  for (const doc of plain) {
    const { ref, namespaced, scopeKnown } = refOf(doc, scopes);
    if (doc.apiVersion === "v1" && doc.kind === "Namespace") {
      if (federatedNamespaces.has(ref.name)) {
        // Without Karmada clusters this is KubeFed's layout: the Namespace the FederatedNamespace lives in.
        if (karmadaClusters) {
          diagnostics.warning(
            "KARMADA_NAMESPACE_SHADOWED",
            `Namespace "${ref.name}" is not auto-propagated: a FederatedNamespace of the same name decides where it goes`,
            doc.locate(["metadata", "name"]),
          );
        }
        claimed.add(doc);
        skipped.push({ source: doc, reason: "shadowed-by-federated-namespace" });
        continue;
      }
      if (autoPropagated(ref.name, ref.labels) && !karmadaClusters && !choosePolicy(ref, cpps)) {
        diagnostics.warning(
          "NAMESPACE_NOT_PROPAGATED",
          `Namespace "${ref.name}" is not propagated: every registered cluster is a KubeFedCluster, and KubeFed never propagates a plain Namespace; add a FederatedNamespace "${ref.name}" to place it (or register the clusters as Karmada Clusters, which auto-propagate Namespaces)`,
          doc.locate(["metadata", "name"]),
        );
        claimed.add(doc);
        skipped.push({ source: doc, reason: "namespace-not-propagated" });
        continue;
      }
      if (autoPropagated(ref.name, ref.labels) && karmadaClusters) {
        // Every cluster, whatever its taints; only ClusterOverridePolicies apply (namespace_sync_controller.go).
        claim(doc, false, namespacePlacement(doc, clusters), orderOverridePolicies(ref, cops).flatMap((o) => o.rules));
        continue;
      }
    }
    const pps = namespaced ? propagation.filter((p) => p.kind === "PropagationPolicy" && p.namespace === ref.namespace) : [];
    const chosen = choosePolicy(ref, pps) ?? choosePolicy(ref, cpps) ?? (scopeKnown ? undefined : selectedInSomeNamespace(ref, propagation));
    if (!chosen) continue;
    if ((namespaced && reservedNamespace(ref.namespace)) || skippedResource(doc.apiVersion, doc.kind)) {
      diagnostics.warning(
        "KARMADA_RESOURCE_SKIPPED",
        `${chosen.policy.placement.policyName} selects ${doc.kind} ${namespaced ? `${ref.namespace}/` : ""}${ref.name}, but Karmada never propagates ${namespaced && reservedNamespace(ref.namespace) ? `resources in namespace "${ref.namespace}"` : `${doc.apiVersion} ${doc.kind} objects`}; it is not emitted`,
        doc.locate(["metadata", "name"]),
      );
      continue;
    }
    claim(doc, namespaced, chosen.policy.placement, rulesFor(ref));
  }
  // Dependencies distributor: what a propagateDeps workload refers to follows it (scheduled with it).
  const dependencies = new Map<string, SourceDoc>();
  for (const doc of plain) {
    if (doc.apiVersion !== "v1" || !["ConfigMap", "Secret", "ServiceAccount", "PersistentVolumeClaim"].includes(doc.kind)) continue;
    const { ref } = refOf(doc, scopes);
    dependencies.set(`${doc.kind}/${ref.namespace}/${ref.name}`, doc);
  }
  const elsewhere = new Set(federationV1.map((d) => { const { ref } = refOf(d, scopes); return `${d.kind}/${ref.namespace}/${ref.name}`; }));
  for (const workload of [...templates]) {
    if (!workload.policyPlacement?.propagateDeps || !workload.namespace || !hasDependencyInterpreter(workload.apiVersion, workload.target.kind)) continue;
    for (const dep of dependenciesOf(workload.apiVersion, workload.target.kind, workload.object)) {
      const key = `${dep.kind}/${workload.namespace}/${dep.name}`;
      const doc = dependencies.get(key);
      if (!doc) {
        if (elsewhere.has(key)) continue;
        diagnostics.warning(
          "KARMADA_DEPENDENCY_MISSING",
          `${workload.target.kind} ${workload.namespace}/${workload.name} refers to ${dep.kind} "${dep.name}", which no plain manifest in the repository declares, so propagateDeps has nothing to propagate; add it, or make sure it exists in every cluster the ${workload.target.kind} goes to`,
          workload.source.locate([...workload.templatePath, ...dep.path]),
        );
        continue;
      }
      let template = byDoc.get(doc);
      if (!template && !claimed.has(doc)) {
        const { ref } = refOf(doc, scopes);
        template = templateFromManifest(doc, scopes, diagnostics);
        claimed.add(doc);
        if (!template) continue;
        pruneForMember(template.object);
        template.overrideRules = rulesFor(ref);
        byDoc.set(doc, template);
        templates.push(template);
      }
      if (!template) continue;
      if (!(template.requiredBy ??= []).includes(workload)) template.requiredBy.push(workload);
    }
  }
  for (const doc of federationV1) {
    const { ref, namespaced } = refOf(doc, scopes);
    const pps = namespaced ? propagation.filter((p) => p.kind === "PropagationPolicy" && p.namespace === ref.namespace) : [];
    const chosen = choosePolicy(ref, pps) ?? choosePolicy(ref, cpps);
    if (!chosen) continue;
    diagnostics.error(
      "OBJECT_COLLISION",
      `${doc.kind} ${namespaced ? `${ref.namespace}/` : ""}${ref.name} is placed both by federation-v1 annotations and by ${chosen.policy.placement.policyName}; keep one`,
      doc.locate(["metadata", "annotations"]),
      [{ message: `${chosen.policy.placement.policyName} selects it here`, span: chosen.policy.doc.locate(["spec", "resourceSelectors"]) }],
    );
  }
  return { templates, claimed, skipped };
}

/**
 * A kind of unknown scope without a namespace that a PropagationPolicy would select were it in the
 * policy's namespace: it is meant to be placed, so templateFromManifest reports its unknown scope
 * (UNKNOWN_SCOPE) instead of it being listed as unclaimed.
 */
function selectedInSomeNamespace(ref: ResourceRef, propagation: readonly PropagationPolicyDoc[]): { policy: PropagationPolicyDoc; implicit: number } | undefined {
  for (const p of propagation) {
    if (p.kind !== "PropagationPolicy") continue;
    const chosen = choosePolicy({ ...ref, namespace: p.namespace ?? DEFAULT_NAMESPACE }, [p]);
    if (chosen) return chosen;
  }
  return undefined;
}

function namespacePlacement(doc: SourceDoc, clusters: readonly Cluster[]): Omit<PolicyPlacement, "templateUid"> {
  const span = doc.locate(["kind"]);
  const all: Record<string, PlacementReason> = {};
  for (const c of clusters) all[c.name] = isKarmadaCluster(c) ? "selected" : "not-karmada-cluster";
  return {
    policyName: "Namespace auto-propagation",
    policySource: doc,
    filters: [{ clusters: all, span }],
    tolerations: [{ operator: "Exists" }],
    spreadConstraints: [],
    division: { type: "Duplicated", preference: "Weighted", dynamicWeight: false, span },
    span,
  };
}
