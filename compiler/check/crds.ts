// Custom resource definitions known to a compile: the CRDs emitted into each cluster, every CRD in
// the repository (plain manifests, and CRD templates in FederatedCustomResourceDefinitions that may
// be placed nowhere), and ExternalDNS's DNSEndpoint CRD, built in.
import type { Json, JsonObject, MemberObject, SourceDoc } from "../model.js";
import { dnsEndpointCrd } from "./dnsEndpointCrd.js";

/** One version of one CRD, as a custom resource of that apiVersion is checked against it. */
export interface CrdVersion {
  group: string;
  kind: string;
  version: string;
  served: boolean;
  openAPIV3Schema?: JsonObject;
  /** Structural pruning: apiextensions.k8s.io/v1 always; v1beta1 only with preserveUnknownFields: false. */
  prune: boolean;
  /** The CRD's name, for messages ("dnsendpoints.externaldns.k8s.io"). */
  crdName: string;
  /** The versions the CRD serves, for messages. */
  servedVersions: string[];
}

interface CrdEntry {
  group: string;
  kind: string;
  versions: CrdVersion[];
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads a CustomResourceDefinition body (apiextensions.k8s.io/v1 or v1beta1); undefined when it names no group/kind. */
export function readCrd(apiVersion: string, crd: JsonObject): CrdEntry | undefined {
  const spec = crd.spec;
  if (!isObject(spec) || typeof spec.group !== "string" || !isObject(spec.names) || typeof spec.names.kind !== "string") return undefined;
  const group = spec.group;
  const kind = spec.names.kind;
  const crdName = isObject(crd.metadata) && typeof crd.metadata.name === "string" ? crd.metadata.name : `${String(spec.names.plural ?? kind.toLowerCase())}.${group}`;
  const v1beta1 = apiVersion === "apiextensions.k8s.io/v1beta1";
  const prune = !v1beta1 || spec.preserveUnknownFields === false;
  const common = isObject(spec.validation) && isObject(spec.validation.openAPIV3Schema) ? spec.validation.openAPIV3Schema : undefined;
  const versions: CrdVersion[] = [];
  const listed = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  if (listed.length === 0 && typeof spec.version === "string") listed.push({ name: spec.version, served: true });
  for (const v of listed) {
    if (typeof v.name !== "string") continue;
    const own = isObject(v.schema) && isObject(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined;
    versions.push({ group, kind, version: v.name, served: v.served !== false, openAPIV3Schema: own ?? common, prune, crdName, servedVersions: [] });
  }
  const served = versions.filter((v) => v.served).map((v) => v.version);
  for (const v of versions) v.servedVersions = served;
  return { group, kind, versions };
}

const key = (group: string, kind: string) => `${group}\0${kind}`;

/** Looks up the CRD of a custom resource: the one emitted into the same cluster first, then any in the repository. */
export class CrdCatalog {
  private readonly perCluster = new Map<string, Map<string, CrdEntry>>();
  private readonly anywhere = new Map<string, CrdEntry>();

  constructor(members: readonly MemberObject[], docs: readonly SourceDoc[]) {
    // Sorted, so that which of two CRDs for one kind wins does not depend on input order.
    const byId = (a: MemberObject, b: MemberObject) => (a.template.id < b.template.id ? -1 : a.template.id > b.template.id ? 1 : 0);
    const byPlace = (a: SourceDoc, b: SourceDoc) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.index !== b.index ? a.index - b.index : a.offset - b.offset);
    for (const m of [...members].sort(byId)) {
      const o = m.object;
      if (o.kind !== "CustomResourceDefinition" || typeof o.apiVersion !== "string" || !o.apiVersion.startsWith("apiextensions.k8s.io/")) continue;
      const entry = readCrd(o.apiVersion, o);
      if (!entry) continue;
      let byKind = this.perCluster.get(m.cluster);
      if (!byKind) this.perCluster.set(m.cluster, (byKind = new Map()));
      if (!byKind.has(key(entry.group, entry.kind))) byKind.set(key(entry.group, entry.kind), entry);
      this.addAnywhere(entry);
    }
    for (const d of [...docs].sort(byPlace)) {
      if (d.kind === "CustomResourceDefinition" && d.apiVersion.startsWith("apiextensions.k8s.io/")) {
        const entry = readCrd(d.apiVersion, d.value);
        if (entry) this.addAnywhere(entry);
      } else if (d.kind === "FederatedCustomResourceDefinition" && isObject(d.value.spec) && isObject(d.value.spec.template)) {
        const template = d.value.spec.template;
        const apiVersion = typeof template.apiVersion === "string" ? template.apiVersion : "apiextensions.k8s.io/v1";
        const entry = readCrd(apiVersion, template);
        if (entry) this.addAnywhere(entry);
      }
    }
  }

  private addAnywhere(entry: CrdEntry): void {
    if (!this.anywhere.has(key(entry.group, entry.kind))) this.anywhere.set(key(entry.group, entry.kind), entry);
  }

  /** The CRD for group/kind as seen from `cluster`: its versions, or undefined when no CRD defines the kind. */
  lookup(cluster: string, group: string, kind: string): CrdVersion[] | undefined {
    const k = key(group, kind);
    return (this.perCluster.get(cluster)?.get(k) ?? this.anywhere.get(k) ?? builtIn(k))?.versions;
  }
}

// ExternalDNS's DNSEndpoint CRD, built in: read only when a DNSEndpoint is emitted and the repository
// has no CRD of its own for it (parsing it costs ~10 ms of every start otherwise).
let dnsEndpoint: CrdEntry | undefined;
function builtIn(k: string): CrdEntry | undefined {
  if (k !== key("externaldns.k8s.io", "DNSEndpoint")) return undefined;
  if (!dnsEndpoint) {
    const dns = dnsEndpointCrd();
    dnsEndpoint = readCrd(String(dns.apiVersion), dns)!;
  }
  return dnsEndpoint;
}
