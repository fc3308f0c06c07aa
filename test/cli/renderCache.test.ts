// The render cache of `render --stdout` (compiler/cli/renderCache*.ts, docs/argocd.md): what a call
// prints (stdout, stderr, exit code) is byte for byte what it prints without the cache, cold or warm,
// for every example and fixture and every cluster (and a name that is not registered); one compile of
// a clean revision serves every cluster; damaged, foreign or stale entries only cost a compile.
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.js";
import { cacheDirectory, probeRenderCache } from "../../compiler/cli/renderCacheKey.js";
import { entryPath, evict, readEntry, tryLock, unlock, writeEntry } from "../../compiler/cli/renderCacheStore.js";
import { copyToTemp, fedc, ROOT } from "../support/cli.js";

const exec = promisify(execFile);
const temps: string[] = [];
async function temp(prefix: string): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
afterAll(async () => {
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

const OFF = { FEDC_CACHE: "off" };

/** Every registered cluster of a repository, and a name that is not registered. */
async function clusterNames(repo: string): Promise<string[]> {
  const result = await compile({ repo });
  return [...result.registry.map((c) => c.name), "not-registered"];
}

async function sameAsUncached(repo: string, extra: string[] = []): Promise<void> {
  const cache = await temp("fedc-cache-");
  const env = { FEDC_CACHE_DIR: cache };
  const names = await clusterNames(repo);
  const uncached = [];
  for (const c of names) uncached.push(await fedc(["render", repo, "--stdout", "--cluster", c, ...extra], OFF));
  // Cold: the first call fills the cache (in the order Argo CD might call), then every call again, warm.
  for (const pass of ["cold", "warm"]) {
    for (const [i, c] of names.entries()) {
      const cached = await fedc(["render", repo, "--stdout", "--cluster", c, ...extra], env);
      expect({ pass, cluster: c, ...cached }).toEqual({ pass, cluster: c, ...uncached[i] });
    }
  }
  expect((await readdir(path.join(cache, "v1"))).some((f) => f.endsWith(".entry"))).toBe(true);
}

describe("render --stdout through the cache prints what it prints without", () => {
  const examples = ["quickstart", "dns"].map((e) => path.join(ROOT, "examples", e));
  for (const dir of examples) {
    it(`example ${path.basename(dir)}`, async () => sameAsUncached(await copyToTemp(dir)), 60_000);
  }

  it("every fixture (errors included), cluster by cluster", async () => {
    for (const f of (await readdir(path.join(ROOT, "fixtures"))).sort()) {
      await sameAsUncached(path.join(ROOT, "fixtures", f, "input"));
    }
  }, 600_000);

  it("with --no-validate and --format json / github", async () => {
    const repo = path.join(ROOT, "fixtures/kubefed-errors-overrides/input");
    await sameAsUncached(repo, ["--no-validate"]);
    await sameAsUncached(repo, ["--format", "json"]);
    await sameAsUncached(path.join(ROOT, "fixtures/kubefed-errors-parse/input"), ["--format", "github"]);
  }, 120_000);

  it("with the cluster from Argo CD's environment", async () => {
    const repo = path.join(ROOT, "fixtures/kubefed-placement/input");
    const cache = await temp("fedc-cache-");
    for (const c of await clusterNames(repo)) {
      const off = await fedc(["render", repo, "--stdout"], { ...OFF, ARGOCD_ENV_FEDC_CLUSTER: c });
      expect(await fedc(["render", repo, "--stdout"], { FEDC_CACHE_DIR: cache, ARGOCD_ENV_FEDC_CLUSTER: c })).toEqual(off);
    }
  });
});

describe("one compile per revision", () => {
  it("a clean revision: the first call compiles its own cluster, the second stores every cluster's output", async () => {
    const repo = path.join(ROOT, "fixtures/kubefed-sample1/input");
    const cache = await temp("fedc-cache-");
    const env = { FEDC_CACHE_DIR: cache };
    const names = (await clusterNames(repo)).filter((c) => c !== "not-registered");
    await fedc(["render", repo, "--stdout", "--cluster", names[0]!], env);
    const probe = probeRenderCache(["render", repo, "--stdout", "--cluster", names[1]!], env, process.cwd())!;
    expect(readEntry(probe.dir, probe.key, names[1]!)).toBeUndefined();
    await fedc(["render", repo, "--stdout", "--cluster", names[2]!], env);
    const entry = readEntry(probe.dir, probe.key, names[1]!);
    expect(entry?.mode).toBe("clusters");
    expect(entry?.result).toEqual(await fedc(["render", repo, "--stdout", "--cluster", names[1]!], OFF));
  });

  it("an input error: one entry fails every cluster's call alike", async () => {
    const repo = path.join(ROOT, "fixtures/kubefed-errors-schema/input");
    const cache = await temp("fedc-cache-");
    const env = { FEDC_CACHE_DIR: cache };
    await fedc(["render", repo, "--stdout", "--cluster", "anything"], env);
    await fedc(["render", repo, "--stdout", "--cluster", "something"], env);
    const probe = probeRenderCache(["render", repo, "--stdout", "--cluster", "another"], env, process.cwd())!;
    const entry = readEntry(probe.dir, probe.key, "another");
    expect(entry?.mode).toBe("all");
    expect(entry?.result?.code).toBe(1);
  });

  it("an override that fails in one cluster fails that cluster's call only", async () => {
    const repo = path.join(ROOT, "fixtures/kubefed-errors-overrides/input");
    const cache = await temp("fedc-cache-");
    const names = (await clusterNames(repo)).filter((c) => c !== "not-registered");
    const codes = [];
    for (const c of names) codes.push((await fedc(["render", repo, "--stdout", "--cluster", c], { FEDC_CACHE_DIR: cache })).code);
    const uncached = [];
    for (const c of names) uncached.push((await fedc(["render", repo, "--stdout", "--cluster", c], OFF)).code);
    expect(codes).toEqual(uncached);
  });
});

describe("the key", () => {
  async function keyOf(repo: string, args: string[] = [], cache?: string): Promise<string> {
    const env = { FEDC_CACHE_DIR: cache ?? (await temp("fedc-cache-")) };
    return probeRenderCache(["render", repo, "--stdout", "--cluster", "a", ...args], env, process.cwd())!.key;
  }

  it("covers every file's path and bytes and the options, not where the repository is or the cluster", async () => {
    const repo = await copyToTemp(path.join(ROOT, "examples/quickstart"));
    const cache = await temp("fedc-cache-");
    const base = await keyOf(repo, [], cache);
    expect(await keyOf(await copyToTemp(repo), [], cache)).toBe(base);
    const env = { FEDC_CACHE_DIR: cache };
    expect(probeRenderCache(["render", repo, "--stdout", "--cluster", "b"], env, process.cwd())!.key).toBe(base);
    expect(await keyOf(repo, ["--no-validate"], cache)).not.toBe(base);
    expect(await keyOf(repo, ["--format", "json"], cache)).not.toBe(base);
    await writeFile(path.join(repo, "fedc.yaml"), (await readFile(path.join(repo, "fedc.yaml"), "utf8")) + "\n");
    const changed = await keyOf(repo, [], cache);
    expect(changed).not.toBe(base);
    await writeFile(path.join(repo, "more.yml"), "x: 1\n");
    expect(await keyOf(repo, [], cache)).not.toBe(changed);
    // Files fedc never reads do not change the key: hidden ones, and without an `include` in
    // fedc.yaml, files other than *.yaml, *.yml and *.json.
    const withMore = await keyOf(repo, [], cache);
    await cp(path.join(repo, "fedc.yaml"), path.join(repo, ".hidden.yaml"));
    await writeFile(path.join(repo, "notes.txt"), "x");
    expect(await keyOf(repo, [], cache)).toBe(withMore);
    // With an `include`, fedc may read any file: every file counts.
    await writeFile(path.join(repo, "fedc.yaml"), (await readFile(path.join(repo, "fedc.yaml"), "utf8")) + 'include: ["**/*.txt", "**/*.yaml"]\n');
    const withInclude = await keyOf(repo, [], cache);
    await writeFile(path.join(repo, "notes.txt"), "y");
    expect(await keyOf(repo, [], cache)).not.toBe(withInclude);
  });

  it("a link counts by its text and its target's bytes, whatever the target's or the link's name", async () => {
    const repo = await copyToTemp(path.join(ROOT, "examples/quickstart"));
    const cache = await temp("fedc-cache-");
    await writeFile(path.join(repo, "target.txt"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one, namespace: shop}\n");
    await symlink("target.txt", path.join(repo, "linked.yaml"));
    await mkdir(path.join(repo, "dir-a"));
    await mkdir(path.join(repo, "dir-b"));
    await writeFile(path.join(repo, "dir-b", "x.yaml"), "a: 1\n");
    await symlink("dir-a", path.join(repo, "dir-link"));
    const base = await keyOf(repo, [], cache);
    await writeFile(path.join(repo, "target.txt"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: two, namespace: shop}\n");
    const retargetedFile = await keyOf(repo, [], cache);
    expect(retargetedFile).not.toBe(base);
    await rm(path.join(repo, "dir-link"));
    await symlink("dir-b", path.join(repo, "dir-link"));
    expect(await keyOf(repo, [], cache)).not.toBe(retargetedFile);
  });

  it("with an include of other files, cached output is still uncached output", async () => {
    const repo = await copyToTemp(path.join(ROOT, "examples/quickstart"));
    await writeFile(path.join(repo, "fedc.yaml"), (await readFile(path.join(repo, "fedc.yaml"), "utf8")) + 'include: ["**/*.yaml", "**/*.k8s"]\n');
    await writeFile(path.join(repo, "extra.k8s"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: shop}\n");
    await sameAsUncached(repo);
    const cache = await temp("fedc-cache-");
    const env = { FEDC_CACHE_DIR: cache };
    const before = await fedc(["render", repo, "--stdout", "--cluster", "us-east-prod"], env);
    await writeFile(path.join(repo, "extra.k8s"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra2, namespace: shop}\n");
    const after = await fedc(["render", repo, "--stdout", "--cluster", "us-east-prod"], env);
    expect(after).toEqual(await fedc(["render", repo, "--stdout", "--cluster", "us-east-prod"], OFF));
    expect(after).not.toEqual(before); // the plain ConfigMap is unclaimed: its name is in the warning
  }, 60_000);
});

describe("entries", () => {
  it("give back every text byte for byte; manifests shared by clusters are stored once", async () => {
    const dir = await temp("fedc-cache-");
    const shared = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: é—ü\n".repeat(50);
    const texts = ["", "---\n", "a\n---\n", "\n---\n\n---\n", `${shared}---\nkind: A\n---\n${shared}`, `${shared}---\nkind: B\n`, "no newline at the end"];
    const results = new Map(texts.map((t, i) => [`c${i}`, { code: i % 2, stdout: t, stderr: i ? `warning ${t.length}\n` : "" }]));
    const size = writeEntry(dir, "k", { mode: "clusters", results });
    expect(size).toBeLessThan(texts.reduce((n, t) => n + Buffer.byteLength(t), 0));
    for (const [name, r] of results) expect(readEntry(dir, "k", name)).toEqual({ mode: "clusters", result: r });
    expect(readEntry(dir, "k", "other")).toEqual({ mode: "clusters" });
    expect(readEntry(dir, "other-key", "c1")).toBeUndefined();
  });
});

describe("damaged, foreign and stale entries", () => {
  async function filled(): Promise<{ repo: string; env: Record<string, string>; file: string; expected: Awaited<ReturnType<typeof fedc>> }> {
    const repo = path.join(ROOT, "fixtures/kubefed-sample1/input");
    const cache = await temp("fedc-cache-");
    const env = { FEDC_CACHE_DIR: cache };
    const args = ["render", repo, "--stdout", "--cluster", "cluster1"];
    const expected = await fedc(args, OFF);
    await fedc(args, env); // the revision's first call: its own cluster, and a mark
    await fedc(args, env); // the second: the whole fleet, every cluster stored
    const probe = probeRenderCache(args, env, process.cwd())!;
    return { repo, env, file: entryPath(probe.dir, probe.key), expected };
  }

  it("a damaged entry is recompiled and rewritten", async () => {
    const { repo, env, file, expected } = await filled();
    for (const damage of [(b: Buffer) => (b[10] ^= 1), (b: Buffer) => (b[b.length - 20] ^= 1)]) {
      const bytes = await readFile(file);
      damage(bytes);
      await writeFile(file, bytes);
      expect(await fedc(["render", repo, "--stdout", "--cluster", "cluster1"], env)).toEqual(expected);
    }
    await writeFile(file, (await readFile(file)).subarray(0, 100));
    expect(await fedc(["render", repo, "--stdout", "--cluster", "cluster1"], env)).toEqual(expected);
    expect(await fedc(["render", repo, "--stdout", "--cluster", "cluster1"], env)).toEqual(expected);
  });

  it("an entry of another key under this key's name is not served", async () => {
    const { repo, env, file, expected } = await filled();
    const other = path.join(ROOT, "fixtures/kubefed-placement/input");
    await fedc(["render", other, "--stdout", "--cluster", "cluster1"], env);
    await fedc(["render", other, "--stdout", "--cluster", "cluster1"], env);
    const probe = probeRenderCache(["render", other, "--stdout", "--cluster", "cluster1"], env, process.cwd())!;
    await cp(entryPath(probe.dir, probe.key), file);
    expect(await fedc(["render", repo, "--stdout", "--cluster", "cluster1"], env)).toEqual(expected);
  });

  it("a lock of a live compile is waited for, within the bound; a dead one is taken over", async () => {
    const { repo, expected } = await filled();
    const cache = await temp("fedc-cache-");
    const env = { FEDC_CACHE_DIR: cache, FEDC_CACHE_WAIT_SECONDS: "0.3" };
    const args = ["render", repo, "--stdout", "--cluster", "cluster1"];
    const probe = probeRenderCache(args, env, process.cwd())!;
    expect(tryLock(probe.dir, probe.key)).toBe(true); // held by this (live) process
    const started = Date.now();
    expect(await fedc(args, env)).toEqual(expected);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(existsSync(entryPath(probe.dir, probe.key))).toBe(false); // the waiter does not store
    unlock(probe.dir, probe.key);
    await writeFile(path.join(probe.dir, `${probe.key}.lock`), `999999999 ${(await import("node:os")).hostname()} ${Date.now()}\n`);
    expect(await fedc(args, env)).toEqual(expected); // the first call of the revision takes the lock over
    expect(await fedc(args, env)).toEqual(expected);
    expect(existsSync(entryPath(probe.dir, probe.key))).toBe(true);
  });

  it("eviction keeps the most recently used entries within the bounds", async () => {
    const cache = await temp("fedc-cache-");
    const env = { FEDC_CACHE_DIR: cache, FEDC_CACHE_MAX_ENTRIES: "2" };
    const repos = ["kubefed-sample1", "kubefed-placement", "kubefed-overrides"].map((f) => path.join(ROOT, "fixtures", f, "input"));
    for (const [i, repo] of repos.entries()) {
      await fedc(["render", repo, "--stdout", "--cluster", "cluster1"], env);
      await fedc(["render", repo, "--stdout", "--cluster", "cluster1"], env);
      const probe = probeRenderCache(["render", repo, "--stdout", "--cluster", "cluster1"], env, process.cwd())!;
      const t = new Date(Date.now() - (10 - i) * 1000);
      await utimes(entryPath(probe.dir, probe.key), t, t);
    }
    const dir = path.join(cache, "v1");
    evict(dir, { maxEntries: 2, maxBytes: 1 << 30 });
    expect((await readdir(dir)).filter((f) => f.endsWith(".entry"))).toHaveLength(2);
    evict(dir, { maxEntries: 10, maxBytes: 1 });
    expect((await readdir(dir)).filter((f) => f.endsWith(".entry"))).toHaveLength(1);
  });
});

describe("the cache directory", () => {
  it("is created private (0700)", async () => {
    const base = await temp("fedc-cache-");
    const dir = cacheDirectory({ FEDC_CACHE_DIR: path.join(base, "c") })!;
    expect(dir).toBeDefined();
    const { statSync } = await import("node:fs");
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("is refused when others can write to it or it is a symbolic link", async () => {
    const base = await temp("fedc-cache-");
    await chmod(base, 0o777);
    expect(cacheDirectory({ FEDC_CACHE_DIR: base })).toBeUndefined();
    const link = path.join(await temp("fedc-cache-"), "link");
    await symlink(await temp("fedc-cache-"), link);
    expect(cacheDirectory({ FEDC_CACHE_DIR: link })).toBeUndefined();
    const refused = await temp("fedc-cache-");
    await symlink(await temp("fedc-cache-"), path.join(refused, "v1"));
    expect(cacheDirectory({ FEDC_CACHE_DIR: refused })).toBeUndefined();
  });

  it("off: FEDC_CACHE=off, and a checkout run from its sources without FEDC_CACHE_DIR", () => {
    const args = ["render", ".", "--stdout", "--cluster", "a"];
    expect(probeRenderCache(args, { FEDC_CACHE: "off", FEDC_CACHE_DIR: tmpdir() }, process.cwd())).toBeUndefined();
    expect(probeRenderCache(args, {}, process.cwd())).toBeUndefined();
  });
});

describe("the built executable", () => {
  const bin = path.join(ROOT, "dist/bin/fedc.js");
  it.skipIf(!existsSync(path.join(ROOT, "dist/bin/fedc.buildid")))("serves warm calls before loading the CLI, and four concurrent callers print the same", async () => {
    const repo = await copyToTemp(path.join(ROOT, "examples/dns"));
    const cache = await temp("fedc-cache-");
    const names = (await clusterNames(repo)).filter((c) => c !== "not-registered");
    const call = async (c: string, env: Record<string, string>) => {
      try {
        const r = await exec(process.execPath, [bin, "render", repo, "--stdout", "--cluster", c], { env: { PATH: process.env.PATH, ...env }, maxBuffer: 1 << 26 });
        return { code: 0, stdout: r.stdout, stderr: r.stderr };
      } catch (e) {
        const x = e as { code: number; stdout: string; stderr: string };
        return { code: x.code, stdout: x.stdout, stderr: x.stderr };
      }
    };
    const expected = await Promise.all(names.map((c) => call(c, OFF)));
    const concurrent = await Promise.all(names.map((c) => call(c, { FEDC_CACHE_DIR: cache })));
    expect(concurrent).toEqual(expected);
    const warm = await Promise.all(names.map((c) => call(c, { FEDC_CACHE_DIR: cache })));
    expect(warm).toEqual(expected);
  }, 60_000);
});
