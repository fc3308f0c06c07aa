// Small repositories for the hardening tests: a cluster registry and a namespace to build on, and
// helpers to compile one in memory or on disk and look at what came out.
import { mkdtemp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { compile, MemoryFileSystem, renderDiagnostics, type CompileResult, type Diagnostic } from "../../compiler/index.js";

export const CLUSTERS = `apiVersion: core.kubefed.io/v1beta1
kind: KubeFedCluster
metadata: {name: c1, namespace: kube-federation-system}
spec: {apiEndpoint: "https://c1.example.com", secretRef: {name: c1}}
---
apiVersion: core.kubefed.io/v1beta1
kind: KubeFedCluster
metadata: {name: c2, namespace: kube-federation-system}
spec: {apiEndpoint: "https://c2.example.com", secretRef: {name: c2}}
---
apiVersion: types.kubefed.io/v1beta1
kind: FederatedNamespace
metadata: {name: ns, namespace: ns}
spec: {placement: {clusterSelector: {}}}
`;

export type Files = Record<string, string>;

export async function compileFiles(files: Files): Promise<CompileResult> {
  return compile({ repo: new MemoryFileSystem({ "clusters.yaml": CLUSTERS, ...files }) });
}

/** Every diagnostic as text, JSON and GitHub annotations: what a user or a log can ever see of them. */
export function everyRendering(result: Pick<CompileResult, "diagnostics" | "sources">, extra: readonly Diagnostic[] = []): string {
  const all = [...result.diagnostics, ...extra];
  return (["text", "json", "github"] as const).map((f) => renderDiagnostics(all, f, result.sources)).join("\n");
}

/** The errors of a result, as "file:line:col CODE" for assertions that read like the CLI's output. */
export function errorsOf(result: CompileResult): string[] {
  const text = renderDiagnostics(result.diagnostics.filter((d) => d.severity === "error"), "text", result.sources);
  return text.split("\n").filter((l) => l && !l.startsWith(" "));
}

/** Asserts the compile failed with `code`, located in `file`, and emitted nothing. */
export function expectLocatedError(result: CompileResult, code: string, file: string): Diagnostic {
  const d = result.diagnostics.find((x) => x.code === code);
  expect(d, `expected ${code}; got ${errorsOf(result).join("\n")}`).toBeDefined();
  expect(d!.severity).toBe("error");
  expect(d!.span?.file).toBe(file);
  expect(result.ok).toBe(false);
  expect(result.files).toEqual([]);
  return d!;
}

export async function tempDir(prefix = "fedc-hardening-"): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export async function writeFiles(dir: string, files: Files): Promise<void> {
  for (const [f, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await writeFile(path.join(dir, f), text);
  }
}

/** A repository on disk with the cluster registry and `files`. */
export async function diskRepo(files: Files = {}): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, { "clusters.yaml": CLUSTERS, ...files });
  return dir;
}

/** Every file under `dir` (links and special files listed with a marker, never read), for before/after comparisons. */
export async function snapshot(dir: string, prefix = ""): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, await snapshot(path.join(dir, e.name), rel));
    else if (e.isFile()) out[rel] = await readFile(path.join(dir, e.name), "utf8");
    else out[rel] = "<not a regular file>";
  }
  return out;
}

/** A FederatedConfigMap in namespace ns, placed everywhere. */
export function configMap(name: string, extra = ""): string {
  return `apiVersion: types.kubefed.io/v1beta1
kind: FederatedConfigMap
metadata: {name: ${name}, namespace: ns}
spec:
  template: {data: {a: b}}
  placement: {clusterSelector: {}}
${extra}`;
}
