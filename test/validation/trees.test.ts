// Everything fedc ships or records as correct output passes its own validation: the examples
// compile without an output error, and every object in every fixtures/*/expected tree (and every
// example's committed rendered/ tree) is valid for the fixture's Kubernetes version, checked object
// by object from the files themselves, independently of how they were produced.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.js";
import { DiagnosticBag, renderDiagnostics } from "../../compiler/diagnostics/index.js";
import { parseSourceFile } from "../../compiler/parse/index.js";
import { validateOutput } from "../../compiler/check/index.js";
import { kubernetesMinor } from "../../compiler/kube/kubernetesSchemas.js";
import { loadKubernetesSchemas, loadKubernetesValidators } from "../../compiler/load/index.js";

/** What the pipeline passes to validateOutput for a Kubernetes minor version. */
async function schemas(minor: string) {
  const [bundle, precompiled] = await Promise.all([loadKubernetesSchemas(minor), loadKubernetesValidators(minor)]);
  return { bundle, precompiled };
}
import type { MemberObject, SourceDoc, Template } from "../../compiler/model.js";
import { FIXTURES, listTree } from "../support/golden.js";
import { ROOT } from "../support/cli.js";

const EXAMPLES = path.join(ROOT, "examples");

async function yamlDocs(dir: string, prefix = ""): Promise<SourceDoc[]> {
  const docs: SourceDoc[] = [];
  for (const rel of await listTree(dir)) {
    if (!/\.ya?ml$/.test(rel) || rel.split("/").pop() === "kustomization.yaml") continue;
    const text = await readFile(path.join(dir, rel), "utf8");
    docs.push(...parseSourceFile({ path: `${prefix}${rel}`, text }, new DiagnosticBag()));
  }
  return docs;
}

/** Each object of a rendered tree as the member object of its cluster directory (the first path segment). */
function membersOf(docs: readonly SourceDoc[]): MemberObject[] {
  return docs.map((doc) => {
    const template = { id: `${doc.file}#${doc.index}`, source: doc, templatePath: [], overrides: [] } as unknown as Template;
    return { template, cluster: doc.file.split("/")[1]!, object: doc.value };
  });
}

async function validateTree(tree: string, input: string): Promise<{ objects: number; text: string }> {
  const config = await compile({ repo: input, validate: false });
  const rendered = await yamlDocs(tree, "tree/");
  const diagnostics = new DiagnosticBag();
  await validateOutput({ members: membersOf(rendered), docs: [...rendered, ...(await yamlDocs(input))], ...(await schemas(kubernetesMinor(config.config.kubernetesVersion))) }, diagnostics);
  const errors = diagnostics.items.filter((d) => d.severity === "error");
  return { objects: rendered.length, text: renderDiagnostics(errors, "text", () => undefined) };
}

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

describe("examples", async () => {
  const examples = (await readdir(EXAMPLES)).sort();
  it.each(examples)("examples/%s compiles with validation and no output errors", async (name) => {
    const result = await compile({ repo: path.join(EXAMPLES, name) });
    const problems = result.diagnostics.filter((d) => d.severity === "error");
    expect(renderDiagnostics(problems, "text", result.sources)).toBe("");
  });

  const rendered = [];
  for (const name of examples) if (await isDir(path.join(EXAMPLES, name, "rendered"))) rendered.push(name);
  it.each(rendered)("examples/%s/rendered is valid object by object", async (name) => {
    const { objects, text } = await validateTree(path.join(EXAMPLES, name, "rendered"), path.join(EXAMPLES, name));
    expect(objects).toBeGreaterThan(0);
    expect(text).toBe("");
  });
});

describe("golden fixtures", async () => {
  const names = [];
  for (const name of (await readdir(FIXTURES)).sort()) {
    const expected = path.join(FIXTURES, name, "expected");
    if ((await listTree(expected)).some((f) => f.includes("/") && /\.ya?ml$/.test(f))) names.push(name);
  }

  it("has expected trees to check", () => {
    expect(names.length).toBeGreaterThan(10);
  });

  it("would notice an invalid object in a tree", async () => {
    const docs = parseSourceFile({ path: "tree/a/x.yaml", text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: default}\ndata: {a: 1}\n" }, new DiagnosticBag());
    const diagnostics = new DiagnosticBag();
    await validateOutput({ members: membersOf(docs), docs, ...(await schemas("1.33")) }, diagnostics);
    expect(diagnostics.items.map((d) => d.message)).toEqual(["ConfigMap default/x: data.a must be a string, not number 1 (cluster a)"]);
  });

  it.each(names)("fixtures/%s/expected is valid object by object", async (name) => {
    const { objects, text } = await validateTree(path.join(FIXTURES, name, "expected"), path.join(FIXTURES, name, "input"));
    expect(objects).toBeGreaterThan(0);
    expect(text).toBe("");
  });
});
