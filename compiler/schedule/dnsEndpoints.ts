// KubeFed's DNS endpoint computation (pkg/controller/dnsendpoint/{service,ingress,common}.go at the
// last commit with DNS, reference/kubefed.md §F.4–§F.5), with one deliberate change: fedc never
// resolves hostnames. KubeFed replaced every hostname target by the IPs of a live DNS lookup and
// wrote everything as `A`; fedc keeps the addresses as committed and chooses the record type from
// them (IPv4 → A, IPv6 → AAAA, one lone hostname → CNAME). Everything else — names, CNAME to the
// next level up, "A wins" merging, target sorting, TTL default — is KubeFed's.
import { isIP } from "node:net";
import type { DnsAddress, DnsEndpoint } from "../model.js";

/** KubeFed's defaultDNSTTL, used when recordTTL is 0. */
export const DEFAULT_DNS_TTL = 180;

/** One cluster as KubeFed's status listed it: its region, zones and the addresses that count. */
export interface DnsClusterAddresses {
  cluster: string;
  region?: string;
  zones: readonly string[];
  addresses: readonly DnsAddress[];
}

export interface ServiceRecordInput {
  name: string;
  namespace: string;
  /** spec.domainRef: the Domain's name, the "<federation>" part of the names. */
  domainRef: string;
  /** The Domain's `domain` (KubeFed: status.domain). */
  domain: string;
  recordTTL: number;
  dnsPrefix?: string;
  externalName?: string;
}

export interface IngressRecordInput {
  hosts: readonly string[];
  recordTTL: number;
}

/**
 * A DNS name fedc cannot write without resolving hostnames: a hostname can only be published as a
 * CNAME, and a CNAME must be the only record of its name with exactly one target.
 */
export interface DnsConflict {
  dnsName: string;
  /** The committed addresses that meet at this name (hostname case). */
  addresses: DnsAddress[];
  /** The up-level CNAME targets that meet at this name (several-CNAME case, only with odd region names). */
  cnameTargets: string[];
}

export interface EndpointResult {
  endpoints: DnsEndpoint[];
  conflicts: DnsConflict[];
}

/**
 * What one cluster contributes to one name before merging. "address": the cluster's LB addresses
 * (KubeFed's A record); "cname": the up-level name, for clusters without an address.
 */
type Candidate =
  | { dnsName: string; kind: "address"; addresses: readonly DnsAddress[]; labels?: Record<string, string> }
  | { dnsName: string; kind: "cname"; target: string; labels?: Record<string, string> };

/** getServiceDNSEndpoints: zone, region and global names per listed cluster, plus the dnsPrefix CNAME. */
export function serviceEndpoints(record: ServiceRecordInput, clusters: readonly DnsClusterAddresses[]): EndpointResult {
  const base = record.externalName || record.name;
  const prefix = [base, record.namespace, record.domainRef, "svc"].join(".");
  const labels = record.externalName ? { serviceName: record.name } : undefined;
  const ttl = record.recordTTL || DEFAULT_DNS_TTL;
  const candidates: Candidate[] = [];
  const add = (dnsName: string, addresses: readonly DnsAddress[], upLevel: string) => {
    candidates.push(addresses.length > 0 ? { dnsName, kind: "address", addresses, labels } : { dnsName, kind: "cname", target: upLevel, labels });
  };
  for (const c of clusters) {
    // Plain joins, as KubeFed: the registry check (SPEC §2.4) keeps region and zones non-empty.
    const regionName = [prefix, c.region ?? "", record.domain].join(".");
    const globalName = [prefix, record.domain].join(".");
    for (const zone of c.zones) add([prefix, zone, c.region ?? "", record.domain].join("."), c.addresses, regionName);
    add(regionName, c.addresses, globalName);
    // Nowhere to go up from the global level: the "" target is dropped when merging.
    add(globalName, c.addresses, "");
  }
  if (record.dnsPrefix) {
    candidates.push({ dnsName: `${record.dnsPrefix}.${record.domain}`, kind: "cname", target: [prefix, record.domain].join(".") });
  }
  return mergeCandidates(candidates, ttl);
}

/** getIngressDNSEndpoints: every host gets the addresses of all listed clusters; no CNAME fallback. */
export function ingressEndpoints(record: IngressRecordInput, clusters: readonly DnsClusterAddresses[]): EndpointResult {
  const ttl = record.recordTTL || DEFAULT_DNS_TTL;
  const addresses = clusters.flatMap((c) => c.addresses);
  const candidates: Candidate[] = [];
  if (addresses.length > 0) for (const host of record.hosts) candidates.push({ dnsName: host, kind: "address", addresses });
  return mergeCandidates(candidates, ttl);
}

/**
 * DedupeAndMergeEndpoints: sorted by dnsName (byte order); empty targets dropped, and endpoints left
 * without targets; one name's address records merged (targets sorted, de-duplicated); where a name
 * has both, the address record wins and the CNAME is dropped (kubefed 8db55fbf8).
 */
function mergeCandidates(candidates: readonly Candidate[], ttl: number): EndpointResult {
  const byName = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.kind === "cname" && c.target === "") continue;
    let list = byName.get(c.dnsName);
    if (!list) byName.set(c.dnsName, (list = []));
    list.push(c);
  }
  const endpoints: DnsEndpoint[] = [];
  const conflicts: DnsConflict[] = [];
  for (const dnsName of [...byName.keys()].sort(compare)) {
    const list = byName.get(dnsName)!;
    const withAddress = list.filter((c) => c.kind === "address");
    const first = withAddress[0] ?? list[0]!;
    const make = (recordType: DnsEndpoint["recordType"], targets: string[]): DnsEndpoint => ({
      dnsName,
      targets,
      recordType,
      recordTTL: ttl,
      ...(first.labels ? { labels: { ...first.labels } } : {}),
    });
    if (withAddress.length === 0) {
      const targets = unique(list.map((c) => (c.kind === "cname" ? c.target : "")));
      if (targets.length > 1) conflicts.push({ dnsName, addresses: [], cnameTargets: targets });
      else endpoints.push(make("CNAME", targets));
      continue;
    }
    const addresses = uniqueAddresses(withAddress.flatMap((c) => (c.kind === "address" ? c.addresses : [])));
    const v4 = addresses.filter((a) => isIP(a.address) === 4).map((a) => a.address);
    const v6 = addresses.filter((a) => isIP(a.address) === 6).map((a) => a.address);
    const hostnames = addresses.filter((a) => isIP(a.address) === 0);
    if (hostnames.length === 0) {
      if (v4.length > 0) endpoints.push(make("A", unique(v4)));
      if (v6.length > 0) endpoints.push(make("AAAA", unique(v6)));
    } else if (hostnames.length === 1 && v4.length === 0 && v6.length === 0) {
      endpoints.push(make("CNAME", [hostnames[0]!.address]));
    } else {
      conflicts.push({ dnsName, addresses, cnameTargets: [] });
    }
  }
  return { endpoints, conflicts };
}

// The DNSEndpoint CRD's limits (externaldns.k8s.io/v1alpha1, config/crd/standard): a DNS name is
// labels of letters, digits, "_" and inner "-" (at most 63 each), optionally "*." first and "." last,
// at most 253 characters (254 with the dot); TTLs fit an int32; at most 1000 endpoints and targets.
const DNS_NAME = /^(\*\.)?([a-zA-Z0-9_]([-a-zA-Z0-9_]{0,61}[a-zA-Z0-9_])?\.)*[a-zA-Z0-9_]([-a-zA-Z0-9_]{0,61}[a-zA-Z0-9_])?\.?$/;
export const MAX_DNS_TTL = 2147483647;
export const MAX_ENDPOINTS = 1000;

/** Why the DNSEndpoint CRD would reject `name` as an endpoint's dnsName, or undefined. */
export function invalidDnsName(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name.length > (name.endsWith(".") ? 254 : 253)) return `is ${name.length} characters long (at most 253)`;
  if (!DNS_NAME.test(name)) {
    const long = name.split(".").find((l) => l.length > 63);
    return long ? `has a label longer than 63 characters (${long})` : "must be labels of letters, digits, '_' and inner '-', separated by dots";
  }
  return undefined;
}

/** First occurrence of each address value, sorted by value. */
function uniqueAddresses(addresses: readonly DnsAddress[]): DnsAddress[] {
  const seen = new Map<string, DnsAddress>();
  for (const a of addresses) if (!seen.has(a.address)) seen.set(a.address, a);
  return [...seen.values()].sort((a, b) => compare(a.address, b.address));
}

/** sortAndRemoveDuplicateTargets: byte order, as Go's sort of strings. */
function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
