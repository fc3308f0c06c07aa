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

/** manifestToYaml through the `yaml` package: for what the direct writer does not handle, and to check it. */
export function manifestToYamlWithLibrary(object: JsonObject): string {
  // Objects shared inside one manifest (YAML aliases in the input) are written out in full, never
  // as anchors: every reader handles plain YAML.
  const doc = new Document(canonicalKeyOrder(object), { version: "1.2", aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === "string" && node.type !== "BLOCK_LITERAL" && ambiguousInYaml11(node.value)) {
        node.type = "QUOTE_DOUBLE";
      }
    },
  });
  return doc.toString({ lineWidth: 0, indentSeq: false });
}

const yaml12Only = () => false;

/** Any small YAML file fedc writes besides manifests (kustomization.yaml). */
export function plainYaml(value: Record<string, unknown>): string {
  return writeYamlDocument(value, yaml12Only) ?? plainYamlWithLibrary(value);
}

export function plainYamlWithLibrary(value: unknown): string {
  return new Document(value, { version: "1.2", aliasDuplicateObjects: false }).toString({ lineWidth: 0, indentSeq: false });
}
