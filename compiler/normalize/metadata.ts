import { closest, distance } from "fastest-levenshtein";
import type { NodePath, SourceDoc } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";

// ObjectMeta's fields (k8s.io/apimachinery meta/v1). A typo there (`nnamespace`, `lables`) changes
// what an object is — its namespace, its selectors' matches — so it is an error at the input, for
// every manifest and federated template, placed or not, before anything is defaulted.
const OBJECT_META = [
  "name", "generateName", "namespace", "labels", "annotations", "finalizers", "ownerReferences",
  "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
  "managedFields", "selfLink",
];

/** Reports unknown fields of the metadata at `path` (a manifest's `metadata`, a template's `spec.template.metadata`). */
export function checkObjectMeta(doc: SourceDoc, path: NodePath, diagnostics: DiagnosticBag): void {
  let meta: unknown = doc.value;
  for (const seg of path) meta = meta && typeof meta === "object" && !Array.isArray(meta) ? (meta as Record<string, unknown>)[String(seg)] : undefined;
  if (!meta || typeof meta !== "object" || Array.isArray(meta)) return;
  for (const field of Object.keys(meta)) {
    if (OBJECT_META.includes(field)) continue;
    const hint = closest(field, OBJECT_META);
    const near = distance(field.toLowerCase(), hint.toLowerCase()) <= Math.max(2, Math.floor(Math.max(field.length, hint.length) / 3));
    diagnostics.error(
      "UNKNOWN_FIELD",
      `${doc.kind} has no field ${[...path, field].join(".")}${near ? `; did you mean "${hint}"?` : `; metadata fields are ${OBJECT_META.join(", ")}`}`,
      doc.locate([...path, field], "key"),
    );
  }
}
