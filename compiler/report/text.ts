// `fedc diff --format text`: a terminal report. No colour and nothing machine- or time-dependent,
// so the same inputs print the same bytes.
import { clusterCounts, clusterState, failureText, moveText, plural, totalsText } from "./format.js";
import type { FleetDiff, RevisionSummary } from "./model.js";

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => (l ? by + l : l))
    .join("\n");
}

function quoteErrors(side: RevisionSummary): string[] {
  const lines = side.errors.map((e) => `  ${e}`);
  if (side.errorCount > side.errors.length) lines.push(`  … and ${plural(side.errorCount - side.errors.length, "more error")}`);
  return lines;
}

export function renderText(diff: FleetDiff): string {
  const out: string[] = [`fedc diff: ${diff.base.label} → ${diff.head.label}`];
  const failure = failureText(diff);
  if (failure) {
    out.push(failure);
    const failed = diff.head.ok ? diff.base : diff.head;
    out.push(...quoteErrors(failed));
    if (diff.head.ok) for (const c of diff.head.clusters) out.push(`  ${c.name}: ${plural(c.resources, "resource")}`);
    return out.join("\n") + "\n";
  }
  const changed = diff.clusters.filter((c) => c.change !== "unchanged");
  if (changed.length === 0) {
    out.push(`no changes in ${plural(diff.clusters.length, "cluster")}`);
    return out.join("\n") + "\n";
  }
  out.push(totalsText(diff.totals), "");
  for (const c of changed) {
    const state = clusterState(c);
    out.push(`cluster ${c.cluster}${state ? ` (${state})` : ""}: ${clusterCounts(c)}`);
    for (const m of c.replicaMoves) out.push(`  replicas ${moveText(m)}`);
    for (const r of c.added) out.push(`  + ${r.label}`);
    for (const r of c.removed) out.push(`  - ${r.label}`);
    for (const r of c.changed) {
      out.push(`  ~ ${r.label}`);
      out.push(indent(r.patch.replace(/\n$/, ""), "    "));
    }
    out.push("");
  }
  const unchanged = diff.clusters.filter((c) => c.change === "unchanged").map((c) => c.cluster);
  if (unchanged.length) out.push(`unchanged: ${unchanged.join(", ")}`);
  else out.pop();
  return out.join("\n") + "\n";
}
