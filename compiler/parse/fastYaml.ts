import jsyaml from "js-yaml";
import { MAX_ALIAS_EXPANSION } from "../kube/yamlLimits.js";

// The fast path for reading values. Measured on a 3 MB KubeFed federation (1,000 clusters × 50
// resources, 165k YAML nodes): `yaml`'s parseAllDocuments + toJS 1,160–1,430 ms, js-yaml's loadAll
// 76–186 ms. `yaml` keeps every node's position, which only a diagnostic needs; so values come from
// js-yaml, and positions from `yaml`, parsed lazily, only for a file that has something to report.

/** Anchors and aliases: js-yaml shares an aliased node by reference, so its expansion is measured. */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,:-])[&*][^\s,\]}]/m;

export interface FastParse {
  values: unknown[];
  /** Offset of each document's first content line (or its `---` when it has none). */
  starts: number[];
}

/** Values of every document, or undefined when the file needs the careful path. */
export function fastParse(text: string): FastParse | undefined {
  const aliases = ANCHOR_OR_ALIAS.test(text);
  let values: unknown[];
  try {
    // CORE_SCHEMA: YAML 1.2 core, as `yaml` reads it (no timestamps, no merge keys, no binary).
    values = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA, json: false });
  } catch {
    // Syntax errors, duplicate keys, deep nesting: the careful path reports them with positions.
    return undefined;
  }
  // js-yaml expands aliases by reference, with no bound, and an alias inside its own anchor is a
  // cycle. Without aliases a file has fewer nodes than characters; with them, each document may add at
  // most MAX_ALIAS_EXPANSION nodes, as on the careful path (which reports what goes beyond, and cycles).
  // Anchors used to send every file to the careful path: a 100,000-key map with one anchor took 81 s.
  if (aliases ? values.some((v) => nodesExceed([v], text.length + MAX_ALIAS_EXPANSION, MAX_ALIAS_EXPANSION)) : nodesExceed(values, text.length)) return undefined;
  const starts = documentStarts(text);
  return starts.length === values.length ? { values, starts } : undefined;
}

/**
 * True when the values have more than `budget` nodes, counting a node reached twice twice, or (with
 * `aliasBudget`) when nodes reached a second time (through an alias) add up to more than it
 * (iterative, stops early).
 */
function nodesExceed(values: unknown[], budget: number, aliasBudget = Infinity): boolean {
  const stack: { v: unknown; again: boolean }[] = values.map((v) => ({ v, again: false }));
  const seen = new Set<object>();
  let n = 0;
  let repeated = 0;
  while (stack.length > 0) {
    const { v, again: under } = stack.pop()!;
    if (++n > budget) return true;
    if (v !== null && typeof v === "object") {
      let again = under;
      if (aliasBudget !== Infinity && !again) {
        if (seen.has(v)) again = true;
        else seen.add(v);
      }
      if (again && ++repeated > aliasBudget) return true;
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, again });
    } else if (under && ++repeated > aliasBudget) return true;
  }
  return false;
}

const DOC_START = /^---(?:[ \t]|$)/;
const DOC_END = /^\.\.\.(?:[ \t]|$)/;

/**
 * Where each document of a YAML stream starts, by scanning for `---` / `...` markers at column 0
 * (a marker at column 0 always ends a block scalar, so this cannot be fooled by content).
 */
export function documentStarts(text: string): number[] {
  const starts: number[] = [];
  let open = false;
  let start = -1;
  let marker = 0;
  let pos = 0;
  while (pos <= text.length) {
    let eol = text.indexOf("\n", pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol);
    if (DOC_START.test(line)) {
      if (open) starts.push(start >= 0 ? start : marker);
      open = true;
      marker = pos;
      const rest = line.slice(3).trim();
      start = rest !== "" && !rest.startsWith("#") ? pos : -1;
    } else if (DOC_END.test(line)) {
      if (open) starts.push(start >= 0 ? start : marker);
      open = false;
      start = -1;
    } else if (!(line.startsWith("%") && !open)) {
      const trimmed = line.trim();
      if (trimmed !== "" && !trimmed.startsWith("#")) {
        if (!open) {
          open = true;
          marker = pos;
        }
        if (start < 0) start = pos;
      }
    }
    pos = eol + 1;
  }
  if (open) starts.push(start >= 0 ? start : marker);
  return starts;
}
