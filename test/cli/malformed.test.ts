// Every kind of malformed input: the right located error, exit 1, and the previous output untouched.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { copyToTemp, fedc, ROOT } from "../support/cli.js";
import { listTree } from "../support/golden.js";

const QUICKSTART = path.join(ROOT, "examples/quickstart");

async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const f of await listTree(dir)) files.set(f, await readFile(path.join(dir, f), "utf8"));
  return files;
}

const CLUSTER = (name: string) =>
  `apiVersion: core.kubefed.io/v1beta1\nkind: KubeFedCluster\nmetadata: {name: ${name}}\nspec: {apiEndpoint: https://x, secretRef: {name: x}}\n`;

const cases: [string, string, string, RegExp][] = [
  ["bad YAML", "broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n", /^broken\.yaml:\d+:\d+: error YAML_SYNTAX: /m],
  [
    "a schema violation",
    "typo.yaml",
    "apiVersion: types.kubefed.io/v1beta1\nkind: FederatedSecret\nmetadata: {name: s, namespace: shop}\nspec:\n  retainReplicas: yes-please\n",
    /^typo\.yaml:5:19: error SCHEMA_VIOLATION: FederatedSecret spec\.retainReplicas must be a boolean/m,
  ],
  [
    "an override of an identity path",
    "override.yaml",
    "apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap\nmetadata: {name: c, namespace: shop}\nspec:\n  placement: {clusterSelector: {}}\n  overrides:\n  - clusterName: eu-west-prod\n    clusterOverrides:\n    - path: /metadata/name\n      value: other\n",
    /^override\.yaml:9:13: error OVERRIDE_PATH_INVALID: override for cluster "eu-west-prod" has an invalid path \/metadata\/name/m,
  ],
  [
    "an override that does not apply",
    "override.yaml",
    "apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap\nmetadata: {name: c, namespace: shop}\nspec:\n  template: {data: {a: b}}\n  placement: {clusterSelector: {}}\n  overrides:\n  - clusterName: us-east-prod\n    clusterOverrides:\n    - op: remove\n      path: /data/missing\n",
    /^override\.yaml:11:13: error OVERRIDE_FAILED: override does not apply in cluster "us-east-prod": .*nonexistent key/m,
  ],
  ["a duplicate cluster name", "more-clusters.yaml", CLUSTER("eu-west-prod"), /^more-clusters\.yaml:3:18: error DUPLICATE_CLUSTER: cluster "eu-west-prod" is declared more than once/m],
  [
    "an invalid selector operator",
    "selector.yaml",
    "apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap\nmetadata: {name: c, namespace: shop}\nspec:\n  placement:\n    clusterSelector:\n      matchExpressions:\n      - {key: env, operator: Equals, values: [prod]}\n",
    /^selector\.yaml:8:30: error INVALID_SELECTOR: "Equals" is not a valid label selector operator/m,
  ],
];

describe("malformed input", () => {
  it.each(cases)("%s: located error, exit 1, output untouched", async (_name, file, text, expected) => {
    const repo = await copyToTemp(QUICKSTART);
    expect((await fedc(["render", repo])).code).toBe(0);
    const before = await snapshot(path.join(repo, "rendered"));
    await writeFile(path.join(repo, file), text);
    const res = await fedc(["render", repo]);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(expected);
    expect(res.stderr).toMatch(/nothing was written\n$/);
    expect(await snapshot(path.join(repo, "rendered"))).toEqual(before);
  });

  it("reports errors from several files at once, sorted by file and position", async () => {
    const repo = await copyToTemp(QUICKSTART);
    await writeFile(path.join(repo, "b.yaml"), CLUSTER("eu-west-prod"));
    await writeFile(path.join(repo, "a.yaml"), "apiVersion: v1\n");
    await writeFile(path.join(repo, "c.yaml"), "kind: ConfigMap\n");
    const res = await fedc(["render", repo]);
    const lines = res.stderr.split("\n").filter((l) => / error /.test(l));
    expect(lines.map((l) => l.split(":")[0])).toEqual(["a.yaml", "c.yaml"]);
  });
});
