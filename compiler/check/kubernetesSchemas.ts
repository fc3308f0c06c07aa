// The Kubernetes schemas that output validation uses: one bundle per supported Kubernetes version,
// generated at build time from the npm package kubernetes-models into schemas/kubernetes/ (see
// scripts/generate-kubernetes-schemas.ts). Bundles are ES modules, so the check stage loads them as
// code with import() (it never reads files); each is loaded at most once per process.

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
  /** The schema bundle (committed). */
  module: string;
  /** Precompiled fast validators of every kind, written by `npm run build` (not committed). */
  validators: string;
}

/** What a precompiled validators module exports: validators by "apiVersion/kind", given the formats. */
export type PrecompiledValidators = (formats: object) => Record<string, (data: unknown) => boolean>;

const BUNDLE_DIR = new URL("../../schemas/kubernetes/", import.meta.url);

let index: Promise<Record<string, SupportedVersion>> | undefined;
const bundles = new Map<string, Promise<KubernetesSchemaBundle>>();

async function importDefault<T>(file: string): Promise<T> {
  try {
    return ((await import(new URL(file, BUNDLE_DIR).href)) as { default: T }).default;
  } catch (e) {
    throw new Error(`the bundled Kubernetes schemas are missing (schemas/kubernetes/${file}); run "npm run build": ${(e as Error).message}`);
  }
}

/** The Kubernetes versions (major.minor) with bundled schemas, e.g. {"1.33": {...}}. */
export function supportedKubernetesVersions(): Promise<Record<string, SupportedVersion>> {
  index ??= importDefault<Record<string, SupportedVersion>>("index.js");
  return index;
}

/** "1.33", "v1.33" and "1.33.4" all mean the 1.33 schemas (patch releases do not change the API). */
export function kubernetesMinor(version: string): string {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  return m ? `${Number(m[1])}.${Number(m[2])}` : version;
}

/** The schema bundle of a supported minor version ("1.33"). */
export async function loadKubernetesSchemas(minor: string): Promise<KubernetesSchemaBundle> {
  let bundle = bundles.get(minor);
  if (!bundle) {
    bundle = supportedKubernetesVersions().then((versions) => {
      const v = versions[minor];
      if (!v) throw new Error(`no bundled schemas for Kubernetes ${minor}`);
      return importDefault<KubernetesSchemaBundle>(v.module);
    });
    bundles.set(minor, bundle);
  }
  return bundle;
}
