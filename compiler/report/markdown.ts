// `fedc diff --format markdown`, the GitHub job summary and the sticky PR comment: a table of the
// changed clusters, then one collapsible <details> per changed cluster with its replica moves,
// resource lists and diffs. GitHub caps a comment's size, so the renderer can fit the report into a
// limit: clusters' diffs are shortened to resource lists, then clusters are left out, and a note
// says where the full report is.
import { clusterCounts, clusterState, failureText, moveText, plural, totalsText } from "./format.js";
import type { ClusterDiff, FleetDiff, RevisionSummary } from "./model.js";

export interface MarkdownOptions {
  /** Heading level of the title (default 3). */
  headingLevel?: number;
  /** Paragraphs placed after the title, always kept (e.g. a stale-output warning). */
  notes?: readonly string[];
  /** The longest output allowed, as `measure` counts it (default: no limit). */
  limit?: number;
  /** How output size is counted (default: string length, what GitHub's comment limit counts). */
  measure?: (s: string) => number;
  /** Where the full report is, said when the output was trimmed ("the [job summary](…)"). */
  fullReport?: string;
  /** What trimming is for, in the note ("GitHub's 65,536-character comment limit"). */
  limitName?: string;
}

/** Moves listed in a table cell before "+N more". */
const MOVES_IN_TABLE = 3;

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Inline code that survives any content (a backtick in the text lengthens the fence). */
function code(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return longest ? `${fence} ${s} ${fence}` : `${fence}${s}${fence}`;
}

function cell(s: string): string {
  return escapeHtml(s).replace(/\|/g, "\\|");
}

function fencedDiff(patch: string): string {
  const longest = Math.max(0, ...[...patch.matchAll(/^`{3,}/gm)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}diff\n${patch.replace(/\n?$/, "\n")}${fence}`;
}

function quoteErrors(side: RevisionSummary): string {
  const lines = side.errors.slice();
  if (side.errorCount > side.errors.length) lines.push(`… and ${plural(side.errorCount - side.errors.length, "more error")}`);
  return fencedDiff(lines.join("\n")).replace(/^(`+)diff/, "$1text");
}

function clusterTable(side: RevisionSummary): string {
  return ["| Cluster | Resources |", "|---|---:|", ...side.clusters.map((c) => `| ${code(c.name)} | ${c.resources} |`)].join("\n");
}

/** One render without a comparison (no base revision): its clusters, or its errors. */
export function renderRevisionMarkdown(side: RevisionSummary, options: Pick<MarkdownOptions, "headingLevel" | "notes"> = {}): string {
  const parts = [`${"#".repeat(options.headingLevel ?? 3)} fedc render`, code(side.label), ...(options.notes ?? [])];
  if (!side.ok) parts.push(`> [!CAUTION]\n> ${code(side.label)} does not compile (${plural(side.errorCount, "error")}).`, quoteErrors(side));
  else parts.push(`${plural(side.clusters.length, "cluster")}, ${plural(side.clusters.reduce((n, c) => n + c.resources, 0), "resource")}.`, clusterTable(side));
  return parts.join("\n\n") + "\n";
}

function header(diff: FleetDiff, options: MarkdownOptions): string {
  const h = "#".repeat(options.headingLevel ?? 3);
  const parts = [`${h} fedc diff`, `${code(diff.base.label)} → ${code(diff.head.label)}`];
  for (const n of options.notes ?? []) parts.push(n);
  const failure = failureText(diff);
  if (failure) {
    const failed = diff.head.ok ? diff.base : diff.head;
    parts.push(`> [!${diff.head.ok ? "WARNING" : "CAUTION"}]\n> ${failure.charAt(0).toUpperCase()}${failure.slice(1)}.`, quoteErrors(failed));
    if (diff.head.ok && diff.head.clusters.length > 0) {
      parts.push(clusterTable(diff.head));
    }
  } else if (diff.changedClusters.length === 0) {
    parts.push(`No changes in ${plural(diff.clusters.length, "cluster")}.`);
  } else {
    parts.push(`${plural(diff.changedClusters.length, "cluster")} changed; ${totalsText(diff.totals)}.`);
  }
  return parts.join("\n\n") + "\n\n";
}

function tableRow(c: ClusterDiff): string {
  const state = clusterState(c);
  const moves = c.replicaMoves.slice(0, MOVES_IN_TABLE).map((m) => cell(moveText(m)));
  if (c.replicaMoves.length > MOVES_IN_TABLE) moves.push(`+${c.replicaMoves.length - MOVES_IN_TABLE} more`);
  return `| ${code(c.cluster)}${state ? ` (${state})` : ""} | ${c.added.length} | ${c.changed.length} | ${c.removed.length} | ${moves.join("<br>")} |\n`;
}

const TABLE_HEAD = "| Cluster | Added | Changed | Removed | Replica moves |\n|---|---:|---:|---:|---|\n";

function list(title: string, items: readonly string[]): string {
  return items.length ? `**${title}**\n\n${items.map((i) => `- ${i}`).join("\n")}\n\n` : "";
}

function clusterBlock(c: ClusterDiff, withDiffs: boolean): string {
  const state = clusterState(c);
  let body = list("Replica moves", c.replicaMoves.map((m) => escapeHtml(moveText(m))));
  body += list("Added", c.added.map((r) => code(r.label)));
  body += list("Removed", c.removed.map((r) => code(r.label)));
  if (c.changed.length) {
    body += "**Changed**\n\n";
    if (withDiffs) for (const r of c.changed) body += `${code(r.label)}\n\n${fencedDiff(r.patch)}\n\n`;
    else body += `${c.changed.map((r) => `- ${code(r.label)}`).join("\n")}\n\n_Diffs left out to fit the size limit._\n\n`;
  }
  return `<details><summary><code>${escapeHtml(c.cluster)}</code>${state ? ` (${state})` : ""}: ${escapeHtml(clusterCounts(c))}</summary>\n\n${body}</details>\n\n`;
}

interface Block {
  variants: string[];
}

/** The report as markdown, fitted into `options.limit` when one is given. */
export function renderMarkdown(diff: FleetDiff, options: MarkdownOptions = {}): string {
  const measure = options.measure ?? ((s: string) => s.length);
  const top = header(diff, options);
  const changed = diff.clusters.filter((c) => c.change !== "unchanged");
  const unchanged = diff.clusters.filter((c) => c.change === "unchanged").map((c) => c.cluster);
  const rows: Block[] = changed.map((c) => ({ variants: [tableRow(c)] }));
  const details: Block[] = changed.map((c) => ({ variants: [clusterBlock(c, true), clusterBlock(c, false)] }));
  const unchangedLine = unchanged.length ? `Unchanged: ${unchanged.map(code).join(", ")}\n\n` : "";

  const full = top + (rows.length ? TABLE_HEAD + rows.map((r) => r.variants[0]).join("") + "\n" : "") + unchangedLine + details.map((d) => d.variants[0]).join("");
  const limit = options.limit;
  if (limit === undefined || measure(full) <= limit) return full.replace(/\n+$/, "\n");

  // Trimming: keep the header, as many table rows as fit, then each cluster's block in full, or
  // without its diffs, or not at all; the note at the end says what was left out.
  const noteFor = (shortened: number, omitted: number, rowsOmitted: number, unchangedOmitted = false): string => {
    const what: string[] = [];
    if (shortened) what.push(`the diffs of ${plural(shortened, "cluster")} are left out`);
    if (omitted) what.push(`${plural(omitted, "cluster")} ${omitted === 1 ? "is" : "are"} not shown`);
    if (rowsOmitted) what.push(`${plural(rowsOmitted, "table row")} ${rowsOmitted === 1 ? "is" : "are"} left out`);
    if (unchangedOmitted) what.push("the list of unchanged clusters is left out");
    return `> [!NOTE]\n> This report is trimmed to fit ${options.limitName ?? "the size limit"}: ${what.join("; ") || "parts are left out"}.${options.fullReport ? ` The full report is in ${options.fullReport}.` : ""}\n`;
  };
  const reserve = measure(noteFor(changed.length, changed.length, changed.length, true)) + 2;
  let used = measure(top) + reserve;
  const out: string[] = [top];
  let rowsOmitted = 0;
  if (rows.length && used + measure(TABLE_HEAD) <= limit) {
    out.push(TABLE_HEAD);
    used += measure(TABLE_HEAD) + 1;
    for (const r of rows) {
      const size = measure(r.variants[0]!);
      if (rowsOmitted === 0 && used + size <= limit) {
        out.push(r.variants[0]!);
        used += size;
      } else rowsOmitted++;
    }
    out.push("\n");
  } else rowsOmitted = rows.length;
  const unchangedOmitted = unchangedLine !== "" && used + measure(unchangedLine) > limit;
  if (unchangedLine && !unchangedOmitted) {
    out.push(unchangedLine);
    used += measure(unchangedLine);
  }
  let shortened = 0;
  let omitted = 0;
  for (const d of details) {
    const fits = d.variants.findIndex((v) => used + measure(v) <= limit);
    if (fits < 0) {
      omitted++;
      continue;
    }
    if (fits > 0) shortened++;
    out.push(d.variants[fits]!);
    used += measure(d.variants[fits]!);
  }
  const note = noteFor(shortened, omitted, rowsOmitted, unchangedOmitted);
  const trimmed = out.join("") + note;
  return measure(trimmed) <= limit ? trimmed : cut(out.join(""), note, limit, measure);
}

/** Last resort, when even the header does not fit: the longest prefix that fits with the note. */
function cut(text: string, note: string, limit: number, measure: (s: string) => number): string {
  const tail = `\n\n${note}`;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(text.slice(0, mid) + tail) <= limit) lo = mid;
    else hi = mid - 1;
  }
  // Never end inside a surrogate pair.
  const end = lo > 0 && /[\ud800-\udbff]/.test(text.charAt(lo - 1)) ? lo - 1 : lo;
  return text.slice(0, end) + tail;
}
