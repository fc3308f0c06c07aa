// The bundled Kubernetes schemas (schemas/kubernetes/): which versions there are, each version's
// schemas (JSON, committed) and its precompiled fast validators (a script `npm run build` writes).
// Each is read at most once per process.
import { readFile } from "node:fs/promises";
import type { KubernetesSchemaBundle, PrecompiledValidators, SupportedVersion } from "../kube/kubernetesSchemas.js";
import { loadOwnScript } from "./ownScript.js";

const DIR = new URL("../../schemas/kubernetes/", import.meta.url);

let index: Promise<Record<string, SupportedVersion>> | undefined;
const bundles = new Map<string, Promise<KubernetesSchemaBundle>>();
const validators = new Map<string, Promise<PrecompiledValidators | undefined>>();

async function readJson<T>(file: string): Promise<T> {
  try {
    return JSON.parse(await readFile(new URL(file, DIR), "utf8")) as T;
  } catch (e) {
    throw new Error(`the bundled Kubernetes schemas are missing or unreadable (schemas/kubernetes/${file}); run "npm run build": ${(e as Error).message}`);
  }
}

/** The Kubernetes versions (major.minor) with bundled schemas, e.g. {"1.33": {...}}. */
export function supportedKubernetesVersions(): Promise<Record<string, SupportedVersion>> {
  index ??= readJson<Record<string, SupportedVersion>>("index.json");
  return index;
}

/** The schema bundle of a supported minor version ("1.33"). */
export function loadKubernetesSchemas(minor: string): Promise<KubernetesSchemaBundle> {
  let bundle = bundles.get(minor);
  if (!bundle) {
    bundle = supportedKubernetesVersions().then((versions) => {
      const v = versions[minor];
      if (!v) throw new Error(`no bundled schemas for Kubernetes ${minor}`);
      return readJson<KubernetesSchemaBundle>(v.module);
    });
    bundles.set(minor, bundle);
  }
  return bundle;
}

/** What a precompiled validators script evaluates to. */
export interface KubernetesValidatorsScript {
  validators: PrecompiledValidators;
}

/**
 * The precompiled fast validators of a supported minor version
 * (schemas/kubernetes/kubernetes-<minor>.validators.js), or undefined when this checkout was not
 * built (output validation then compiles the schemas it needs at run time).
 */
export function loadKubernetesValidators(minor: string): Promise<PrecompiledValidators | undefined> {
  let p = validators.get(minor);
  if (!p) {
    p = supportedKubernetesVersions()
      .then((versions) => loadOwnScript<KubernetesValidatorsScript>(new URL(versions[minor]!.validators, DIR)))
      .then(
        (m) => (typeof m?.validators === "function" ? m.validators : undefined),
        () => undefined,
      );
    validators.set(minor, p);
  }
  return p;
}
