// `npm run bench`: fedc against the I/O floor (and, with --kustomize, against one `kubectl kustomize`
// per cluster), on synthetic federations. Prints medians and ratios from the same run and writes
// them as JSON (bench/out/results.json) so runs can be compared.
//   npm run bench -- [--sizes 10x50,50x200] [--runs 5] [--kustomize] [--layout resource|cluster] [--compare-validate] [--out bench/out/results.json]
//                    [--repo-server [--baseline /path/to/other/dist/bin/fedc.js] [--no-concurrent] [--cold-only]]
// --compare-validate also times render and render --stdout with --no-validate, interleaved, so the cost of output validation shows.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseAllDocuments } from "yaml";
import { generate } from "./generate.js";
import { repoServer, type RepoServerResult } from "./repoServer.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const CLI = path.join(ROOT, "dist/bin/fedc.js"); // package.json "bin", built by npm run build
const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10x50,50x200" },
    runs: { type: "string", default: "5" },
    kustomize: { type: "boolean", default: false },
    layout: { type: "string", default: "resource" },
    "compare-validate": { type: "boolean", default: false },
    out: { type: "string", default: "bench/out/results.json" },
    "repo-server": { type: "boolean", default: false },
    baseline: { type: "string" },
    "no-concurrent": { type: "boolean", default: false },
    "cold-only": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);

interface Timing {
  medianMs: number;
  runsMs: number[];
  maxRssMiB?: number;
}

/** Runs a command `runs` times; wall time from spawn to exit, peak RSS from /usr/bin/time. */
function time(cmd: string, args: string[], before?: () => void, count = runs): Timing {
  const runsMs: number[] = [];
  let maxRss = 0;
  for (let i = 0; i < count; i++) {
    before?.();
    const useTime = existsSync("/usr/bin/time");
    const start = process.hrtime.bigint();
    // Without the render cache: these rows time compiles (the repo-server scenario times the cache).
    const options = { encoding: "utf8" as const, maxBuffer: 1 << 30, env: { ...process.env, FEDC_CACHE: "off" } };
    const r = useTime ? spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], options) : spawnSync(cmd, args, options);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
    if (useTime) maxRss = Math.max(maxRss, Number(r.stderr.trim().split("\n").pop()) / 1024);
    runsMs.push(Math.round(ms));
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)]!, runsMs, ...(maxRss ? { maxRssMiB: Math.round(maxRss) } : {}) };
}

/** Single runs taken apart (interleaved with other commands) as one timing. */
function merge(ts: Timing[]): Timing {
  const runsMs = ts.map((x) => x.runsMs[0]!);
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)]!, runsMs, maxRssMiB: Math.max(...ts.map((x) => x.maxRssMiB ?? 0)) };
}

function objectsOf(yamlText: string): string[] {
  return parseAllDocuments(yamlText)
    .map((d) => d.toJS() as { kind: string; metadata: { name: string } } | null)
    .filter((o): o is { kind: string; metadata: { name: string } } => o !== null)
    .map((o) => JSON.stringify(sortKeys(o)))
    .sort();
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

if (!existsSync(CLI)) throw new Error("build first: npm run build");
const results: Record<string, unknown>[] = [];
for (const size of values.sizes!.split(",")) {
  const [n, m] = size.split("x").map(Number) as [number, number];
  const dir = await mkdtemp(path.join(tmpdir(), `fedc-bench-${n}x${m}-`));
  const gen = await generate(dir, n, m);
  if (values.layout !== "resource") await writeFile(path.join(gen.fedcDir, "fedc.yaml"), `apiVersion: fedc.io/v1alpha1\nkind: Config\nlayout: ${values.layout}\n`);
  const out = path.join(gen.fedcDir, "rendered");
  const floorOut = path.join(dir, "floor");
  // Removes the previous output and flushes it to disk before a timed run: ext4 here slows down as
  // deleted trees pile up in the page cache (50 × 200: 1.5 s, 3.0, 5.2, 7.0, 7.1 s in five runs).
  const clean = (d: string) => () => {
    spawnSync("rm", ["-rf", d]);
    spawnSync("sync");
  };
  const row: Record<string, unknown> = { clusters: n, resources: m, layout: values.layout, objects: n * gen.objectsPerCluster };
  // fedc and the I/O floor alternate, so that a file system slowing down (or another job) affects both alike.
  const floorArgs = [path.join(ROOT, "bench/floor.mjs"), gen.fedcDir, floorOut, values.layout === "cluster" ? "cluster" : "resource"];
  const renders: Timing[] = [];
  const floors: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    renders.push(time("node", [CLI, "render", gen.fedcDir], clean(out), 1));
    floors.push(time("node", floorArgs, clean(floorOut), 1));
  }
  row.fedcRender = merge(renders);
  row.ioFloor = merge(floors);
  // Each render against the floor run right after it: robust to the file system's drift between runs.
  const pairs = renders.map((r, i) => r.runsMs[0]! / floors[i]!.runsMs[0]!).sort((a, b) => a - b);
  row.fedcVsFloorPaired = +pairs[Math.floor(pairs.length / 2)]!.toFixed(2);
  if (values["compare-validate"]) {
    // Interleaved, so that a busy machine slows both alike: with validation, then without, `runs` times.
    // `--stdout --cluster` compiles and validates the whole fleet but writes one stream: the CPU cost without file I/O noise.
    const withRuns: Timing[] = [];
    const withoutRuns: Timing[] = [];
    const stdoutWith: Timing[] = [];
    const stdoutWithout: Timing[] = [];
    const oneCluster = ["--stdout", "--cluster", gen.clusters[0]!];
    for (let i = 0; i < runs; i++) {
      withRuns.push(time("node", [CLI, "render", gen.fedcDir], clean(out), 1));
      withoutRuns.push(time("node", [CLI, "render", gen.fedcDir, "--no-validate"], clean(out), 1));
      stdoutWith.push(time("node", [CLI, "render", gen.fedcDir, ...oneCluster], undefined, 1));
      stdoutWithout.push(time("node", [CLI, "render", gen.fedcDir, ...oneCluster, "--no-validate"], undefined, 1));
    }
    row.fedcRenderValidated = merge(withRuns);
    row.fedcRenderNoValidate = merge(withoutRuns);
    const withV = (row.fedcRenderValidated as Timing).medianMs;
    const without = (row.fedcRenderNoValidate as Timing).medianMs;
    row.validationCostPercent = +(((withV - without) / without) * 100).toFixed(1);
    row.fedcStdoutValidated = merge(stdoutWith);
    row.fedcStdoutNoValidate = merge(stdoutWithout);
    const sWith = (row.fedcStdoutValidated as Timing).medianMs;
    const sWithout = (row.fedcStdoutNoValidate as Timing).medianMs;
    row.validationCostPercentStdout = +(((sWith - sWithout) / sWithout) * 100).toFixed(1);
  }
  row.fedcStdoutOneCluster = time("node", [CLI, "render", gen.fedcDir, "--stdout", "--cluster", gen.clusters[0]!]);
  row.fedcVsFloor = +((row.fedcRender as Timing).medianMs / (row.ioFloor as Timing).medianMs).toFixed(2);
  if (values.kustomize) {
    // Same objects? Compare one cluster's kustomize build with fedc's stdout.
    const k = spawnSync("kubectl", ["kustomize", path.join(gen.kustomizeDir, "overlays", gen.clusters[0]!)], { encoding: "utf8", maxBuffer: 1 << 30 });
    const f = spawnSync("node", [CLI, "render", gen.fedcDir, "--stdout", "--cluster", gen.clusters[0]!], { encoding: "utf8", maxBuffer: 1 << 30 });
    const same = JSON.stringify(objectsOf(k.stdout)) === JSON.stringify(objectsOf(f.stdout));
    if (!same) throw new Error(`kustomize and fedc disagree for ${gen.clusters[0]} at ${size}`);
    const loop = path.join(dir, "kustomize-loop.sh");
    await writeFile(loop, `for d in ${path.join(gen.kustomizeDir, "overlays")}/*; do kubectl kustomize "$d" > /dev/null || exit 1; done\n`);
    row.kustomizeLoop = time("bash", [loop]);
    row.kustomizeVsFedc = +((row.kustomizeLoop as Timing).medianMs / (row.fedcRender as Timing).medianMs).toFixed(1);
  }
  if (values["repo-server"]) {
    // Argo CD: one `render --stdout --cluster` per Application; the render cache's scenario (bench/repoServer.ts).
    const rs = await repoServer(CLI, gen.fedcDir, gen.clusters, runs, values.baseline && path.resolve(values.baseline), {
      concurrent: !values["no-concurrent"],
      warm: !values["cold-only"],
    });
    row.repoServer = rs;
    printRepoServer(n, rs, (row.fedcRender as Timing).medianMs);
  }
  results.push(row);
  const t = (x: unknown) => (x as Timing | undefined)?.medianMs;
  console.log(
    `${n} clusters × ${m} resources (${values.layout}): fedc render ${t(row.fedcRender)} ms, --stdout one cluster ${t(row.fedcStdoutOneCluster)} ms, ` +
      `I/O floor ${t(row.ioFloor)} ms (fedc/floor ${row.fedcVsFloor}×, median of pairs ${row.fedcVsFloorPaired}×)` +
      (values.kustomize ? `, kustomize loop ${t(row.kustomizeLoop)} ms (${row.kustomizeVsFedc}× fedc)` : "") +
      (values["compare-validate"]
        ? `, interleaved: render ${t(row.fedcRenderValidated)} ms vs --no-validate ${t(row.fedcRenderNoValidate)} ms (validation adds ${row.validationCostPercent}%), ` +
          `--stdout ${t(row.fedcStdoutValidated)} ms vs --no-validate ${t(row.fedcStdoutNoValidate)} ms (adds ${row.validationCostPercentStdout}%)`
        : "") +
      `, fedc peak RSS ${(row.fedcRender as Timing).maxRssMiB ?? "?"} MiB`,
  );
  await rm(dir, { recursive: true, force: true });
}
const outFile = path.resolve(ROOT, values.out!);
await mkdir(path.dirname(outFile), { recursive: true });
await writeFile(outFile, JSON.stringify({ node: process.version, runs, layout: values.layout, results }, null, 2) + "\n");
console.log(`wrote ${path.relative(ROOT, outFile)}`);

function printRepoServer(n: number, rs: RepoServerResult, renderMs: number): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const budget = 2 * renderMs + n * 1.5 * rs.versionMs;
  console.log(
    `  repo-server, ${n} calls: sequential cold ${s(rs.sequentialCold.totalMs)} (first call ${s(rs.sequentialCold.firstMs)}), warm ${s(rs.sequentialWarm.totalMs)}; ` +
      `4 concurrent cold ${s(rs.concurrent4Cold.totalMs)}, warm ${s(rs.concurrent4Warm.totalMs)}; peak RSS ${rs.sequentialCold.peakRssMiB} MiB (4 concurrent: ${rs.concurrent4Cold.peakRssMiB} MiB per process)\n` +
      `  one warm call ${rs.sequentialWarm.medianCallMs} ms, fedc --version ${rs.versionMs} ms (${(rs.sequentialWarm.medianCallMs / rs.versionMs).toFixed(2)}×); ` +
      `render --stdout without the cache ${rs.stdoutUncachedMs} ms, first cold call ${(rs.sequentialCold.firstMs / rs.stdoutUncachedMs).toFixed(2)}× that; ` +
      `target for the N calls 2 × render + N × 1.5 × --version = ${s(budget)} (${(rs.sequentialCold.totalMs / budget).toFixed(2)}× of it)` +
      (rs.baseline
        ? `\n  baseline ${rs.baseline.cli}: --version ${rs.baseline.versionMs} ms, render --stdout ${rs.baseline.stdoutMs} ms (median of ${rs.baseline.sampled}), ` +
          `N calls ≈ ${s(rs.baseline.sequentialEstimateMs)}; first cold call ${(rs.sequentialCold.firstMs / rs.baseline.stdoutMs).toFixed(2)}× baseline render --stdout`
        : ""),
  );
}
