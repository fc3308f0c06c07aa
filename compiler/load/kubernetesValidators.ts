import { loadOwnScript } from "./ownScript.js";

/** What a precompiled validators script evaluates to: validators by "apiVersion/kind", given the formats. */
export interface KubernetesValidatorsScript {
  validators: (formats: object) => Record<string, (data: unknown) => boolean>;
}

const DIR = new URL("../../schemas/kubernetes/", import.meta.url);
const loaded = new Map<string, Promise<KubernetesValidatorsScript["validators"] | undefined>>();

/**
 * The precompiled fast validators `npm run build` wrote for one Kubernetes version
 * (schemas/kubernetes/kubernetes-<minor>.validators.js), or undefined when this checkout was not
 * built (output validation then compiles the schemas it needs at run time). Loaded once per process.
 */
export function loadKubernetesValidators(file: string): Promise<KubernetesValidatorsScript["validators"] | undefined> {
  let p = loaded.get(file);
  if (!p) {
    p = loadOwnScript<KubernetesValidatorsScript>(new URL(file, DIR)).then(
      (m) => (typeof m?.validators === "function" ? m.validators : undefined),
      () => undefined,
    );
    loaded.set(file, p);
  }
  return p;
}
