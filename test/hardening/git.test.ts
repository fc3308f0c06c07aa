// fedc diff runs git, on repositories whose content a pull request writes. Every call names the
// repository fedc chose (--git-dir), and no configuration can make git run a program: not a fake
// bare repository committed into the fleet's directory, not the chosen repository's own config.
import { chmod, cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fedc } from "../support/cli.js";
import { changeQuickstart, commitAll, git, initRepo, plantFakeRepository, QUICKSTART, quickstartRepo } from "../delivery/gitRepo.js";
import { copyToTemp } from "../support/cli.js";

async function markerFile(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), "fedc-ran-")), "ran");
}

describe("git runs nothing the repository controls", () => {
  it("fedc diff refuses a directory that git would take for a bare repository (HEAD, config, objects/, refs/ committed into it)", async () => {
    const workspace = await mkdtemp(path.join(tmpdir(), "fedc-ws-"));
    await initRepo(workspace);
    await cp(await copyToTemp(QUICKSTART), path.join(workspace, "fleet"), { recursive: true });
    await commitAll(workspace, "fleet");
    const ran = await markerFile();
    await plantFakeRepository(path.join(workspace, "fleet"), ran);
    await commitAll(workspace, "planted");
    const res = await fedc(["diff", path.join(workspace, "fleet"), "--base", "HEAD~1"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("error GIT_UNAVAILABLE: git run in");
    expect(res.stderr).toContain("a directory that looks like a git repository (HEAD, config, objects/, refs/) was committed inside the repository");
    await expect(readFile(ran, "utf8")).rejects.toThrow();
  });

  it("the chosen repository's fsmonitor, hooks, pager, external diff and credential helper do not run either", async () => {
    const { dir } = await quickstartRepo();
    await changeQuickstart(dir);
    await commitAll(dir, "change");
    const ran = await markerFile();
    const program = `sh -c 'echo ran >> ${ran}; exit 1'`;
    await mkdir(path.join(dir, ".git/evil-hooks"));
    for (const hook of ["reference-transaction", "post-checkout", "pre-auto-gc", "post-index-change"]) {
      await writeFile(path.join(dir, ".git/evil-hooks", hook), `#!/bin/sh\necho ran >> ${ran}\n`);
      await chmod(path.join(dir, ".git/evil-hooks", hook), 0o755);
    }
    for (const [key, value] of [["core.fsmonitor", program], ["core.hooksPath", ".git/evil-hooks"], ["core.pager", program], ["diff.external", program], ["credential.helper", `!${program}`], ["core.alternateRefsCommand", program]]) {
      await git(dir, "config", key!, value!);
    }
    const res = await fedc(["diff", dir, "--base", "HEAD~1"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("eu-west-prod");
    await expect(readFile(ran, "utf8")).rejects.toThrow();
  });
});

describe("fedc diff compares with the merge base", () => {
  it("a branch behind main does not show main's later changes as reverts; --base-exact compares with main's tip", async () => {
    const { dir } = await quickstartRepo();
    await git(dir, "checkout", "-q", "-b", "feature");
    await changeQuickstart(dir);
    await commitAll(dir, "feature: change the fleet");
    await git(dir, "checkout", "-q", "main");
    await writeFile(path.join(dir, "federation/later.yaml"), `apiVersion: types.kubefed.io/v1beta1
kind: FederatedConfigMap
metadata: {name: later-on-main, namespace: shop}
spec:
  template: {data: {a: b}}
  placement: {clusterSelector: {}}
`);
    await commitAll(dir, "main moves on");
    await git(dir, "checkout", "-q", "feature");
    const merged = await fedc(["diff", dir, "--base", "main"]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/main \(merge base [0-9a-f]{7}\)/);
    expect(merged.stdout).not.toContain("later-on-main");
    const exact = await fedc(["diff", dir, "--base-exact", "main"]);
    expect(exact.code, exact.stderr).toBe(0);
    expect(exact.stdout).toContain("later-on-main");
    expect((await fedc(["diff", dir, "--base", "main", "--base-exact", "main"])).code).toBe(2);
  });
});
