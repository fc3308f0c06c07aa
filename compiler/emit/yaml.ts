import { Document, isScalar, visit } from "yaml";
import type { JsonObject } from "../model.js";
import { writeYamlDocument } from "./yamlWriter.js";

// Plain scalars that a YAML 1.1 reader (go-yaml v2, PyYAML, older kubectl) would not read as a
// string. The `yaml` package already quotes what YAML 1.2 would misread; this adds the 1.1 cases
// (yes/no/on/off, 0777, 1_000, 1:20, timestamps, `<<`, `=`) so every reader sees the same string.
const YAML11_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|<<|=)$/;
const YAML11_NUMBERISH = /^[-+]?(?:\.?[0-9][0-9a-fA-FxXoObB_.:eE+-]*|\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const YAML11_TIMESTAMP = /^\d{4}-\d\d?-\d\d?(?:$|[Tt\s])/;

export function ambiguousInYaml11(s: string): boolean {
  return YAML11_WORDS.test(s) || YAML11_NUMBERISH.test(s) || YAML11_TIMESTAMP.test(s);
}

/** apiVersion, kind, metadata (name, namespace first), then the object's own order. */
export function canonicalKeyOrder(object: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of ["apiVersion", "kind", "metadata"]) if (k in object) out[k] = object[k]!;
  const meta = out.metadata;
  if (meta && typeof meta === "object" && !Array.isArray(meta)) {
    const m: JsonObject = {};
    for (const k of ["name", "namespace"]) if (k in meta) m[k] = meta[k]!;
    for (const [k, v] of Object.entries(meta)) if (!(k in m)) m[k] = v;
    out.metadata = m;
  }
  for (const [k, v] of Object.entries(object)) if (!(k in out)) out[k] = v;
  return out;
}

/** One manifest as YAML: deterministic, readable, and read the same way by YAML 1.1 and 1.2 parsers. */
export function manifestToYaml(object: JsonObject): string {
  return writeYamlDocument(object, ambiguousInYaml11, true) ?? manifestToYamlWithLibrary(object);
}

// Characters that go-yaml (kustomize, kubectl, Argo CD, Flux) refuses in a stream (DEL and the C1
// controls other than NEL) or reads as a line break, folding or cutting the string (NEL, LS, PS), and
// a byte-order mark, which it may drop. The `yaml` package writes them raw even inside double quotes.
const GO_YAML_UNSAFE = /[\x7f-\x9f\u2028\u2029\ufeff]/;
const GO_YAML_UNSAFE_ALL = /[\x7f-\x9f\u2028\u2029\ufeff]/g;
const escapeForGoYaml = (ch: string): string => {
  const code = ch.charCodeAt(0);
  if (code === 0x85) return "\\N";
  if (code === 0x2028) return "\\L";
  if (code === 0x2029) return "\\P";
  return code <= 0xff ? `\\x${code.toString(16)}` : `\\u${code.toString(16).toUpperCase()}`;
};

/**
 * The text of a document with every scalar holding a go-yaml-unsafe character double-quoted, and each
 * such character written as an escape (\N, \L, \P, \x7f, \uFEFF). Since every scalar that holds one is
 * double-quoted, every raw occurrence in the text is inside double quotes, where an escape means the
 * same character.
 */
function toGoYamlSafeString(doc: Document, quote?: (value: string, type: string | undefined) => boolean): string {
  let unsafe = false;
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== "string") return;
      if (GO_YAML_UNSAFE.test(node.value)) {
        unsafe = true;
        node.type = "QUOTE_DOUBLE";
      } else if (quote?.(node.value, node.type)) node.type = "QUOTE_DOUBLE";
    },
  });
  const text = doc.toString({ lineWidth: 0, indentSeq: false });
  return unsafe ? text.replace(GO_YAML_UNSAFE_ALL, escapeForGoYaml) : text;
}

/** manifestToYaml through the `yaml` package: for what the direct writer does not handle, and to check it. */
export function manifestToYamlWithLibrary(object: JsonObject): string {
  // Objects shared inside one manifest (YAML aliases in the input) are written out in full, never
  // as anchors: every reader handles plain YAML.
  const doc = new Document(canonicalKeyOrder(object), { version: "1.2", aliasDuplicateObjects: false });
  return toGoYamlSafeString(doc, (value, type) => type !== "BLOCK_LITERAL" && ambiguousInYaml11(value));
}

const yaml12Only = () => false;

/** Any small YAML file fedc writes besides manifests (kustomization.yaml). */
export function plainYaml(value: Record<string, unknown>): string {
  return writeYamlDocument(value, yaml12Only) ?? plainYamlWithLibrary(value);
}

export function plainYamlWithLibrary(value: unknown): string {
  return toGoYamlSafeString(new Document(value, { version: "1.2", aliasDuplicateObjects: false }));
}
