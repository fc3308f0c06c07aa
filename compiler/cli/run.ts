// `fedc` command line: parse arguments, call compile, print, exit. No compiler logic lives here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { compile, renderDiagnostics, clusterStream, withPathPrefix, type CompileResult, type Diagnostic } from "../index.js";
import { helpText, parseCli, UsageError, USAGE, type CliOptions } from "./args.js";
import { annotationPrefix } from "./annotationPaths.js";
import { compareOutputTree, writeOutputTree } from "./outputTree.js";
import { formatPlanTable } from "./planTable.js";
import { runDiff } from "./diff.js";
import { runKubeconform } from "./kubeconform.js";
import { renderThroughCache, type CacheIo } from "./renderCache.js";

/** Where the CLI prints and what it runs in; `renderCache` is the launcher's probe, when it computed one. */
interface Io extends CacheIo {
  /** Stands in for compile: the render cache runs this function over one compile of the whole fleet. */
  compile?: typeof compile;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** Runs one fedc command; returns the exit code. Never throws for user errors. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h") || argv.length === 0) {
    (argv.length === 0 ? io.stderr : io.stdout)(helpText(argv));
    return argv.length === 0 ? 2 : 0;
  }
  if (argv.includes("--version")) {
    io.stdout(`fedc ${version()}\n`);
    return 0;
  }
  let options: CliOptions;
  try {
    options = parseCli(argv, io.env);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`fedc: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (options.command === "diff") return runDiff(options, io);
  if (options.command === "render" && options.stdout && !io.compile) {
    const code = await renderThroughCache(argv, options, io, run);
    if (code !== undefined) return code;
  }
  const progress = io.isTTY ? setTimeout(() => io.stderr("fedc: rendering…\n"), 1000) : undefined;
  let result: CompileResult;
  try {
    // --out is the operator's: relative to the current directory, like every CLI path.
    const out = options.out === undefined ? undefined : path.resolve(io.cwd, options.out);
    result = await (io.compile ?? compile)({ repo: options.repo, out, clusters: options.clusters, validate: !options.noValidate });
  } finally {
    if (progress) clearTimeout(progress);
  }
  const extra: Diagnostic[] = [];
  let summary = "";
  let kubeconformSummary = "";
  let incomplete = false;
  const target = { operator: options.out !== undefined, clusters: options.clusters };
  if (result.ok && options.command === "render") {
    if (options.stdout) {
      const cluster = result.clusters[0];
      if (cluster) io.stdout(clusterStream(cluster));
    } else if (options.check) {
      const stale = await compareOutputTree(options.repo, result.outDir, result.files, target);
      const changed = [...stale.added.map((f) => `added: ${f}`), ...stale.changed.map((f) => `changed: ${f}`), ...stale.removed.map((f) => `removed: ${f}`)];
      if (changed.length > 0) {
        extra.push({
          code: "OUTPUT_STALE",
          severity: "error",
          message: `${result.outDir}/ is out of date (${changed.length} file${changed.length > 1 ? "s" : ""}); run "fedc render" and commit the result`,
          notes: changed.map((message) => ({ message })),
        });
      } else summary = `fedc: ${result.outDir}/ is up to date (${result.files.length} files)\n`;
    } else {
      const written = await writeOutputTree(options.repo, result.outDir, result.files, target);
      if ("code" in written) {
        incomplete = written.touched === true;
        extra.push({ code: written.code, severity: "error", message: written.message, notes: [] });
      } else {
        if (written.repaired) {
          extra.push({ code: "OUTPUT_REPAIRED", severity: "warning", message: `the previous render into ${result.outDir}/ was interrupted; this render completed it`, notes: [] });
        }
        const objects = result.clusters.reduce((n, c) => n + c.objects.length, 0);
        summary =
          `fedc: rendered ${objects} object${objects === 1 ? "" : "s"} for ${result.clusters.length} cluster${result.clusters.length === 1 ? "" : "s"} into ${result.outDir}/ ` +
          `(${written.written} written, ${written.removed} removed, ${written.unchanged} unchanged)\n`;
      }
    }
  } else if (result.ok && options.command === "plan" && result.plan) {
    const shown = options.clusters.length ? options.clusters : result.registry.map((c) => c.name);
    if (options.format === "json") {
      const wanted = new Set(shown);
      const filtered = {
        ...result.plan,
        clusters: result.plan.clusters.filter((c) => wanted.has(c.name)),
        resources: result.plan.resources.map((r) => ({ ...r, clusters: Object.fromEntries(Object.entries(r.clusters).filter(([c]) => wanted.has(c))) })),
      };
      io.stdout(JSON.stringify(filtered, null, 2) + "\n");
    } else io.stdout(formatPlanTable(result.plan, shown));
  } else if (result.ok && options.command === "validate") {
    summary = `fedc: ${result.registry.length} clusters, no errors\n`;
    if (options.kubeconform) {
      const kc = await runKubeconform(result.clusters, result.config.kubernetesVersion, io.env);
      extra.push(...kc.diagnostics);
      if (kc.summary) kubeconformSummary = `fedc: ${kc.summary}\n`;
    }
  }
  const diagnostics = [...result.diagnostics, ...extra];
  const failed = diagnostics.some((d) => d.severity === "error");
  if (options.format === "json") {
    // One JSON array on stdout (`| jq`), unless stdout carries something else: the manifests of
    // --stdout, or plan's data.
    const toStdout = !options.stdout && options.command !== "plan";
    (toStdout ? io.stdout : io.stderr)(renderDiagnostics(diagnostics, "json", result.sources));
  } else {
    if (options.format === "github") {
      // GitHub places an annotation by its path from the workspace root, not from the fleet directory.
      const moved = withPathPrefix(diagnostics, result.sources, annotationPrefix(options.repo, io.cwd, io.env));
      io.stderr(renderDiagnostics(moved.diagnostics, "github", moved.sources));
    } else io.stderr(renderDiagnostics(diagnostics, options.format, result.sources));
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    if (kubeconformSummary) io.stderr(kubeconformSummary);
    if (failed && incomplete) io.stderr(`fedc: ${errors} error${errors === 1 ? "" : "s"}; ${result.outDir}/ is incomplete (its marker says so): fix the cause and render again\n`);
    else if (failed) io.stderr(`fedc: ${errors} error${errors === 1 ? "" : "s"}; nothing was written\n`);
    else if (summary && !options.stdout) io.stderr(summary);
  }
  return failed ? 1 : 0;
}
