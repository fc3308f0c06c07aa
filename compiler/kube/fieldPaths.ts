// Field paths as Kubernetes users read and write them, shared by the input (parse) and output
// (check) schema reporters.

/** RFC 6901 pointer (ajv's instancePath) to path segments. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** `spec.template.spec.containers[0].image`, the way kubectl prints field paths; `whole` names the empty path. */
export function formatFieldPath(path: ReadonlyArray<string | number>, whole: string): string {
  let s = "";
  for (const seg of path) {
    if (typeof seg === "number" || /^\d+$/.test(seg)) s += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) s += s === "" ? seg : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s === "" ? whole : s;
}
