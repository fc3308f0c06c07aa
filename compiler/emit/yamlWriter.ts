// A direct YAML writer for manifests: the same bytes as the `yaml` package's
// `new Document(v, { version: "1.2" }).toString({ lineWidth: 0, indentSeq: false })` with fedc's YAML 1.1
// quoting (emit/yaml.ts), for the values manifests are made of. It returns undefined for anything it
// does not reproduce exactly (control characters, multi-line keys, quoted multi-line strings, document
// markers inside strings, non-JSON values), and the caller falls back to the `yaml` package.
// test/unit/yamlWriter.test.ts compares the two on every fixture and on generated values.
//
// Why: the `yaml` package builds a node tree per manifest before printing it. At 50 clusters × 200
// resources (1,817 distinct objects) that cost ~650 ms of a 1.3 s `fedc render` (--cpu-prof); this
// writer prints the same objects in ~40 ms.

/** The YAML 1.1 words and number-like forms that fedc double-quotes (see ambiguousInYaml11). */
export type AmbiguityTest = (s: string) => boolean;

const BAIL = Symbol("bail");
type Out = string | typeof BAIL;

// Plain scalars the YAML 1.2 core schema reads as something other than a string (the `yaml` package's
// core tags: null, bool, int, float), which it therefore quotes.
const CORE_NON_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
// Characters and sequences that keep a scalar from being plain (the `yaml` package's plainString test).
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// Besides control characters: the characters go-yaml (kustomize, kubectl, Argo CD, Flux) refuses or
// reads as line breaks (DEL, C1 controls with NEL, LS, PS) and a byte-order mark inside the text. The
// `yaml` package path (emit/yaml.ts) writes all of them as double-quoted escapes.
const FORCE_DOUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\u{D800}-\u{DFFF}]/u;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;

/** What the writer needs besides the value: the quoting rule, what it has already decided, the output. */
interface Writer {
  ambiguous: AmbiguityTest;
  // Keys and single-line strings repeat across manifests and clusters: each is quoted (or not) once.
  keys: Map<string, Out>;
  strings: Map<string, Out>;
  // Pieces joined once at the end: joining gives one flat string, where `+=` would keep a rope of
  // hundreds of pieces per manifest, several times its size (1,000 clusters × 200 resources: ~300 MB).
  buf: string[];
  /**
   * Text of nested maps and lists met more than once, by object and indent. An override copies only
   * the path it changes (override/jsonPatch.ts), so the per-cluster copies of a Deployment share all
   * their other subtrees with each other: each shared subtree is written once, not once per cluster.
   */
  subtrees: WeakMap<object, typeof SEEN | { indent: string; text: string }>;
}

const SEEN = 1;

const CACHE_LIMIT = 100_000;
const writers = new WeakMap<AmbiguityTest, Writer>();

/**
 * `value` as a YAML document. With `manifestOrder`, apiVersion, kind and metadata come first and
 * metadata starts with name and namespace (the order kubectl prints), without copying the object.
 */
export function writeYamlDocument(value: Record<string, unknown>, ambiguous: AmbiguityTest, manifestOrder = false): string | undefined {
  let w = writers.get(ambiguous);
  if (!w) writers.set(ambiguous, (w = { ambiguous, keys: new Map(), strings: new Map(), buf: [], subtrees: new WeakMap() }));
  if (w.strings.size > CACHE_LIMIT) w.strings.clear();
  if (w.keys.size > CACHE_LIMIT) w.keys.clear();
  w.buf.length = 0;
  const ok = writeMap(value, "", w, manifestOrder ? MANIFEST_ORDER : undefined);
  if (!ok) return undefined;
  w.buf.push("\n");
  const text = w.buf.join("");
  w.buf.length = 0;
  return text;
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

interface KeyOrder {
  first: readonly string[];
  /** Key order of the maps under these keys. */
  nested?: Record<string, KeyOrder>;
}
const MANIFEST_ORDER: KeyOrder = { first: ["apiVersion", "kind", "metadata"], nested: { metadata: { first: ["name", "namespace"] } } };
const isArrayIndex = (k: string) => {
  const c = k.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9][0-9]*)$/.test(k) && Number(k) < 4294967295;
};
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** A map's pairs at `indent` (the first line carries no indent: the caller places it); false to decline. */
function writeMap(map: Record<string, unknown>, indent: string, w: Writer, order?: KeyOrder): boolean {
  if (!order) return writePairs(map, indent, w, Object.keys(map));
  // As when the keys are assigned to a new object: integer-like keys still come first (JavaScript's
  // property order), then the ordered keys, then the rest in their order.
  const all = Object.keys(map);
  const keys = all.filter(isArrayIndex);
  for (const k of order.first) if (hasOwn(map, k) && !isArrayIndex(k)) keys.push(k);
  for (const k of all) if (!order.first.includes(k) && !isArrayIndex(k)) keys.push(k);
  return writePairs(map, indent, w, keys, order.nested);
}

function writePairs(map: Record<string, unknown>, indent: string, w: Writer, keys: readonly string[], nested?: Record<string, KeyOrder>): boolean {
  const buf = w.buf;
  if (keys.length === 0) {
    buf.push("{}");
    return true;
  }
  const inner = indent + "  ";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const v = map[key];
    let k = w.keys.get(key);
    if (k === undefined) w.keys.set(key, (k = writeKey(key, w.ambiguous)));
    if (k === BAIL) return false;
    if (i > 0) buf.push("\n", indent);
    buf.push(k);
    if (v !== null && typeof v === "object") {
      if (Array.isArray(v)) {
        if (v.length === 0) buf.push(": []");
        else {
          // indentSeq: false, so a sequence under a key starts at the key's own indent.
          buf.push(":\n", indent);
          if (!writeShared(v, indent, w, writeSeq)) return false;
        }
      } else {
        if (!isPlainObject(v)) return false;
        if (isEmpty(v)) buf.push(": {}");
        else {
          buf.push(":\n", inner);
          const order = nested?.[key];
          if (!(order ? writeMap(v, inner, w, order) : writeShared(v, inner, w, writeMap))) return false;
        }
      }
    } else {
      const s = writeScalar(v, inner, w);
      if (s === BAIL) return false;
      buf.push(": ", s);
    }
  }
  return true;
}

/** A sequence's items at `indent`, each "- " + the item written at indent + 2; false to decline. */
function writeSeq(seq: readonly unknown[], indent: string, w: Writer): boolean {
  const buf = w.buf;
  const inner = indent + "  ";
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i];
    buf.push(i === 0 ? "- " : "\n" + indent + "- ");
    if (v === undefined) return false;
    if (v !== null && typeof v === "object") {
      if (Array.isArray(v)) {
        if (v.length === 0) buf.push("[]");
        else if (!writeShared(v, inner, w, writeSeq)) return false;
      } else if (!isPlainObject(v)) return false;
      else if (isEmpty(v)) buf.push("{}");
      else if (!writeShared(v, inner, w, writeMap)) return false;
    } else {
      const s = writeScalar(v, inner, w);
      if (s === BAIL) return false;
      buf.push(s);
    }
  }
  return true;
}

/** A nested map or list: from the cache when it was written before at this indent, cached when met a second time. */
function writeShared<T extends object>(v: T, indent: string, w: Writer, write: (v: T, indent: string, w: Writer) => boolean): boolean {
  const entry = w.subtrees.get(v);
  if (entry === undefined) {
    w.subtrees.set(v, SEEN);
    return write(v, indent, w);
  }
  if (entry !== SEEN && entry.indent === indent) {
    w.buf.push(entry.text);
    return true;
  }
  const start = w.buf.length;
  if (!write(v, indent, w)) return false;
  const text = w.buf.length - start === 1 ? w.buf[start]! : w.buf.slice(start).join("");
  w.buf.length = start;
  w.buf.push(text);
  w.subtrees.set(v, { indent, text });
  return true;
}

function isEmpty(o: Record<string, unknown>): boolean {
  for (const k in o) if (hasOwn(o, k)) return false;
  return true;
}

function writeScalar(v: unknown, indent: string, w: Writer): Out {
  switch (typeof v) {
    case "string": {
      if (v.includes("\n")) return writeString(v, indent, w.ambiguous);
      let s = w.strings.get(v);
      if (s === undefined) w.strings.set(v, (s = writeString(v, indent, w.ambiguous)));
      return s;
    }
    case "number":
      if (Number.isFinite(v)) return Object.is(v, -0) ? "-0" : JSON.stringify(v);
      return Number.isNaN(v) ? ".nan" : v < 0 ? "-.inf" : ".inf";
    case "boolean":
      return v ? "true" : "false";
    case "object":
      return v === null ? "null" : BAIL;
    default:
      return BAIL;
  }
}

function quoted(s: string): string {
  // Single quotes only when that avoids escaping a double quote; JSON's escapes are YAML's for the
  // characters that reach here (no control characters: those bail out).
  return s.includes('"') && !s.includes("'") ? `'${s}'` : JSON.stringify(s);
}

function isCoreNonString(s: string): boolean {
  for (const re of CORE_NON_STRING) if (re.test(s)) return true;
  return false;
}

function writeKey(key: string, ambiguous: AmbiguityTest): Out {
  if (key.includes("\n") || FORCE_DOUBLE.test(key) || DOCUMENT_MARKER.test(key)) return BAIL;
  let s: string;
  if (ambiguous(key)) s = JSON.stringify(key);
  else if (NOT_PLAIN.test(key) || isCoreNonString(key)) s = quoted(key);
  else s = key;
  // Longer keys are written as explicit "? key" entries.
  return s.length > 1024 ? BAIL : s;
}

function writeString(s: string, indent: string, ambiguous: AmbiguityTest): Out {
  if (FORCE_DOUBLE.test(s) || DOCUMENT_MARKER.test(s)) return BAIL;
  if (!s.includes("\n")) {
    if (ambiguous(s)) return JSON.stringify(s);
    if (NOT_PLAIN.test(s) || isCoreNonString(s)) return quoted(s);
    return s;
  }
  if (ambiguous(s) || /\n[\t ]+$/.test(s)) return BAIL;
  return literalBlock(s, indent);
}

/** A multi-line string as a literal block scalar (`|`, `|-`, `|+`, with an indentation indicator when it starts with a space). */
function literalBlock(input: string, indent: string): string {
  let value = input;
  let endStart: number;
  for (endStart = value.length; endStart > 0; --endStart) {
    const ch = value[endStart - 1];
    if (ch !== "\n" && ch !== "\t" && ch !== " ") break;
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf("\n");
  let chomp: string;
  if (endNlPos === -1) chomp = "-";
  else if (value === end || endNlPos !== end.length - 1) chomp = "+";
  else chomp = "";
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === "\n") end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd: number;
  let startNlPos = -1;
  for (startEnd = 0; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === " ") startWithSpace = true;
    else if (ch === "\n") startNlPos = startEnd;
    else break;
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? "2" : "") + chomp;
  value = value.replace(/\n+/g, `$&${indent}`);
  return `|${header}\n${indent}${start}${value}${end}`;
}
