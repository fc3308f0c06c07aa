import type { Schedule, SkippedDocument, SkippedResource, SourceDoc } from "../model.js";
import { lineColumn, type SourceLookup } from "../diagnostics/index.js";

// The accounting of fedc-plan.json: every input document ends as output, as a document read for
// its instructions, or as something skipped with the reason written down — nothing the user wrote
// is lost silently (a GitOps engine prunes what a render drops).

/** What became of one input document. */
export type DocumentOutcome = "emitted" | "placed-nowhere" | "read" | "unclaimed" | "skipped" | "unaccounted";

export interface PlanDocument {
  /** `file:line`, or `file` when the whole file is skipped. */
  source: string;
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  outcome: DocumentOutcome;
  /** emitted: the clusters it is placed in. */
  clusters?: string[];
  /** read: what fedc reads it as; skipped: why. */
  reason?: string;
}

export interface DocumentInputs {
  docs: readonly SourceDoc[];
  /** Documents and whole files that were never read as manifests. */
  skippedDocuments: readonly SkippedDocument[];
  /** Read but deliberately not propagated (propagation disabled, reserved namespaces, …). */
  skippedResources: readonly SkippedResource[];
  /** Control-plane state and other documents skipped after classification, with why. */
  ignored: readonly { doc: SourceDoc; reason: string }[];
  unclaimed: readonly SourceDoc[];
  schedules: readonly Schedule[];
  /** What fedc reads an instruction document as ("cluster registry", "Karmada policy"), or undefined for manifests. */
  roleOf: (doc: SourceDoc) => string | undefined;
  /** fedc.yaml, when there is one. */
  configFile?: string;
}

/** One input document, whatever copies a dialect made of it (a manifest given its default namespace). */
export function documentKey(doc: Pick<SourceDoc, "file" | "index" | "item">): string {
  return `${doc.file}\0${doc.index}\0${doc.item ?? ""}`;
}

function compare(a: { file: string; offset: number }, b: { file: string; offset: number }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset;
}

export function accountDocuments(inputs: DocumentInputs, sources: SourceLookup): PlanDocument[] {
  const lines = new Map<string, number[]>();
  const where = (file: string, offset: number | undefined): string => {
    if (offset === undefined) return file;
    const text = sources(file);
    return text === undefined ? file : `${file}:${lineColumn(text, offset, lines, file).line}`;
  };
  const placed = new Map<string, Set<string>>();
  for (const s of inputs.schedules) {
    const k = documentKey(s.template.source);
    let set = placed.get(k);
    if (!set) placed.set(k, (set = new Set()));
    for (const d of s.decisions) if (d.placed) set.add(d.cluster);
  }
  const skippedResource = new Map(inputs.skippedResources.map((s) => [documentKey(s.source), s.reason]));
  const ignored = new Map(inputs.ignored.map((i) => [documentKey(i.doc), i.reason]));
  const unclaimed = new Set(inputs.unclaimed.map(documentKey));
  const entries: { file: string; offset: number; entry: PlanDocument }[] = [];
  for (const doc of inputs.docs) {
    const meta = (doc.value.metadata ?? {}) as { name?: unknown; namespace?: unknown };
    // Keys in reading order: where, what, then what became of it.
    const entry: PlanDocument = {
      source: where(doc.file, doc.offset),
      apiVersion: doc.apiVersion,
      kind: doc.kind,
      ...(typeof meta.namespace === "string" && meta.namespace !== "" ? { namespace: meta.namespace } : {}),
      ...(typeof meta.name === "string" ? { name: meta.name } : {}),
      outcome: "unaccounted",
    };
    const k = documentKey(doc);
    const clusters = placed.get(k);
    const role = inputs.roleOf(doc);
    if (clusters && clusters.size > 0) {
      entry.outcome = "emitted";
      entry.clusters = [...clusters].sort();
    } else if (clusters) {
      entry.outcome = "placed-nowhere";
      entry.reason = "its placement selects no cluster (see resources)";
    } else if (skippedResource.has(k)) {
      entry.outcome = "skipped";
      entry.reason = skippedResource.get(k)!;
    } else if (ignored.has(k)) {
      entry.outcome = "skipped";
      entry.reason = ignored.get(k)!;
    } else if (unclaimed.has(k)) {
      entry.outcome = "unclaimed";
      entry.reason = "no KubeFed, Karmada or federation-v1 input places it (UNCLAIMED_RESOURCE)";
    } else if (role) {
      entry.outcome = "read";
      entry.reason = role;
    }
    entries.push({ file: doc.file, offset: doc.offset, entry });
  }
  for (const s of inputs.skippedDocuments) {
    entries.push({ file: s.file, offset: s.index === undefined ? -1 : s.offset, entry: { source: where(s.file, s.index === undefined ? undefined : s.offset), ...(s.apiVersion ? { apiVersion: s.apiVersion } : {}), ...(s.kind ? { kind: s.kind } : {}), outcome: "skipped", reason: s.reason } });
  }
  if (inputs.configFile) entries.push({ file: inputs.configFile, offset: -1, entry: { source: inputs.configFile, apiVersion: "fedc.io/v1alpha1", kind: "Config", outcome: "read", reason: "fedc configuration" } });
  // A List and its first item can start at one offset: the List (skipped, expanded) first.
  return entries.sort((a, b) => compare(a, b) || (a.entry.outcome === "skipped" ? -1 : 0) - (b.entry.outcome === "skipped" ? -1 : 0)).map((e) => e.entry);
}
