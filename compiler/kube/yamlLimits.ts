// Limits on the YAML fedc reads. Repositories come from pull requests, so a document must not be
// able to exhaust the stack (deep nesting), memory or time (aliases that expand to billions of
// nodes, or to a cycle). Every YAML text fedc parses, files and YAML held in strings alike, goes
// through parseYamlDocuments; JSON parsed from strings is checked with nestingExceeds.
import { Composer, Lexer, Parser, YAMLParseError, isAlias, isCollection, isMap, isPair, isScalar, isSeq, type Document, type DocumentOptions, type Node, type ParseOptions, type SchemaOptions } from "yaml";

/**
 * The deepest nesting of maps and lists fedc reads. Real manifests stay far below it (a CRD whose
 * openAPIV3Schema embeds a PodSpec nests about 40 levels); the recursive stages after parsing (yaml's
 * composer and stringifier, ajv) overflow Node's default stack somewhere between 600 and 800 levels,
 * and an overflow close to V8's limit can abort the process instead of throwing, so the limit is
 * checked before any of them run, with a wide margin.
 */
export const MAX_NESTING_DEPTH = 128;

/**
 * How many nodes aliases may add to one document. yaml's maxAliasCount bounds how often an anchor
 * is used, not how big it is: one anchored list of 20,000 items aliased 900 times is 18 million nodes
 * from 40 KB of text. Kubernetes manifests rarely use aliases at all.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/** Passed to yaml's toJS: with MAX_ALIAS_EXPANSION checked first, a second, cheaper bound. */
export const MAX_ALIAS_COUNT = 1000;

export interface YamlLimitProblem {
  /** Offset in the text where the limit is exceeded. */
  start: number;
  end: number;
  message: string;
}

type Options = ParseOptions & DocumentOptions & SchemaOptions;

const COLLECTIONS = new Set(["block-map", "block-seq", "flow-collection"]);

function tooDeep(what = "this document"): string {
  return `${what} nests maps and lists more than ${MAX_NESTING_DEPTH} levels deep, which fedc does not read (no Kubernetes object needs it)`;
}

/**
 * yaml's parseAllDocuments, with the nesting checked while the text is parsed, before the
 * (recursive) composer sees it: the parser keeps the open collections on a stack, so its length is
 * the current depth. A text nested too deep yields no documents.
 */
export function parseYamlDocuments(text: string, options: Options): { docs: Document.Parsed[]; problem?: YamlLimitProblem } {
  const parser = new Parser();
  let problem: YamlLimitProblem | undefined;
  function* tokens() {
    for (const lexeme of new Lexer().lex(text)) {
      yield* parser.next(lexeme);
      // The stack also holds the document and a scalar or two; count collections only when it could be too deep.
      if (parser.stack.length > MAX_NESTING_DEPTH && parser.stack.filter((t) => COLLECTIONS.has(t.type)).length > MAX_NESTING_DEPTH) {
        problem = { start: parser.offset, end: parser.offset + 1, message: tooDeep() };
        return;
      }
    }
    yield* parser.end();
  }
  // logLevel "error": yaml would print its warnings (a collection used as a key); stages never print.
  // yaml's own duplicate-key check (uniqueKeys) compares each key with every earlier key of its map:
  // a 100,000-key map took 81 s. It is off here, and duplicateKey does the same check with a set per map.
  const all = [...new Composer({ logLevel: "error", ...options, uniqueKeys: false }).compose(tokens())];
  if (problem) return { docs: [], problem };
  if (options.uniqueKeys !== false) {
    for (const doc of all) {
      const at = doc.errors.length === 0 ? duplicateKey(doc) : undefined;
      if (at !== undefined) doc.errors.push(new YAMLParseError([at, at + 1], "DUPLICATE_KEY", "Map keys must be unique"));
    }
  }
  return { docs: all };
}

/**
 * Offset of the first key that repeats an earlier key of its map (scalars equal in type and value,
 * as yaml's uniqueKeys compares them), the earliest in the text; iterative, linear in the document.
 */
function duplicateKey(doc: Document): number | undefined {
  let first: number | undefined;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const keys = new Set<string>();
      for (const item of node.items) {
        const key = item.key;
        if (isScalar(key)) {
          const id = `${typeof key.value}:${String(key.value)}`;
          if (keys.has(id)) {
            const at = key.range?.[0] ?? 0;
            if (first === undefined || at < first) first = at;
          } else keys.add(id);
        }
      }
      // Nested collections after this map's own keys, first item first.
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i]!;
        stack.push(item.value);
        if (item.key && !isScalar(item.key)) stack.push(item.key);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return first;
}


interface Measure {
  depth: number;
  size: number;
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  if (!isCollection(node)) return out;
  for (const item of node.items as unknown[]) {
    if (isPair(item)) {
      if (item.key && typeof item.key === "object") out.push(item.key as Node);
      if (item.value && typeof item.value === "object") out.push(item.value as Node);
    } else if (item && typeof item === "object") out.push(item as Node);
  }
  return out;
}

function range(node: Node): { start: number; end: number } {
  return node.range ? { start: node.range[0], end: node.range[1] } : { start: 0, end: 0 };
}

/**
 * What a document's aliases do once expanded, measured on the parsed tree without expanding it
 * (iteratively, each anchored node once): the nesting depth they reach, how many nodes they add,
 * and whether one refers to a node that contains it (a cycle, which yaml's toJS turns into a
 * circular object).
 */
export function aliasProblem(doc: Document): YamlLimitProblem | undefined {
  const root = doc.contents as Node | null;
  if (!root || !isCollection(root)) return undefined;
  const anchors = new Map<string, Node>();
  const done = new Map<Node, Measure>();
  const open = new Set<Node>();
  let added = 0;
  const stack: { node: Node; kids: Node[]; i: number; depth: number; size: number }[] = [];
  // Returns the child's measure, or a problem.
  const enter = (node: Node): Measure | YamlLimitProblem | undefined => {
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node);
    if (isCollection(node)) {
      open.add(node);
      stack.push({ node, kids: children(node), i: 0, depth: 0, size: 1 });
      return undefined;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) return { depth: 0, size: 1 }; // unresolved: toJS reports it
      if (open.has(target)) {
        return { ...range(node), message: `the alias *${node.source} refers to a map or list that contains it; YAML cycles cannot be expanded` };
      }
      const m = done.get(target) ?? { depth: 0, size: 1 };
      added += m.size;
      if (added > MAX_ALIAS_EXPANSION) {
        return { ...range(node), message: `aliases expand this document by more than ${MAX_ALIAS_EXPANSION.toLocaleString("en-US")} nodes (a YAML alias bomb?); write the values out` };
      }
      return m;
    }
    if (isScalar(node)) return { depth: 0, size: 1 };
    return { depth: 0, size: 1 };
  };
  enter(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.i < frame.kids.length) {
      const m = enter(frame.kids[frame.i++]!);
      if (m && "message" in m) return m;
      if (m) {
        frame.depth = Math.max(frame.depth, m.depth);
        frame.size += m.size;
      }
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    const m: Measure = { depth: frame.depth + 1, size: frame.size };
    if (m.depth > MAX_NESTING_DEPTH) return { ...range(frame.node), message: tooDeep("with its aliases expanded, this document") };
    if ((frame.node as { anchor?: string }).anchor) done.set(frame.node, m);
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.depth = Math.max(parent.depth, m.depth);
      parent.size += m.size;
    }
  }
  return undefined;
}

/** True when a JSON-like value nests maps and lists deeper than `limit` (a cycle counts as too deep). */
export function nestingExceeds(value: unknown, limit = MAX_NESTING_DEPTH): boolean {
  // Recursion is bounded by `limit`; no frame objects or Object.values arrays, since every emitted
  // object passes through here (an explicit stack cost ~15 ms at 50 clusters × 200 resources).
  return deeper(value, limit);
}

function deeper(v: unknown, budget: number): boolean {
  if (v === null || typeof v !== "object") return false;
  if (budget === 0) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (deeper(v[i], budget - 1)) return true;
    return false;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) if (deeper(o[k], budget - 1)) return true;
  return false;
}

// yaml's messages that quote the document's text (an alias or tag name, an escape sequence, a block
// scalar header): the quoted part is dropped, since the text can be a Secret's value and the
// diagnostic's position already points at it.
const QUOTING = [
  /^(Unresolved alias \(the anchor must be set before the alias\)): .*$/s,
  /^(Unresolved tag): .*$/s,
  /^(Invalid escape sequence) .*$/s,
  /^(Block scalar header includes extra characters): .*$/s,
  /^(Anchor must not contain whitespace or control characters): .*$/s,
  /^(Not a YAML token): .*$/s,
  /^(Could not resolve tag|Not a valid tag|Unresolved plain scalar)[: ].*$/s,
  /^(Verbatim tags aren't resolved), so .*$/s,
  /^(The) .* (tag has no suffix)$/s,
];

/** The first line of a yaml error message, without any text it quotes from the document. */
export function yamlErrorMessage(message: string): string {
  const first = message.split("\n")[0]!.trim().replace(/ at line \d+, column \d+:?$/, "");
  for (const re of QUOTING) {
    const m = re.exec(first);
    if (m) return m.slice(1).join(" …");
  }
  return first;
}

/**
 * What JSON.parse's error says, as a message may quote it: V8's text quotes the input (which may be
 * secret) and changes between Node versions (Node 24 adds "(line 1 column 15)"), so only the position
 * is kept: the same message on every machine.
 */
export function jsonSyntaxError(e: unknown): string {
  const at = /at position \d+/.exec(e instanceof Error ? e.message : "");
  return at ? `a syntax error ${at[0]}` : "a syntax error";
}
