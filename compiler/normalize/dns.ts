// KubeFed multi-cluster DNS inputs (reference/kubefed.md §F.1, §F.3): Domain, ServiceDNSRecord and
// IngressDNSRecord documents → the model. The committed `status.dns` stands for what KubeFed's
// servicedns / ingressdns controllers read from the member clusters; only its addresses are used
// here (regions and zones come from the cluster registry, SPEC §2.4).
import { isIP } from "node:net";
import type { DnsAddress, DnsDomain, DnsRecord, DnsStatusEntry, SourceDoc } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { invalidObjectName, invalidSubdomain } from "../kube/names.js";
import { checkNamespace } from "./plain.js";

const DNS_GROUP_VERSION = "multiclusterdns.kubefed.io/v1alpha1";

export interface DnsInputs {
  domains: DnsDomain[];
  /** Sorted by kind, namespace, name. */
  records: DnsRecord[];
}

interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
}

interface RecordDoc {
  metadata?: { name?: string; namespace?: string };
  spec?: { domainRef?: string; recordTTL?: number; dnsPrefix?: string; externalName?: string; hosts?: string[] };
  status?: { dns?: { cluster?: string; loadBalancer?: { ingress?: LoadBalancerIngress[] } }[] };
}

function isDnsKind(doc: SourceDoc, kind: string): boolean {
  return doc.apiVersion === DNS_GROUP_VERSION && doc.kind === kind;
}

/**
 * Domains are looked up by name. KubeFed read them from its own system namespace only, so their
 * names were unique there; a repository has no such namespace, so two Domains of one name are an error.
 */
export function normalizeDns(docs: readonly SourceDoc[], diagnostics: DiagnosticBag): DnsInputs {
  const domains = new Map<string, DnsDomain>();
  for (const doc of docs.filter((d) => isDnsKind(d, "Domain"))) {
    const name = String((doc.value.metadata as { name?: unknown } | undefined)?.name ?? "");
    const first = domains.get(name);
    if (first) {
      diagnostics.error("DNS_DUPLICATE_RECORD", `Domain "${name}" is declared twice; records find their Domain by name, so rename or remove one`, doc.locate(["metadata", "name"]), [
        { message: "first declared here", span: first.source.locate(["metadata", "name"]) },
      ]);
      continue;
    }
    domains.set(name, { name, domain: String(doc.value.domain ?? ""), source: doc });
  }

  const records: DnsRecord[] = [];
  const seen = new Map<string, SourceDoc>();
  for (const doc of docs) {
    if (!isDnsKind(doc, "ServiceDNSRecord") && !isDnsKind(doc, "IngressDNSRecord")) continue;
    const record = toRecord(doc, domains, diagnostics);
    if (!record) continue;
    const key = `${record.kind}/${record.namespace}/${record.name}`;
    const first = seen.get(key);
    if (first) {
      diagnostics.error("DNS_DUPLICATE_RECORD", `${record.kind} ${record.namespace}/${record.name} is declared twice; remove one`, doc.locate(["metadata", "name"]), [
        { message: "first declared here", span: first.locate(["metadata", "name"]) },
      ]);
      continue;
    }
    seen.set(key, doc);
    records.push(record);
  }
  records.sort((a, b) => compare(a.kind, b.kind) || compare(a.namespace, b.namespace) || compare(a.name, b.name));
  return { domains: [...domains.values()], records };
}

function toRecord(doc: SourceDoc, domains: ReadonlyMap<string, DnsDomain>, diagnostics: DiagnosticBag): DnsRecord | undefined {
  const kind = doc.kind as DnsRecord["kind"];
  const v = doc.value as RecordDoc;
  const name = v.metadata?.name ?? "";
  const namespace = v.metadata?.namespace ?? "";
  // The DNSEndpoint is named "<service|ingress>-<name>" in the record's namespace: both must be valid.
  const nameProblem = invalidObjectName(name);
  if (nameProblem) {
    diagnostics.error("INVALID_NAME", `${kind} name ${JSON.stringify(name)} ${nameProblem}`, doc.locate(["metadata", "name"]));
    return undefined;
  }
  if (namespace === "") {
    const what = kind === "ServiceDNSRecord" ? "Service" : "Ingress";
    diagnostics.error("INVALID_NAME", `${kind} ${name} needs metadata.namespace (the namespace of the ${what} it describes)`, doc.locate(["metadata"]));
    return undefined;
  }
  if (!checkNamespace(doc, namespace, diagnostics)) return undefined;
  const spec = v.spec ?? {};
  const record: DnsRecord = {
    kind,
    name,
    namespace,
    recordTTL: spec.recordTTL ?? 0,
    hosts: kind === "IngressDNSRecord" ? [...(spec.hosts ?? [])] : [],
    status: statusEntries(doc, v, diagnostics),
    source: doc,
  };
  if (kind === "ServiceDNSRecord") {
    const ref = spec.domainRef ?? "";
    record.domain = domains.get(ref);
    if (!record.domain) {
      const known = [...domains.keys()].sort();
      diagnostics.error(
        "DNS_DOMAIN_NOT_FOUND",
        `spec.domainRef "${ref}" names no Domain (multiclusterdns.kubefed.io/v1alpha1); ${known.length ? `declared Domains: ${known.join(", ")}` : "add a Domain with that name"}`,
        doc.locate(["spec", "domainRef"]),
      );
    }
    // KubeFed tests these with != "": an empty string is the same as absent.
    if (spec.dnsPrefix) record.dnsPrefix = spec.dnsPrefix;
    if (spec.externalName) record.externalName = spec.externalName;
  }
  return record;
}

/**
 * Addresses in the order KubeFed's ExtractLoadBalancerTargets takes them: per ingress entry its `ip`,
 * then its `hostname`. A hostname that is an IP literal is an IP (KubeFed's net.ParseIP test).
 */
function statusEntries(doc: SourceDoc, v: RecordDoc, diagnostics: DiagnosticBag): DnsStatusEntry[] {
  const entries: DnsStatusEntry[] = [];
  const byCluster = new Map<string, DnsStatusEntry>();
  (v.status?.dns ?? []).forEach((entry, i) => {
    const at = ["status", "dns", i];
    const cluster = entry.cluster ?? "";
    if (cluster === "") {
      diagnostics.error("DNS_STATUS_INVALID", "status.dns entry has no cluster: each entry gives one cluster's load-balancer addresses", doc.locate(at));
      return;
    }
    const first = byCluster.get(cluster);
    if (first) {
      diagnostics.error("DNS_STATUS_INVALID", `status.dns lists cluster "${cluster}" twice; keep one entry per cluster`, doc.locate([...at, "cluster"]), [
        { message: "first listed here", span: first.span },
      ]);
      return;
    }
    const addresses: DnsAddress[] = [];
    (entry.loadBalancer?.ingress ?? []).forEach((ingress, j) => {
      const path = [...at, "loadBalancer", "ingress", j];
      if (ingress.ip) {
        if (isIP(ingress.ip) === 0) {
          diagnostics.error(
            "DNS_STATUS_INVALID",
            `ip ${JSON.stringify(ingress.ip)} is not an IPv4 or IPv6 address; put DNS names under hostname`,
            doc.locate([...path, "ip"]),
          );
        } else addresses.push({ address: ingress.ip, span: doc.locate([...path, "ip"]) });
      }
      if (ingress.hostname) {
        const problem = isIP(ingress.hostname) === 0 ? invalidSubdomain(ingress.hostname) : undefined;
        if (problem) {
          diagnostics.error("DNS_STATUS_INVALID", `hostname ${JSON.stringify(ingress.hostname)} is not a DNS name: it ${problem}`, doc.locate([...path, "hostname"]));
        } else addresses.push({ address: ingress.hostname, span: doc.locate([...path, "hostname"]) });
      }
    });
    const parsed: DnsStatusEntry = { cluster, span: doc.locate([...at, "cluster"]), addresses };
    byCluster.set(cluster, parsed);
    entries.push(parsed);
  });
  return entries;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
