// The render cache of `fedc render --stdout --cluster NAME` (design: docs/argocd.md). Argo CD's plugin
// calls it once per Application, so one revision of an N-cluster fleet is N calls: the first compiles
// its own cluster as without the cache, the second compiles the whole fleet once and stores what every
// cluster's call prints; the others print it from the cache. What a call prints is always what `run`
// prints for that cluster: the entry is made by running `run` itself once per cluster, over the one
// compile of the fleet.
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { compile, type CompileOptions, type CompileResult } from "../index.js";
import type { CliOptions } from "./args.js";
import { clusterKey, probeRenderCache, serveFromCache, type CacheProbe } from "./renderCacheKey.js";
import { entryPath, evict, lockHeld, readEntry, tryLock, unlock, writeEntry, type CallResult, type Entry, type EntryMode } from "./renderCacheStore.js";

export interface CacheIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
  /** The probe the launcher computed (and missed with) before loading the CLI. */
  renderCache?: CacheProbe;
}

export type Run = (argv: readonly string[], io: CacheIo & { compile?: (options: CompileOptions) => Promise<CompileResult> }) => Promise<number>;

const POLL_MS = 50;

/** Runs `render --stdout` through the cache; undefined when the cache is not used (then `run` compiles as usual). */
export async function renderThroughCache(argv: readonly string[], options: CliOptions, io: CacheIo, run: Run): Promise<number | undefined> {
  const probe = io.renderCache ?? probeRenderCache(argv, io.env, io.cwd);
  if (!probe || probe.cluster !== options.clusters[0]) return undefined;
  const print = (r: CallResult) => {
    if (r.stdout) io.stdout(r.stdout);
    if (r.stderr) io.stderr(r.stderr);
    return r.code;
  };
  const deadline = Date.now() + probe.waitMs;
  for (;;) {
    const hit = serveFromCache(probe);
    if (hit) return print(hit);
    const main = readEntry(probe.dir, probe.key, probe.cluster);
    // Compiled cluster by cluster, or a name the fleet does not register: this cluster on its own.
    if (main && main.mode !== "all") return print(await own(argv, io, run, probe, true));
    if (tryLock(probe.dir, probe.key)) {
      let first = false;
      try {
        // The entry may have been renamed into place between the read above and the lock.
        const late = serveFromCache(probe);
        if (late) return print(late);
        // The revision's first call compiles its own cluster, as without the cache, so it costs no
        // more than before; it leaves a mark, and the next call (another Application of the same
        // revision) compiles the whole fleet for every call after it.
        first = !readEntry(probe.dir, firstCallKey(probe), "");
        if (first) save(probe, firstCallKey(probe), { mode: "each", results: new Map() });
        else return print(await fill(argv, io, run, probe));
      } finally {
        unlock(probe.dir, probe.key);
      }
      if (first) return print(await own(argv, io, run, probe, false));
    }
    // Another call is compiling this revision: wait for its entry, but not for ever.
    if (Date.now() > deadline) return print(await own(argv, io, run, probe, false));
    await new Promise((r) => setTimeout(r, POLL_MS));
    lockHeld(probe.dir, probe.key, Math.max(probe.waitMs, 600_000));
  }
}

/** The mark a revision's first call leaves (an empty entry): the call after it fills the cache. */
function firstCallKey(probe: CacheProbe): string {
  return createHash("sha256").update(`${probe.key}\0first call`).digest("hex");
}

/** `run` for one cluster, its output captured; `view` stands in for compile. */
async function capture(argv: readonly string[], io: CacheIo, run: Run, view: (options: CompileOptions) => Promise<CompileResult>): Promise<CallResult> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    env: io.env,
    cwd: io.cwd,
    isTTY: false,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    compile: view,
  });
  return { code, stdout, stderr };
}

/** This cluster compiled on its own, as without the cache; stored as its own entry when `store`. */
async function own(argv: readonly string[], io: CacheIo, run: Run, probe: CacheProbe, store: boolean): Promise<CallResult> {
  const result = await capture(argv, io, run, compile);
  if (store) save(probe, clusterKey(probe), { mode: "clusters", results: new Map([[probe.cluster, result]]) });
  return result;
}

/**
 * The first call of a revision: one compile of the whole fleet, with the options `run` gives compile
 * but no cluster filter. When no diagnostic depends on the cluster (SPEC: an override or a validation
 * finding in one cluster fails that cluster's call only), that compile gives every cluster's call: a
 * failed compile fails them all alike ("all"), a successful one prints each cluster's stream
 * ("clusters"). Otherwise each cluster is compiled on its own, as without the cache ("each").
 */
async function fill(argv: readonly string[], io: CacheIo, run: Run, probe: CacheProbe): Promise<CallResult> {
  let full: CompileResult | undefined;
  let mode = "each" as EntryMode;
  // The compile of the fleet as the compile of one cluster: its output only (the rest, the plan
  // included, is read through the prototype, so nothing is computed that the call does not print).
  const view = (cluster: string): CompileResult =>
    Object.create(full!, { clusters: { value: full!.clusters.filter((c) => c.cluster === cluster), enumerable: true } }) as CompileResult;
  const asked = await capture(argv, io, run, async (options) => {
    full = await compile({ ...options, clusters: undefined });
    mode = full.clusterSpecificDiagnostics > 0 ? "each" : full.ok ? "clusters" : "all";
    if (mode === "all") return full;
    if (mode === "clusters" && full.registry.some((c) => c.name === probe.cluster)) return view(probe.cluster);
    return compile(options);
  });
  if (!full) return asked; // run stopped before compiling (it prints its own error)
  const results = new Map<string, CallResult>();
  if (mode === "all") results.set("*", asked);
  if (mode === "clusters") {
    for (const c of full.registry) {
      results.set(c.name, c.name === probe.cluster ? asked : await capture(argv, io, run, async () => view(c.name)));
    }
  }
  save(probe, probe.key, { mode, results });
  // The first call's mark has done its work; it would only take a place in the bound on entries.
  rmSync(entryPath(probe.dir, firstCallKey(probe)), { force: true });
  if (mode !== "all" && !results.has(probe.cluster)) save(probe, clusterKey(probe), { mode: "clusters", results: new Map([[probe.cluster, asked]]) });
  return asked;
}

/** Stores an entry and keeps the cache within its bounds; a cache that cannot be written only costs time. */
function save(probe: CacheProbe, key: string, entry: Entry): void {
  try {
    writeEntry(probe.dir, key, entry);
    evict(probe.dir, probe.limits);
  } catch {
    // Full disk, removed directory: the next call compiles again.
  }
}
