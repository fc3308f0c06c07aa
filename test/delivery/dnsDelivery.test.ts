// DNS through every documented delivery path: the "_dns" directory (no dns.cluster) is rendered by
// the Argo CD plugin's command like a cluster (`--stdout --cluster _dns`), and wherever the
// DNSEndpoints go, their Namespace goes too, once.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { copyToTemp, fedc, ROOT } from "../support/cli.js";

const DNS_EXAMPLE = path.join(ROOT, "examples/dns");

function kinds(stream: string): string[] {
  return parseAllDocuments(stream).map((d) => {
    const o = d.toJS() as { kind: string; metadata: { name: string; namespace?: string } };
    return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
  });
}

describe("DNS delivery", () => {
  it("--stdout --cluster _dns prints the _dns directory: the records' Namespace first, then the DNSEndpoints", async () => {
    const repo = await copyToTemp(DNS_EXAMPLE);
    const res = await fedc(["render", repo, "--stdout", "--cluster", "_dns"]);
    expect(res.stderr).not.toMatch(/error/);
    expect(res.code).toBe(0);
    expect(kinds(res.stdout)).toEqual(["Namespace shop", "DNSEndpoint shop/ingress-storefront", "DNSEndpoint shop/service-api"]);
  });

  it("the Argo CD plugin environment can name _dns", async () => {
    const repo = await copyToTemp(DNS_EXAMPLE);
    const res = await fedc(["render", repo, "--stdout"], { ARGOCD_ENV_FEDC_CLUSTER: "_dns" });
    expect(res.code).toBe(0);
    expect(kinds(res.stdout)).toContain("DNSEndpoint shop/service-api");
  });

  it("a full render writes _dns/ with the Namespace in its kustomization", async () => {
    const repo = await copyToTemp(DNS_EXAMPLE);
    expect((await fedc(["render", repo])).code).toBe(0);
    const kustomization = await readFile(path.join(repo, "rendered/_dns/kustomization.yaml"), "utf8");
    expect(kustomization).toContain("- _cluster/namespace-shop.yaml");
  });

  it("with dns.cluster, _dns is no directory: asking for it says where the records are", async () => {
    const repo = await copyToTemp(DNS_EXAMPLE);
    await writeFile(path.join(repo, "fedc.yaml"), (await readFile(path.join(repo, "fedc.yaml"), "utf8")).replace("# dns: {cluster: us-east-prod}", "dns: {cluster: us-east-prod}"));
    const res = await fedc(["render", repo, "--stdout", "--cluster", "_dns"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('there is no _dns directory: fedc.yaml dns.cluster puts the DNSEndpoints into cluster "us-east-prod"; ask for --cluster us-east-prod');
  });

  it("dns.cluster gets the records' Namespace when nothing else places it there, and only then", async () => {
    const repo = await copyToTemp(DNS_EXAMPLE);
    await writeFile(path.join(repo, "fedc.yaml"), (await readFile(path.join(repo, "fedc.yaml"), "utf8")).replace("# dns: {cluster: us-east-prod}", "dns: {cluster: us-east-prod}"));
    const placed = kinds((await fedc(["render", repo, "--stdout", "--cluster", "us-east-prod"])).stdout);
    expect(placed.filter((k) => k === "Namespace shop")).toHaveLength(1);
    expect(placed).toContain("DNSEndpoint shop/service-api");
    // The shop namespace (and so everything in it) leaves us-east-prod; the records stay, with their Namespace.
    const shop = path.join(repo, "shop.yaml");
    await writeFile(shop, (await readFile(shop, "utf8")).replace("    clusterSelector: {}\n", "    clusters: [{name: us-west-prod}, {name: eu-west-prod}]\n"));
    const res = await fedc(["render", repo, "--stdout", "--cluster", "us-east-prod"]);
    expect(res.code).toBe(0);
    expect(kinds(res.stdout)).toEqual(["Namespace shop", "DNSEndpoint shop/ingress-storefront", "DNSEndpoint shop/service-api"]);
  });
});
