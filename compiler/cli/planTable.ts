import type { Plan, PlanClusterEntry } from "../emit/index.js";

const REASONS: Record<string, string> = {
  "not-in-clusters-list": "not listed",
  "label-mismatch": "label mismatch",
  "no-placement": "no placement",
  "namespace-not-federated": "namespace not federated",
  "excluded-by-namespace": "excluded by namespace",
  "not-ready": "not ready",
  "zero-replicas": "0 replicas",
  "weight-zero": "weight 0",
  "max-reached": "max reached",
  "no-preference": "no preference",
  tainted: "tainted",
  "excluded-by-policy": "excluded by policy",
  "not-claimed": "not claimed",
  "field-mismatch": "field mismatch",
  "spread-constraint": "spread constraint",
  unschedulable: "unschedulable",
  "not-karmada-cluster": "not a Karmada cluster",
  "not-required": "no workload here needs it",
};

function cell(e: PlanClusterEntry | undefined): string {
  if (!e) return "";
  if (!e.placed) return `- ${REASONS[e.reason ?? ""] ?? e.reason}`;
  let text = e.fields
    ? Object.entries(e.fields)
        .map(([k, v]) => `${k.split("/").pop()}=${v}`)
        .join(",")
    : e.replicas !== undefined
      ? String(e.replicas)
      : "yes";
  const notes = [...(e.detail ? [REASONS[e.detail] ?? e.detail] : []), ...(e.beyondPlacement ? ["beyond placement"] : [])];
  if (notes.length) text += ` (${notes.join(", ")})`;
  return text;
}

function resourceName(r: Plan["resources"][number]): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name}`;
}

/**
 * `fedc plan` as text: resources × clusters. A matrix while it fits 160 columns, otherwise one line
 * per resource and cluster (fleets of hundreds of clusters).
 */
export function formatPlanTable(plan: Plan, clusters: readonly string[]): string {
  const names = plan.resources.map(resourceName);
  const rows = plan.resources.map((r) => clusters.map((c) => cell(r.clusters[c])));
  const first = Math.max("RESOURCE".length, ...names.map((n) => n.length));
  const widths = clusters.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i]!.length)));
  const total = first + widths.reduce((a, w) => a + w + 2, 0);
  const lines: string[] = [];
  if (total <= 160) {
    lines.push(["RESOURCE".padEnd(first), ...clusters.map((c, i) => c.padEnd(widths[i]!))].join("  ").trimEnd());
    rows.forEach((row, i) => lines.push([names[i]!.padEnd(first), ...row.map((v, j) => v.padEnd(widths[j]!))].join("  ").trimEnd()));
  } else {
    const cw = Math.max("CLUSTER".length, ...clusters.map((c) => c.length));
    lines.push(`${"RESOURCE".padEnd(first)}  ${"CLUSTER".padEnd(cw)}  RESULT`);
    rows.forEach((row, i) => row.forEach((v, j) => lines.push(`${names[i]!.padEnd(first)}  ${clusters[j]!.padEnd(cw)}  ${v}`)));
  }
  const kept = plan.resources.filter((r) => r.keepOnDeletion);
  if (kept.length) {
    lines.push("", "kept when deleted from the repository (Argo CD Prune=false,Delete=false; Flux prune: disabled):");
    for (const r of kept) lines.push(`  ${resourceName(r)} (${r.keepOnDeletion})`);
  }
  const notReady = plan.clusters.filter((c) => !c.ready && clusters.includes(c.name)).map((c) => c.name);
  if (notReady.length) lines.push("", `not ready: ${notReady.join(", ")} (no replicas are planned there)`);
  return lines.join("\n") + "\n";
}
