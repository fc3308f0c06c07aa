// Secret values never appear in a diagnostic: messages that would quote a value from the input (a
// schema error saying what was found instead) leave it out when it can be secret. Rendered
// manifests are the only output that carries them; diffs and reports mask them (compiler/report).

/**
 * True when the value at `path` of a `kind` object may be secret: anything in a kind named
 * …Secret (Secret, FederatedSecret, SealedSecret), and anything under a `data` or `stringData` field.
 */
export function hidesValue(kind: string, path: readonly (string | number)[]): boolean {
  return /Secret$/.test(kind) || path.some((p) => p === "data" || p === "stringData");
}

/** What a hidden value is, without its content: "a string", "a map". */
export function valueKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `a ${typeof v}`;
}
