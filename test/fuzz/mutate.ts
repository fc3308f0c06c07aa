// Mutations of a repository (file path → text) for the fuzz tests: what a careless or hostile pull
// request does to the inputs. Each mutation is plain data that fast-check generates and shrinks;
// `applyMutation` interprets it against whatever files the repository has.
import fc from "fast-check";
import { parseAllDocuments, stringify } from "yaml";

export type Repo = Record<string, string>;

/** Values a hostile or careless author puts where a name, number or map belongs. */
const HOSTILE: unknown[] = [
  "", " ", "../..", "../../etc/passwd", "a/b", "..", ".", "/abs", "C:\\x", "a\u0000b", "\u202e", "x".repeat(300), "a".repeat(64),
  "UPPER", "fedc-plan.json", "kustomization", "_dns", "_cluster", ".fedc-output", "Secret", "*", "-", "~", "yes", "on", "0777", "1e400",
  "${{ secrets.GITHUB_TOKEN }}", "%00", "é", "{}", "[]", -1, 0, 1.5, 2 ** 53, -(2 ** 31), 1e308, true, false, null, [], {}, [[]],
  { a: { b: { c: {} } } }, ["a", 1, null], { "": "" }, { __proto__: { x: 1 } }, { "../x": "y" },
];

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** Same-type replacements, so that a mutation passes the input schemas and reaches the later stages. */
const STRINGS = ["", "../x", "a/b", "..", "x".repeat(300), "UPPER", "fedc-plan.json", "kustomization", "_dns", "*", "-", "0", "-1", "1.5", "9999999999999999999", "1e400",
  "Namespaced", "Cluster", "Enabled", "Disabled", "In", "NotIn", "Exists", "DoesNotExist", "Duplicated", "Divided", "Weighted", "Aggregated", "add", "remove", "replace",
  "/", "/spec", "/spec/replicas", "/metadata/name", "/-", "~1", "a.b", "default", "kube-system", "v1", "apps/v1", "Secret", "True", "False", "10.0.0.1", "::1", "example.com.", "500m", "1Ei", "NaN"];
const NUMBERS = [0, -1, 1, 2, 1.5, -0.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, 1000000];

export const respelling = fc.record({ s: fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 8 })), n: fc.constantFrom(...NUMBERS) });

/** Text that breaks YAML in the middle of a file. */
const BREAKERS = [":", ": ", "[", "{", "]", "}", "'", '"', "\t", "&a ", "*a", "*nope", "!tag ", "!!binary ", "? ", "- ", "---\n", "...\n", "%YAML 1.2\n", "|", ">-", "#", "\\", "\u0000", "\ufeff", "<<: *a\n", "\n  ", "\n", ","];

export type Mutation =
  | { op: "deleteKey" | "renameKey"; file: number; doc: number; target: number }
  | { op: "retype"; file: number; doc: number; target: number; value: unknown }
  | { op: "retypeDocument"; file: number; doc: number; value: unknown }
  | { op: "respell"; file: number; doc: number; target: number; s: string; n: number }
  | { op: "graft"; file: number; doc: number; target: number; other: number; otherDoc: number; source: number }
  | { op: "duplicateLine"; file: number; at: number }
  | { op: "breakYaml"; file: number; at: number; text: string }
  | { op: "swapDocuments"; file: number; doc: number; other: number; otherDoc: number }
  | { op: "truncate"; file: number; at: number }
  | { op: "deleteFile"; file: number }
  | { op: "duplicateFile"; file: number };

const index = fc.nat({ max: 1000 });
const fraction = fc.double({ min: 0, max: 1, noNaN: true });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom("deleteKey" as const, "renameKey" as const), file: index, doc: index, target: index }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant("retype" as const), file: index, doc: index, target: index, value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("retypeDocument" as const), file: index, doc: index, value: hostileValue }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant("respell" as const), file: index, doc: index, target: index }).chain((r) => respelling.map((v) => ({ ...r, ...v }))) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("graft" as const), file: index, doc: index, target: index, other: index, otherDoc: index, source: index }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("duplicateLine" as const), file: index, at: fraction }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("breakYaml" as const), file: index, at: fraction, text: fc.constantFrom(...BREAKERS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("swapDocuments" as const), file: index, doc: index, other: index, otherDoc: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("truncate" as const), file: index, at: fraction }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("deleteFile" as const), file: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("duplicateFile" as const), file: index }) },
) as fc.Arbitrary<Mutation>;

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 6 });

type Path = (string | number)[];

/** Paths of every node of a value, breadth-first (so small indices reach the top-level fields). */
function paths(value: unknown, limit = 2000): Path[] {
  const out: Path[] = [];
  const queue: { v: unknown; p: Path }[] = [{ v: value, p: [] }];
  while (queue.length > 0 && out.length < limit) {
    const { v, p } = queue.shift()!;
    if (p.length > 0) out.push(p);
    if (Array.isArray(v)) v.forEach((c, i) => queue.push({ v: c, p: [...p, i] }));
    // A !!binary value reads as bytes (a Uint8Array): a leaf, whose indices cannot be deleted.
    else if (v && typeof v === "object" && !ArrayBuffer.isView(v)) for (const [k, c] of Object.entries(v)) queue.push({ v: c, p: [...p, k] });
  }
  return out;
}

function parent(root: unknown, p: Path): Record<string | number, unknown> | undefined {
  let cur = root;
  for (const seg of p.slice(0, -1)) {
    if (!cur || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur && typeof cur === "object" ? (cur as Record<string | number, unknown>) : undefined;
}

/** The documents of a file as values, or undefined when the file is not valid YAML. */
function documents(text: string): unknown[] | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return undefined;
  try {
    return docs.map((d) => d.toJS({ maxAliasCount: 100 }) as unknown);
  } catch {
    return undefined;
  }
}

function joinDocuments(values: unknown[]): string {
  return values.map((v) => stringify(v, { aliasDuplicateObjects: false })).join("---\n");
}

function editDocument(repo: Repo, file: string, doc: number, edit: (value: unknown) => unknown): void {
  const values = documents(repo[file]!);
  if (!values || values.length === 0) return;
  const i = doc % values.length;
  values[i] = edit(values[i]);
  repo[file] = joinDocuments(values);
}

/** Applies one mutation to a copy of the repository. */
export function applyMutation(input: Repo, m: Mutation): Repo {
  const repo: Repo = { ...input };
  const files = Object.keys(repo).sort();
  if (files.length === 0) return repo;
  const file = files[m.file % files.length]!;
  const text = repo[file]!;
  const at = "at" in m ? Math.floor(m.at * text.length) : 0;
  switch (m.op) {
    case "deleteKey":
    case "renameKey":
    case "retype":
      editDocument(repo, file, m.doc, (value) => {
        const all = paths(value);
        if (all.length === 0) return value;
        const p = all[m.target % all.length]!;
        const container = parent(value, p);
        if (!container) return value;
        const key = p[p.length - 1]!;
        if (m.op === "retype") container[key] = structuredClone(m.value);
        else if (Array.isArray(container)) container.splice(Number(key), 1);
        else {
          const v = container[key];
          delete container[key];
          if (m.op === "renameKey") container[`${String(key)}x`] = v;
        }
        return value;
      });
      break;
    case "retypeDocument":
      editDocument(repo, file, m.doc, () => structuredClone(m.value));
      break;
    case "respell":
      editDocument(repo, file, m.doc, (value) => {
        const scalars = paths(value).filter((p) => {
          const v = parent(value, p)?.[p[p.length - 1]!];
          return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
        });
        if (scalars.length === 0) return value;
        const p = scalars[m.target % scalars.length]!;
        const container = parent(value, p)!;
        const key = p[p.length - 1]!;
        const v = container[key];
        container[key] = typeof v === "string" ? m.s : typeof v === "number" ? m.n : !v;
        return value;
      });
      break;
    case "graft": {
      const other = files[m.other % files.length]!;
      const source = documents(repo[other]!);
      if (!source || source.length === 0) break;
      const from = paths(source[m.otherDoc % source.length]);
      if (from.length === 0) break;
      const p = from[m.source % from.length]!;
      const piece = structuredClone(parent(source[m.otherDoc % source.length], p)?.[p[p.length - 1]!]);
      editDocument(repo, file, m.doc, (value) => {
        const all = paths(value);
        if (all.length === 0) return value;
        const q = all[m.target % all.length]!;
        const container = parent(value, q);
        if (container) container[q[q.length - 1]!] = piece;
        return value;
      });
      break;
    }
    case "duplicateLine": {
      const start = text.lastIndexOf("\n", at - 1) + 1;
      const end = text.indexOf("\n", at);
      const line = text.slice(start, end < 0 ? text.length : end + 1);
      repo[file] = text.slice(0, start) + line + (line.endsWith("\n") ? "" : "\n") + text.slice(start);
      break;
    }
    case "breakYaml":
      repo[file] = text.slice(0, at) + m.text + text.slice(at);
      break;
    case "truncate":
      repo[file] = text.slice(0, at);
      break;
    case "swapDocuments": {
      const other = files[m.other % files.length]!;
      const a = documents(text);
      const b = other === file ? a : documents(repo[other]!);
      if (!a || !b || a.length === 0 || b.length === 0) break;
      const i = m.doc % a.length;
      const j = m.otherDoc % b.length;
      const tmp = a[i];
      a[i] = b[j];
      b[j] = tmp;
      repo[file] = joinDocuments(a);
      if (other !== file) repo[other] = joinDocuments(b);
      break;
    }
    case "deleteFile":
      delete repo[file];
      break;
    case "duplicateFile":
      repo[file.replace(/(\.[a-z]+)$/, "-copy$1")] = text;
      break;
  }
  return repo;
}

export function applyMutations(repo: Repo, ms: readonly Mutation[]): Repo {
  return ms.reduce(applyMutation, repo);
}
