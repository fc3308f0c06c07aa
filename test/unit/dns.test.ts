// KubeFed's DNS endpoint tests (pkg/controller/dnsendpoint/{service,ingress}_test.go, last version
// with DNS), ported case by case. Upstream mocked net.LookupHost; fedc never resolves, so the
// hostname cases are adapted: a lone hostname becomes a CNAME, a hostname next to other targets is
// a conflict. Upstream constants: nginx/test, federation "galactic", zone "example.com",
// c1 in us/us1, c2 in eu/eu1, lb1..lb3 = 10.20.30.1..3, user TTL 300.
import { isIP } from "node:net";
import path from "node:path";
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { compile, DNS_DIRECTORY } from "../../compiler/index.js";
import type { DnsAddress, DnsEndpoint, JsonObject } from "../../compiler/model.js";
import {
  DEFAULT_DNS_TTL,
  ingressEndpoints,
  invalidDnsName,
  serviceEndpoints,
  type DnsClusterAddresses,
  type ServiceRecordInput,
} from "../../compiler/schedule/dnsEndpoints.js";
import { ROOT } from "../support/cli.js";
import { FIXTURES, fixtureNames, readExpected } from "../support/golden.js";

const lb1 = "10.20.30.1";
const lb2 = "10.20.30.2";
const lb3 = "10.20.30.3";
const elb = "a9.us-west-2.elb.amazonaws.test";
const TTL = DEFAULT_DNS_TTL;

const record: ServiceRecordInput = { name: "nginx", namespace: "test", domainRef: "galactic", domain: "example.com", recordTTL: 0 };
const globalName = "nginx.test.galactic.svc.example.com";
const c1Region = "nginx.test.galactic.svc.us.example.com";
const c1Zone = "nginx.test.galactic.svc.us1.us.example.com";
const c2Region = "nginx.test.galactic.svc.eu.example.com";
const c2Zone = "nginx.test.galactic.svc.eu1.eu.example.com";

let offset = 0;
const at = (address: string): DnsAddress => ({ address, span: { file: "record.yaml", start: offset, end: (offset += 10) } });
const c1 = (...addresses: string[]): DnsClusterAddresses => ({ cluster: "c1", region: "us", zones: ["us1"], addresses: addresses.map(at) });
const c2 = (...addresses: string[]): DnsClusterAddresses => ({ cluster: "c2", region: "eu", zones: ["eu1"], addresses: addresses.map(at) });
const A = (dnsName: string, targets: string[], recordTTL = TTL): DnsEndpoint => ({ dnsName, targets, recordType: "A", recordTTL });
const AAAA = (dnsName: string, targets: string[]): DnsEndpoint => ({ dnsName, targets, recordType: "AAAA", recordTTL: TTL });
const CNAME = (dnsName: string, target: string, recordTTL = TTL): DnsEndpoint => ({ dnsName, targets: [target], recordType: "CNAME", recordTTL });

interface ServiceCase {
  name: string;
  record?: Partial<ServiceRecordInput>;
  clusters: DnsClusterAddresses[];
  endpoints: DnsEndpoint[];
}

describe("ServiceDNSRecord endpoints (KubeFed TestGetEndpointsForServiceDNSObject)", () => {
  const cases: ServiceCase[] = [
    { name: "NoClusters: no status entries → no endpoints", clusters: [], endpoints: [] },
    {
      name: "SingleLBInSingleCluster: one address → A at global, region and zone",
      clusters: [c1(lb1)],
      endpoints: [A(globalName, [lb1]), A(c1Region, [lb1]), A(c1Zone, [lb1])],
    },
    {
      name: "LBsInBothClusters: the global name gets both addresses, each region and zone its own",
      clusters: [c1(lb1), c2(lb2)],
      endpoints: [A(c2Region, [lb2]), A(c2Zone, [lb2]), A(globalName, [lb1, lb2]), A(c1Region, [lb1]), A(c1Zone, [lb1])],
    },
    {
      name: "NoLBInOneCluster: c2's region CNAMEs to the global name, its zone to its region",
      clusters: [c1(lb1), c2()],
      endpoints: [CNAME(c2Region, globalName), CNAME(c2Zone, c2Region), A(globalName, [lb1]), A(c1Region, [lb1]), A(c1Zone, [lb1])],
    },
    {
      name: "NoLBInBothClusters: regions and zones CNAME upwards, the global name has no record",
      clusters: [c1(), c2()],
      endpoints: [CNAME(c2Region, globalName), CNAME(c2Zone, c2Region), CNAME(c1Region, globalName), CNAME(c1Zone, c1Region)],
    },
    {
      name: "HostnameInLB, adapted: a hostname that is a name's only target → CNAME to it, no lookup",
      clusters: [c1(elb), c2()],
      endpoints: [CNAME(c2Region, globalName), CNAME(c2Zone, c2Region), CNAME(globalName, elb), CNAME(c1Region, elb), CNAME(c1Zone, elb)],
    },
    {
      name: "UserConfiguredDNSRecordTTL: recordTTL 300 on every endpoint",
      record: { recordTTL: 300 },
      clusters: [c1(lb1)],
      endpoints: [A(globalName, [lb1], 300), A(c1Region, [lb1], 300), A(c1Zone, [lb1], 300)],
    },
    {
      name: "UserConfiguredDNSPrefix: <dnsPrefix>.<domain> CNAMEs to the global name",
      record: { dnsPrefix: "foo" },
      clusters: [c1(lb1), c2(lb2)],
      endpoints: [
        CNAME("foo.example.com", globalName),
        A(c2Region, [lb2]),
        A(c2Zone, [lb2]),
        A(globalName, [lb1, lb2]),
        A(c1Region, [lb1]),
        A(c1Zone, [lb1]),
      ],
    },
    {
      name: "UserConfiguredExternalName: names start with externalName and carry the serviceName label",
      record: { externalName: "foo" },
      clusters: [c1(lb1), c2(lb2)],
      endpoints: [
        { ...A("foo.test.galactic.svc.eu.example.com", [lb2]), labels: { serviceName: "nginx" } },
        { ...A("foo.test.galactic.svc.eu1.eu.example.com", [lb2]), labels: { serviceName: "nginx" } },
        { ...A("foo.test.galactic.svc.example.com", [lb1, lb2]), labels: { serviceName: "nginx" } },
        { ...A("foo.test.galactic.svc.us.example.com", [lb1]), labels: { serviceName: "nginx" } },
        { ...A("foo.test.galactic.svc.us1.us.example.com", [lb1]), labels: { serviceName: "nginx" } },
      ],
    },
    {
      name: "dnsPrefix with externalName: the prefix CNAME targets the externalName's global name and has no labels",
      record: { dnsPrefix: "www", externalName: "foo" },
      clusters: [],
      endpoints: [CNAME("www.example.com", "foo.test.galactic.svc.example.com")],
    },
    {
      name: "A wins (kubefed 8db55fbf8): a region with an address in one cluster drops the other cluster's CNAME",
      clusters: [c1(lb1), { cluster: "c3", region: "us", zones: ["us2"], addresses: [] }],
      endpoints: [A(globalName, [lb1]), A(c1Region, [lb1]), A(c1Zone, [lb1]), CNAME("nginx.test.galactic.svc.us2.us.example.com", c1Region)],
    },
    {
      name: "two clusters in one zone: targets merged, sorted, de-duplicated",
      clusters: [c1(lb3, lb1), { cluster: "c3", region: "us", zones: ["us1"], addresses: [at(lb1), at(lb2)] }],
      endpoints: [A(globalName, [lb1, lb2, lb3]), A(c1Region, [lb1, lb2, lb3]), A(c1Zone, [lb1, lb2, lb3])],
    },
    {
      name: "every zone of a cluster gets a name",
      clusters: [{ cluster: "c1", region: "us", zones: ["us1", "us2"], addresses: [at(lb1)] }],
      endpoints: [A(globalName, [lb1]), A(c1Region, [lb1]), A(c1Zone, [lb1]), A("nginx.test.galactic.svc.us2.us.example.com", [lb1])],
    },
    {
      name: "IPv6 → AAAA (KubeFed wrote them under A), next to A for a dual-stack name",
      clusters: [c1("2001:db8::1"), c2(lb2, "2001:db8::2")],
      endpoints: [
        A(c2Region, [lb2]),
        AAAA(c2Region, ["2001:db8::2"]),
        A(c2Zone, [lb2]),
        AAAA(c2Zone, ["2001:db8::2"]),
        A(globalName, [lb2]),
        AAAA(globalName, ["2001:db8::1", "2001:db8::2"]),
        AAAA(c1Region, ["2001:db8::1"]),
        AAAA(c1Zone, ["2001:db8::1"]),
      ],
    },
    {
      name: "targets sort as strings, as Go's sort (10.20.30.10 before 10.20.30.2)",
      clusters: [c1(lb2, "10.20.30.10")],
      endpoints: [A(globalName, ["10.20.30.10", lb2]), A(c1Region, ["10.20.30.10", lb2]), A(c1Zone, ["10.20.30.10", lb2])],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = serviceEndpoints({ ...record, ...c.record }, c.clusters);
      expect(result.conflicts).toEqual([]);
      expect(result.endpoints).toEqual(c.endpoints);
    });
  }

  it("HostnameInLB as upstream wrote it: a hostname next to an IP is a conflict at the global name only", () => {
    const result = serviceEndpoints(record, [c1(elb), c2(lb2)]);
    expect(result.conflicts.map((x) => x.dnsName)).toEqual([globalName]);
    expect(result.conflicts[0]!.addresses.map((a) => a.address)).toEqual([lb2, elb]);
    // The other names are unaffected: c1's are CNAMEs to the hostname, c2's are A records.
    expect(result.endpoints).toEqual([A(c2Region, [lb2]), A(c2Zone, [lb2]), CNAME(c1Region, elb), CNAME(c1Zone, elb)]);
  });

  it("two hostnames for one name are a conflict (a CNAME has one target)", () => {
    const result = serviceEndpoints(record, [c1(elb), { cluster: "c3", region: "us", zones: ["us1"], addresses: [at("b7.us-west-2.elb.amazonaws.test")] }]);
    expect(result.conflicts.map((x) => x.dnsName)).toEqual([globalName, c1Region, c1Zone]);
    expect(result.endpoints).toEqual([]);
  });

  it("the same hostname from two clusters is one target, not a conflict", () => {
    const result = serviceEndpoints(record, [c1(elb), { cluster: "c3", region: "us", zones: ["us1"], addresses: [at(elb)] }]);
    expect(result.conflicts).toEqual([]);
    expect(result.endpoints).toEqual([CNAME(globalName, elb), CNAME(c1Region, elb), CNAME(c1Zone, elb)]);
  });

  it("an address record beats the dnsPrefix CNAME when the names meet", () => {
    const result = serviceEndpoints({ ...record, dnsPrefix: "nginx.test.galactic.svc" }, [c1(lb1)]);
    expect(result.endpoints.filter((e) => e.dnsName === globalName)).toEqual([A(globalName, [lb1])]);
  });

  it("a region name with a dot that meets a zone name is a conflict, not a two-target CNAME", () => {
    const result = serviceEndpoints(record, [
      { cluster: "c1", region: "b.a", zones: ["z"], addresses: [] },
      { cluster: "c2", region: "a", zones: ["b"], addresses: [] },
    ]);
    expect(result.conflicts.map((x) => [x.dnsName, x.cnameTargets])).toEqual([
      ["nginx.test.galactic.svc.b.a.example.com", ["nginx.test.galactic.svc.a.example.com", globalName]],
    ]);
  });
});

describe("IngressDNSRecord endpoints (KubeFed TestGetEndpointsForIngressDNSObject)", () => {
  const hosts = ["foo.bar.test"];
  const cases: { name: string; hosts?: string[]; recordTTL?: number; clusters: DnsClusterAddresses[]; endpoints: DnsEndpoint[] }[] = [
    { name: "NoClusters: no endpoints", clusters: [], endpoints: [] },
    { name: "SingleLBInSingleCluster: A for the host", clusters: [c1(lb1)], endpoints: [A("foo.bar.test", [lb1])] },
    { name: "LBsInBothClusters: every cluster's address", clusters: [c1(lb1), c2(lb2)], endpoints: [A("foo.bar.test", [lb1, lb2])] },
    {
      name: "MultipleHosts: each host gets every address",
      hosts: ["foo.bar.test", "jane.goodall.test"],
      clusters: [c1(lb1), c2(lb2)],
      endpoints: [A("foo.bar.test", [lb1, lb2]), A("jane.goodall.test", [lb1, lb2])],
    },
    { name: "UserConfiguredDNSRecordTTL: recordTTL 300", recordTTL: 300, clusters: [c1(lb1)], endpoints: [A("foo.bar.test", [lb1], 300)] },
    { name: "no address in any cluster: no endpoint and no CNAME fallback", clusters: [c1(), c2()], endpoints: [] },
    { name: "HostnameInLB, adapted: a lone hostname → CNAME", clusters: [c1(elb), c2()], endpoints: [CNAME("foo.bar.test", elb)] },
    {
      name: "the same host listed twice: one endpoint",
      hosts: ["foo.bar.test", "foo.bar.test"],
      clusters: [c1(lb1)],
      endpoints: [A("foo.bar.test", [lb1])],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = ingressEndpoints({ hosts: c.hosts ?? hosts, recordTTL: c.recordTTL ?? 0 }, c.clusters);
      expect(result.conflicts).toEqual([]);
      expect(result.endpoints).toEqual(c.endpoints);
    });
  }

  it("HostnameInLB as upstream wrote it: hostname and IP for one host is a conflict", () => {
    const result = ingressEndpoints({ hosts, recordTTL: 0 }, [c1(elb), c2(lb2)]);
    expect(result.endpoints).toEqual([]);
    expect(result.conflicts.map((x) => x.dnsName)).toEqual(["foo.bar.test"]);
  });
});

describe("DNS names the DNSEndpoint CRD accepts", () => {
  const cases: [string, boolean][] = [
    ["nginx.test.galactic.svc.us1.us.example.com", true],
    ["*.shop.example.com", true],
    ["_acme.example.com", true],
    ["example.com.", true],
    ["", false],
    ["foo bar.test", false],
    ["-foo.example.com", false],
    ["foo..example.com", false],
    [`${"a".repeat(64)}.example.com`, false],
    [`${"a".repeat(63)}.example.com`, true],
    [Array.from({ length: 26 }, () => "abcdefghi").join("."), false], // 259 characters
  ];
  it.each(cases)("%j → %s", (name, ok) => {
    expect(invalidDnsName(name) === undefined).toBe(ok);
  });
});

describe("endpoint invariants (property)", () => {
  const ipv4 = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 12 })).map(([a, b]) => `10.0.${a}.${b}`);
  const ipv6 = fc.integer({ min: 1, max: 12 }).map((n) => `2001:db8::${n.toString(16)}`);
  const cluster = fc.record({
    region: fc.constantFrom("us", "eu", "ap"),
    zones: fc.uniqueArray(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 3 }),
    addresses: fc.array(fc.oneof(ipv4, ipv6), { maxLength: 3 }),
  });
  it("sorted names, one record per name and type, sorted unique targets, every address in the global name", () => {
    fc.assert(
      fc.property(fc.array(cluster, { maxLength: 5 }), fc.boolean(), (clusters, prefix) => {
        const input: DnsClusterAddresses[] = clusters.map((c, i) => ({
          cluster: `c${i}`,
          region: c.region,
          zones: c.zones.map((z) => `${c.region}-${z}`),
          addresses: c.addresses.map(at),
        }));
        const result = serviceEndpoints({ ...record, ...(prefix ? { dnsPrefix: "www" } : {}) }, input);
        expect(result.conflicts).toEqual([]);
        const keys = result.endpoints.map((e) => `${e.dnsName} ${e.recordType}`);
        expect(new Set(keys).size).toBe(keys.length);
        const names = result.endpoints.map((e) => e.dnsName);
        expect(names).toEqual([...names].sort());
        for (const e of result.endpoints) {
          expect(e.targets).toEqual([...new Set(e.targets)].sort());
          expect(invalidDnsName(e.dnsName)).toBeUndefined();
          // A CNAME never shares its name with an address record (KubeFed's "A wins").
          if (e.recordType === "CNAME") expect(result.endpoints.filter((x) => x.dnsName === e.dnsName)).toHaveLength(1);
        }
        const all = new Set(input.flatMap((c) => c.addresses.map((a) => a.address)));
        const global = new Set(result.endpoints.filter((e) => e.dnsName === globalName).flatMap((e) => e.targets));
        expect(global).toEqual(all);
      }),
      { seed: 20261126, numRuns: 200 },
    );
  });
});

// The DNSEndpoint CRD's openAPIV3Schema (externaldns.k8s.io/v1alpha1), restated as JSON Schema for
// the fields fedc writes: unknown fields are rejected here so a typo in fedc cannot slip through.
const DNS_ENDPOINT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "metadata"],
  properties: {
    apiVersion: { const: "externaldns.k8s.io/v1alpha1" },
    kind: { const: "DNSEndpoint" },
    metadata: {
      type: "object",
      required: ["name", "namespace"],
      properties: { name: { type: "string", minLength: 1 }, namespace: { type: "string", minLength: 1 }, labels: { type: "object", additionalProperties: { type: "string" } } },
    },
    spec: {
      type: "object",
      additionalProperties: false,
      properties: {
        endpoints: {
          type: "array",
          maxItems: 1000,
          items: {
            type: "object",
            additionalProperties: false,
            required: ["dnsName", "recordType"],
            properties: {
              dnsName: { type: "string", minLength: 1, maxLength: 254 },
              targets: { type: "array", maxItems: 1000, items: { type: "string", minLength: 1, maxLength: 4096 } },
              recordType: { enum: ["A", "AAAA", "CNAME", "DNAME", "MX", "NAPTR", "NS", "PTR", "SRV", "TLSA", "TXT"] },
              recordTTL: { type: "integer", minimum: 0, maximum: 2147483647 },
              setIdentifier: { type: "string", maxLength: 255 },
              labels: { type: "object", additionalProperties: { type: "string" } },
            },
          },
        },
      },
    },
  },
};

describe("emitted DNSEndpoints", () => {
  const validate = new Ajv({ allErrors: true }).compile(DNS_ENDPOINT_SCHEMA);
  const check = (where: string, text: string) => {
    for (const doc of parseAllDocuments(text)) {
      const object = doc.toJS() as JsonObject;
      if (object.kind !== "DNSEndpoint") continue;
      expect(validate(object) ? [] : validate.errors, where).toEqual([]);
      for (const e of ((object.spec as { endpoints?: DnsEndpoint[] }).endpoints ?? [])) {
        expect(invalidDnsName(e.dnsName), `${where}: ${e.dnsName}`).toBeUndefined();
        if (e.recordType === "A") for (const t of e.targets) expect(isIP(t), `${where}: A ${t}`).toBe(4);
        if (e.recordType === "AAAA") for (const t of e.targets) expect(isIP(t), `${where}: AAAA ${t}`).toBe(6);
        if (e.recordType === "CNAME") expect(e.targets, `${where}: CNAME ${e.dnsName}`).toHaveLength(1);
      }
    }
  };

  it("every dns-* golden fixture's DNSEndpoint is valid for the DNSEndpoint CRD", async () => {
    let seen = 0;
    for (const name of (await fixtureNames()).filter((n) => n.startsWith("dns-"))) {
      for (const [file, content] of await readExpected(name)) {
        if (!/dnsendpoint-[^/]*\.yaml$/.test(file)) continue;
        check(`${name}/${file}`, content);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(10);
  });

  it("examples/dns renders without warnings into _dns/, and its DNSEndpoints are valid", async () => {
    const result = await compile({ repo: path.join(ROOT, "examples/dns") });
    expect(result.diagnostics).toEqual([]);
    expect(result.dns?.directory).toBe(DNS_DIRECTORY);
    expect(result.dns?.records.map((r) => `${r.record.kind} ${r.record.namespace}/${r.record.name}`)).toEqual([
      "IngressDNSRecord shop/storefront",
      "ServiceDNSRecord shop/api",
    ]);
    const dnsFiles = result.files.filter((f) => f.path.startsWith(`${DNS_DIRECTORY}/`));
    // The records' Namespace comes with them: nothing else in _dns/ creates it.
    expect(dnsFiles.map((f) => f.path)).toEqual([
      "_dns/_cluster/namespace-shop.yaml",
      "_dns/kustomization.yaml",
      "_dns/shop/dnsendpoint-ingress-storefront.yaml",
      "_dns/shop/dnsendpoint-service-api.yaml",
    ]);
    expect(dnsFiles[1]!.content).toContain("- _cluster/namespace-shop.yaml\n- shop/dnsendpoint-ingress-storefront.yaml\n- shop/dnsendpoint-service-api.yaml\n");
    for (const f of dnsFiles.slice(2)) check(f.path, f.content);
    // eu-west-prod has no address yet: its names CNAME upwards; the others have A (and AAAA) records.
    const api = result.dns!.records.find((r) => r.record.kind === "ServiceDNSRecord")!;
    expect(api.clusters.map((c) => `${c.cluster}:${c.reason}`)).toEqual(["eu-west-prod:no-address", "us-east-prod:address", "us-west-prod:address"]);
    expect(api.endpoints.find((e) => e.dnsName === "api.shop.galactic.svc.eu-west-1.example.com")).toMatchObject({
      recordType: "CNAME",
      targets: ["api.shop.galactic.svc.example.com"],
    });
  });

  it("dns.cluster puts the DNSEndpoints into that cluster's directory and kustomization, not _dns/", async () => {
    const repo = path.join(FIXTURES, "dns-ingress-hosts", "input");
    const result = await compile({ repo });
    expect(result.dns?.directory).toBe("c1");
    expect(result.files.some((f) => f.path.startsWith(`${DNS_DIRECTORY}/`))).toBe(false);
    const c1 = result.clusters.find((c) => c.cluster === "c1")!;
    expect(c1.objects.filter((o) => o.member.object.kind === "DNSEndpoint").map((o) => o.file)).toEqual(["test/dnsendpoint-ingress-nginx.yaml"]);
    expect(result.dns?.objects.map((o) => o.file)).toEqual(["test/dnsendpoint-ingress-nginx.yaml"]);
  });

  it("--cluster renders no _dns/ directory (it is not a cluster), but still reports the DNS plan", async () => {
    const result = await compile({ repo: path.join(ROOT, "examples/dns"), clusters: ["us-east-prod"] });
    expect(result.ok).toBe(true);
    expect(result.files.some((f) => f.path.startsWith(`${DNS_DIRECTORY}/`))).toBe(false);
    expect(result.dns?.records).toHaveLength(2);
    expect(result.dns?.objects).toEqual([]);
  });
});
