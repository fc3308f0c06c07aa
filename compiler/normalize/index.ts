import type { Cluster, SkippedResource, SourceDoc, Template } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { normalizeClusters, KARMADA_CLUSTER, KUBEFED_CLUSTER } from "./clusters.js";
import { normalizeKubeFed } from "./kubefed.js";
import { FEDERATED_GROUP, normalizeTypeConfigs, typeKey, type TypeConfig, type TypeRegistry } from "./typeConfigs.js";
import { attachReplicaSchedulingPreferences } from "./rsp.js";
import { isFederationV1, normalizeFederationV1 } from "./fedv1.js";
import { scopeTable, type ScopeTable } from "./plain.js";
import { isFederationGroup, isLegacyFederationApi } from "./apiGroups.js";
import { checkObjectMeta } from "./metadata.js";

export { normalizeConfig, defaultConfig, CONFIG_API_VERSION, DEFAULT_KUBERNETES_VERSION, type FedcConfig, type Layout } from "./config.js";
export { pluralName, builtinTypeConfigs, type TypeConfig } from "./typeConfigs.js";
export { normalizeKarmada, type KarmadaInputs } from "./karmada.js";
export { classifyApiGroups, type ControllerState } from "./apiGroups.js";
export { applyDefaultNamespaces, type NamespaceRule } from "./namespaces.js";

const FTC = "core.kubefed.io/v1beta1\0FederatedTypeConfig";
const KUBEFED_CONFIG = "core.kubefed.io/v1beta1\0KubeFedConfig";
const CONFIG = "fedc.io/v1alpha1\0Config";
const RSP = "scheduling.kubefed.io/v1alpha1\0ReplicaSchedulingPreference";

/** Kinds fedc reads as instructions rather than as manifests to place. */
export function isControlKind(doc: SourceDoc): boolean {
  // Unknown kinds of these groups are reported by classifyApiGroups; none of them is a manifest to place.
  return isFederationGroup(doc.apiVersion) || isLegacyFederationApi(doc.apiVersion);
}

const ROLES: Record<string, string> = {
  [KUBEFED_CLUSTER]: "cluster registry",
  [KARMADA_CLUSTER]: "cluster registry",
  [FTC]: "type config",
  [KUBEFED_CONFIG]: "KubeFed configuration (scope)",
  [CONFIG]: "fedc configuration (ignored outside fedc.yaml: CONFIG_IGNORED)",
  [RSP]: "replica scheduling preference",
  "multiclusterdns.kubefed.io/v1alpha1\0Domain": "DNS domain",
  "multiclusterdns.kubefed.io/v1alpha1\0ServiceDNSRecord": "DNS record (DNSEndpoints)",
  "multiclusterdns.kubefed.io/v1alpha1\0IngressDNSRecord": "DNS record (DNSEndpoints)",
  "policy.karmada.io/v1alpha1\0PropagationPolicy": "Karmada propagation policy",
  "policy.karmada.io/v1alpha1\0ClusterPropagationPolicy": "Karmada propagation policy",
  "policy.karmada.io/v1alpha1\0OverridePolicy": "Karmada override policy",
  "policy.karmada.io/v1alpha1\0ClusterOverridePolicy": "Karmada override policy",
};

/** What fedc reads an instruction document as (for the plan's accounting); undefined for manifests. */
export function controlRole(doc: SourceDoc): string | undefined {
  return ROLES[key(doc)] ?? (isControlKind(doc) ? "instructions" : undefined);
}

/** First step: the type registry, so federated documents can be recognised (and schema-checked). */
export function classifyTypes(docs: readonly SourceDoc[], diagnostics: DiagnosticBag): TypeRegistry {
  return normalizeTypeConfigs(
    docs.filter((d) => key(d) === FTC),
    diagnostics,
  );
}

/** Federated documents and their type, in input order; unknown Federated kinds are reported. */
export function federatedDocs(docs: readonly SourceDoc[], registry: TypeRegistry, diagnostics: DiagnosticBag): { doc: SourceDoc; type: TypeConfig }[] {
  const out: { doc: SourceDoc; type: TypeConfig }[] = [];
  for (const doc of docs) {
    const type = registry.types.get(typeKey(doc.apiVersion, doc.kind));
    if (type) {
      out.push({ doc, type });
      continue;
    }
    if (doc.apiVersion.split("/")[0] === FEDERATED_GROUP && !registry.broken.has(typeKey(doc.apiVersion, doc.kind))) {
      const served = [...registry.types.values()].find((t) => t.federatedKind === doc.kind);
      if (served) {
        diagnostics.error("UNKNOWN_KIND", `${doc.kind} is not served at ${doc.apiVersion}; did you mean apiVersion: ${served.federatedApiVersion}?`, doc.locate(["apiVersion"]));
        continue;
      }
      diagnostics.error(
        "UNKNOWN_FEDERATED_TYPE",
        `${doc.kind} is not enabled: add a FederatedTypeConfig for its target kind (see README "Federating any kind")`,
        doc.locate(["kind"]),
      );
    }
  }
  return out;
}

export interface NormalizedRepository {
  clusters: Cluster[];
  templates: Template[];
  namespaces: Map<string, Template>;
  limitedScope: boolean;
  /** Templates from plain manifests placed by federation-v1 annotations. */
  federationV1: Template[];
  /** Documents that are neither fedc/KubeFed/Karmada instructions, federated resources nor v1-annotated. */
  plain: SourceDoc[];
  /** Scope (namespaced or not) of built-in kinds and of the repository's CRDs. */
  scopes: ScopeTable;
  /** Read but deliberately not propagated (fedc-plan.json lists them). */
  skipped: SkippedResource[];
}

export function normalizeRepository(
  docs: readonly SourceDoc[],
  federated: readonly { doc: SourceDoc; type: TypeConfig }[],
  diagnostics: DiagnosticBag,
): NormalizedRepository {
  const clusters = normalizeClusters(
    docs.filter((d) => key(d) === KUBEFED_CLUSTER || key(d) === KARMADA_CLUSTER),
    diagnostics,
  );
  for (const d of docs) {
    if (key(d) === CONFIG) {
      diagnostics.warning("CONFIG_IGNORED", "a fedc Config is only read from fedc.yaml at the repository root; this one is ignored", d.locate(["kind"]));
    }
  }
  const kubefed = normalizeKubeFed(
    federated,
    docs.filter((d) => key(d) === KUBEFED_CONFIG),
    diagnostics,
  );
  attachReplicaSchedulingPreferences(
    docs.filter((d) => key(d) === RSP),
    kubefed.templates,
    diagnostics,
  );
  const federatedSet = new Set(federated.map((f) => f.doc));
  const manifests = docs.filter((d) => !federatedSet.has(d) && !isControlKind(d));
  for (const d of manifests) checkObjectMeta(d, ["metadata"], diagnostics);
  for (const f of federated) checkObjectMeta(f.doc, ["spec", "template", "metadata"], diagnostics);
  const scopes = scopeTable(docs);
  const federationV1 = normalizeFederationV1(manifests.filter(isFederationV1), scopes, diagnostics);
  const plain = manifests.filter((d) => !isFederationV1(d));
  return { clusters, templates: kubefed.templates, namespaces: kubefed.namespaces, limitedScope: kubefed.limitedScope, federationV1, plain, scopes, skipped: kubefed.skipped };
}

function key(d: SourceDoc): string {
  return `${d.apiVersion}\0${d.kind}`;
}
