// The Argo CD repo-server scenario of `npm run bench -- --repo-server`: one revision of an N-cluster fleet
// is N calls of `fedc render --stdout --cluster <name>` (one per Application), each a new process.
// Timed: all N calls one after the other and with 4 concurrent callers, with a cold cache (the first
// call compiles) and a warm one; the first (cold) call alone; a warm call alone; `fedc --version`.
// With a baseline CLI (`--baseline /path/to/fedc.js`, e.g. main's build, which has no cache) the same
// calls are sampled (all N of them would take N full compiles) and interleaved with ours.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export interface Call {
  ms: number;
  rssMiB: number;
  stdout: string;
}

/** One process: wall time from spawn to exit, peak RSS from /usr/bin/time. */
export function call(cli: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Call> {
  const useTime = existsSync("/usr/bin/time");
  const argv = useTime ? ["-f", "%M", "node", cli, ...args] : [cli, ...args];
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(useTime ? "/usr/bin/time" : "node", argv, { env: { ...process.env, FEDC_CACHE: "on", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) return reject(new Error(`${cli} ${args.join(" ")} failed (${code}):\n${err}`));
      const rss = useTime ? Number(err.trim().split("\n").pop()) / 1024 : 0;
      resolve({ ms: Math.round(ms), rssMiB: Math.round(rss), stdout: Buffer.concat(out).toString() });
    });
  });
}

export interface RoundTiming {
  totalMs: number;
  peakRssMiB: number;
  firstMs: number;
  medianCallMs: number;
}

/** Every cluster's call, `concurrency` at a time, in cluster order. */
async function round(cli: string, repo: string, clusters: readonly string[], concurrency: number, env: NodeJS.ProcessEnv): Promise<RoundTiming> {
  const start = process.hrtime.bigint();
  const calls: Call[] = new Array(clusters.length);
  let next = 0;
  const worker = async () => {
    while (next < clusters.length) {
      const i = next++;
      calls[i] = await call(cli, ["render", repo, "--stdout", "--cluster", clusters[i]!], env);
      calls[i]!.stdout = "";
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = calls.map((c) => c.ms).sort((a, b) => a - b);
  return {
    totalMs: Math.round(Number(process.hrtime.bigint() - start) / 1e6),
    peakRssMiB: Math.max(...calls.map((c) => c.rssMiB)),
    firstMs: calls[0]!.ms,
    medianCallMs: ms[Math.floor(ms.length / 2)]!,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface RepoServerResult {
  versionMs: number;
  stdoutUncachedMs: number;
  sequentialCold: RoundTiming;
  sequentialWarm: RoundTiming;
  concurrent4Cold: RoundTiming;
  concurrent4Warm: RoundTiming;
  baseline?: { cli: string; versionMs: number; stdoutMs: number; sampled: number; sequentialEstimateMs: number };
}

/** The scenario, `runs` times (medians); ours and the baseline's calls alternate. */
export async function repoServer(
  cli: string,
  repo: string,
  clusters: readonly string[],
  runs: number,
  baseline?: string,
  { concurrent = true, warm = true } = {},
): Promise<RepoServerResult> {
  const rounds: { sc: RoundTiming; sw: RoundTiming; cc: RoundTiming; cw: RoundTiming }[] = [];
  const version: number[] = [];
  const uncached: number[] = [];
  const base = { version: [] as number[], stdout: [] as number[] };
  // Same bytes with and without the cache, for the first and the last cluster.
  for (const c of [clusters[0]!, clusters.at(-1)!]) {
    const cacheDir = await mkdtemp(path.join(tmpdir(), "fedc-bench-cache-"));
    const off = await call(cli, ["render", repo, "--stdout", "--cluster", c], { FEDC_CACHE: "off" });
    await call(cli, ["render", repo, "--stdout", "--cluster", clusters[1] ?? c], { FEDC_CACHE_DIR: cacheDir });
    const on = await call(cli, ["render", repo, "--stdout", "--cluster", c], { FEDC_CACHE_DIR: cacheDir });
    await rm(cacheDir, { recursive: true, force: true });
    if (on.stdout !== off.stdout) throw new Error(`the cached output of ${c} differs from the uncached one`);
  }
  const sample = clusters.filter((_, i) => i % Math.max(1, Math.floor(clusters.length / 5)) === 0).slice(0, 5);
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < 5; i++) {
      version.push((await call(cli, ["--version"])).ms);
      if (baseline) base.version.push((await call(baseline, ["--version"])).ms);
    }
    for (const c of sample) {
      uncached.push((await call(cli, ["render", repo, "--stdout", "--cluster", c], { FEDC_CACHE: "off" })).ms);
      if (baseline) base.stdout.push((await call(baseline, ["render", repo, "--stdout", "--cluster", c])).ms);
    }
    const timed = async (concurrency: number) => {
      const cacheDir = await mkdtemp(path.join(tmpdir(), "fedc-bench-cache-"));
      const env = { FEDC_CACHE_DIR: cacheDir };
      const cold = await round(cli, repo, clusters, concurrency, env);
      // --cold-only: the cold round's calls after the first are warm ones already.
      const again = warm ? await round(cli, repo, clusters, concurrency, env) : cold;
      await rm(cacheDir, { recursive: true, force: true });
      return [cold, again] as const;
    };
    const [sc, sw] = await timed(1);
    // --no-concurrent: 1,000 × 200 takes minutes a round on a shared machine.
    const [cc, cw] = concurrent ? await timed(4) : [sc, sw];
    rounds.push({ sc, sw, cc, cw });
  }
  const pick = (f: (x: (typeof rounds)[number]) => RoundTiming): RoundTiming => {
    const all = rounds.map(f);
    return {
      totalMs: median(all.map((x) => x.totalMs)),
      peakRssMiB: Math.max(...all.map((x) => x.peakRssMiB)),
      firstMs: median(all.map((x) => x.firstMs)),
      medianCallMs: median(all.map((x) => x.medianCallMs)),
    };
  };
  return {
    versionMs: median(version),
    stdoutUncachedMs: median(uncached),
    sequentialCold: pick((x) => x.sc),
    sequentialWarm: pick((x) => x.sw),
    concurrent4Cold: pick((x) => x.cc),
    concurrent4Warm: pick((x) => x.cw),
    ...(baseline
      ? {
          baseline: {
            cli: baseline,
            versionMs: median(base.version),
            stdoutMs: median(base.stdout),
            sampled: base.stdout.length,
            sequentialEstimateMs: median(base.stdout) * clusters.length,
          },
        }
      : {}),
  };
}
