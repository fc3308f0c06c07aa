// The Kubernetes schemas that output validation uses: one bundle per supported Kubernetes version,
// generated at build time from the npm package kubernetes-models into schemas/kubernetes/ (see
// scripts/generate-kubernetes-schemas.ts), read by the load stage (load/kubernetesSchemas.ts).

/** One version's strict schemas: kind → definition, definitions as JSON Schema (draft-07). */
export interface KubernetesSchemaBundle {
  /** "1.33.0" */
  kubernetesVersion: string;
  /** "kubernetes-models@4.5.1" */
  source: string;
  /** "apps/v1/Deployment" → "IoK8sApiAppsV1Deployment" */
  kinds: Record<string, string>;
  /** API versions Kubernetes stopped serving, with the version that removed them and what to use. */
  removed: Record<string, { removedIn: string; use: string }>;
  definitions: Record<string, object>;
}

export interface SupportedVersion {
  kubernetesVersion: string;
  source: string;
  /** The schema bundle, JSON (committed). */
  module: string;
  /** Precompiled fast validators of every kind, written by `npm run build` (not committed). */
  validators: string;
}

/** What a precompiled validators module exports: validators by "apiVersion/kind", given the formats. */
export type PrecompiledValidators = (formats: object) => Record<string, (data: unknown) => boolean>;

/** "1.33", "v1.33" and "1.33.4" all mean the 1.33 schemas (patch releases do not change the API). */
export function kubernetesMinor(version: string): string {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  return m ? `${Number(m[1])}.${Number(m[2])}` : version;
}
