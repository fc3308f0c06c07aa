import type { Span } from "../model.js";
import { redactDiagnostic, sortDiagnostics, type Diagnostic } from "./diagnostic.js";

export type DiagnosticFormat = "text" | "json" | "github";

/** Gives the text of a repository file, to turn offsets into line:column when printing. */
export type SourceLookup = (file: string) => string | undefined;


function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

// Line starts by file text. V8 caches a string's hash, so looking up the same text again is cheap;
// the bound keeps a long-running process from holding every file it ever saw.
const startsByText = new Map<string, number[]>();
const MAX_CACHED_TEXTS = 256;

function cachedLineStarts(text: string): number[] {
  let starts = startsByText.get(text);
  if (!starts) {
    if (startsByText.size >= MAX_CACHED_TEXTS) startsByText.delete(startsByText.keys().next().value!);
    starts = lineStarts(text);
    startsByText.set(text, starts);
  }
  return starts;
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number, cache?: Map<string, number[]>, file?: string): { line: number; column: number } {
  let starts = file && cache ? cache.get(file) : undefined;
  if (!starts) {
    starts = cachedLineStarts(text);
    if (file && cache) cache.set(file, starts);
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

interface Located {
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

function locate(span: Span | undefined, sources: SourceLookup, cache: Map<string, number[]>): Located {
  if (!span) return {};
  const text = sources(span.file);
  if (text === undefined) return { file: span.file };
  const s = lineColumn(text, span.start, cache, span.file);
  const e = lineColumn(text, Math.max(span.start, span.end), cache, span.file);
  return { file: span.file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

function where(l: Located): string {
  if (!l.file) return "";
  if (l.line === undefined) return `${l.file}: `;
  return `${l.file}:${l.line}:${l.column}: `;
}

function githubEscapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function githubEscapeProperty(s: string): string {
  return githubEscapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** Prints diagnostics sorted by file and position, in the requested format. */
export function renderDiagnostics(items: readonly Diagnostic[], format: DiagnosticFormat, sources: SourceLookup): string {
  // Values from Secret-like objects never reach any format (diagnostic.ts, kube/secrets.ts).
  const sorted = sortDiagnostics(items).map(redactDiagnostic);
  const cache = new Map<string, number[]>();
  if (format === "json") {
    const out = sorted.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...locate(d.span, sources, cache),
      notes: d.notes.map((n) => ({ message: n.message, ...locate(n.span, sources, cache) })),
    }));
    return JSON.stringify(out, null, 2) + "\n";
  }
  const lines: string[] = [];
  for (const d of sorted) {
    const l = locate(d.span, sources, cache);
    if (format === "github") {
      const props: string[] = [];
      if (l.file) props.push(`file=${githubEscapeProperty(l.file)}`);
      if (l.line !== undefined) props.push(`line=${l.line}`, `col=${l.column}`);
      if (l.endLine !== undefined && l.endLine !== l.line) props.push(`endLine=${l.endLine}`);
      props.push(`title=${githubEscapeProperty(`fedc ${d.code}`)}`);
      const notes = d.notes.map((n) => {
        const nl = locate(n.span, sources, cache);
        return `\n${where(nl)}note: ${n.message}`;
      });
      lines.push(`::${d.severity === "error" ? "error" : "warning"} ${props.join(",")}::${githubEscapeData(d.message + notes.join(""))}`);
      continue;
    }
    lines.push(`${where(l)}${d.severity} ${d.code}: ${d.message}`);
    for (const n of d.notes) lines.push(`  ${where(locate(n.span, sources, cache))}note: ${n.message}`);
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}
