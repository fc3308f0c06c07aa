import path from "node:path/posix";
import jsyaml from "js-yaml";
import type { SkippedDocument, SourceFile } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";

// Federation repositories also hold other tools' files. A Helm chart's templates are Go templates
// (not YAML until Helm renders them), and a kustomization's patches are fragments that only mean
// something applied to a base: read as manifests, a chart gave 134 errors and a strategic-merge
// patch became a second, partial copy of its target. Both are skipped, and listed in fedc-plan.json.

const KUSTOMIZATION_FILES = new Set(["kustomization.yaml", "kustomization.yml", "Kustomization"]);

export interface ToolFiles {
  /** The files to read as manifests. */
  inputs: SourceFile[];
  /** Whole files skipped, with why (fedc-plan.json `documents`). */
  skipped: SkippedDocument[];
}

/** Separates Helm charts (a folder with Chart.yaml) and kustomize configuration and patches from manifests. */
export function separateToolFiles(files: readonly SourceFile[], diagnostics: DiagnosticBag): ToolFiles {
  const charts = files.filter((f) => path.basename(f.path) === "Chart.yaml");
  const inside = (file: string, dir: string) => dir === "." || file.startsWith(`${dir}/`);
  // Subcharts (under a chart's charts/) are part of their parent: one chart, one warning.
  const chartDirs = charts
    .map((c) => ({ dir: path.dirname(c.path), file: c, name: chartName(c) }))
    .filter((c, _, all) => !all.some((o) => o.dir !== c.dir && inside(c.file.path, o.dir)));
  const patches = new Map<string, string>();
  for (const f of files) {
    if (!KUSTOMIZATION_FILES.has(path.basename(f.path))) continue;
    for (const [target, field] of kustomizePatches(f)) if (!patches.has(target)) patches.set(target, `a kustomize patch (${field} in ${f.path}), applied by kustomize to its base`);
  }
  const inputs: SourceFile[] = [];
  const skipped: SkippedDocument[] = [];
  const perChart = new Map<string, number>();
  for (const f of files) {
    const chart = chartDirs.find((c) => inside(f.path, c.dir));
    if (chart) {
      skipped.push({ file: f.path, offset: 0, reason: `part of the Helm chart ${chart.name} (${chart.file.path}), which Helm renders; fedc reads its output, not its templates` });
      perChart.set(chart.file.path, (perChart.get(chart.file.path) ?? 0) + 1);
      continue;
    }
    if (KUSTOMIZATION_FILES.has(path.basename(f.path))) {
      skipped.push({ file: f.path, offset: 0, reason: "kustomize configuration, not a manifest" });
      continue;
    }
    const patch = patches.get(f.path);
    if (patch) {
      skipped.push({ file: f.path, offset: 0, reason: patch });
      continue;
    }
    inputs.push(f);
  }
  for (const c of chartDirs) {
    const n = perChart.get(c.file.path) ?? 0;
    const at = c.file.text.search(/^name:/m);
    diagnostics.warning(
      "HELM_CHART_SKIPPED",
      `${c.dir === "." ? "the repository" : `${c.dir}/`} is the Helm chart ${c.name}: its ${n} file${n === 1 ? "" : "s"} are not read as manifests; to federate what it produces, commit the output of helm template beside it, or exclude the chart in fedc.yaml`,
      { file: c.file.path, start: Math.max(at, 0), end: Math.max(at, 0) + (at >= 0 ? 4 : 0) },
    );
  }
  return { inputs, skipped };
}

function chartName(chart: SourceFile): string {
  try {
    const v = jsyaml.load(chart.text, { schema: jsyaml.CORE_SCHEMA }) as { name?: unknown } | null;
    if (v && typeof v.name === "string" && v.name !== "") return v.name;
  } catch {
    // A Chart.yaml that does not parse still marks its folder as a chart.
  }
  return path.basename(path.dirname(chart.path)) || "(root)";
}

/** Repository paths of the files a kustomization names as patches or plugin configurations. */
function kustomizePatches(file: SourceFile): [string, string][] {
  let value: unknown;
  try {
    value = jsyaml.load(file.text, { schema: jsyaml.CORE_SCHEMA });
  } catch {
    return [];
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  const k = value as Record<string, unknown>;
  const dir = path.dirname(file.path);
  const out: [string, string][] = [];
  const add = (ref: unknown, field: string) => {
    // Inline patches (a YAML string with newlines) are not files.
    if (typeof ref !== "string" || ref === "" || ref.includes("\n")) return;
    const target = path.normalize(path.join(dir, ref));
    if (target.startsWith("../") || target === "..") return;
    out.push([target, field]);
  };
  for (const field of ["patches", "patchesJson6902"]) {
    const list = k[field];
    if (Array.isArray(list)) for (const p of list) add(p && typeof p === "object" ? (p as { path?: unknown }).path : p, field);
  }
  for (const field of ["patchesStrategicMerge", "transformers", "generators", "validators"]) {
    const list = k[field];
    if (Array.isArray(list)) for (const p of list) add(p, field);
  }
  const replacements = k.replacements;
  if (Array.isArray(replacements)) for (const r of replacements) add(r && typeof r === "object" ? (r as { path?: unknown }).path : undefined, "replacements");
  return out;
}

/**
 * Documents that look like Kubernetes objects but configure a tool (read by a binary, never sent to
 * an API server): a kind or k3d cluster config, a kubeconfig, kustomize or Skaffold configuration,
 * a component config. Skipped, with why; a kubeconfig holds credentials and must never be emitted.
 */
export function toolConfiguration(apiVersion: string, kind: string): string | undefined {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  if (apiVersion === "v1" && kind === "Config") return "a kubeconfig (client configuration), never a manifest";
  if (group === "kustomize.config.k8s.io") return "kustomize configuration, not a manifest";
  if (group === "kind.x-k8s.io") return "a kind cluster configuration, not a manifest";
  if (group === "k3d.io") return "a k3d cluster configuration, not a manifest";
  if (group === "ctlptl.dev") return "a ctlptl configuration, not a manifest";
  if (group === "skaffold" || apiVersion.startsWith("skaffold/")) return "Skaffold configuration, not a manifest";
  if (group === "kpt.dev" && kind === "Kptfile") return "a kpt package file, not a manifest";
  if (group === "kubeadm.k8s.io") return "kubeadm configuration, not a manifest";
  if (group.endsWith(".config.k8s.io") || group === "audit.k8s.io") return "Kubernetes component configuration (read by a binary, not the API server), not a manifest";
  return undefined;
}
