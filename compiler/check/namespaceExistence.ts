// A namespaced object can be created only in a namespace that exists: in each cluster, its
// Namespace must be emitted there too, unless it is one Kubernetes creates itself. KubeFed places
// namespaced resources only where their FederatedNamespace is, but Karmada and federation-v1
// placement, KubeFed's limited scope, and a FederatedNamespace that shadows a plain Namespace can
// all leave an object without its namespace.
import type { JsonObject, MemberObject } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { problemSpan } from "./problemSource.js";

/** Namespaces every cluster has from the start. */
export const BUILT_IN_NAMESPACES: ReadonlySet<string> = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

export function checkNamespacesExist(members: readonly MemberObject[], registered: ReadonlySet<string>, diagnostics: DiagnosticBag): void {
  const created = new Map<string, Set<string>>();
  for (const m of members) {
    const o = m.object;
    if (o.kind !== "Namespace" || o.apiVersion !== "v1") continue;
    let names = created.get(m.cluster);
    if (!names) created.set(m.cluster, (names = new Set()));
    names.add(String((o.metadata as JsonObject).name));
  }
  const missing = new Map<string, { member: MemberObject; namespace: string; clusters: string[] }>();
  for (const m of members) {
    // A tree read back from disk has no template target: an object with a namespace is namespaced.
    if (m.template.target?.namespaced === false || !registered.has(m.cluster)) continue;
    const ns = (m.object.metadata as JsonObject).namespace;
    if (typeof ns !== "string" || BUILT_IN_NAMESPACES.has(ns) || created.get(m.cluster)?.has(ns)) continue;
    const key = `${m.template.id}\0${ns}`;
    let entry = missing.get(key);
    if (!entry) missing.set(key, (entry = { member: m, namespace: ns, clusters: [] }));
    entry.clusters.push(m.cluster);
  }
  for (const { member, namespace, clusters } of missing.values()) {
    const o = member.object;
    const meta = o.metadata as JsonObject;
    const sorted = [...clusters].sort();
    diagnostics.error(
      "NAMESPACE_NOT_CREATED",
      `${String(o.kind)} ${namespace}/${String(meta.name)} is emitted into cluster${sorted.length > 1 ? "s" : ""} ${sorted.join(", ")}, where Namespace ${JSON.stringify(namespace)} is not created; ` +
        `place a Namespace ${JSON.stringify(namespace)} (or a FederatedNamespace) in ${sorted.length > 1 ? "those clusters" : "that cluster"}, or place the ${String(o.kind)} only where its namespace is`,
      problemSpan(member, ["metadata", "namespace"], "value").span,
    );
  }
}
