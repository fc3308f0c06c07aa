// Every read stays inside the repository: fedc.yaml's include/exclude patterns cannot name a path
// outside it (a Karmada policy would copy another tenant's Secret into `render --stdout`), cannot
// expand without bound, and whatever a pattern matches, only regular files inside the repository,
// outside hidden directories, node_modules and fedc's own output directories, are read. One function
// reads repository content (load/fileSystem.ts, NodeFileSystem.read), reached only through
// loadRepository; the last test holds that by scanning the sources.
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compile, MemoryFileSystem, type FileSystem } from "../../compiler/index.js";
import { loadRepository, READ_CONCURRENCY } from "../../compiler/load/repository.js";
import { DiagnosticBag } from "../../compiler/diagnostics/index.js";
import { expandBraces, GLOB_LIMITS } from "../../compiler/kube/globs.js";
import { fedc, ROOT } from "../support/cli.js";
import { CLUSTERS, configMap, diskRepo, everyRendering, tempDir } from "./repo.js";

const CANARY = "victim-secret-canary";
const config = (body: string) => `apiVersion: fedc.io/v1alpha1\nkind: Config\n${body}\n`;

/** A tenant next to the repository (Argo CD's repo-server checks out many side by side). */
async function victimBeside(repo: string): Promise<void> {
  const victim = path.join(path.dirname(repo), "victim");
  await mkdir(victim, { recursive: true });
  await writeFile(path.join(victim, "secret.yaml"), configMap(CANARY));
}

async function seen(repo: string, args: string[] = ["render", "--stdout", "--cluster", "c1"]): Promise<string> {
  const res = await fedc([args[0]!, repo, ...args.slice(1)]);
  const result = await compile({ repo });
  return res.stdout + res.stderr + everyRendering(result) + result.files.map((f) => f.content).join("\n");
}

describe("include and exclude patterns stay inside the repository", () => {
  it.each([
    ["../victim/*.yaml"],
    ["../../**/*.yaml"],
    ["sub/../../victim/secret.yaml"],
    ["/etc/*.yaml"],
    ["{..,x}/victim/*.yaml"],
    ["~/secret.yaml"],
    ["C:/victim/*.yaml"],
    ["\\.\\./victim/*.yaml"],
    ["!../victim/**"],
  ])("include %s is a located INPUT_PATTERN_INVALID error, and nothing outside is read", async (pattern) => {
    const parent = await tempDir();
    const repo = path.join(parent, "repo");
    await mkdir(repo);
    await writeFile(path.join(repo, "clusters.yaml"), CLUSTERS);
    await writeFile(path.join(repo, "fedc.yaml"), config(`include: ["**/*.yaml", ${JSON.stringify(pattern)}]`));
    await victimBeside(repo);
    const res = await fedc(["render", repo, "--stdout", "--cluster", "c1"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^fedc\.yaml:3:24: error INPUT_PATTERN_INVALID: include pattern /m);
    expect(await seen(repo)).not.toContain(CANARY);
  });

  it("an exclude pattern is checked as an include pattern is", async () => {
    const repo = await diskRepo({ "fedc.yaml": config('exclude: ["/abs/**"]') });
    const res = await fedc(["validate", repo]);
    expect(res.stderr).toMatch(/^fedc\.yaml:3:11: error INPUT_PATTERN_INVALID: exclude pattern "\/abs\/\*\*": a pattern must be relative to the repository/m);
  });

  it("a static include through a linked directory reads nothing outside", async () => {
    const parent = await tempDir();
    const repo = path.join(parent, "repo");
    await mkdir(repo);
    await writeFile(path.join(repo, "clusters.yaml"), CLUSTERS);
    await victimBeside(repo);
    await symlink(path.join(parent, "victim"), path.join(repo, "linked"));
    await writeFile(path.join(repo, "fedc.yaml"), config('include: ["*.yaml", "linked/secret.yaml", "linked/*.yaml"]'));
    expect(await seen(repo)).not.toContain(CANARY);
  });

  it("hidden directories and node_modules are excluded after expansion, whatever the pattern names", async () => {
    const repo = await diskRepo({
      "fedc.yaml": config('include: ["*.yaml", ".secrets/*.yaml", "node_modules/**/*.yaml", "**/.git/*.yaml", "{.hidden,node_modules}/x.yaml"]'),
      ".secrets/a.yaml": configMap(CANARY),
      ".hidden/x.yaml": configMap(CANARY),
      "node_modules/x.yaml": configMap(CANARY),
      "node_modules/pkg/a.yaml": configMap(CANARY),
      "sub/.git/a.yaml": configMap(CANARY),
    });
    const all = await seen(repo);
    expect(all).not.toContain(CANARY);
    expect(all).not.toContain("error");
  });

  it("loadRepository reads only confined paths, whatever a FileSystem lists", async () => {
    const read: string[] = [];
    const fs: FileSystem = {
      list: async () => ["../escape.yaml", "/abs.yaml", "a/./b.yaml", "a//b.yaml", ".git/config", "x/node_modules/y.yaml", "C:/w.yaml", "a\\..\\b.yaml", "ok.yaml"],
      read: async (f) => (read.push(f), "a: 1\n"),
    };
    const files = await loadRepository(fs, { include: ["**"], exclude: [] }, new DiagnosticBag());
    expect(read).toEqual(["ok.yaml"]);
    expect(files.map((f) => f.path)).toEqual(["ok.yaml"]);
  });
});

describe("brace expansion is bounded", () => {
  it("{a,b} × 22 in a 130-byte fedc.yaml is a located error in well under a second (it ran Node out of heap)", async () => {
    const pattern = "{a,b}".repeat(22) + ".yaml";
    const repo = await diskRepo({ "fedc.yaml": config(`include: ["${pattern}"]`) });
    const started = performance.now();
    const res = await fedc(["validate", repo]);
    const ms = performance.now() - started;
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`fedc.yaml:3:11: error INPUT_PATTERN_INVALID: include pattern "${pattern.slice(0, 80)}": a pattern may expand to at most ${GLOB_LIMITS.expansion} patterns`);
    expect(ms).toBeLessThan(2000);
  });

  it.each([
    ["a range of 100,000", "{1..100000}/*.yaml"],
    ["two letter ranges (676)", "{a..z}{a..z}/*.yaml"],
    ["300 nested alternatives", "{" + "{a,b},".repeat(300) + "c}/*.yaml"],
    ["a pattern over the length limit", "x".repeat(GLOB_LIMITS.length + 1)],
    ["an extended glob", "+(a|b)/*.yaml"],
  ])("%s is refused", async (_, pattern) => {
    const repo = await diskRepo({ "fedc.yaml": config(`include: [${JSON.stringify(pattern)}]`) });
    const res = await fedc(["validate", repo]);
    expect(res.stderr).toContain("error INPUT_PATTERN_INVALID");
  });

  it("more than 100 patterns in a list are refused", async () => {
    expect(GLOB_LIMITS.patterns).toBe(100);
    const many = Array.from({ length: GLOB_LIMITS.patterns + 1 }, (_, i) => `"d${i}/*.yaml"`).join(", ");
    const res = await fedc(["validate", await diskRepo({ "fedc.yaml": config(`exclude: [${many}]`) })]);
    expect(res.stderr).toMatch(/^fedc\.yaml:3:10: error INPUT_PATTERN_INVALID: exclude may list at most 100 patterns/m);
  });

  it("ordinary braces still work: {yaml,yml}, nested groups, ranges", async () => {
    expect(expandBraces("**/*.{yaml,yml}", 256)).toEqual(["**/*.yaml", "**/*.yml"]);
    expect(expandBraces("a{b,c{d,e}}f", 256)).toEqual(["abf", "acdf", "acef"]);
    expect(expandBraces("v{1..3}/{x}", 256)).toEqual(["v1/{x}", "v2/{x}", "v3/{x}"]);
    expect(expandBraces("{a,b}".repeat(22), 256)).toBeUndefined();
    const repo = await diskRepo({ "fedc.yaml": config('include: ["**/*.{yaml,yml}"]'), "more.yml": configMap("from-yml") });
    const result = await compile({ repo });
    expect(result.files.map((f) => f.path)).toContain("c1/ns/configmap-from-yml.yaml");
  });
});

describe("fedc's output directories are never input", () => {
  it("an earlier rendered/ (which holds the marker) is not parsed after output: changes", async () => {
    const repo = await diskRepo({ "app.yaml": configMap("app") });
    expect((await fedc(["render", repo])).code).toBe(0);
    await writeFile(path.join(repo, "fedc.yaml"), config("output: deploy"));
    const res = await fedc(["render", repo]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).not.toContain("warning");
    expect(await readdir(path.join(repo, "deploy"))).toContain("c1");
  });

  it("a marker directory is skipped in a base revision and in memory as on disk", async () => {
    const fs = new MemoryFileSystem({
      "clusters.yaml": CLUSTERS,
      "app.yaml": configMap("app"),
      "old/.fedc-output": '{"generator":"fedc","complete":true}\n',
      "old/c1/ns/configmap-app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: ns}\n",
      ".fedc-output": "a marker at the root is ignored: the root is never output\n",
    });
    const result = await compile({ repo: fs });
    expect(result.diagnostics).toEqual([]);
  });
});

describe("reads are bounded", () => {
  it(`at most ${READ_CONCURRENCY} files are read at once, and the result does not depend on timing`, async () => {
    let open = 0;
    let most = 0;
    const paths = Array.from({ length: 1500 }, (_, i) => `f${String(i).padStart(4, "0")}.yaml`);
    const fs: FileSystem = {
      list: async () => [...paths].reverse(),
      read: async (f) => {
        most = Math.max(most, ++open);
        await new Promise((r) => setTimeout(r, Number(f.slice(1, 5)) % 3));
        open--;
        return `n: ${f}\n`;
      },
    };
    const files = await loadRepository(fs, { include: ["**"], exclude: [] }, new DiagnosticBag());
    expect(most).toBe(READ_CONCURRENCY);
    expect(files.map((f) => f.path)).toEqual(paths);
  });
});

describe("one read path for repository content", () => {
  /** Files of compiler/ that may use the file system, and why none of them reads repository content. */
  const FILE_SYSTEM_USERS: Record<string, string> = {
    "compiler/load/fileSystem.ts": "NodeFileSystem: the one reader of repository content (list + read, confined)",
    "compiler/load/git.ts": "stat/realpath of the repository directory, to find its git repository; content comes from git's object database",
    "compiler/load/schemas.ts": "fedc's own input schemas (schemas/, by URL from the package)",
    "compiler/load/kubernetesSchemas.ts": "fedc's own Kubernetes schemas (schemas/kubernetes/, by URL from the package)",
    "compiler/load/ownScript.ts": "fedc's own generated validators (by URL from the package)",
    "compiler/cli/outputTree.ts": "the output tree fedc writes (render, render --check)",
    "compiler/cli/run.ts": "fedc's own package.json (--version)",
    "compiler/cli/launcher.ts": "fedc's own CLI bundle",
    "compiler/cli/renderCacheKey.ts": "the render cache's key: hashes (never parses or prints) the bytes of what fedc could read, opened O_NOFOLLOW | O_NONBLOCK; a link counts by its text and its in-repository target",
    "compiler/cli/renderCache.ts": "removes the render cache's first-call mark in its own directory",
    "compiler/cli/renderCacheStore.ts": "the render cache's own directory ($FEDC_CACHE_DIR or the user's cache), never the repository",
    "compiler/cli/annotationPaths.ts": "whether a .git exists above the repository, to make GitHub annotation paths relative to the workspace",
    "compiler/action/github.ts": "the Action's event payload and job summary files, named by the runner",
  };
  const READERS = /from\s+["'](?:node:)?fs(?:\/promises)?["']|from\s+["'](?:globby|fast-glob|fdir|tinyglobby|glob|readdirp)["']/;

  async function sources(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) out.push(...(await sources(p)));
      else if (/\.(ts|js|mjs|cjs)$/.test(e.name)) out.push(p);
    }
    return out;
  }

  it("only the files listed here import node:fs or a glob library, and only fileSystem.ts lists the repository", async () => {
    const users: string[] = [];
    for (const abs of await sources(path.join(ROOT, "compiler"))) {
      const text = await readFile(abs, "utf8");
      if (READERS.test(text)) users.push(path.relative(ROOT, abs).split(path.sep).join("/"));
      if (/from\s+["'](?:globby|fast-glob)["']/.test(text)) expect(path.relative(ROOT, abs)).toBe(path.join("compiler", "load", "fileSystem.ts"));
    }
    expect(users.filter((f) => !(f in FILE_SYSTEM_USERS))).toEqual([]);
  });

  it("compile() reads repository content only through FileSystem.read of listed, confined paths", async () => {
    const asked: string[] = [];
    const inner = new MemoryFileSystem({ "clusters.yaml": CLUSTERS, "a.yaml": configMap("a"), ".git/x.yaml": configMap(CANARY), "node_modules/m.yaml": configMap(CANARY) });
    const fs: FileSystem = { list: (i, e) => inner.list(i, e), read: (f) => (asked.push(f), inner.read(f)) };
    await compile({ repo: fs });
    expect(asked.sort()).toEqual(["a.yaml", "clusters.yaml", "fedc.yaml"]);
  });
});
