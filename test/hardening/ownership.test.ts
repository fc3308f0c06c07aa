// fedc deletes and overwrites only the files it wrote, and a repository cannot make it think
// otherwise: the marker lists every file with a digest of its content, a committed marker or lock
// grants nothing, `--out` is the operator's (relative to the current directory, possibly outside the
// repository), `--cluster` touches only the clusters asked for, and every output path is checked
// before the first byte is written.
import { mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compile, type OutputFile } from "../../compiler/index.js";
import { parseMarker } from "../../compiler/cli/outputMarker.js";
import { writeOutputTree } from "../../compiler/cli/outputTree.js";
import { fedc } from "../support/cli.js";
import { configMap, diskRepo, snapshot, tempDir } from "./repo.js";

const config = (body: string) => `apiVersion: fedc.io/v1alpha1\nkind: Config\n${body}\n`;

async function marker(dir: string) {
  return parseMarker(await readFile(path.join(dir, ".fedc-output"), "utf8"));
}

describe("a forged marker grants nothing", () => {
  it("a committed .fedc-output does not let output: point at a directory whose files fedc would delete", async () => {
    const repo = await diskRepo({
      "app.yaml": configMap("app"),
      "fedc.yaml": config("output: docs"),
      "docs/.fedc-output": '{"generator":"fedc","complete":true}\n',
      "docs/handbook.md": "precious\n",
    });
    const before = await snapshot(path.join(repo, "docs"));
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("error OUTPUT_NOT_OWNED: 1 file in docs/ was not written by fedc (or changed since): docs/handbook.md");
    expect(res.stderr).toContain("nothing was written");
    expect(await snapshot(path.join(repo, "docs"))).toEqual(before);
  });

  it("a marker that lists a file with another content's digest does not get it deleted or overwritten", async () => {
    const forged = '{"generator":"fedc","complete":true,"files":{\n"notes.txt":"00000000000000000000000000000000",\n"c1/kustomization.yaml":"00000000000000000000000000000000"\n}}\n';
    const repo = await diskRepo({ "app.yaml": configMap("app"), "rendered/.fedc-output": forged, "rendered/notes.txt": "mine\n" });
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("rendered/notes.txt");
    expect(await readFile(path.join(repo, "rendered/notes.txt"), "utf8")).toBe("mine\n");
  });

  it("a file a developer left in fedc's own output is never deleted", async () => {
    const repo = await diskRepo({ "app.yaml": configMap("app") });
    expect((await fedc(["render", repo])).code).toBe(0);
    await writeFile(path.join(repo, "rendered/c1/TODO.md"), "my notes\n");
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("error OUTPUT_NOT_OWNED: 1 file in rendered/ was not written by fedc (or changed since): rendered/c1/TODO.md");
    expect(await readFile(path.join(repo, "rendered/c1/TODO.md"), "utf8")).toBe("my notes\n");
  });

  it("the marker lists every file fedc wrote with its digest; stale files it wrote are deleted, files changed by hand are rewritten", async () => {
    const repo = await diskRepo({ "app.yaml": configMap("app"), "gone.yaml": configMap("gone") });
    expect((await fedc(["render", repo])).code).toBe(0);
    const first = await marker(path.join(repo, "rendered"));
    expect(first?.files.has("c1/ns/configmap-gone.yaml")).toBe(true);
    await writeFile(path.join(repo, "rendered/c1/ns/configmap-app.yaml"), "edited by hand\n");
    await writeFile(path.join(repo, "gone.yaml"), "");
    const res = await fedc(["render", repo]);
    expect(res.code, res.stderr).toBe(0);
    // The hand-edited file, both kustomizations and the plan are rewritten; both clusters lose a file.
    expect(res.stderr).toContain("(4 written, 2 removed, 3 unchanged)");
    const tree = await snapshot(path.join(repo, "rendered"));
    expect(Object.keys(tree).filter((f) => f.includes("gone"))).toEqual([]);
    expect(tree["c1/ns/configmap-app.yaml"]).toContain("kind: ConfigMap");
    expect([...(await marker(path.join(repo, "rendered")))!.files.keys()].sort()).toEqual(Object.keys(tree).filter((f) => f !== ".fedc-output").sort());
  });
});

describe("a forged lock blocks nothing", () => {
  it("a committed .fedc-lock naming pid 1 is ignored: the lock lives outside the repository", async () => {
    const repo = await diskRepo({ "app.yaml": configMap("app") });
    expect((await fedc(["render", repo])).code).toBe(0);
    await writeFile(path.join(repo, "rendered/.fedc-lock"), "1");
    const res = await fedc(["render", repo]);
    expect(res.code, res.stderr).toBe(0);
    expect(await readFile(path.join(repo, "rendered/.fedc-lock"), "utf8")).toBe("1");
  });
});

describe("--out is the operator's", () => {
  it("is relative to the current directory: fedc render myfleet --out myfleet/x writes myfleet/x", async () => {
    const parent = await tempDir();
    const repo = await diskRepo({ "app.yaml": configMap("app") });
    const fleet = path.join(parent, "myfleet");
    await mkdir(fleet);
    for (const f of await readdir(repo)) await writeFile(path.join(fleet, f), await readFile(path.join(repo, f)));
    // REPO is the process's current directory's business; --out follows the same rule now.
    const res = await fedc(["render", fleet, "--out", "myfleet/x"], {}, { cwd: parent });
    expect(res.code, res.stderr).toBe(0);
    expect((await stat(path.join(fleet, "x/c1"))).isDirectory()).toBe(true);
    await expect(stat(path.join(fleet, "myfleet"))).rejects.toThrow();
    // The output inside the repository is not read back as input on the next render.
    const again = await fedc(["render", fleet, "--out", "myfleet/x"], {}, { cwd: parent });
    expect(again.stderr).not.toContain("warning");
    expect(again.stderr).toContain("(0 written, 0 removed");
  });

  it("may be outside the repository (a deploy repository), and is rendered into again", async () => {
    const repo = await diskRepo({ "app.yaml": configMap("app") });
    const deploy = path.join(await tempDir(), "deploy-repo", "env", "prod");
    const res = await fedc(["render", repo, "--out", deploy]);
    expect(res.code, res.stderr).toBe(0);
    expect(Object.keys(await snapshot(deploy))).toContain("c1/ns/configmap-app.yaml");
    await writeFile(path.join(repo, "app.yaml"), configMap("app", "  overrides: []\n").replace("a: b", "a: c"));
    const again = await fedc(["render", repo, "--out", deploy]);
    expect(again.code, again.stderr).toBe(0);
    expect((await snapshot(deploy))["c1/ns/configmap-app.yaml"]).toContain("a: c");
  });

  it("an output directory that contains the repository is refused, even through a link", async () => {
    const repo = await diskRepo({ "app.yaml": configMap("app") });
    for (const out of [repo, path.dirname(repo), "/"]) {
      const res = await fedc(["render", repo, "--out", out]);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/error OUTPUT_UNSAFE: the output directory ".*" (is|contains) the repository/);
    }
  });

  it("fedc.yaml's output stays inside the repository", async () => {
    const repo = await diskRepo({ "app.yaml": configMap("app"), "fedc.yaml": config(`output: ${JSON.stringify(path.join(await tempDir(), "x"))}`) });
    const res = await fedc(["render", repo]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("fedc.yaml:3:9: error OUTPUT_UNSAFE");
  });
});

describe("render --cluster touches only the clusters asked for", () => {
  it("other clusters' directories and fedc-plan.json stay as the last full render wrote them; the marker says which clusters are newer", async () => {
    const repo = await diskRepo({ "app.yaml": configMap("app") });
    expect((await fedc(["render", repo])).code).toBe(0);
    const full = await snapshot(path.join(repo, "rendered"));
    await writeFile(path.join(repo, "app.yaml"), configMap("app").replace("a: b", "a: changed"));
    await writeFile(path.join(repo, "more.yaml"), configMap("more"));
    const res = await fedc(["render", repo, "--cluster", "c1"]);
    expect(res.code, res.stderr).toBe(0);
    const after = await snapshot(path.join(repo, "rendered"));
    for (const f of Object.keys(full).filter((p) => !p.startsWith("c1/") && p !== ".fedc-output")) expect(after[f]).toBe(full[f]);
    expect(after["c1/ns/configmap-app.yaml"]).toContain("a: changed");
    expect(after["c1/ns/configmap-more.yaml"]).toBeDefined();
    expect(after["c2/ns/configmap-more.yaml"]).toBeUndefined();
    const m = await marker(path.join(repo, "rendered"));
    expect(m?.complete).toBe(true);
    expect(m?.partial).toEqual(["c1"]);
    expect([...m!.files.keys()].sort()).toEqual(Object.keys(after).filter((f) => f !== ".fedc-output").sort());
    // render --check --cluster compares that cluster only; a full render brings the rest and clears "partial".
    expect((await fedc(["render", repo, "--check", "--cluster", "c1"])).code).toBe(0);
    expect((await fedc(["render", repo, "--check"])).code).toBe(1);
    expect((await fedc(["render", repo])).code).toBe(0);
    expect((await marker(path.join(repo, "rendered")))?.partial).toEqual([]);
  });
});

describe("output paths are checked before the first byte is written", () => {
  it("a valid 253-character name gives a file name within 255 bytes, shortened deterministically", async () => {
    const name = `a${"b".repeat(251)}c`;
    const repo = await diskRepo({ "app.yaml": configMap(name), "other.yaml": configMap("other") });
    const res = await fedc(["render", repo]);
    expect(res.code, res.stderr).toBe(0);
    const files = await readdir(path.join(repo, "rendered/c1/ns"));
    const long = files.find((f) => f.startsWith("configmap-abbb"))!;
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(255);
    expect(long).toMatch(/^configmap-ab+-[0-9a-f]{16}\.yaml$/);
    expect(await readFile(path.join(repo, "rendered/c1/ns", long), "utf8")).toContain(`name: ${name}`);
    expect((await fedc(["render", repo, "--check"])).code).toBe(0);
    const again = await compile({ repo });
    expect(again.files.map((f) => f.path)).toContain(`c1/ns/${long}`);
  });

  it("a path that no file system takes is refused before anything is written, and nothing was written is true", async () => {
    const dir = await tempDir();
    const files: OutputFile[] = [
      { path: "c1/ok.yaml", content: "a: 1\n" },
      { path: `c1/${"x".repeat(256)}.yaml`, content: "a: 1\n" },
    ];
    const res = await writeOutputTree(dir, "out", files);
    expect(res).toMatchObject({ code: "OUTPUT_UNSAFE", message: expect.stringContaining("is longer than 255 bytes") });
    expect("touched" in res && res.touched).toBeFalsy();
    expect(await snapshot(dir)).toEqual({});
  });

  it("a write that fails half-way says the output is incomplete, and the next render completes it", async () => {
    const dir = await tempDir();
    let reads = 0;
    const files: OutputFile[] = [
      { path: "c1/a.yaml", content: "a: 1\n" },
      {
        path: "c1/b.yaml",
        get content() {
          // The digest for the marker reads it first; the write reads it again, and fails.
          if (++reads > 1) throw new Error("disk full");
          return "b: 1\n";
        },
      },
    ];
    const res = await writeOutputTree(dir, "out", files);
    expect(res).toMatchObject({ code: "OUTPUT_WRITE_FAILED", touched: true });
    expect((await marker(path.join(dir, "out")))?.complete).toBe(false);
    const next = await writeOutputTree(dir, "out", [files[0]!, { path: "c1/b.yaml", content: "b: 1\n" }]);
    expect(next).toMatchObject({ repaired: true });
    expect((await marker(path.join(dir, "out")))?.complete).toBe(true);
  });
});

describe("--out never follows a link the repository holds", () => {
  it("--out repo/link/x, where a pull request committed link → elsewhere, is refused and nothing is written there", async () => {
    const repo = await diskRepo({ "app.yaml": configMap("app") });
    const elsewhere = await tempDir();
    await symlink(elsewhere, path.join(repo, "link"));
    const res = await fedc(["render", repo, "--out", path.join(repo, "link/x")]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("error OUTPUT_UNSAFE: link is a symbolic link; fedc does not write through links");
    expect(await snapshot(elsewhere)).toEqual({});
  });
});
