// Which clusters a DNS record lists and which of their addresses count, as KubeFed's servicedns and
// ingressdns controllers built `status.dns` (reference/kubefed.md §F.3), then the endpoints (§F.4–§F.5).
// What KubeFed read from live clusters is an input here: the registry says which clusters are ready
// and where they are; the record's committed status gives the load-balancer addresses; the
// placement computed by this stage says where the Service or Ingress exists.
import { isIP } from "node:net";
import type { Cluster, DnsAddress, DnsClusterDecision, DnsEndpoint, DnsRecord, DnsRecordPlan, Schedule, Template } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import {
  ingressEndpoints,
  invalidDnsName,
  MAX_DNS_TTL,
  MAX_ENDPOINTS,
  serviceEndpoints,
  type DnsClusterAddresses,
  type DnsConflict,
} from "./dnsEndpoints.js";

/** The kinds a record describes: KubeFed's servicedns watched core Services; ingressdns watched Ingresses. */
function describes(record: DnsRecord, t: Template): boolean {
  if (t.namespace !== record.namespace || t.name !== record.name) return false;
  if (record.kind === "ServiceDNSRecord") return t.target.group === "" && t.target.kind === "Service";
  return t.target.kind === "Ingress" && (t.target.group === "networking.k8s.io" || t.target.group === "extensions");
}

/** One plan per record, in the records' order (kind, namespace, name). */
export function planDns(records: readonly DnsRecord[], clusters: readonly Cluster[], schedules: readonly Schedule[], diagnostics: DiagnosticBag): DnsRecordPlan[] {
  return records.map((record) => planRecord(record, clusters, schedules, diagnostics));
}

function planRecord(record: DnsRecord, clusters: readonly Cluster[], schedules: readonly Schedule[], diagnostics: DiagnosticBag): DnsRecordPlan {
  const what = record.kind === "ServiceDNSRecord" ? "Service" : "Ingress";
  const id = `${record.kind} ${record.namespace}/${record.name}`;
  const targets = schedules.filter((s) => describes(record, s.template));
  const placed = new Set(targets.flatMap((s) => s.decisions.filter((d) => d.placed).map((d) => d.cluster)));
  if (targets.length === 0 || placed.size === 0) {
    diagnostics.warning(
      "DNS_TARGET_NOT_PLACED",
      targets.length === 0
        ? `${id} describes no ${what}: no ${what} ${record.namespace}/${record.name} is declared, so no cluster's address counts (KubeFed only saw addresses where the ${what} existed)`
        : `${id} describes ${what} ${record.namespace}/${record.name}, which is placed in no cluster, so no cluster's address counts`,
      record.source.locate(["metadata", "name"]),
      targets.map((s) => ({ message: `${what} declared here`, span: s.template.source.locate(["metadata", "name"]) })),
    );
  }

  const registered = new Map(clusters.map((c) => [c.name, c]));
  const status = new Map(record.status.map((e) => [e.cluster, e]));
  for (const e of record.status) {
    if (!registered.has(e.cluster)) {
      diagnostics.warning("DNS_STATUS_UNKNOWN_CLUSTER", `cluster "${e.cluster}" is not registered; its status.dns entry is ignored`, e.span);
    }
  }

  // KubeFed listed every ready cluster; ServiceDNSRecords also kept the not-ready clusters of the
  // previous status, with no address, so their zone and region names CNAME upwards.
  const listed = clusters.filter((c) => c.ready || (record.kind === "ServiceDNSRecord" && status.has(c.name)));
  const decisions: DnsClusterDecision[] = [];
  const inputs: DnsClusterAddresses[] = [];
  for (const c of listed) {
    const entry = status.get(c.name);
    let addresses: readonly DnsAddress[] = [];
    let reason: DnsClusterDecision["reason"];
    if (!c.ready) reason = "not-ready";
    else if (!placed.has(c.name)) {
      reason = "not-placed";
      if (entry && entry.addresses.length > 0 && placed.size > 0) {
        diagnostics.warning(
          "DNS_ADDRESS_IGNORED",
          `${what} ${record.namespace}/${record.name} is not placed in cluster "${c.name}", so the addresses committed for it are ignored; update the status or the placement`,
          entry.span,
        );
      }
    } else if (entry && entry.addresses.length > 0) {
      reason = "address";
      addresses = entry.addresses;
    } else reason = "no-address";
    decisions.push({ cluster: c.name, reason, addresses: addresses.map((a) => a.address) });
    inputs.push({ cluster: c.name, region: c.region, zones: c.zones, addresses });
    if (record.kind === "ServiceDNSRecord" && (!c.region || c.zones.length === 0)) reportMissingLocation(c, record, diagnostics);
  }

  if (placed.size > 0 && !decisions.some((d) => d.reason === "address")) {
    diagnostics.warning(
      "DNS_NO_ADDRESSES",
      `${id} has no load-balancer address in any cluster where its ${what} is placed, so its names resolve nowhere; commit status.dns[].loadBalancer.ingress for the clusters that serve it`,
      record.source.locate(record.status.length > 0 ? ["status", "dns"] : ["metadata", "name"]),
    );
  }

  const result =
    record.kind === "ServiceDNSRecord"
      ? serviceEndpoints(
          {
            name: record.name,
            namespace: record.namespace,
            domainRef: record.domain?.name ?? "",
            domain: record.domain?.domain ?? "",
            recordTTL: record.recordTTL,
            dnsPrefix: record.dnsPrefix,
            externalName: record.externalName,
          },
          inputs,
        )
      : ingressEndpoints({ hosts: record.hosts, recordTTL: record.recordTTL }, inputs);
  for (const conflict of result.conflicts) reportConflict(conflict, record, diagnostics);
  // With no address anywhere, KubeFed still wrote zone → region → global CNAMEs that end nowhere.
  // fedc writes no records at all: a dangling chain only hides the problem the warning names.
  const endpoints = decisions.some((d) => d.reason === "address") ? result.endpoints : [];
  checkEndpoints(record, endpoints, diagnostics);
  return { record, clusters: decisions, endpoints };
}

/** What the DNSEndpoint CRD would reject, located at the input that produced it. */
function checkEndpoints(record: DnsRecord, endpoints: readonly DnsEndpoint[], diagnostics: DiagnosticBag): void {
  if (record.recordTTL > MAX_DNS_TTL) {
    diagnostics.error("DNS_ENDPOINT_INVALID", `recordTTL ${record.recordTTL} is larger than the DNSEndpoint maximum ${MAX_DNS_TTL}`, record.source.locate(["spec", "recordTTL"]));
  }
  const overfull = endpoints.length > MAX_ENDPOINTS ? endpoints : endpoints.find((e) => e.targets.length > MAX_ENDPOINTS);
  if (overfull) {
    diagnostics.error(
      "DNS_ENDPOINT_INVALID",
      `${record.kind} ${record.namespace}/${record.name} yields more than ${MAX_ENDPOINTS} endpoints or targets for one name, more than a DNSEndpoint may hold; split the record`,
      record.source.locate(["metadata", "name"]),
    );
  }
  for (const e of endpoints) {
    const problem = invalidDnsName(e.dnsName);
    if (!problem) continue;
    const host = record.hosts.indexOf(e.dnsName);
    const path =
      host >= 0
        ? ["spec", "hosts", host]
        : record.dnsPrefix && e.dnsName === `${record.dnsPrefix}.${record.domain?.domain ?? ""}`
          ? ["spec", "dnsPrefix"]
          : record.externalName
            ? ["spec", "externalName"]
            : ["metadata", "name"];
    diagnostics.error("DNS_ENDPOINT_INVALID", `DNS name ${JSON.stringify(e.dnsName)} ${problem}, so the DNSEndpoint would be rejected`, record.source.locate(path));
  }
}

function reportMissingLocation(c: Cluster, record: DnsRecord, diagnostics: DiagnosticBag): void {
  const missing = !c.region && c.zones.length === 0 ? "no region and no zones" : !c.region ? "no region" : "no zones";
  const how =
    c.source.kind === "KubeFedCluster"
      ? "set status.region and status.zones, or the topology.kubernetes.io/region and topology.kubernetes.io/zone labels"
      : "set spec.region and spec.zones";
  diagnostics.error(
    "DNS_CLUSTER_LOCATION_MISSING",
    `cluster "${c.name}" has ${missing}, which ServiceDNSRecord names need (<service>.<namespace>.<domain>.svc.<zone>.<region>.<suffix>); ${how}`,
    c.source.locate(["metadata", "name"]),
    [{ message: `needed by ${record.kind} ${record.namespace}/${record.name}`, span: record.source.locate(["metadata", "name"]) }],
  );
}

function reportConflict(conflict: DnsConflict, record: DnsRecord, diagnostics: DiagnosticBag): void {
  const at = record.source.locate(["metadata", "name"]);
  if (conflict.cnameTargets.length > 0) {
    diagnostics.error(
      "DNS_TARGET_CONFLICT",
      `${conflict.dnsName} would be a CNAME to ${conflict.cnameTargets.join(" and ")}, but a CNAME has exactly one target; a region or zone name that contains dots can cause this — rename it`,
      at,
    );
    return;
  }
  const hostnames = conflict.addresses.filter((a) => isIP(a.address) === 0);
  const others = conflict.addresses.filter((a) => !hostnames.includes(a));
  const first = hostnames[0] ?? conflict.addresses[0]!;
  const why =
    hostnames.length > 1
      ? `it gets ${hostnames.length} load-balancer hostnames (${hostnames.map((a) => a.address).join(", ")})`
      : `it gets the hostname ${first.address} together with ${others.map((a) => a.address).join(", ")}`;
  diagnostics.error(
    "DNS_TARGET_CONFLICT",
    `${conflict.dnsName} cannot be written: ${why}. fedc never resolves hostnames (KubeFed looked them up and wrote A records), and a hostname can only be a CNAME, which must be the only target of its name; commit the load balancer's IP addresses (status.dns[].loadBalancer.ingress[].ip) instead of its hostname`,
    first.span,
    conflict.addresses.filter((a) => a !== first).map((a) => ({ message: `${a.address} is also a target of ${conflict.dnsName}`, span: a.span })),
  );
}
