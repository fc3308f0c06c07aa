// Names from the repository become directory and file names (<cluster>/<namespace>/<kind>-<name>.yaml).
// A name with '/', '..', NUL or anything else a path cannot hold must be rejected, at its position,
// before it reaches a path: in every dialect and for every name that ends up in one.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeOutputTree } from "../../compiler/cli/outputTree.js";
import { fedc } from "../support/cli.js";
import { CLUSTERS, compileFiles, diskRepo, errorsOf, snapshot, tempDir, writeFiles } from "./repo.js";

const BAD = ["a/b", "..", "../../etc", "a\u0000b", "a\\b", "/abs"];

/** YAML for a double-quoted string holding `s` exactly (NUL and backslash escaped). */
const q = (s: string) => JSON.stringify(s);

const PROPAGATION = `---
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: everything}
spec:
  resourceSelectors: [{apiVersion: example.com/v1, kind: Thing}, {apiVersion: v1, kind: ConfigMap}, {apiVersion: "x/v1", kind: Thing}]
  placement: {clusterAffinity: {clusterNames: [c1, c2]}}
`;

/** Where a name goes, per dialect: the input, and the diagnostic code that must reject the bad name. */
const PLACES: [string, (bad: string) => string, string][] = [
  ["KubeFedCluster name", (b) => `apiVersion: core.kubefed.io/v1beta1\nkind: KubeFedCluster\nmetadata: {name: ${q(b)}, namespace: kube-federation-system}\nspec: {apiEndpoint: "https://x", secretRef: {name: x}}\n`, "INVALID_NAME"],
  ["Karmada Cluster name", (b) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${q(b)}}\nspec: {syncMode: Push}\n`, "INVALID_NAME"],
  ["KubeFed federated object name", (b) => `apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap\nmetadata: {name: ${q(b)}, namespace: ns}\nspec: {placement: {clusterSelector: {}}}\n`, "INVALID_NAME"],
  ["KubeFed federated object namespace", (b) => `apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap\nmetadata: {name: x, namespace: ${q(b)}}\nspec: {placement: {clusterSelector: {}}}\n`, "INVALID_NAME"],
  ["FederatedNamespace name", (b) => `apiVersion: types.kubefed.io/v1beta1\nkind: FederatedNamespace\nmetadata: {name: ${q(b)}, namespace: ${q(b)}}\nspec: {placement: {clusterSelector: {}}}\n`, "INVALID_NAME"],
  ["FederatedTypeConfig target kind", (b) => ftc(b, "example.com"), "INVALID_TYPE_CONFIG"],
  ["Karmada plain manifest name", (b) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${q(b)}, namespace: ns}\n${PROPAGATION}`, "INVALID_NAME"],
  ["Karmada plain manifest namespace", (b) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: ${q(b)}}\n${PROPAGATION}`, "INVALID_NAME"],
  ["Karmada plain manifest kind", (b) => `apiVersion: example.com/v1\nkind: ${q(b)}\nmetadata: {name: x}\n${PROPAGATION.replace("kind: Thing}", `kind: ${q(b)}}`)}`, "INVALID_NAME"],
  ["federation-v1 manifest name", (b) => v1Thing("example.com/v1", "Thing", b, "ns"), "INVALID_NAME"],
  ["federation-v1 manifest namespace", (b) => v1Thing("example.com/v1", "Thing", "x", b), "INVALID_NAME"],
  ["federation-v1 manifest kind", (b) => v1Thing("example.com/v1", b, "x", "ns"), "INVALID_NAME"],
  ["federation-v1 manifest API group", (b) => v1Thing(`${b}/v1`, "Thing", "x", "ns"), "INVALID_NAME"],
  ["ServiceDNSRecord name", (b) => dnsRecord(b, "ns"), "INVALID_NAME"],
  ["ServiceDNSRecord namespace", (b) => dnsRecord("x", b), "INVALID_NAME"],
];

function ftc(kind: string, group: string): string {
  return `apiVersion: core.kubefed.io/v1beta1
kind: FederatedTypeConfig
metadata: {name: things.${group}}
spec:
  targetType: {group: ${group}, version: v1, kind: ${q(kind)}, pluralName: things, scope: Namespaced}
  federatedType: {group: types.kubefed.io, version: v1beta1, kind: FederatedThing, pluralName: federatedthings, scope: Namespaced}
  propagation: Enabled
---
apiVersion: types.kubefed.io/v1beta1
kind: FederatedThing
metadata: {name: x, namespace: ns}
spec: {template: {}, placement: {clusterSelector: {}}}
`;
}

function v1Thing(apiVersion: string, kind: string, name: string, namespace: string): string {
  return `apiVersion: ${q(apiVersion)}
kind: ${q(kind)}
metadata:
  name: ${q(name)}
  namespace: ${q(namespace)}
  annotations: {federation.alpha.kubernetes.io/cluster-selector: '[]'}
`;
}

function dnsRecord(name: string, namespace: string): string {
  return `apiVersion: multiclusterdns.kubefed.io/v1alpha1
kind: Domain
metadata: {name: example, namespace: kube-federation-system}
domain: example.com
---
apiVersion: multiclusterdns.kubefed.io/v1alpha1
kind: ServiceDNSRecord
metadata: {name: ${q(name)}, namespace: ${q(namespace)}}
spec: {domainRef: example}
`;
}

describe("names that cannot be paths", () => {
  for (const [place, input, code] of PLACES) {
    it.each(BAD.map((b) => [b]))(`${place} %j is rejected at its position, before any path is built`, async (bad) => {
      const result = await compileFiles({ "input.yaml": input(bad) });
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => d.code), errorsOf(result).join("\n")).toContain(code);
      // Every error is located in the input, and nothing at all is emitted.
      for (const d of errors) expect(d.span?.file, `${d.code}: ${d.message}`).toMatch(/^(input|clusters)\.yaml$/);
      expect(result.ok).toBe(false);
      expect(result.files).toEqual([]);
    });
  }

  it("a valid name in every one of those places renders (the table above tests the names, not the inputs)", async () => {
    for (const [place, input] of PLACES) {
      const result = await compileFiles({ "input.yaml": input("good") });
      const bad = result.diagnostics.filter((d) => d.code === "INVALID_NAME" || d.code === "INVALID_TYPE_CONFIG");
      expect(bad, place).toEqual([]);
    }
  });

  it("a cluster named like fedc's plan file, or a namespace named like kustomization.yaml, is an error, not a half-written tree", async () => {
    const planCluster = CLUSTERS.replace("name: c2,", "name: fedc-plan.json,");
    const repo = await tempDir();
    await writeFiles(repo, { "clusters.yaml": planCluster });
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^clusters\.yaml:\d+:\d+: error OUTPUT_PATH_CONFLICT: fedc-plan\.json would be both a file and the directory of fedc-plan\.json\/kustomization\.yaml/m);
    expect(await snapshot(path.join(repo, "rendered"))).toEqual({});

    const layout = await diskRepo({
      "fedc.yaml": "apiVersion: fedc.io/v1alpha1\nkind: Config\nlayout: namespace\n",
      "cm.yaml": `apiVersion: types.kubefed.io/v1beta1
kind: FederatedNamespace
metadata: {name: kustomization, namespace: kustomization}
spec: {placement: {clusterSelector: {}}}
---
apiVersion: types.kubefed.io/v1beta1
kind: FederatedConfigMap
metadata: {name: x, namespace: kustomization}
spec: {template: {data: {a: b}}, placement: {clusterSelector: {}}}
`,
    });
    const res2 = await fedc(["render", layout]);
    expect(res2.code).toBe(1);
    expect(res2.stderr).toMatch(/^cm\.yaml:\d+:\d+: error OUTPUT_PATH_CONFLICT: two outputs would be written to c1\/kustomization\.yaml/m);
    expect(await snapshot(path.join(layout, "rendered"))).toEqual({});
  });

  it.each([["../escape.yaml"], ["/abs.yaml"], ["c1/../../x.yaml"], ["c1\\..\\x.yaml"], ["c1/a\u0000.yaml"], [".fedc-output"], ["c1//x.yaml"]])(
    "the writer itself refuses an output path %j (defence in depth)",
    async (bad) => {
      const repo = await tempDir();
      const result = await writeOutputTree(repo, "rendered", [{ path: "c1/ok.yaml", content: "a: 1\n" }, { path: bad, content: "pwned\n" }]);
      expect(result).toMatchObject({ code: "OUTPUT_UNSAFE" });
      expect(await snapshot(repo)).toEqual({});
    },
  );
});
