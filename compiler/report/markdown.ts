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

/**
 * A fenced code block around text from the repository. CommonMark closes a fence at a line of up to
 * three spaces and at least as many backticks, so the fence is longer than every backtick run in the
 * text, wherever it is (a diff line is "+", "-" or " " before the content, which shifts its indent).
 */
function fencedDiff(patch: string): string {
  let longest = 0;
  for (const m of patch.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
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

const LEFT_OUT = "_Diffs left out to fit the size limit._";

/** A patch cut to fewer lines than this is not worth showing; the resource is listed instead. */
const MIN_PATCH_LINES = 8;

function detailsBlock(c: ClusterDiff, body: string): string {
  const state = clusterState(c);
  return `<details><summary><code>${escapeHtml(c.cluster)}</code>${state ? ` (${state})` : ""}: ${escapeHtml(clusterCounts(c))}</summary>\n\n${body}</details>\n\n`;
}

function lists(c: ClusterDiff): string {
  return (
    list("Replica moves", c.replicaMoves.map((m) => escapeHtml(moveText(m)))) +
    list("Added", c.added.map((r) => code(r.label))) +
    list("Removed", c.removed.map((r) => code(r.label)))
  );
}

function changeWithDiff(label: string, patch: string): string {
  return `${code(label)}\n\n${fencedDiff(patch)}\n\n`;
}

function leftOut(labels: readonly string[]): string {
  return labels.length ? `${labels.map((l) => `- ${code(l)}`).join("\n")}\n\n${LEFT_OUT}\n\n` : "";
}

/** The cluster with every diff. */
function fullBlock(c: ClusterDiff): string {
  return detailsBlock(c, lists(c) + (c.changed.length ? "**Changed**\n\n" + c.changed.map((r) => changeWithDiff(r.label, r.patch)).join("") : ""));
}

/** The cluster with its changed resources listed, no diffs. */
function compactBlock(c: ClusterDiff): string {
  return detailsBlock(c, lists(c) + (c.changed.length ? "**Changed**\n\n" + leftOut(c.changed.map((r) => r.label)) : ""));
}

/**
 * The cluster within `budget`: whole diffs while they fit, then the next diff cut to its first lines,
 * then the remaining resources listed. Undefined when not even one diff fits (compactBlock then).
 */
function partialBlock(c: ClusterDiff, budget: number, measure: (s: string) => number): string | undefined {
  let body = lists(c) + "**Changed**\n\n";
  let used = measure(detailsBlock(c, body)) + measure(leftOut(c.changed.map((r) => r.label)));
  if (used > budget) return undefined;
  for (let i = 0; i < c.changed.length; i++) {
    const r = c.changed[i]!;
    const whole = changeWithDiff(r.label, r.patch);
    if (used + measure(whole) <= budget) {
      body += whole;
      used += measure(whole);
      continue;
    }
    // Everything after a cut or left-out diff is listed only, so the reader sees where diffs stop.
    const rest = c.changed.slice(i + 1).map((x) => x.label);
    const lines = r.patch.replace(/\n$/, "").split("\n");
    const cut = (k: number) => changeWithDiff(r.label, lines.slice(0, k).join("\n")) + `_Diff cut after ${k} of ${lines.length} lines to fit the size limit._\n\n`;
    let lo = MIN_PATCH_LINES - 1;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (used + measure(cut(mid)) <= budget) lo = mid;
      else hi = mid - 1;
    }
    if (lo >= MIN_PATCH_LINES) return detailsBlock(c, body + cut(lo) + leftOut(rest));
    return i > 0 ? detailsBlock(c, body + leftOut([r.label, ...rest])) : undefined;
  }
  return detailsBlock(c, body);
}

/** The report as markdown, fitted into `options.limit` when one is given. */
export function renderMarkdown(diff: FleetDiff, options: MarkdownOptions = {}): string {
  const measure = options.measure ?? ((s: string) => s.length);
  const top = header(diff, options);
  const changed = diff.clusters.filter((c) => c.change !== "unchanged");
  const unchanged = diff.clusters.filter((c) => c.change === "unchanged").map((c) => c.cluster);
  const rows = changed.map(tableRow);
  const fulls = changed.map(fullBlock);
  const unchangedLine = unchanged.length && changed.length ? `Unchanged: ${unchanged.map(code).join(", ")}\n\n` : "";

  const full = (top + (rows.length ? TABLE_HEAD + rows.join("") + "\n" : "") + unchangedLine + fulls.join("")).replace(/\n+$/, "\n");
  const limit = options.limit;
  if (limit === undefined || measure(full) <= limit) return full;

  // Trimming: keep the header, as many table rows as fit, the unchanged clusters, then each
  // changed cluster in full, or with its diffs cut, or listing its resources, or not at all, while
  // keeping room for the listings of the clusters after it. The note at the end says what is left out.
  const noteFor = (shortened: number, omitted: number, rowsOmitted: number, unchangedOmitted = false): string => {
    const what: string[] = [];
    if (shortened) what.push(`the diffs of ${plural(shortened, "cluster")} are cut or left out`);
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
      if (rowsOmitted === 0 && used + measure(r) <= limit) {
        out.push(r);
        used += measure(r);
      } else rowsOmitted++;
    }
    out.push("\n");
  } else rowsOmitted = rows.length;
  const unchangedOmitted = unchangedLine !== "" && used + measure(unchangedLine) > limit;
  if (unchangedLine && !unchangedOmitted) {
    out.push(unchangedLine);
    used += measure(unchangedLine);
  }
  const compacts = changed.map(compactBlock);
  let compactsAfter = compacts.reduce((n, b) => n + measure(b), 0);
  let shortened = 0;
  let omitted = 0;
  changed.forEach((c, i) => {
    compactsAfter -= measure(compacts[i]!);
    const room = limit - used;
    const fair = Math.max(0, room - compactsAfter);
    const block =
      measure(fulls[i]!) <= fair ? fulls[i]! : (partialBlock(c, fair, measure) ?? (measure(compacts[i]!) <= room ? compacts[i]! : undefined));
    if (block === undefined) {
      omitted++;
      return;
    }
    if (block !== fulls[i]) shortened++;
    out.push(block);
    used += measure(block);
  });
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
