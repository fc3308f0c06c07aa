// ExternalDNS DNSEndpoint objects (reference/ecosystem.md §6) for the DNS plans, named as KubeFed's
// dnsendpoint controller named them (reference/kubefed.md §F.2), and where they are written: the
// fedc.yaml `dns.cluster` directory, or `<output>/_dns/` with its own kustomization.yaml (SPEC §3).
import type { DnsRecordPlan, JsonObject, MemberObject, TargetType, Template } from "../model.js";
import type { ClusterOutput, EmittedObject } from "./tree.js";

/** The output directory for DNSEndpoints when fedc.yaml sets no dns.cluster (not a cluster name: "_" is not allowed in one). */
export const DNS_DIRECTORY = "_dns";

export const DNS_ENDPOINT_TYPE: TargetType = {
  group: "externaldns.k8s.io",
  version: "v1alpha1",
  kind: "DNSEndpoint",
  plural: "dnsendpoints",
  namespaced: true,
};

// The label every fedc object carries (the same as override/kubefed.ts sets on member objects).
const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
const MANAGED_BY_VALUE = "fedc";

/** The DNSEndpoints of one compile: where they go, why each cluster counts, and the emitted objects. */
export interface DnsOutput {
  /** Directory under the output root that receives the DNSEndpoints: dns.cluster's, or "_dns". */
  directory: string;
  /** One per ServiceDNSRecord / IngressDNSRecord, sorted by kind, namespace, name. */
  records: DnsRecordPlan[];
  /** The DNSEndpoints as written, in apply order (empty when their directory is not emitted, e.g. with --cluster). */
  objects: EmittedObject[];
}

/** KubeFed: "service-<record name>" / "ingress-<record name>", in the record's namespace. */
export function dnsEndpointName(plan: DnsRecordPlan): string {
  return `${plan.record.kind === "ServiceDNSRecord" ? "service" : "ingress"}-${plan.record.name}`;
}

/** The Template id of a record's DNSEndpoint (group/kind/namespace/name, as every template id). */
export function dnsEndpointId(plan: DnsRecordPlan): string {
  return `${DNS_ENDPOINT_TYPE.group}/${DNS_ENDPOINT_TYPE.kind}/${plan.record.namespace}/${dnsEndpointName(plan)}`;
}

/**
 * The object KubeFed created: spec.endpoints in dnsName order, each with KubeFed's field order
 * (dnsName, targets, recordType, recordTTL, labels). An empty list is omitted (Go omitempty), and the
 * object is still written, as KubeFed created it even with no endpoints.
 */
export function dnsEndpointObject(plan: DnsRecordPlan): JsonObject {
  const endpoints = plan.endpoints.map((e): JsonObject => {
    const out: JsonObject = { dnsName: e.dnsName, targets: [...e.targets], recordType: e.recordType, recordTTL: e.recordTTL };
    if (e.labels) out.labels = { ...e.labels };
    return out;
  });
  return {
    apiVersion: `${DNS_ENDPOINT_TYPE.group}/${DNS_ENDPOINT_TYPE.version}`,
    kind: DNS_ENDPOINT_TYPE.kind,
    metadata: { name: dnsEndpointName(plan), namespace: plan.record.namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
    spec: endpoints.length > 0 ? { endpoints } : {},
  };
}

/**
 * The DNSEndpoints as member objects of `directory` (a cluster name or "_dns"), so they go through the
 * same invariant checks (a user's own DNSEndpoint of the same name in that cluster is a collision),
 * file naming, apply order and layouts as every other object.
 */
export function dnsMembers(plans: readonly DnsRecordPlan[], directory: string): MemberObject[] {
  return plans.map((plan) => {
    const object = dnsEndpointObject(plan);
    const name = dnsEndpointName(plan);
    const { record } = plan;
    const template: Template = {
      id: dnsEndpointId(plan),
      target: DNS_ENDPOINT_TYPE,
      apiVersion: String(object.apiVersion),
      name,
      namespace: record.namespace,
      object,
      placement: { span: record.source.locate([]) },
      overrides: [],
      source: record.source,
      templatePath: ["metadata", "name"],
      retainReplicas: false,
      replicaPrecedence: "scheduler-wins",
      followsNamespacePlacement: false,
    };
    return { template, cluster: directory, object };
  });
}

const NAMESPACE_TYPE: TargetType = { group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false };

/** Namespaces every cluster has: never emitted (as KubeFed never emitted them either). */
const BUILT_IN_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

/**
 * The Namespaces of the DNSEndpoints that `directory` lacks: without them the records cannot be
 * applied there (the "_dns" directory has nothing else; a dns.cluster need not receive the
 * records' namespaces). `present` are the Namespaces the directory already gets.
 */
export function dnsNamespaceMembers(plans: readonly DnsRecordPlan[], directory: string, present: ReadonlySet<string>): MemberObject[] {
  const out = new Map<string, MemberObject>();
  for (const plan of plans) {
    const { record } = plan;
    const name = record.namespace;
    if (present.has(name) || BUILT_IN_NAMESPACES.has(name) || out.has(name)) continue;
    const object: JsonObject = { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } } };
    const template: Template = {
      id: `/Namespace//${name}`,
      target: NAMESPACE_TYPE,
      apiVersion: "v1",
      name,
      object,
      placement: { span: record.source.locate([]) },
      overrides: [],
      source: record.source,
      templatePath: ["metadata", "namespace"],
      retainReplicas: false,
      replicaPrecedence: "scheduler-wins",
      followsNamespacePlacement: false,
    };
    out.set(name, { template, cluster: directory, object });
  }
  return [...out.values()];
}

/** The DnsOutput of a compile: `members` are the dnsMembers, `outputs` every emitted directory. */
export function collectDnsOutput(directory: string, plans: readonly DnsRecordPlan[], members: readonly MemberObject[], outputs: readonly ClusterOutput[]): DnsOutput {
  const templates = new Set(members.map((m) => m.template));
  const objects = outputs.filter((o) => o.cluster === directory).flatMap((o) => o.objects.filter((e) => templates.has(e.member.template)));
  return { directory, records: [...plans], objects };
}
