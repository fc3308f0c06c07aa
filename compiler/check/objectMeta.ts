// ObjectMeta as the API server validates it on create (apimachinery's ValidateObjectMetaAccessor):
// the kind's name rule, labels, annotations (keys and 256 KiB in total), finalizers. The namespace
// itself is checked by the invariants (it becomes a directory) and by namespaceExistence.ts.
import type { JsonObject } from "../model.js";
import { nameRule } from "../kube/objectNames.js";
import { byteLength, isLabelValue, isQualifiedName } from "../kube/validation.js";
import { FieldErrors, obj, str } from "./fieldErrors.js";

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** metav1 ValidateLabels: qualified-name keys, label values. */
export function checkLabels(labels: JsonObject | undefined, base: readonly string[], errors: FieldErrors): void {
  if (!labels) return;
  const display = base.join(".");
  for (const [k, v] of Object.entries(labels)) {
    errors.each(() => [...base, k], k, isQualifiedName(k), { display, part: "key" });
    if (typeof v === "string") errors.each(() => [...base, k], v, isLabelValue(v), { display });
  }
}

/** ValidateAnnotations: keys are qualified names (case does not matter), the total size is bounded. */
export function checkAnnotations(annotations: JsonObject | undefined, base: readonly string[], errors: FieldErrors): void {
  if (!annotations) return;
  const display = base.join(".");
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    errors.each(() => [...base, k], k, isQualifiedName(k.toLowerCase()), { display, part: "key" });
    total += byteLength(k) + (typeof v === "string" ? byteLength(v) : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errors.tooLong([...base], TOTAL_ANNOTATION_SIZE_LIMIT, display);
}

/** Labels and annotations of an object or of a pod template. */
export function checkMetaMaps(meta: JsonObject | undefined, base: readonly string[], errors: FieldErrors): void {
  if (!meta) return;
  checkLabels(obj(meta.labels), [...base, "labels"], errors);
  checkAnnotations(obj(meta.annotations), [...base, "annotations"], errors);
}

export function checkObjectMeta(o: JsonObject, group: string, errors: FieldErrors): void {
  const meta = obj(o.metadata);
  if (!meta) return;
  const name = str(meta.name);
  if (name !== undefined) errors.each(["metadata", "name"], name, nameRule(group, String(o.kind))(name));
  checkMetaMaps(meta, ["metadata"], errors);
  const finalizers = Array.isArray(meta.finalizers) ? meta.finalizers : [];
  finalizers.forEach((f, i) => {
    if (typeof f === "string") errors.each(["metadata", "finalizers", String(i)], f, isQualifiedName(f), { display: "metadata.finalizers" });
  });
  if (finalizers.includes("orphan") && finalizers.includes("foregroundDeletion")) {
    errors.invalid(["metadata", "finalizers"], finalizers, "finalizer orphan and foregroundDeletion cannot be both set");
  }
}
