// `fedc diff` on real git repositories: two commits of a fleet, compared as a reviewer would.
import { createHash } from "node:crypto";
import { appendFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fedc } from "../support/cli.js";
import { changeQuickstart, commitAll, edit, git, quickstartRepo } from "./gitRepo.js";

const SECRET_VALUES = ["replace-me-with-a-sealed-secret", "s3cr3t-value-after"];

async function indexHash(dir: string): Promise<string> {
  return createHash("sha256").update(await readFile(path.join(dir, ".git/index"))).digest("hex");
}

describe("fedc diff", () => {
  it("reports a Secret change masked, a replica move, a removed resource and an added cluster between two commits", async () => {
    const { dir } = await quickstartRepo();
    await changeQuickstart(dir);
    await commitAll(dir, "change the fleet");
    const res = await fedc(["diff", dir, "--base", "HEAD~1"]);
    expect(res.code, res.stderr).toBe(0);
    const out = res.stdout;
    expect(out).toMatch(/^fedc diff: HEAD~1 \([0-9a-f]{7}\) → working tree\n/);
    expect(out).toContain("resources: 8 added, 4 changed, 3 removed; 2 replica moves; clusters: 1 added");
    // The new cluster gets everything a prod cluster gets (less the removed ClusterRole), replicas included.
    expect(out).toContain("cluster ap-south-prod (new cluster): 8 added, 1 replica move");
    expect(out).toContain("  replicas Deployment shop/storefront: 0 → 5 (added)");
    // eu-west-prod runs the template's replicas, which move from 3 to 5; the others override them.
    expect(out).toContain("cluster eu-west-prod: 2 changed, 1 removed, 1 replica move\n  replicas Deployment shop/storefront: 3 → 5\n");
    expect(out).toContain("-  replicas: 3\n    +  replicas: 5\n");
    for (const cluster of ["eu-west-prod", "us-east-prod", "us-east-staging"]) {
      expect(out).toMatch(new RegExp(`cluster ${cluster}: [^\\n]*\\n(?:  [^\\n]*\\n)*?  - ClusterRole shop-reader\\n`));
    }
    // The Secret's value changed: the diff says so, and shows neither value.
    expect(out).toContain('    -  PAYMENT_API_KEY: "******** (before)"\n    +  PAYMENT_API_KEY: "******** (after)"\n');
    expect(out).toContain("--- a/rendered/us-east-prod/shop/secret-storefront-credentials.yaml\n");
    for (const v of SECRET_VALUES) expect(out + res.stderr).not.toContain(v);

    const md = await fedc(["diff", dir, "--base", "HEAD~1", "--format", "markdown"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("| `ap-south-prod` (new cluster) | 8 | 0 | 0 | Deployment shop/storefront: 0 → 5 (added) |");
    expect(md.stdout).toContain("<details><summary><code>eu-west-prod</code>: 2 changed, 1 removed, 1 replica move</summary>");
    expect(md.stdout.match(/<details>/g)).toHaveLength(4);
    expect(md.stdout).toContain('-  PAYMENT_API_KEY: "******** (before)"');
    for (const v of SECRET_VALUES) expect(md.stdout).not.toContain(v);
  });

  it("never touches the working tree or the index, and sees uncommitted changes as the head", async () => {
    const { dir } = await quickstartRepo();
    await edit(path.join(dir, "federation/storefront.yaml"), "      replicas: 3\n", "      replicas: 4\n");
    await git(dir, "add", "federation/storefront.yaml"); // staged
    await edit(path.join(dir, "federation/config.yaml"), "LOG_LEVEL: info", "LOG_LEVEL: warn"); // not staged
    const status = await git(dir, "status", "--porcelain=v2", "--untracked-files=all");
    const index = await indexHash(dir);
    const head = await git(dir, "rev-parse", "HEAD");
    const res = await fedc(["diff", dir, "--base", "main"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("replicas Deployment shop/storefront: 3 → 4");
    expect(res.stdout).toContain("    +  LOG_LEVEL: warn\n");
    expect(await git(dir, "status", "--porcelain=v2", "--untracked-files=all")).toBe(status);
    expect(await indexHash(dir)).toBe(index);
    expect(await git(dir, "rev-parse", "HEAD")).toBe(head);
  });

  it("exits 0 whether or not anything changes; --exit-code exits 1 on changes", async () => {
    const { dir } = await quickstartRepo();
    const same = await fedc(["diff", dir, "--base", "HEAD", "--exit-code"]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/no changes in 3 clusters\n$/);
    await edit(path.join(dir, "federation/config.yaml"), "CURRENCY: EUR", "CURRENCY: CHF");
    expect((await fedc(["diff", dir, "--base", "HEAD"])).code).toBe(0);
    const changed = await fedc(["diff", dir, "--base", "HEAD", "--exit-code"]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain("cluster eu-west-prod: 1 changed");
  });

  it("says clearly when the base does not compile, quotes its errors and still shows the head", async () => {
    const { dir } = await quickstartRepo();
    await appendFile(path.join(dir, "federation/config.yaml"), "---\napiVersion: v1\n  kind: [broken\n");
    await commitAll(dir, "broken");
    await edit(path.join(dir, "federation/config.yaml"), "---\napiVersion: v1\n  kind: [broken\n", "");
    const res = await fedc(["diff", dir, "--base", "HEAD"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/the base HEAD \([0-9a-f]{7}\) does not compile \(1 error\), so there is nothing to compare against; working tree renders 3 clusters/);
    expect(res.stdout).toMatch(/^  federation\/config\.yaml:\d+:\d+: error YAML_SYNTAX: /m);
    expect(res.stdout).toContain("  eu-west-prod: 9 resources\n");
    expect(res.stderr).toMatch(/warning BASE_NOT_COMPILED: the base HEAD \([0-9a-f]{7}\) does not compile/);
    // --exit-code cannot tell "no change" without a base.
    expect((await fedc(["diff", dir, "--base", "HEAD", "--exit-code"])).code).toBe(1);
  });

  it("exits 1 with the working tree's errors when the head does not compile", async () => {
    const { dir } = await quickstartRepo();
    await writeFile(path.join(dir, "federation/extra.yaml"), "apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap\nmetadata: {name: x, namespace: shop}\nspec:\n  placment: {}\n");
    const res = await fedc(["diff", dir, "--base", "HEAD"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^federation\/extra\.yaml:5:3: error UNKNOWN_FIELD: /m);
    expect(res.stdout).toContain("working tree does not compile (1 error); there is nothing to compare");
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it("compares a fedc repository in a sub-directory of the git repository", async () => {
    const { dir } = await quickstartRepo();
    const outer = path.join(dir, "..", `${path.basename(dir)}-outer`);
    await mkdir(outer);
    await rename(dir, path.join(outer, "fleet"));
    await rename(path.join(outer, "fleet/.git"), path.join(outer, ".git"));
    await git(outer, "add", "-A");
    await commitAll(outer, "move into fleet/");
    await writeFile(path.join(outer, "unrelated.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: outside}\n");
    await edit(path.join(outer, "fleet/federation/storefront.yaml"), "      replicas: 3\n", "      replicas: 2\n");
    const res = await fedc(["diff", path.join(outer, "fleet"), "--base", "HEAD"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("resources: 0 added, 1 changed, 0 removed; 1 replica move");
    expect(res.stdout).toContain("replicas Deployment shop/storefront: 3 → 2");
  });

  it("reports an unknown revision or a directory outside git as one error line, and a missing --base as a usage error", async () => {
    const { dir } = await quickstartRepo();
    const unknown = await fedc(["diff", dir, "--base", "no-such-branch"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`error GIT_REVISION_NOT_FOUND: "no-such-branch" is not a commit of the repository at ${await realGitTop(dir)}; in a shallow clone, fetch it first (git fetch --depth=1 origin REF), or check out with full history (actions/checkout: fetch-depth: 0)\n`);
    await rm(path.join(dir, ".git"), { recursive: true });
    const outside = await fedc(["diff", dir, "--base", "HEAD"]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/^error GIT_UNAVAILABLE: .* is not inside a git repository/);
    const usage = await fedc(["diff", dir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^fedc: diff needs --base REF/);
    expect((await fedc(["diff", dir, "--base", "HEAD", "--format", "json"])).code).toBe(2);
    expect((await fedc(["render", dir, "--base", "HEAD"])).code).toBe(2);
  });
});

async function realGitTop(dir: string): Promise<string> {
  return (await git(dir, "rev-parse", "--show-toplevel")).trim();
}
