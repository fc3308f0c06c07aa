// A small repository around a validation corpus case: two Karmada clusters ("a", "b"), the
// Namespace "shop", and a ClusterPropagationPolicy that places every plain manifest of the case in
// both clusters (KubeFed cases place themselves).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { compile, MemoryFileSystem, type CompileResult } from "../../compiler/index.js";

export const CORPUS = path.resolve(import.meta.dirname, "corpus");

const CLUSTERS = `apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: a, labels: {region: eu}}
spec: {region: eu-west-1}
---
apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: b, labels: {region: us}}
spec: {region: us-east-1}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
`;

function propagationPolicy(kinds: ReadonlyArray<{ apiVersion: string; kind: string }>): string {
  const selectors = kinds.map((k) => `  - {apiVersion: ${JSON.stringify(k.apiVersion)}, kind: ${k.kind}}`).join("\n");
  return `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: everything}
spec:
  resourceSelectors:
${selectors}
  placement:
    clusterAffinity: {clusterNames: [a, b]}
`;
}

/** The repository above around `case.yaml` (its text), as file path → content. */
export function caseFiles(text: string, extraFiles: Record<string, string> = {}): Record<string, string> {
  const kinds = new Map<string, { apiVersion: string; kind: string }>();
  for (const d of parseAllDocuments(text)) {
    const o = d.toJS() as { apiVersion?: string; kind?: string } | null;
    if (!o?.apiVersion || !o.kind || o.apiVersion.startsWith("types.kubefed.io/")) continue;
    kinds.set(`${o.apiVersion}/${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind });
  }
  // KubeFed cases bring their FederatedNamespace, which replaces the plain Namespace.
  const clusters = text.includes("kind: FederatedNamespace") ? CLUSTERS.slice(0, CLUSTERS.lastIndexOf("---")) : CLUSTERS;
  const files: Record<string, string> = { "clusters.yaml": clusters, "case.yaml": text, ...extraFiles };
  if (kinds.size > 0) files["policy.yaml"] = propagationPolicy([...kinds.values()]);
  return files;
}

/** Compiles `case.yaml` (its text) in the repository above. */
export async function compileCase(text: string, extraFiles: Record<string, string> = {}, validate = true): Promise<CompileResult> {
  return compile({ repo: new MemoryFileSystem(caseFiles(text, extraFiles)), validate });
}

export async function readCase(name: string): Promise<string> {
  return readFile(path.join(CORPUS, `${name}.yaml`), "utf8");
}
