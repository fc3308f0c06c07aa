// Missing namespaces, one rule for every dialect (README "Namespaces"): a namespaced document without
// metadata.namespace is in the namespace `kubectl apply` would put it in — the one fedc.yaml's
// `namespaces` gives for its path (what a tutorial's `kubectl apply -n demo -f tutorial/` means), else
// `default` (the default context's namespace). Applied once, before any dialect reads a document, so
// KubeFed, Karmada, federation-v1 and DNS records all see the same namespace.
import picomatch from "picomatch";
import type { JsonObject, SourceDoc } from "../model.js";
import type { TypeConfig } from "./typeConfigs.js";
import { scopeTable, splitGroupVersion, type ScopeTable } from "./plain.js";

export const DEFAULT_NAMESPACE = "default";

/** fedc.yaml `namespaces[]`: documents in files matching `path` (a glob) default to `namespace`. */
export interface NamespaceRule {
  path: string;
  namespace: string;
}

// fedc's, KubeFed's and Karmada's own namespaced kinds whose namespace fedc reads.
const NAMESPACED_CONTROL_KINDS = new Set([
  "policy.karmada.io/PropagationPolicy",
  "policy.karmada.io/OverridePolicy",
  "scheduling.kubefed.io/ReplicaSchedulingPreference",
  "multiclusterdns.kubefed.io/ServiceDNSRecord",
  "multiclusterdns.kubefed.io/IngressDNSRecord",
]);

/** The namespace a file's namespaced documents default to: the first matching rule, else `default`. */
export function namespaceForFile(rules: readonly NamespaceRule[]): (file: string) => string {
  const matchers = rules.map((r) => ({ match: picomatch(r.path, { dot: true }), namespace: r.namespace }));
  return (file) => matchers.find((m) => m.match(file))?.namespace ?? DEFAULT_NAMESPACE;
}

/**
 * Fills in metadata.namespace of every namespaced document that has none. A document of a kind whose
 * scope is unknown is left as it is: the dialect that places it reports it (UNKNOWN_SCOPE).
 */
export function applyDefaultNamespaces(
  docs: readonly SourceDoc[],
  federated: readonly { doc: SourceDoc; type: TypeConfig }[],
  rules: readonly NamespaceRule[],
): void {
  const scopes = scopeTable(docs);
  const namespaceOf = namespaceForFile(rules);
  const federatedType = new Map(federated.map((f) => [f.doc, f.type]));
  for (const doc of docs) {
    const meta = doc.value.metadata;
    if (meta !== undefined && (meta === null || typeof meta !== "object" || Array.isArray(meta))) continue;
    const current = (meta as JsonObject | undefined)?.namespace;
    if (current !== undefined && current !== null && current !== "") continue;
    if (!isNamespaced(doc, federatedType.get(doc), scopes)) continue;
    doc.value.metadata = { ...(meta as JsonObject | undefined), namespace: namespaceOf(doc.file) };
  }
}

function isNamespaced(doc: SourceDoc, type: TypeConfig | undefined, scopes: ScopeTable): boolean {
  // A FederatedNamespace is namespaced (in the namespace it federates) although its target is not.
  if (type) return type.target.namespaced || (type.target.group === "" && type.target.kind === "Namespace");
  const { group } = splitGroupVersion(doc.apiVersion);
  if (NAMESPACED_CONTROL_KINDS.has(`${group}/${doc.kind}`)) return true;
  return scopes.namespaced(group, doc.kind) === true;
}
