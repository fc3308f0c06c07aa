// Validators for one Kubernetes version: built-in kinds from the bundled schemas and custom
// resources from their CRDs, kept for the life of the process (tests compile many repositories).
//
// Every object goes through a fast validator that only says yes or no (ajv without allErrors).
// For built-in kinds it is precompiled by `npm run build` (ajv standalone code in
// schemas/kubernetes/kubernetes-<minor>.validators.js): compiling the Deployment schema alone takes
// ~200 ms at run time, loading all precompiled kinds ~60 ms. Without that file (a source checkout
// that was not built) the same schemas are compiled on first use. Objects that fail go through a
// verbose validator (every error, with values and parent schemas for messages), compiled on demand.
import { Ajv, _, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";
import type { JsonObject } from "../model.js";
import { parseQuantity } from "../kube/quantity.js";
import { crdJsonSchema, re2RegExp } from "./crdSchema.js";
import type { CrdVersion } from "./crds.js";
import type { KubernetesSchemaBundle, PrecompiledValidators } from "../kube/kubernetesSchemas.js";

const K8S = "k8s";
const OBJECT_META = `${K8S}#/definitions/IoK8sApimachineryPkgApisMetaV1ObjectMeta`;

/** The formats the schemas use (int32, byte, date-time, … and Kubernetes quantities); the precompiled validators take the same object. */
export const FORMATS = {
  ...fullFormats,
  quantity: { type: "string" as const, validate: (s: string) => validQuantity(s) },
};

// The same few quantities ("100m", "128Mi") recur in every container of every cluster: each distinct
// string is parsed once (at 1,000 clusters × 200 resources parsing them cost ~80 ms).
const quantities = new Map<string, boolean>();
function validQuantity(s: string): boolean {
  let ok = quantities.get(s);
  if (ok === undefined) {
    if (quantities.size > 10_000) quantities.clear();
    quantities.set(s, (ok = !("error" in parseQuantity(s))));
  }
  return ok;
}

/** A precompiled fast validator: true or false, no error details. */
export type FastValidator = (data: unknown) => boolean;

/**
 * The one ajv configuration for Kubernetes and CRD schemas. strict: false — CRD schemas carry
 * type-specific keywords without a type (int-or-string), which Kubernetes allows.
 * unicodeRegExp: false — CRD patterns are Go regular expressions, closer to JavaScript's
 * non-unicode syntax (`\-` outside a class is an error in unicode mode).
 */
export function createAjv(bundle: KubernetesSchemaBundle, mode: "fast" | "verbose" | "standalone"): Ajv {
  const verbose = mode === "verbose";
  const options: Options = { allErrors: verbose, verbose, strict: false, validateSchema: false, unicodeRegExp: false, formats: FORMATS };
  // Patterns are Go regular expressions (RE2): linear-time matching, as the API server does. The
  // precompiled validators (standalone) are built from Kubernetes' own schemas, never from the repository.
  if (mode === "standalone") options.code = { source: true, esm: false, formats: _`formats` };
  else options.code = { regExp: re2RegExp };
  const ajv = new Ajv(options);
  ajv.addSchema({ $id: K8S, definitions: bundle.definitions });
  return ajv;
}

/** The schema reference of a built-in kind's definition. */
export function kindRef(definition: string): string {
  return `${K8S}#/definitions/${definition}`;
}

export interface ObjectValidator {
  /** Errors, or undefined when the object is valid. */
  validate(object: JsonObject): ErrorObject[] | undefined;
}

class Validator implements ObjectValidator {
  private detailed?: ValidateFunction;

  constructor(
    private readonly set: SchemaSet,
    private readonly schema: object,
    private fast?: FastValidator,
  ) {}

  validate(object: JsonObject): ErrorObject[] | undefined {
    this.fast ??= this.set.ajv("fast").compile(this.schema);
    if (this.fast(object)) return undefined;
    this.detailed ??= this.set.ajv("verbose").compile(this.schema);
    this.detailed(object);
    return [...(this.detailed.errors ?? [])];
  }
}

export class SchemaSet {
  private readonly instances: { fast?: Ajv; verbose?: Ajv } = {};
  private readonly builtIn = new Map<string, ObjectValidator>();
  private readonly custom = new Map<string, ObjectValidator | { error: string }>();
  private readonly precompiled?: Record<string, FastValidator>;

  constructor(
    readonly bundle: KubernetesSchemaBundle,
    precompiled?: PrecompiledValidators,
  ) {
    this.precompiled = precompiled?.(FORMATS);
  }

  ajv(mode: "fast" | "verbose"): Ajv {
    return (this.instances[mode] ??= createAjv(this.bundle, mode));
  }

  /** The validator of a built-in kind ("apps/v1", "Deployment"), or undefined when the version has no such kind. */
  kind(apiVersion: string, kind: string): ObjectValidator | undefined {
    const key = `${apiVersion}/${kind}`;
    const definition = this.bundle.kinds[key];
    if (!definition) return undefined;
    let v = this.builtIn.get(key);
    if (!v) this.builtIn.set(key, (v = new Validator(this, { $ref: kindRef(definition) }, this.precompiled?.[key])));
    return v;
  }

  /** The validator of a custom resource version, or why its schema cannot be used. */
  crd(version: CrdVersion): ObjectValidator | { error: string } {
    const schema = crdJsonSchema(version.openAPIV3Schema ?? { type: "object", "x-kubernetes-preserve-unknown-fields": true }, {
      prune: version.prune && version.openAPIV3Schema !== undefined,
      objectMeta: OBJECT_META,
    });
    const key = JSON.stringify(schema);
    let v = this.custom.get(key);
    if (!v) {
      try {
        // Compile both now, so that a schema ajv cannot read (a Go-only regular expression) is reported once.
        this.ajv("fast").compile(schema);
        this.ajv("verbose").compile(schema);
        v = new Validator(this, schema);
      } catch (e) {
        v = { error: (e as Error).message };
      }
      this.custom.set(key, v);
    }
    return v;
  }
}

const sets = new Map<KubernetesSchemaBundle, SchemaSet>();

/** One SchemaSet per bundle, kept for the process. */
export function schemaSet(bundle: KubernetesSchemaBundle, precompiled?: PrecompiledValidators): SchemaSet {
  let s = sets.get(bundle);
  if (!s) sets.set(bundle, (s = new SchemaSet(bundle, precompiled)));
  return s;
}
