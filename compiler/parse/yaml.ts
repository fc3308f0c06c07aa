import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair } from "yaml";
import type { Json, JsonObject, NodePath, SourceDoc, SourceFile, Span } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";

/** An alias bomb stops here rather than exhausting memory. */
const MAX_ALIAS_COUNT = 1000;

/**
 * Parses a multi-document YAML (or JSON) file into the documents that are Kubernetes-style objects.
 * Documents with neither apiVersion nor kind (CI workflows, Helm values) are skipped quietly.
 */
export function parseSourceFile(file: SourceFile, diagnostics: DiagnosticBag): SourceDoc[] {
  const out: SourceDoc[] = [];
  // YAML 1.2 core schema, as kustomize (go-yaml v3) reads manifests; output is quoted so 1.1 readers agree.
  const docs = parseAllDocuments(file.text, { prettyErrors: false, uniqueKeys: true, version: "1.2", schema: "core" });
  docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      // Only the first error of a document: the ones after it are usually its echoes.
      const err = doc.errors[0]!;
      diagnostics.error("YAML_SYNTAX", yamlMessage(err.message), span(file.path, err.pos[0], err.pos[1]));
      return;
    }
    const root = doc.contents;
    if (!isMap(root)) return;
    const apiPair = findPair(root, "apiVersion");
    const kindPair = findPair(root, "kind");
    if (!apiPair && !kindPair) return;
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
    out.push(makeSourceDoc(file.path, index, apiVersion, kind, obj, doc));
  });
  return out;
}

function yamlMessage(message: string): string {
  const first = message.split("\n")[0]!.trim();
  if (/alias/i.test(first)) return `${first}: too many aliases (a YAML alias bomb?); expand the document by hand`;
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

function makeSourceDoc(file: string, index: number, apiVersion: string, kind: string, value: JsonObject, doc: Document): SourceDoc {
  const root = doc.contents as Node;
  return {
    file,
    index,
    apiVersion,
    kind,
    value,
    locate(path: NodePath, part: "key" | "value" = "value"): Span {
      let node: Node = root;
      let lastPair: Pair<Node, Node | null> | undefined;
      for (let i = 0; i < path.length; i++) {
        const seg = path[i]!;
        if (isMap(node)) {
          const pair = findPair(node, String(seg));
          if (!pair) return lastPair && part === "key" && i === path.length ? keySpan(file, lastPair) ?? nodeSpan(file, node) : nodeSpan(file, node);
          lastPair = pair;
          if (i === path.length - 1 && part === "key") return keySpan(file, pair) ?? nodeSpan(file, node);
          if (!pair.value) return keySpan(file, pair) ?? nodeSpan(file, node);
          node = pair.value;
        } else if (isSeq(node)) {
          const idx = typeof seg === "number" ? seg : Number(seg);
          const item = Number.isInteger(idx) ? node.items[idx] : undefined;
          if (!item || !("range" in (item as object))) return nodeSpan(file, node);
          lastPair = undefined;
          node = item as Node;
        } else {
          return nodeSpan(file, node);
        }
      }
      return nodeSpan(file, node);
    },
  };
}
