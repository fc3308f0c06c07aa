// compiler/report: the diff model, Secret masking and the renderers, over in-memory repositories.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, MemoryFileSystem } from "../../compiler/index.js";
import { diffResults, maskSecretPair, MASKED, MASKED_AFTER, MASKED_BEFORE, renderMarkdown, renderText } from "../../compiler/report/index.js";
import { ROOT } from "../support/cli.js";

const CLUSTERS = `apiVersion: core.kubefed.io/v1beta1
kind: KubeFedCluster
metadata: {name: a, namespace: kube-federation-system}
spec: {apiEndpoint: https://a, secretRef: {name: a}}
---
apiVersion: core.kubefed.io/v1beta1
kind: KubeFedCluster
metadata: {name: b, namespace: kube-federation-system}
spec: {apiEndpoint: https://b, secretRef: {name: b}}
`;

const NAMESPACE = `apiVersion: types.kubefed.io/v1beta1
kind: FederatedNamespace
metadata: {name: ns, namespace: ns}
spec: {placement: {clusterSelector: {}}}
`;

function secret(data: Record<string, string>, stringData: Record<string, string> = {}): string {
  return `apiVersion: types.kubefed.io/v1beta1
kind: FederatedSecret
metadata: {name: creds, namespace: ns}
spec:
  template:
    type: Opaque
    data: ${JSON.stringify(data)}
    stringData: ${JSON.stringify(stringData)}
  placement: {clusterSelector: {}}
`;
}

async function diffOf(base: Record<string, string>, head: Record<string, string>) {
  const [b, h] = await Promise.all([compile({ repo: new MemoryFileSystem(base) }), compile({ repo: new MemoryFileSystem(head) })]);
  expect(b.ok && h.ok, [...b.diagnostics, ...h.diagnostics].map((d) => d.message).join("\n")).toBe(true);
  return diffResults(b, h, { base: "base", head: "head" });
}

describe("Secret masking", () => {
  it.each([
    ["an unchanged value is masked the same on both sides", { K: "x" }, { K: "x" }, { K: MASKED }, { K: MASKED }],
    ["a changed value says so and nothing else", { K: "x" }, { K: "y" }, { K: MASKED_BEFORE }, { K: MASKED_AFTER }],
    ["an added or removed key is a plain mask (the line itself is the change)", { OLD: "x" }, { NEW: "y" }, { OLD: MASKED }, { NEW: MASKED }],
  ])("%s", (_name, before, after, maskedBefore, maskedAfter) => {
    const obj = (data: Record<string, string>) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data });
    const masked = maskSecretPair(obj(before), obj(after));
    expect(masked.before!.data).toEqual(maskedBefore);
    expect(masked.after!.data).toEqual(maskedAfter);
  });

  it("masks stringData, a data field that is not a map, and kubectl's last-applied annotation; leaves other kinds alone", () => {
    const s = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"data":{"K":"eA=="}}', team: "x" } },
      data: "oops",
      stringData: { P: "pw" },
    };
    const { after } = maskSecretPair(undefined, s);
    expect(after).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", annotations: { "kubectl.kubernetes.io/last-applied-configuration": MASKED, team: "x" } },
      data: MASKED,
      stringData: { P: MASKED },
    });
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { K: "visible" } };
    expect(maskSecretPair(cm, cm)).toEqual({ before: cm, after: cm });
  });

  it("no Secret value ever reaches a report, whatever the values", async () => {
    // Secret data is base64 (fedc checks it); stringData is plain text.
    const value = fc.stringMatching(/^[A-Za-z0-9]{12,40}$/).map((s) => Buffer.from(`secret:${s}`).toString("base64"));
    await fc.assert(
      fc.asyncProperty(value, value, value, async (v1, v2, v3) => {
        const diff = await diffOf(
          { "c.yaml": CLUSTERS, "ns.yaml": NAMESPACE, "s.yaml": secret({ K: v1 }, { P: v3 }) },
          { "c.yaml": CLUSTERS, "ns.yaml": NAMESPACE, "s.yaml": secret({ K: v2, NEW: v3 }, { P: v1 }) },
        );
        const reports = renderText(diff) + renderMarkdown(diff) + renderMarkdown(diff, { limit: 2000 }) + JSON.stringify(diff);
        for (const v of [v1, v2, v3]) expect(reports).not.toContain(v);
      }),
      { numRuns: 15 },
    );
  });
});

describe("diff model", () => {
  it("a changed Secret is reported as changed in every cluster, with keys visible and values masked", async () => {
    const diff = await diffOf(
      { "c.yaml": CLUSTERS, "ns.yaml": NAMESPACE, "s.yaml": secret({ K: "YQ==", SAME: "Yw==" }) },
      { "c.yaml": CLUSTERS, "ns.yaml": NAMESPACE, "s.yaml": secret({ K: "Yg==", SAME: "Yw==" }) },
    );
    expect(diff.changedClusters).toEqual(["a", "b"]);
    const patch = diff.clusters[0]!.changed[0]!.patch;
    expect(patch).toContain(`-  K: "${MASKED_BEFORE}"\n+  K: "${MASKED_AFTER}"\n`);
    expect(patch).toContain(`   SAME: "${MASKED}"`);
    expect(patch.startsWith("--- a/rendered/a/ns/secret-creds.yaml\n+++ b/rendered/a/ns/secret-creds.yaml\n@@ ")).toBe(true);
  });

  it("a cluster that leaves the registry is reported removed, with everything it had", async () => {
    const oneCluster = CLUSTERS.split("---\n")[0]!;
    const diff = await diffOf({ "c.yaml": CLUSTERS, "ns.yaml": NAMESPACE }, { "c.yaml": oneCluster, "ns.yaml": NAMESPACE });
    expect(diff.changedClusters).toEqual(["b"]);
    expect(diff.totals).toMatchObject({ removed: 1, clustersRemoved: 1, clustersAdded: 0 });
    expect(renderText(diff)).toContain("cluster b (cluster removed): 1 removed\n  - Namespace ns\n");
    expect(renderText(diff)).toContain("unchanged: a\n");
  });

  it("covers the _dns directory, which is no cluster but is synced all the same", async () => {
    const dir = path.join(ROOT, "examples/dns");
    const files: Record<string, string> = {};
    for (const f of await readdir(dir)) if (f.endsWith(".yaml")) files[f] = await readFile(path.join(dir, f), "utf8");
    const head = { ...files, "dns.yaml": files["dns.yaml"]!.replace("198.51.100.20", "198.51.100.21") };
    const diff = await diffOf(files, head);
    expect(diff.changedClusters).toEqual(["_dns"]);
    expect(diff.clusters.find((c) => c.cluster === "_dns")!.changed.map((c) => c.label)).toEqual(["DNSEndpoint shop/service-api"]);
    expect(diff.clusters.find((c) => c.cluster === "_dns")!.changed[0]!.patch).toContain('-    - "198.51.100.20"\n+    - "198.51.100.21"\n');
  });

  it("reports identical renders as unchanged, and renders the same bytes every time", async () => {
    const repo = { "c.yaml": CLUSTERS, "ns.yaml": NAMESPACE };
    const diff = await diffOf(repo, repo);
    expect(diff.changedClusters).toEqual([]);
    expect(renderText(diff)).toBe("fedc diff: base → head\nno changes in 2 clusters\n");
    expect(renderMarkdown(diff)).toBe("### fedc diff\n\n`base` → `head`\n\nNo changes in 2 clusters.\n");
  });
});

describe("markdown trimming", () => {
  it("fits a limit counted in bytes, with multi-byte text, and says what it left out", async () => {
    const data = (v: string) => Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`K${i}`, `${v}-ü-€-${i}`]));
    const cm = (v: string) => `apiVersion: types.kubefed.io/v1beta1
kind: FederatedConfigMap
metadata: {name: cm, namespace: ns}
spec:
  template: {data: ${JSON.stringify(data(v))}}
  placement: {clusterSelector: {}}
`;
    const diff = await diffOf({ "c.yaml": CLUSTERS, "ns.yaml": NAMESPACE, "cm.yaml": cm("x") }, { "c.yaml": CLUSTERS, "ns.yaml": NAMESPACE, "cm.yaml": cm("y") });
    const full = renderMarkdown(diff);
    expect(Buffer.byteLength(full)).toBeGreaterThan(20_000);
    for (const limit of [20_000, 5_000, 1_500]) {
      const md = renderMarkdown(diff, { limit, measure: (s) => Buffer.byteLength(s), limitName: "the test limit", fullReport: "the log" });
      expect(Buffer.byteLength(md)).toBeLessThanOrEqual(limit);
      expect(md).toContain("> This report is trimmed to fit the test limit:");
      expect(md).toContain("The full report is in the log.");
      expect(md).toContain("| `a` | 0 | 1 | 0 |  |");
    }
    expect(renderMarkdown(diff, { limit: Buffer.byteLength(full), measure: (s) => Buffer.byteLength(s) })).toBe(full);
  });
});

describe("layering", () => {
  it("only compiler/load runs git; compiler/report reads nothing and imports no entry point", async () => {
    const violations: string[] = [];
    const walk = async (dir: string): Promise<string[]> =>
      (await readdir(dir, { withFileTypes: true })).flatMap((e) => (e.isDirectory() ? [] : [path.join(dir, e.name)])).concat(
        ...(await Promise.all((await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => walk(path.join(dir, e.name))))),
      );
    for (const file of await walk(path.join(ROOT, "compiler"))) {
      const rel = path.relative(ROOT, file);
      const text = await readFile(file, "utf8");
      if ((/from "simple-git"/.test(text) || /\b(spawn|execFile|exec)\w*\(\s*"git"/.test(text)) && !rel.startsWith("compiler/load/")) violations.push(`${rel} runs git`);
      if (rel.startsWith("compiler/report/")) {
        if (/from "node:/.test(text)) violations.push(`${rel} imports a Node built-in`);
        for (const m of text.matchAll(/from "\.\.\/([^/"]+)/g)) if (["cli", "action", "load"].includes(m[1]!)) violations.push(`${rel} imports ${m[1]}/`);
      }
    }
    expect(violations).toEqual([]);
  });
});
