import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from "yaml";
import type { JsonObject, NodePath, SkippedDocument, SourceDoc, SourceFile, Span } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { aliasProblem, MAX_ALIAS_COUNT, parseYamlDocuments, yamlErrorMessage } from "../kube/yamlLimits.js";
import { fastParse } from "./fastYaml.js";
import { toolConfiguration } from "./toolFiles.js";

// YAML 1.2 core schema, as kustomize (go-yaml v3) reads manifests; output is quoted so 1.1 readers agree.
const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, version: "1.2", schema: "core" } as const;

/**
 * Parses a multi-document YAML (or JSON) file into the documents that are Kubernetes-style objects.
 * Documents with neither apiVersion nor kind (CI workflows, Helm values) are skipped quietly.
 * Values come from the fast parser when it can read the file; node positions are computed only if
 * something asks for one (a diagnostic), from `yaml`, which also reports every syntax error.
 */
export function parseSourceFile(file: SourceFile, diagnostics: DiagnosticBag, skipped: SkippedDocument[] = []): SourceDoc[] {
  const fast = fastParse(file.text);
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
      diagnostics.error(
        "YAML_SYNTAX",
        first ? `key "${first.key}" appears twice in one mapping; keep one (kubectl and kustomize would refuse the file too)` : yamlMessage(err.message),
        span(file.path, err.pos[0], err.pos[1]),
        first ? [{ message: `"${first.key}" is first set here`, span: span(file.path, first.start, first.end) }] : [],
      );
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
