import { distance } from "fastest-levenshtein";
import type { SourceDoc } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { FEDERATED_GROUP } from "./typeConfigs.js";

// Every document in fedc's, KubeFed's or Karmada's API groups is either read, reported, or (for
// objects a live control plane writes for itself) skipped with a warning — never ignored. A kind
// fedc does not know there is almost always a typo or a version fedc does not serve; a real kind
// that fedc does not implement says what fedc does instead.

/** Kinds fedc reads, by apiVersion (types.kubefed.io Federated<Kind> are known from the type configs). */
const READ: Record<string, string[]> = {
  "fedc.io/v1alpha1": ["Config"],
  "core.kubefed.io/v1beta1": ["KubeFedCluster", "FederatedTypeConfig", "KubeFedConfig"],
  "scheduling.kubefed.io/v1alpha1": ["ReplicaSchedulingPreference"],
  "multiclusterdns.kubefed.io/v1alpha1": ["Domain", "ServiceDNSRecord", "IngressDNSRecord"],
  "cluster.karmada.io/v1alpha1": ["Cluster"],
  "policy.karmada.io/v1alpha1": ["PropagationPolicy", "ClusterPropagationPolicy", "OverridePolicy", "ClusterOverridePolicy"],
};

const HPA_INSTEAD =
  "fedc has no live metrics to scale on: propagate a HorizontalPodAutoscaler to each cluster (each scales its own copy), or split minReplicas/maxReplicas with the federation-v1 annotations (README \"Replica scheduling\")";

/** Real kinds that carry intent fedc does not implement: an error saying what to write instead. */
const UNSUPPORTED: Record<string, Record<string, string>> = {
  "policy.karmada.io": {
    FederatedResourceQuota:
      "fedc does not enforce a quota across clusters: propagate a ResourceQuota with a PropagationPolicy, and set each cluster's hard limits with an OverridePolicy",
    ClusterTaintPolicy: "fedc reads taints from each Cluster's spec.taints; commit the taints there",
  },
  "autoscaling.karmada.io": { FederatedHPA: HPA_INSTEAD, CronFederatedHPA: `${HPA_INSTEAD}; scheduled scaling needs an in-cluster controller` },
  "networking.karmada.io": {
    MultiClusterService:
      "cross-cluster service discovery needs a live control plane: propagate the Service to its clusters with a PropagationPolicy, and name it across clusters with a KubeFed Domain + ServiceDNSRecord (docs/dns.md)",
    MultiClusterIngress:
      "a multi-cluster load balancer needs a live control plane: propagate an Ingress per cluster with a PropagationPolicy, and name it across clusters with a KubeFed Domain + IngressDNSRecord (docs/dns.md)",
  },
  "config.karmada.io": {
    ResourceInterpreterCustomization:
      "fedc interprets replicas with Karmada's built-in interpreter for Deployment, StatefulSet, ReplicaSet and Job and never runs repository code (Lua scripts): set replicas per cluster with an OverridePolicy",
    ResourceInterpreterWebhookConfiguration:
      "fedc never calls webhooks: the built-in interpreter handles Deployment, StatefulSet, ReplicaSet and Job; set replicas per cluster with an OverridePolicy",
  },
  "apps.karmada.io": {
    WorkloadRebalancer:
      "fedc's placement is a pure function of the repository, so there is no live assignment to rebalance: a render already gives the fresh result; delete this object",
  },
  "remedy.karmada.io": { Remedy: "fedc acts on no live cluster condition: mark the cluster not ready (a Ready condition or Karmada's not-ready taint) to move its replicas" },
  "search.karmada.io": { ResourceRegistry: "cross-cluster search needs live clusters; nothing to compile: delete this object or exclude its file in fedc.yaml" },
  "operator.karmada.io": { Karmada: "this installs a Karmada control plane, which fedc replaces: exclude its file in fedc.yaml" },
};

/** Objects a live control plane writes for itself (exported with `kubectl get -o yaml`): skipped with a warning. */
const CONTROLLER_STATE: Record<string, Record<string, string>> = {
  "work.karmada.io": {
    ResourceBinding: "Karmada's scheduler writes it from the policies; fedc computes the same decision from the template and policy",
    ClusterResourceBinding: "Karmada's scheduler writes it from the policies; fedc computes the same decision from the template and policy",
    Work: "Karmada's controllers write it per member cluster; fedc's output directory is its equivalent",
  },
  "core.kubefed.io": {
    PropagatedVersion: "KubeFed's sync controller records it; fedc has no live versions to track",
    ClusterPropagatedVersion: "KubeFed's sync controller records it; fedc has no live versions to track",
    FederatedServiceStatus: "KubeFed's controller writes it from the member clusters' Services; it holds status only",
  },
  "multiclusterdns.kubefed.io": {
    DNSEndpoint: "KubeFed's DNS controller writes it from the Domain and records; fedc generates ExternalDNS DNSEndpoints from the same records (docs/dns.md)",
  },
};

/** What is left of a document after classification: the control-plane state that is skipped, with why. */
export interface ControllerState {
  doc: SourceDoc;
  reason: string;
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

/** fedc's, KubeFed's and Karmada's API groups, where an unknown kind is an error rather than a plain manifest. */
export function isFederationGroup(apiVersion: string): boolean {
  const group = groupOf(apiVersion);
  return group === "fedc.io" || group === "kubefed.io" || group.endsWith(".kubefed.io") || group === "karmada.io" || group.endsWith(".karmada.io");
}

/** KubeFed's alpha groups (federation-v2 and kubefed.k8s.io) and federation v1's own API. */
export function isLegacyFederationApi(apiVersion: string): boolean {
  const group = groupOf(apiVersion);
  return (
    group.endsWith(".federation.k8s.io") ||
    group === "federation.k8s.io" ||
    group.endsWith(".kubefed.k8s.io") ||
    group === "kubefed.k8s.io" ||
    group === "federation" ||
    group === "clusterregistry.k8s.io"
  );
}

interface Candidate {
  apiVersion: string;
  kind: string;
}

const CANDIDATES: Candidate[] = [
  ...Object.entries(READ).flatMap(([apiVersion, kinds]) => kinds.map((kind) => ({ apiVersion, kind }))),
  ...Object.entries(UNSUPPORTED).flatMap(([group, kinds]) => Object.keys(kinds).map((kind) => ({ apiVersion: `${group}/v1alpha1`, kind }))),
];

function similar(a: string, b: string): boolean {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return distance(la, lb) <= Math.max(2, Math.floor(Math.max(la.length, lb.length) / 3));
}

/**
 * Reports every document of fedc's, KubeFed's or Karmada's groups that fedc does not read (except
 * types.kubefed.io, whose kinds come from the type configs), and every pre-v1beta1 federation
 * document. Returns the control-plane state objects that are skipped.
 */
export function classifyApiGroups(docs: readonly SourceDoc[], diagnostics: DiagnosticBag): ControllerState[] {
  const skipped: ControllerState[] = [];
  for (const doc of docs) {
    if (isLegacyFederationApi(doc.apiVersion)) {
      reportLegacy(doc, diagnostics);
      continue;
    }
    if (!isFederationGroup(doc.apiVersion)) continue;
    const group = groupOf(doc.apiVersion);
    if (group === FEDERATED_GROUP) continue;
    if (READ[doc.apiVersion]?.includes(doc.kind)) continue;
    const state = CONTROLLER_STATE[group]?.[doc.kind];
    if (state) {
      diagnostics.warning(
        "CONTROLLER_STATE_IGNORED",
        `${doc.kind} is state a live control plane writes for itself (${state}); it is not read or emitted: delete it from the repository`,
        doc.locate(["kind"]),
      );
      skipped.push({ doc, reason: `control-plane state: ${state}` });
      continue;
    }
    const instead = UNSUPPORTED[group]?.[doc.kind];
    if (instead) {
      diagnostics.error("UNSUPPORTED_KIND", `${doc.apiVersion} ${doc.kind} is not implemented by fedc: ${instead}`, doc.locate(["kind"]));
      continue;
    }
    reportUnknown(doc, group, diagnostics);
  }
  return skipped;
}

function reportUnknown(doc: SourceDoc, group: string, diagnostics: DiagnosticBag): void {
  const sameKind = CANDIDATES.find((c) => groupOf(c.apiVersion) === group && c.kind === doc.kind);
  if (sameKind) {
    diagnostics.error(
      "UNKNOWN_KIND",
      `${doc.kind} is not served at ${doc.apiVersion}; did you mean apiVersion: ${sameKind.apiVersion}?`,
      doc.locate(["apiVersion"]),
    );
    return;
  }
  const exact = CANDIDATES.filter((c) => c.kind.toLowerCase() === doc.kind.toLowerCase());
  const near = exact.length > 0 ? exact : CANDIDATES.filter((c) => similar(doc.kind, c.kind));
  // The nearest kind, the document's own group first: ReplicaSchedulingPreferences → ReplicaSchedulingPreference.
  near.sort((a, b) => {
    const ga = groupOf(a.apiVersion) === group ? 0 : 1;
    const gb = groupOf(b.apiVersion) === group ? 0 : 1;
    if (ga !== gb) return ga - gb;
    return distance(doc.kind.toLowerCase(), a.kind.toLowerCase()) - distance(doc.kind.toLowerCase(), b.kind.toLowerCase()) || (a.kind < b.kind ? -1 : 1);
  });
  const best = near[0];
  if (best) {
    const hint = best.apiVersion === doc.apiVersion ? `kind: ${best.kind}` : `apiVersion: ${best.apiVersion}, kind: ${best.kind}`;
    diagnostics.error("UNKNOWN_KIND", `fedc does not know ${doc.apiVersion} ${doc.kind}; did you mean ${hint}?`, doc.locate(["kind"]));
    return;
  }
  const kinds = CANDIDATES.filter((c) => groupOf(c.apiVersion) === group).map((c) => c.kind);
  diagnostics.error(
    "UNKNOWN_KIND",
    `fedc does not know ${doc.apiVersion} ${doc.kind}; ${kinds.length ? `the kinds of ${group} fedc reads are ${kinds.join(", ")}` : `${group} is not an API group fedc reads`} (README "Inputs")`,
    doc.locate(["kind"]),
  );
}

/** The v1beta1 form of a pre-v1beta1 document, as one line the message can show. */
function legacyMigration(doc: SourceDoc): string {
  const kind = doc.kind;
  const spec = (doc.value.spec ?? {}) as Record<string, unknown>;
  if (doc.apiVersion.startsWith("federation/")) {
    return kind === "Cluster"
      ? "register it as apiVersion: core.kubefed.io/v1beta1, kind: KubeFedCluster (metadata.labels keep their meaning; region and zones go in the topology.kubernetes.io labels); federation-v1 annotations on plain manifests are read as they are"
      : "federation v1's own API is not read; place plain manifests with the federation.alpha.kubernetes.io/cluster-selector annotation, or write types.kubefed.io/v1beta1 Federated<Kind> objects";
  }
  const base = kind.replace(/(Placement|Override)$/, "");
  if (kind.startsWith("Federated") && kind.endsWith("Placement")) {
    const names = Array.isArray(spec.clusterNames) ? spec.clusterNames.filter((n): n is string => typeof n === "string") : undefined;
    const form = names
      ? `spec: {placement: {clusters: [${names.map((n) => `{name: ${n}}`).join(", ")}]}}`
      : spec.clusterSelector !== undefined
        ? `spec: {placement: {clusterSelector: ${JSON.stringify(spec.clusterSelector)}}}`
        : "spec: {placement: {clusters: [{name: …}]}}";
    return `v1beta1 keeps placement inside the federated object: move it into the types.kubefed.io/v1beta1 ${base} of the same name as ${form}, and delete this object`;
  }
  if (kind.startsWith("Federated") && kind.endsWith("Override")) {
    return `v1beta1 keeps overrides inside the federated object: move spec.overrides into the types.kubefed.io/v1beta1 ${base} of the same name as spec: {overrides: [{clusterName: …, clusterOverrides: [{path: /spec/replicas, value: …}]}]} (each overridden field becomes a JSON-pointer path), and delete this object`;
  }
  switch (kind) {
    case "FederatedCluster":
    case "KubeFedCluster":
    case "Cluster":
      return "register it as apiVersion: core.kubefed.io/v1beta1, kind: KubeFedCluster (metadata.labels keep their meaning)";
    case "FederatedTypeConfig":
      return "use apiVersion: core.kubefed.io/v1beta1 with spec.federatedType {group: types.kubefed.io, version: v1beta1}; the 10 default types need no type config at all";
    case "KubeFedConfig":
      return "use apiVersion: core.kubefed.io/v1beta1, kind: KubeFedConfig";
    case "ReplicaSchedulingPreference":
      return "use apiVersion: scheduling.kubefed.io/v1alpha1 (the spec is unchanged)";
    case "Domain":
    case "ServiceDNSRecord":
    case "IngressDNSRecord":
      return `use apiVersion: multiclusterdns.kubefed.io/v1alpha1, kind: ${kind}`;
    case "PropagatedVersion":
    case "ClusterPropagatedVersion":
    case "DNSEndpoint":
      return "it is state KubeFed's controllers wrote: delete it";
  }
  if (kind.startsWith("Federated")) {
    return `use apiVersion: types.kubefed.io/v1beta1, kind: ${kind}; keep spec.template, and write placement as spec.placement.clusters: [{name: …}] (v1alpha1's clusterNames) or spec.placement.clusterSelector`;
  }
  return "rewrite it in the v1beta1 API (core.kubefed.io, types.kubefed.io)";
}

function reportLegacy(doc: SourceDoc, diagnostics: DiagnosticBag): void {
  diagnostics.error(
    "LEGACY_FEDERATION_API",
    `${doc.apiVersion} ${doc.kind} is a pre-v1beta1 federation API, which fedc does not read: ${legacyMigration(doc)} (docs/migrating.md "Pre-v1beta1 federation APIs")`,
    doc.locate(["apiVersion"]),
  );
}
