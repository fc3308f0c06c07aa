import { readFile, realpath, rm, writeFile, mkdir, appendFile } from "node:fs/promises";
import { lockPath } from "../../compiler/cli/outputTree.js";
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

describe("fedc render", () => {
  it("renders every cluster, and a second render changes nothing", async () => {
    const repo = await copyToTemp(QUICKSTART);
    const first = await fedc(["render", repo]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/rendered 25 objects for 3 clusters into rendered\/ \(29 written, 0 removed, 0 unchanged\)/);
    const before = await snapshot(path.join(repo, "rendered"));
    expect([...before.keys()]).toContain("us-east-staging/shop/deployment-storefront.yaml");
    const second = await fedc(["render", repo]);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/\(0 written, 0 removed, 29 unchanged\)/);
    expect(await snapshot(path.join(repo, "rendered"))).toEqual(before);
  });

  it("reports every error with file:line:col, exits 1 and leaves the previous output untouched", async () => {
    const repo = await copyToTemp(QUICKSTART);
    expect((await fedc(["render", repo])).code).toBe(0);
    const before = await snapshot(path.join(repo, "rendered"));
    await appendFile(path.join(repo, "federation/config.yaml"), "---\napiVersion: v1\n  kind: [broken\n");
    await writeFile(path.join(repo, "federation/extra.yaml"), "apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap\nmetadata: {name: x, namespace: shop}\nspec:\n  placment: {}\n");
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^federation\/config\.yaml:\d+:\d+: error YAML_SYNTAX: /m);
    expect(res.stderr).toMatch(/^federation\/extra\.yaml:5:3: error UNKNOWN_FIELD: FederatedConfigMap has no field spec\.placment; did you mean "placement"\?/m);
    expect(res.stderr).toMatch(/2 errors; nothing was written/);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await snapshot(path.join(repo, "rendered"))).toEqual(before);
  });

  it("removes files of resources that are gone, and empty directories", async () => {
    const repo = await copyToTemp(QUICKSTART);
    await fedc(["render", repo]);
    await rm(path.join(repo, "federation/rbac.yaml"));
    const res = await fedc(["render", repo]);
    expect(res.code, res.stderr).toBe(0);
    const files = [...(await snapshot(path.join(repo, "rendered"))).keys()];
    expect(files.some((f) => f.includes("clusterrole-shop-reader"))).toBe(false);
    expect(files.some((f) => f.includes("serviceaccount-storefront"))).toBe(false);
    expect(res.stderr).toMatch(/6 removed/);
  });

  it("--check exits 1 and names the files when the committed output is stale", async () => {
    const repo = await copyToTemp(QUICKSTART);
    await fedc(["render", repo]);
    expect((await fedc(["render", repo, "--check"])).code).toBe(0);
    const file = path.join(repo, "rendered/eu-west-prod/shop/configmap-storefront-config.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace("EUR", "GBP"));
    await writeFile(path.join(repo, "rendered/eu-west-prod/shop/stray.yaml"), "x: 1\n");
    const res = await fedc(["render", repo, "--check"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("error OUTPUT_STALE: rendered/ is out of date (2 files)");
    expect(res.stderr).toContain("note: changed: eu-west-prod/shop/configmap-storefront-config.yaml");
    expect(res.stderr).toContain("note: removed: eu-west-prod/shop/stray.yaml");
    // --check never writes.
    expect(await readFile(file, "utf8")).toContain("GBP");
  });

  it("refuses to write into a directory it did not create", async () => {
    const repo = await copyToTemp(QUICKSTART);
    await mkdir(path.join(repo, "rendered"));
    await writeFile(path.join(repo, "rendered/notes.txt"), "mine");
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("error OUTPUT_NOT_OWNED: rendered/ exists and was not created by fedc");
    expect(await readFile(path.join(repo, "rendered/notes.txt"), "utf8")).toBe("mine");
  });

  it.each([[".."], ["."], ["a/../.."]])("refuses --out %s run in the repository (it is or contains the repository)", async (out) => {
    const repo = await copyToTemp(QUICKSTART);
    const res = await fedc(["render", repo, "--out", out], {}, { cwd: repo });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("error OUTPUT_UNSAFE");
  });

  it("completes an interrupted render and says so", async () => {
    const repo = await copyToTemp(QUICKSTART);
    await fedc(["render", repo]);
    await writeFile(path.join(repo, "rendered/.fedc-output"), '{"generator":"fedc","complete":false}\n');
    await rm(path.join(repo, "rendered/us-east-prod/kustomization.yaml"));
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain("warning OUTPUT_REPAIRED");
    expect(res.stderr).toMatch(/\(1 written/);
    expect(await readFile(path.join(repo, "rendered/.fedc-output"), "utf8")).toContain('"complete":true');
  });

  it("fails cleanly while another render holds the output", async () => {
    const repo = await copyToTemp(QUICKSTART);
    await fedc(["render", repo]);
    await writeFile(lockPath(await realpath(path.join(repo, "rendered"))), String(process.ppid));
    try {
      const res = await fedc(["render", repo]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain("error OUTPUT_LOCKED");
    } finally {
      await rm(lockPath(await realpath(path.join(repo, "rendered"))));
    }
  });

  it("--stdout prints one cluster as a YAML stream and writes nothing", async () => {
    const repo = await copyToTemp(QUICKSTART);
    const res = await fedc(["render", repo, "--stdout", "--cluster", "us-east-staging"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.startsWith("apiVersion: v1\nkind: Namespace\n")).toBe(true);
    expect(res.stdout.split(/^---$/m)).toHaveLength(7);
    expect(res.stdout).toContain("image: registry.example.com/storefront:1.5.0-rc.1");
    expect(await listTree(path.join(repo, "rendered"))).toEqual([]);
  });

  it("--stdout takes the cluster from Argo CD's environment", async () => {
    const repo = await copyToTemp(QUICKSTART);
    const res = await fedc(["render", repo, "--stdout"], { ARGOCD_ENV_FEDC_CLUSTER: "eu-west-prod" });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("kind: Ingress");
  });

  it("an unknown --cluster is an error listing the registered clusters", async () => {
    const res = await fedc(["render", QUICKSTART, "--stdout", "--cluster", "mars"]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toContain('error UNKNOWN_CLUSTER_ARGUMENT: cluster "mars" is not registered in this repository; registered clusters: eu-west-prod, us-east-prod, us-east-staging');
  });

  it.each([
    [["render", "--format", "xml"], "--format must be text, json or github"],
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["render", "--stdout"], "--stdout needs exactly one --cluster"],
    [["render", "--nope"], "Unknown option '--nope'"],
  ])("usage error %j exits 2", async (args, message) => {
    const res = await fedc(args);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(message);
  });

  it("prints GitHub annotations and JSON diagnostics", async () => {
    const repo = await copyToTemp(QUICKSTART);
    await writeFile(path.join(repo, "federation/bad.yaml"), "apiVersion: v1\n");
    const gh = await fedc(["render", repo, "--format", "github"]);
    expect(gh.code).toBe(1);
    expect(gh.stderr).toContain("::error file=federation/bad.yaml,line=1,col=1,title=fedc INCOMPLETE_OBJECT::");
    const js = await fedc(["validate", repo, "--format", "json"]);
    const parsed = JSON.parse(js.stdout) as { code: string; file: string; line: number }[];
    expect(parsed[0]).toMatchObject({ code: "INCOMPLETE_OBJECT", file: "federation/bad.yaml", line: 1 });
  });
});

describe("fedc render --cluster", () => {
  // Argo CD renders one cluster per app: an override that cannot apply in another cluster fails that
  // cluster's app and the full render (render --check, the Action), not every app.
  it("applies overrides for the clusters asked for only; checks of every override stay", async () => {
    const repo = await copyToTemp(path.join(ROOT, "fixtures/kubefed-errors-overrides/input"));
    await rm(path.join(repo, "validation.yaml")); // cluster-independent override errors: tested below
    const all = await fedc(["render", repo]);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/error OVERRIDE_FAILED: override does not apply in cluster "alpha"/);
    expect(all.stderr).toMatch(/error OVERRIDE_FAILED: override does not apply in cluster "beta"/);
    const beta = await fedc(["render", repo, "--stdout", "--cluster", "beta"]);
    expect(beta.code).toBe(1);
    expect(beta.stderr).not.toMatch(/cluster "alpha"/);
    expect(beta.stderr).toMatch(/error OVERRIDE_FAILED: override does not apply in cluster "beta"/);
    const gamma = await fedc(["render", repo, "--stdout", "--cluster", "gamma"]);
    expect(gamma.code, gamma.stderr).toBe(0);
    expect(gamma.stdout).toMatch(/^kind: ConfigMap$/m);

    // What an override is wrong about whatever the cluster is still an error for every cluster.
    await writeFile(path.join(repo, "validation.yaml"), await readFile(path.join(ROOT, "fixtures/kubefed-errors-overrides/input/validation.yaml"), "utf8"));
    const checked = await fedc(["render", repo, "--stdout", "--cluster", "gamma"]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/error OVERRIDE_DUPLICATE_CLUSTER: cluster "alpha" appears more than once/);
  });
});
