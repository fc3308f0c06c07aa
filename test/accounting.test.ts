// Nothing the user wrote is lost silently: for repositories shaped like the public tutorials and
// demos fedc's users start from (test/repositories: kubectl-exported Lists, tutorial layouts, Helm
// charts and kustomize leftovers beside the federation YAML), every input document appears in
// fedc-plan.json's `documents` with what became of it, and what it says was emitted was emitted.
// The expected documents are found here independently of the compiler, with `yaml`.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isMap, isSeq, LineCounter, parseAllDocuments, type Node } from "yaml";
import { compile } from "../compiler/index.js";

const REPOSITORIES = path.resolve(import.meta.dirname, "repositories");

async function inputFiles(root: string, dir = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(root, dir), { withFileTypes: true })) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await inputFiles(root, rel)));
    else if (/\.(ya?ml|json)$/.test(e.name) && rel !== "fedc.yaml") out.push(rel);
  }
  return out.sort();
}

/** Whole files another tool owns: everything under a Chart.yaml, kustomizations and the patches they list. */
async function toolFiles(root: string, files: string[]): Promise<Set<string>> {
  const charts = files.filter((f) => path.posix.basename(f) === "Chart.yaml").map((f) => path.posix.dirname(f));
  const owned = new Set(files.filter((f) => charts.some((c) => c === "." || f.startsWith(`${c}/`))));
  for (const f of files.filter((f) => path.posix.basename(f) === "kustomization.yaml")) {
    owned.add(f);
    const k = parseAllDocuments(await readFile(path.join(root, f), "utf8"))[0]!.toJS() as Record<string, unknown>;
    for (const field of ["patches", "patchesStrategicMerge", "patchesJson6902"]) {
      for (const p of (k[field] as unknown[] | undefined) ?? []) {
        const ref = typeof p === "string" ? p : (p as { path?: string }).path;
        if (ref) owned.add(path.posix.normalize(path.posix.join(path.posix.dirname(f), ref)));
      }
    }
  }
  return owned;
}

/** `file:line` of every document, and of every item of a List (a List also counts itself). */
function documentSources(file: string, text: string): string[] {
  const lc = new LineCounter();
  const out: string[] = [];
  const visit = (node: Node | null) => {
    if (!isMap(node)) return;
    const value = node.toJSON() as Record<string, unknown>;
    if (!("apiVersion" in value) && !("kind" in value)) {
      // Not a Kubernetes object: still accounted for, as skipped.
      out.push(`${file}:${lc.linePos(node.range![0]).line}`);
      return;
    }
    out.push(`${file}:${lc.linePos(node.range![0]).line}`);
    const items = node.get("items", true);
    if (typeof value.kind === "string" && value.kind.endsWith("List") && isSeq(items)) for (const item of items.items) visit(item as Node);
  };
  for (const doc of parseAllDocuments(text, { lineCounter: lc })) visit(doc.contents as Node | null);
  return out;
}

const repositories = (await readdir(REPOSITORIES, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe("every input document is accounted for in fedc-plan.json", () => {
  it("has real-world shaped repositories", () => {
    expect(repositories.length).toBeGreaterThanOrEqual(4);
  });

  for (const name of repositories) {
    it(name, async () => {
      const root = path.join(REPOSITORIES, name);
      const result = await compile({ repo: root });
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const documents = result.plan!.documents!;

      const files = await inputFiles(root);
      const owned = await toolFiles(root, files);
      const expected: string[] = [];
      for (const f of files) {
        if (owned.has(f)) expected.push(f);
        else expected.push(...documentSources(f, await readFile(path.join(root, f), "utf8")));
      }
      expect(documents.map((d) => d.source).sort()).toEqual(expected.sort());
      expect(documents.filter((d) => d.outcome === "unaccounted")).toEqual([]);
      for (const d of documents) {
        if (d.outcome === "skipped" || d.outcome === "read" || d.outcome === "unclaimed") expect(d.reason, d.source).toBeTruthy();
      }

      // What the accounting says was emitted is in the output, cluster by cluster, and nothing else is.
      const said = new Set<string>();
      for (const d of documents.filter((d) => d.outcome === "emitted")) {
        expect(d.clusters?.length, d.source).toBeGreaterThan(0);
        for (const c of d.clusters!) said.add(`${c} ${d.source}`);
      }
      const emittedBySource = new Set<string>();
      for (const o of result.clusters) {
        for (const e of o.objects) {
          const src = e.member.template.source;
          const text = result.sources(src.file)!;
          const line = text.slice(0, src.offset).split("\n").length;
          emittedBySource.add(`${o.cluster} ${src.file}:${line}`);
        }
      }
      expect([...emittedBySource].sort()).toEqual([...said].sort());
    });
  }
});
