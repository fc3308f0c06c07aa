// Symbolic links among the inputs: a pull request can commit a link to any path of the machine
// that renders it (the CI runner's credentials, /etc, the Argo CD repo-server's other repositories).
// Listing skips links altogether (only regular files are inputs); fedc.yaml, which is read by name,
// may be a link only to a file inside the repository, outside hidden directories.
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.js";
import { fedc } from "../support/cli.js";
import { configMap, diskRepo, everyRendering, tempDir } from "./repo.js";

const CANARY = "leaked-from-outside";

async function outsideFile(): Promise<string> {
  const dir = await tempDir("fedc-outside-");
  await writeFile(path.join(dir, "evil.yaml"), configMap(CANARY));
  return dir;
}

/** Everything a compile shows: the emitted files, the plan and every diagnostic. */
async function seen(repo: string): Promise<string> {
  const result = await compile({ repo });
  return result.files.map((f) => `${f.path}\n${f.content}`).join("\n") + everyRendering(result);
}

describe("symbolic links among the inputs", () => {
  it("a link to a file outside the repository is not read", async () => {
    const outside = await outsideFile();
    const repo = await diskRepo({ "ok.yaml": configMap("fine") });
    await symlink(path.join(outside, "evil.yaml"), path.join(repo, "evil.yaml"));
    const all = await seen(repo);
    expect(all).toContain("configmap-fine.yaml");
    expect(all).not.toContain(CANARY);
  });

  it("a link to a directory outside the repository is not followed", async () => {
    const outside = await outsideFile();
    const repo = await diskRepo({ "ok.yaml": configMap("fine") });
    await symlink(outside, path.join(repo, "linked"));
    await symlink(path.join(outside, "evil.yaml"), path.join(repo, "relative.yaml")).catch(() => undefined);
    expect(await seen(repo)).not.toContain(CANARY);
  });

  it("a link into .git/ (where CI keeps its credentials) is not read, though it is inside the repository", async () => {
    const repo = await diskRepo({ "ok.yaml": configMap("fine"), ".git/config.yaml": configMap(CANARY) });
    await symlink(path.join(repo, ".git/config.yaml"), path.join(repo, "config.yaml"));
    await mkdir(path.join(repo, "sub"));
    await symlink("../.git/config.yaml", path.join(repo, "sub/relative.yaml"));
    expect(await seen(repo)).not.toContain(CANARY);
  });

  it("a link to a file inside the repository is skipped too; the file itself is read once", async () => {
    const repo = await diskRepo({ "real/inside.yaml": configMap("linked-inside") });
    await symlink("real/inside.yaml", path.join(repo, "alias.yaml"));
    const result = await compile({ repo });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.files.map((f) => f.path)).toContain("c1/ns/configmap-linked-inside.yaml");
  });

  it("fedc.yaml linked to a file outside the repository is an error and is not read", async () => {
    const outside = await tempDir("fedc-outside-");
    await writeFile(path.join(outside, "fedc.yaml"), `apiVersion: fedc.io/v1alpha1\nkind: Config\noutput: ${CANARY}\n`);
    const repo = await diskRepo({ "ok.yaml": configMap("fine") });
    await symlink(path.join(outside, "fedc.yaml"), path.join(repo, "fedc.yaml"));
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("fedc.yaml: error FILE_UNREADABLE: it is a symbolic link to a file outside the repository (or in a hidden directory); fedc does not follow it");
    expect(res.stderr).not.toContain(CANARY);
  });

  it.each([["render"], ["plan"], ["validate"]])("fedc %s of a path that is not a directory is an error, not an internal error", async (command) => {
    const repo = await diskRepo();
    for (const target of [path.join(repo, "missing"), path.join(repo, "clusters.yaml")]) {
      const res = await fedc([command, target]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`error REPOSITORY_NOT_FOUND: ${target} is not a directory`);
      expect(res.stderr).not.toContain("internal error");
    }
  });

  it("a dangling link is skipped", async () => {
    const repo = await diskRepo({ "ok.yaml": configMap("fine") });
    await symlink(path.join(repo, "missing.yaml"), path.join(repo, "dangling.yaml"));
    const res = await fedc(["validate", repo]);
    expect(res.code, res.stderr).toBe(0);
  });
});
