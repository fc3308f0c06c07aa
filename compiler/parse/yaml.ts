import { isMap, isPair, isScalar, isSeq, visit, type Document, type Node, type Pair } from "yaml";
import type { JsonObject, NodePath, SkippedDocument, SourceDoc, SourceFile, Span } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { isSecretLike, MIN_REDACTED_LENGTH } from "../kube/secrets.js";
import { aliasProblem, MAX_ALIAS_COUNT, parseYamlDocuments, yamlErrorMessage } from "../kube/yamlLimits.js";
import { fastParse } from "./fastYaml.js";
import { toolConfiguration } from "./toolFiles.js";

// YAML 1.2 core schema, as kustomize (go-yaml v3) reads manifests; output is quoted so 1.1 readers agree.
// Duplicate keys are errors; kube/yamlLimits.ts finds them in linear time.
const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, version: "1.2", schema: "core" } as const;

/**
 * Parses a multi-document YAML (or JSON) file into the documents that are Kubernetes-style objects.
 * Documents with neither apiVersion nor kind (CI workflows, Helm values) are skipped quietly.
 * Values come from the fast parser when it can read the file; node positions are computed only if
 * something asks for one (a diagnostic), from `yaml`, which also reports every syntax error.
 */
export function parseSourceFile(file: SourceFile, diagnostics: DiagnosticBag, skipped: SkippedDocument[] = []): SourceDoc[] {
  // UTF-16 (and UTF-32) text read as UTF-8 holds a NUL in every other byte of ASCII: it parsed into
  // nothing, and the file was skipped without a word.
  const nul = file.text.indexOf("\0");
  if (nul >= 0) {
    diagnostics.error(
      "FILE_UNREADABLE",
      `this file is not UTF-8 text (it holds a NUL character${/^\uFFFD\uFFFD|^\uFEFF?.\0/.test(file.text) ? "; it looks UTF-16 encoded" : ""}); save it as UTF-8`,
      span(file.path, nul, nul + 1),
    );
    return [];
  }
  // Integer literals beyond 2^53 are rounded by every JavaScript parser: the careful path reports them.
  const fast = BIG_INTEGER.test(file.text) ? undefined : fastParse(file.text);
  if (!fast) return parseCarefully(file, diagnostics, skipped);
  let positions: Document[] | undefined;
  const rootOf = (index: number) => () => {
    positions ??= parseYamlDocuments(file.text, YAML_OPTIONS).docs;
    return (positions[index]?.contents ?? null) as Node | null;
  };
  const out: SourceDoc[] = [];
  fast.values.forEach((value, index) => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return;
    const obj = value as JsonObject;
    const hasApi = Object.hasOwn(obj, "apiVersion");
    const hasKind = Object.hasOwn(obj, "kind");
    const locate = locator(file.path, rootOf(index));
    if (!hasApi && !hasKind) {
      skipped.push({ file: file.path, index, offset: fast.starts[index]!, reason: "not a Kubernetes object (no apiVersion and kind)" });
      return;
    }
    if (!hasApi || !hasKind) {
      const missing = hasApi ? "kind" : "apiVersion";
      diagnostics.error(
        "INCOMPLETE_OBJECT",
        `this document has ${hasApi ? "apiVersion" : "kind"} but no ${missing}; add ${missing}, or remove both if it is not a Kubernetes object`,
        locate([hasApi ? "apiVersion" : "kind"], "key"),
      );
      return;
    }
    const { apiVersion, kind } = obj;
    if (typeof apiVersion !== "string" || typeof kind !== "string" || apiVersion === "" || kind === "") {
      const bad = typeof apiVersion !== "string" || apiVersion === "" ? "apiVersion" : "kind";
      diagnostics.error("INCOMPLETE_OBJECT", `${bad} must be a non-empty string`, locate([bad]));
      return;
    }
    addDocument(out, { file: file.path, index, apiVersion, kind, value: obj, offset: fast.starts[index]!, locate }, diagnostics, skipped);
  });
  return out;
}

/** The careful path: `yaml` with positions for every node, every syntax error located. */
function parseCarefully(file: SourceFile, diagnostics: DiagnosticBag, skipped: SkippedDocument[]): SourceDoc[] {
  const out: SourceDoc[] = [];
  // Nesting and alias expansion are bounded (kube/yamlLimits.ts): the text may come from anyone's pull request.
  const { docs, problem } = parseYamlDocuments(file.text, YAML_OPTIONS);
  if (problem) diagnostics.error("INPUT_LIMIT_EXCEEDED", problem.message, span(file.path, problem.start, problem.end));
  docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      // Only the first error of a document: the ones after it are usually its echoes.
      const err = doc.errors[0]!;
      const first = err.code === "DUPLICATE_KEY" ? firstKeyOf(doc.contents, err.pos[0]) : undefined;
      diagnostics.add({
        code: "YAML_SYNTAX",
        severity: "error",
        message: first ? `key "${first.key}" appears twice in one mapping; keep one (kubectl and kustomize would refuse the file too)` : yamlMessage(err.message),
        span: span(file.path, err.pos[0], err.pos[1]),
        notes: first ? [{ message: `"${first.key}" is first set here`, span: span(file.path, first.start, first.end) }] : [],
        ...secretScalars(doc),
      });
      return;
    }
    const lossy = lossyNode(doc);
    if (lossy) {
      diagnostics.add({ code: "YAML_SYNTAX", severity: "error", message: lossy.message, span: span(file.path, lossy.start, lossy.end), notes: [], ...secretScalars(doc) });
      return;
    }
    const root = doc.contents;
    if (!isMap(root)) return;
    const apiPair = findPair(root, "apiVersion");
    const kindPair = findPair(root, "kind");
    if (!apiPair && !kindPair) {
      skipped.push({ file: file.path, index, offset: root.range?.[0] ?? 0, reason: "not a Kubernetes object (no apiVersion and kind)" });
      return;
    }
    const rootSpan = nodeSpan(file.path, root);
    if (!apiPair || !kindPair) {
      const missing = apiPair ? "kind" : "apiVersion";
      diagnostics.error(
        "INCOMPLETE_OBJECT",
        `this document has ${apiPair ? "apiVersion" : "kind"} but no ${missing}; add ${missing}, or remove both if it is not a Kubernetes object`,
        keySpan(file.path, (apiPair ?? kindPair)!) ?? rootSpan,
      );
      return;
    }
    const limit = aliasProblem(doc);
    if (limit) {
      diagnostics.error("INPUT_LIMIT_EXCEEDED", limit.message, span(file.path, limit.start, limit.end));
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      diagnostics.error("YAML_SYNTAX", yamlMessage((e as Error).message), rootSpan);
      return;
    }
    const obj = value as JsonObject;
    const apiVersion = obj.apiVersion;
    const kind = obj.kind;
    if (typeof apiVersion !== "string" || typeof kind !== "string" || apiVersion === "" || kind === "") {
      const bad = typeof apiVersion !== "string" || apiVersion === "" ? "apiVersion" : "kind";
      diagnostics.error("INCOMPLETE_OBJECT", `${bad} must be a non-empty string`, valueSpan(file.path, bad === "apiVersion" ? apiPair : kindPair) ?? rootSpan);
      return;
    }
    addDocument(out, { file: file.path, index, apiVersion, kind, value: obj, offset: root.range?.[0] ?? 0, locate: locator(file.path, () => root) }, diagnostics, skipped);
  });
  return out;
}

/** Server-side list kinds are expanded like kubectl's FlattenListVisitor: `kind: List` or any `…List` with `items`. */
export function isListKind(kind: string, value: JsonObject): boolean {
  return kind === "List" || (kind.endsWith("List") && Array.isArray(value.items));
}

/**
 * Adds a document, or the items of a List (as kubectl does: `kubectl get … -o yaml` exports one), each
 * located inside the list. Items of a typed list (`FederatedDeploymentList`) may omit apiVersion and
 * kind; they take the list's, as kubectl's decoder does. The List itself is accounted as skipped.
 */
function addDocument(out: SourceDoc[], doc: SourceDoc, diagnostics: DiagnosticBag, skipped: SkippedDocument[], depth = 0): void {
  const tool = toolConfiguration(doc.apiVersion, doc.kind);
  if (tool) {
    skipped.push({ file: doc.file, index: doc.index, ...(doc.item !== undefined ? { item: doc.item } : {}), offset: doc.offset, apiVersion: doc.apiVersion, kind: doc.kind, reason: tool });
    return;
  }
  if (!isListKind(doc.kind, doc.value)) {
    out.push(doc);
    return;
  }
  const items = doc.value.items;
  if (items !== undefined && items !== null && !Array.isArray(items)) {
    diagnostics.error("INCOMPLETE_OBJECT", `the items of a ${doc.kind} must be a list of objects`, doc.locate(["items"]));
    return;
  }
  const list = items ?? [];
  skipped.push({ file: doc.file, index: doc.index, ...(doc.item !== undefined ? { item: doc.item } : {}), offset: doc.offset, apiVersion: doc.apiVersion, kind: doc.kind, reason: `${doc.kind} of ${list.length} item${list.length === 1 ? "" : "s"}, each accounted for on its own` });
  const itemKind = doc.kind === "List" ? undefined : doc.kind.slice(0, -"List".length);
  list.forEach((item, i) => {
    const locate: SourceDoc["locate"] = (path, part) => doc.locate(["items", i, ...path], part);
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      diagnostics.error("INCOMPLETE_OBJECT", `item ${i} of this ${doc.kind} is not an object`, locate([]));
      return;
    }
    const obj = item as JsonObject;
    const apiVersion = obj.apiVersion ?? (itemKind ? doc.apiVersion : undefined);
    const kind = obj.kind ?? itemKind;
    if (typeof apiVersion !== "string" || typeof kind !== "string" || apiVersion === "" || kind === "") {
      const bad = typeof apiVersion !== "string" || apiVersion === "" ? "apiVersion" : "kind";
      diagnostics.error("INCOMPLETE_OBJECT", `item ${i} of this ${doc.kind} has no ${bad}; kubectl would refuse it too`, locate(Object.hasOwn(obj, bad) ? [bad] : []));
      return;
    }
    const value = obj.apiVersion === apiVersion && obj.kind === kind ? obj : { apiVersion, kind, ...obj };
    const entry: SourceDoc = {
      file: doc.file,
      index: doc.index,
      item: `${doc.item !== undefined ? `${doc.item}.` : ""}${i}`,
      apiVersion,
      kind,
      value,
      get offset() {
        return locate([]).start;
      },
      locate,
    };
    if (depth < 4) addDocument(out, entry, diagnostics, skipped, depth + 1);
    else diagnostics.error("INPUT_LIMIT_EXCEEDED", "Lists nested more than 4 deep", locate([]));
  });
}

/** The first occurrence of the key whose duplicate starts at `at`, searching every mapping of the document. */
function firstKeyOf(root: Node | null | undefined, at: number): { key: string; start: number; end: number } | undefined {
  const stack: unknown[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const pairs = node.items.filter((p): p is Pair<Node, Node | null> => isPair(p));
      const dup = pairs.findIndex((p) => isScalar(p.key) && p.key.range?.[0] === at);
      if (dup >= 0) {
        const name = String((pairs[dup]!.key as { value: unknown }).value);
        const first = pairs.find((p, i) => i < dup && isScalar(p.key) && String(p.key.value) === name);
        if (first?.key.range) return { key: name, start: first.key.range[0], end: first.key.range[1] };
        return undefined;
      }
      for (const p of pairs) stack.push(p.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return undefined;
}

/**
 * A document that failed to parse never becomes a SourceDoc, so the compile cannot collect its secret
 * values; when what was read of it is Secret-like, every scalar of it past apiVersion, kind and
 * metadata (keys too: a duplicate-key message quotes the key) is for the renderers to redact.
 */
function secretScalars(doc: Document): { redact?: string[] } {
  const root = doc.contents;
  const kind = root && isMap(root) ? findPair(root, "kind")?.value : undefined;
  if (!isScalar(kind) || !isSecretLike(kind.value)) return {};
  const values = new Set<string>();
  for (const item of isMap(root) ? root.items : []) {
    if (!isPair(item) || !isScalar(item.key) || ["apiVersion", "kind", "metadata"].includes(String(item.key.value))) continue;
    visit(item.value as Node, {
      Scalar(_k, node) {
        const text = String(node.value);
        if (text.length >= MIN_REDACTED_LENGTH) values.add(text);
        if (node.source && node.source.length >= MIN_REDACTED_LENGTH) values.add(node.source);
      },
    });
  }
  return values.size > 0 ? { redact: [...values].sort((a, b) => b.length - a.length) } : {};
}

/** A plain integer of 16 digits or more: may be beyond 2^53 (9007199254740992). */
const BIG_INTEGER = /(?:^|[\s:,[{-])[-+]?(?:0x[0-9a-fA-F]{14,}|0o[0-7]{18,}|[0-9]{16,})(?:$|[\s,\]}#])/m;
const INTEGER_LITERAL = /^[-+]?(?:[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$/;

/** The tags a Kubernetes manifest (JSON) can hold; anything else is converted or dropped by some reader. */
const JSON_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * The first node whose value fedc would change silently: a tag outside JSON's types (!!binary becomes
 * bytes, !!set a map of nulls, a custom tag a plain string), or an integer literal beyond 2^53, which
 * becomes the nearest double (int64's maximum 9223372036854775807 becomes 9223372036854776000).
 */
function lossyNode(doc: Document): { start: number; end: number; message: string } | undefined {
  let found: { start: number; end: number; message: string } | undefined;
  visit(doc, {
    Node(_key, node) {
      const range = node.range ?? [0, 0];
      if (node.tag && !JSON_TAGS.has(node.tag)) {
        const tag = node.tag.replace(/^tag:yaml\.org,2002:/, "!!");
        found = { start: range[0], end: range[1], message: `the tag ${tag} has no meaning in a Kubernetes object (JSON), and readers convert or drop it differently; remove it (binary data goes in a base64 string)` };
        return visit.BREAK;
      }
      if (isScalar(node) && typeof node.value === "number" && !Number.isSafeInteger(node.value) && Number.isInteger(node.value) && INTEGER_LITERAL.test(node.source ?? "")) {
        found = {
          start: range[0],
          end: range[1],
          message: `the integer ${node.source} is beyond 2^53 and would be rounded to ${String(node.value)}; fedc keeps no integer it cannot hold exactly: quote it if it is a string, or use a smaller number`,
        };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function yamlMessage(message: string): string {
  const first = yamlErrorMessage(message);
  if (/alias count/i.test(first)) return `${first}: too many aliases (a YAML alias bomb?); expand the document by hand`;
  return first;
}

function span(file: string, start: number, end: number): Span {
  return { file, start, end };
}

function nodeSpan(file: string, node: Node): Span {
  const r = node.range;
  return r ? span(file, r[0], r[1]) : span(file, 0, 0);
}

function findPair(map: Node, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

function keySpan(file: string, pair: Pair<Node, Node | null>): Span | undefined {
  return isScalar(pair.key) && pair.key.range ? nodeSpan(file, pair.key) : undefined;
}

function valueSpan(file: string, pair: Pair<Node, Node | null>): Span | undefined {
  return pair.value && pair.value.range ? nodeSpan(file, pair.value) : keySpan(file, pair);
}

/** A span whose offsets are resolved on first read: most spans are never printed. */
function lazySpan(file: string, resolve: () => Span): Span {
  let resolved: Span | undefined;
  return {
    file,
    get start() {
      return (resolved ??= resolve()).start;
    },
    get end() {
      return (resolved ??= resolve()).end;
    },
  };
}

function locator(file: string, rootOf: () => Node | null): SourceDoc["locate"] {
  return (path: NodePath, part: "key" | "value" = "value") => lazySpan(file, () => locateIn(file, rootOf(), path, part));
}

/** Span of the node at `path`, or of its nearest existing ancestor. */
function locateIn(file: string, root: Node | null, path: NodePath, part: "key" | "value"): Span {
  if (!root) return span(file, 0, 0);
  let node: Node = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = findPair(node, String(seg));
      if (!pair) return nodeSpan(file, node);
      if (i === path.length - 1 && part === "key") return keySpan(file, pair) ?? nodeSpan(file, node);
      if (!pair.value) return keySpan(file, pair) ?? nodeSpan(file, node);
      node = pair.value;
    } else if (isSeq(node)) {
      const idx = typeof seg === "number" ? seg : Number(seg);
      const item = Number.isInteger(idx) ? node.items[idx] : undefined;
      if (!item || !("range" in (item as object))) return nodeSpan(file, node);
      node = item as Node;
    } else {
      return nodeSpan(file, node);
    }
  }
  return nodeSpan(file, node);
}
