import type { Span } from "../model.js";
import { CODES, type DiagnosticCode } from "./codes.js";

export type Severity = "error" | "warning";

export interface Note {
  message: string;
  span?: Span;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span?: Span;
  notes: Note[];
  /**
   * Values from Secret-like objects (kube/secrets.ts) that the message or notes may quote: the
   * renderers (text, JSON, GitHub annotations, and so every report built on them) print a mask in
   * their place. The compile attaches the secret values of the inputs and outputs it read.
   */
  redact?: readonly string[];
}

/** Collects diagnostics for one compile; stages add to it, they never print. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  error(code: DiagnosticCode, message: string, span?: Span, notes: Note[] = []): void {
    this.add({ code, severity: "error", message, span, notes });
  }

  warning(code: DiagnosticCode, message: string, span?: Span, notes: Note[] = []): void {
    this.add({ code, severity: "warning", message, span, notes });
  }

  /** Reports with the severity the catalog gives the code. */
  report(code: DiagnosticCode, message: string, span?: Span, notes: Note[] = []): void {
    this.add({ code, severity: CODES[code].severity, message, span, notes });
  }

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  get errorCount(): number {
    let n = 0;
    for (const d of this.items) if (d.severity === "error") n++;
    return n;
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

/** Sorted by file, position, severity, code, message: the order is part of the output contract. */
export function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => d.span?.file ?? "";
  return [...items].sort((a, b) => {
    const fa = key(a);
    const fb = key(b);
    if (fa !== fb) {
      // Diagnostics without a file come first (they concern the whole repository).
      if (fa === "") return -1;
      if (fb === "") return 1;
      return fa < fb ? -1 : 1;
    }
    const pa = a.span?.start ?? -1;
    const pb = b.span?.start ?? -1;
    if (pa !== pb) return pa - pb;
    if (a.severity !== b.severity) return a.severity === "error" ? -1 : 1;
    if (a.code !== b.code) return a.code < b.code ? -1 : 1;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}

export const REDACTED = "<redacted>";

/** The diagnostic with every value of `redact` replaced by a mask, in its message and notes. */
export function redactDiagnostic(d: Diagnostic): Diagnostic {
  const values = d.redact;
  if (!values || values.length === 0) return d;
  const hide = (text: string): string => {
    if (text.length < 4) return text;
    let out = text;
    for (const v of values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  };
  return { ...d, message: hide(d.message), notes: d.notes.map((n) => ({ ...n, message: hide(n.message) })) };
}

/** De-duplicates identical diagnostics (same code, message and span), keeping the first. */
export function uniqueDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of items) {
    const k = `${d.code}\0${d.message}\0${d.span?.file}\0${d.span?.start}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}
