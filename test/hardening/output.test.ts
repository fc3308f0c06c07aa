// `render` owns <output> and nothing else: it refuses output directories that are not a
// sub-directory fedc created, never writes or reads through a symbolic link a pull request
// committed, and two renders into the same output never mix.
import { execFile } from "node:child_process";
import { mkdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual, promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.js";
import { parseMarker } from "../../compiler/cli/outputMarker.js";
import { copyToTemp, fedc, ROOT } from "../support/cli.js";
import { configMap, diskRepo, snapshot, tempDir } from "./repo.js";

const exec = promisify(execFile);
const QUICKSTART = path.join(ROOT, "examples/quickstart");
/** The tree a single successful render of `repo` writes (the marker's file list checked, then left out). */
async function expectedTree(repo: string, clusters: string[] = []): Promise<Record<string, string>> {
  const result = await compile({ repo, clusters });
  expect(result.ok).toBe(true);
  const scope = (f: string) => clusters.length === 0 || clusters.some((c) => f.startsWith(`${c}/`));
  return Object.fromEntries(result.files.filter((f) => scope(f.path)).map((f) => [f.path, f.content]));
}

/** The output tree on disk, without the marker, after checking that the marker lists exactly its files. */
async function outputTree(dir: string): Promise<Record<string, string>> {
  const tree = await snapshot(dir);
  const marker = parseMarker(tree[".fedc-output"] ?? "");
  delete tree[".fedc-output"];
  expect(marker?.complete).toBe(true);
  expect([...marker!.files.keys()].sort()).toEqual(Object.keys(tree).sort());
  return tree;
}

describe("output directories fedc refuses", () => {
  it.each([["."], ["./"], [".."], ["../.."], ["a/../.."], [".git"], [".git/hooks"], ["sub/.GIT/x"]])(
    "--out %s (run in the repository): OUTPUT_UNSAFE, and nothing anywhere is written",
    async (out) => {
      const parent = await tempDir();
      const repo = path.join(parent, "repo");
      await mkdir(repo);
      await writeFile(path.join(repo, "clusters.yaml"), await readFile(path.join(QUICKSTART, "clusters/clusters.yaml"), "utf8"));
      await mkdir(path.join(repo, ".git"));
      const before = await snapshot(parent);
      const res = await fedc(["render", repo, "--out", out], {}, { cwd: repo });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain("error OUTPUT_UNSAFE");
      expect(await snapshot(parent)).toEqual(before);
    },
  );

  it.each([["."], [".."], ["../x"], [".git"], [".git/refs/heads/x"]])("fedc.yaml output: %s is a located error", async (out) => {
    const repo = await diskRepo({ "fedc.yaml": `apiVersion: fedc.io/v1alpha1\nkind: Config\noutput: ${JSON.stringify(out)}\n` });
    const before = await snapshot(repo);
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^fedc\.yaml:3:9: error OUTPUT_UNSAFE: output must be a directory inside the repository/m);
    expect(await snapshot(repo)).toEqual(before);
  });

  it("an output directory holding inputs (not created by fedc) is refused and left as it is", async () => {
    const repo = await copyToTemp(QUICKSTART);
    const before = await snapshot(repo);
    const res = await fedc(["render", repo, "--out", "federation"], {}, { cwd: repo });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("error OUTPUT_NOT_OWNED: federation/ exists and was not created by fedc");
    expect(await snapshot(repo)).toEqual(before);
  });
});

describe("symbolic links in the output", () => {
  async function renderedRepo(): Promise<{ repo: string; outside: string }> {
    const repo = await copyToTemp(QUICKSTART);
    expect((await fedc(["render", repo])).code).toBe(0);
    const outside = await tempDir("fedc-outside-");
    await writeFile(path.join(outside, "precious.txt"), "do not touch\n");
    return { repo, outside };
  }

  it("an output directory that is a link is refused; its target is neither written nor read", async () => {
    const { repo, outside } = await renderedRepo();
    await rm(path.join(repo, "rendered"), { recursive: true });
    await symlink(outside, path.join(repo, "rendered"));
    const before = await snapshot(outside);
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("error OUTPUT_UNSAFE: rendered is a symbolic link");
    expect(await snapshot(outside)).toEqual(before);
    // --check does not read through it either: the committed output is missing, as far as it can tell.
    const check = await fedc(["render", repo, "--check"]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("error OUTPUT_STALE");
    expect(check.stderr).not.toContain("note: changed:");
  });

  it.each([
    ["a cluster directory", "eu-west-prod", "dir"],
    ["the marker", ".fedc-output", "file"],
    ["a manifest fedc would rewrite", "eu-west-prod/kustomization.yaml", "file"],
    ["the lock", ".fedc-lock", "file"],
  ])("%s committed as a link is refused, and nothing is written through it", async (_, entry, kind) => {
    const { repo, outside } = await renderedRepo();
    const at = path.join(repo, "rendered", entry);
    await rm(at, { recursive: true, force: true });
    await symlink(kind === "dir" ? outside : path.join(outside, "precious.txt"), at);
    const before = await snapshot(outside);
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`error OUTPUT_UNSAFE: rendered/${entry} is a symbolic link`);
    expect(await snapshot(outside)).toEqual(before);
    expect(await readlink(at)).toContain(outside);
  });

  it("--check never reads through a link (a link to /dev/zero would never end)", async () => {
    const { repo } = await renderedRepo();
    const at = path.join(repo, "rendered/eu-west-prod/kustomization.yaml");
    await rm(at);
    await symlink("/dev/zero", at);
    const t0 = performance.now();
    const res = await fedc(["render", repo, "--check"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("note: changed: eu-west-prod/kustomization.yaml");
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("files fedc did not write, where it would write or delete, are refused before anything is written", async () => {
    const { repo } = await renderedRepo();
    await rm(path.join(repo, "rendered/eu-west-prod/kustomization.yaml"));
    await mkdir(path.join(repo, "rendered/eu-west-prod/kustomization.yaml"));
    await writeFile(path.join(repo, "rendered/eu-west-prod/kustomization.yaml/stray.yaml"), "x: 1\n");
    await writeFile(path.join(repo, "rendered/us-east-prod/notes.txt"), "a file\n");
    const before = await snapshot(path.join(repo, "rendered"));
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(
      "error OUTPUT_NOT_OWNED: 2 files in rendered/ were not written by fedc (or changed since): rendered/eu-west-prod/kustomization.yaml/stray.yaml, rendered/us-east-prod/notes.txt",
    );
    expect(res.stderr).toContain("nothing was written");
    expect(await snapshot(path.join(repo, "rendered"))).toEqual(before);
    await rm(path.join(repo, "rendered/eu-west-prod/kustomization.yaml"), { recursive: true });
    await rm(path.join(repo, "rendered/us-east-prod/notes.txt"));
    expect((await fedc(["render", repo])).code).toBe(0);
    expect(await outputTree(path.join(repo, "rendered"))).toEqual(await expectedTree(repo));
  });
});

describe("two renders into the same output at once", () => {
  const MAIN = path.join(ROOT, "dist/bin/fedc.js");
  beforeAll(async () => {
    await exec("npm", ["run", "build"], { cwd: ROOT });
  }, 180_000);

  /** A repository big enough that a render takes a while: the quickstart plus 400 ConfigMaps. */
  async function bigRepo(): Promise<string> {
    const repo = await copyToTemp(QUICKSTART);
    const extra = Array.from({ length: 400 }, (_, i) => configMap(`extra-${i}`).replace("namespace: ns", "namespace: shop")).join("---\n");
    await writeFile(path.join(repo, "federation/extra.yaml"), extra);
    return repo;
  }

  function render(repo: string, cluster: string): Promise<{ code: number; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [MAIN, "render", repo, "--cluster", cluster], (error, _stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stderr });
      });
    });
  }

  it("1,500 input files render under ulimit -n 1024 without EMFILE, and twice the same", async () => {
    const files = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`cm/cm-${i}.yaml`, configMap(`cm-${i}`)]));
    const repo = await diskRepo(files);
    const once = async () => {
      await rm(path.join(repo, "rendered"), { recursive: true, force: true });
      const { stderr } = await exec("sh", ["-c", `ulimit -n 1024 && exec "${process.execPath}" "${MAIN}" render "${repo}"`]);
      expect(stderr).toContain("fedc: rendered 3002 objects for 2 clusters");
      return snapshot(path.join(repo, "rendered"));
    };
    const first = await once();
    expect(Object.keys(first).length).toBe(3006);
    expect(await once()).toEqual(first);
  }, 120_000);

  it("each exits 0 or fails cleanly with OUTPUT_LOCKED, and the tree is exactly what the successful renders wrote, never a mix", async () => {
    const repo = await bigRepo();
    // Two different renders (one cluster each): each writes its cluster's directory and leaves the
    // other's alone, and the marker lists exactly the files on disk.
    const trees = { "eu-west-prod": await expectedTree(repo, ["eu-west-prod"]), "us-east-prod": await expectedTree(repo, ["us-east-prod"]) };
    const done = new Set<keyof typeof trees>();
    for (let round = 0; round < 4; round++) {
      const [a, b] = await Promise.all([render(repo, "eu-west-prod"), render(repo, "us-east-prod")]);
      for (const r of [a, b]) {
        expect([0, 1], r.stderr).toContain(r.code);
        expect(r.stderr).not.toContain("internal error");
        if (r.code === 1) expect(r.stderr).toContain("error OUTPUT_LOCKED");
      }
      expect(a.code === 0 || b.code === 0, `${a.stderr}\n${b.stderr}`).toBe(true);
      if (a.code === 0) done.add("eu-west-prod");
      if (b.code === 0) done.add("us-east-prod");
      const expected = Object.assign({}, ...[...done].map((c) => trees[c])) as Record<string, string>;
      expect(await outputTree(path.join(repo, "rendered")), `round ${round}`).toEqual(expected);
    }
  }, 120_000);
});
