// Output validation (SPEC §6): every emitted object against the Kubernetes schemas of the
// configured version, strictly (unknown fields, wrong types, missing required fields, enum values),
// and custom resources against their CRD's openAPIV3Schema. Each problem is reported once per
// source location and message, with the clusters it affects; kinds with no schema are listed in one
// warning, never passed silently.
import type { JsonObject, MemberObject, SourceDoc, Span } from "../model.js";
import type { DiagnosticBag, Note } from "../diagnostics/index.js";
import { CrdCatalog } from "./crds.js";
import type { KubernetesSchemaBundle, PrecompiledValidators } from "../kube/kubernetesSchemas.js";
import { problemSpan } from "./problemSource.js";
import { schemaProblems } from "./schemaErrors.js";
import { explainLegacyShapes, INGRESS_V1_SHAPE, LEGACY_INGRESS_NOTE } from "./legacyShapes.js";
import { schemaSet, type ObjectValidator, type SchemaSet } from "./schemaSet.js";
import { hidesValue } from "../kube/secrets.js";
import { crdSchemaProblems } from "./crdSchema.js";
import { ApiChecker } from "./apiCheck.js";
import { checkNamespacesExist } from "./namespaceExistence.js";

export interface OutputValidationInput {
  members: readonly MemberObject[];
  /** Every parsed input document (CRDs that are placed nowhere still describe their kinds). */
  docs: readonly SourceDoc[];
  /** The schemas of fedc.yaml's kubernetesVersion (load stage). */
  bundle: KubernetesSchemaBundle;
  /** The version's precompiled fast validators (load stage), when the build wrote them. */
  precompiled?: PrecompiledValidators;
  /** The registered clusters (other output directories, like "_dns", are not clusters); default: every member's directory not starting with "_" (no cluster name can). */
  registered?: ReadonlySet<string>;
}

type Verdict =
  | { validator: ObjectValidator; builtIn: boolean; group: string }
  | { unavailable: string }
  | { skipped: string; group: string };

interface Finding {
  code: "OUTPUT_UNKNOWN_FIELD" | "OUTPUT_SCHEMA_VIOLATION" | "OUTPUT_API_UNAVAILABLE" | "OUTPUT_API_REJECTED" | "CRD_SCHEMA_INVALID";
  message: string;
  span: Span;
  notes: Note[];
  clusters: string[];
  templateId: string;
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

function objectName(o: JsonObject): string {
  const meta = (o.metadata ?? {}) as JsonObject;
  return `${String(o.kind)} ${meta.namespace ? `${String(meta.namespace)}/` : ""}${String(meta.name)}`;
}

/** Which schema an object is checked against, or why none can be used. Cached per apiVersion/kind (and cluster, for CRDs). */
function verdict(set: SchemaSet, crds: CrdCatalog, builtInGroups: ReadonlySet<string>, cluster: string, apiVersion: string, kind: string): Verdict {
  const k8s = set.bundle.kubernetesVersion.replace(/\.\d+$/, "");
  const builtIn = set.kind(apiVersion, kind);
  const { group, version } = splitApiVersion(apiVersion);
  if (builtIn) return { validator: builtIn, builtIn: true, group };
  const removed = set.bundle.removed[`${apiVersion}/${kind}`];
  if (removed) {
    return { unavailable: `${apiVersion} ${kind} is not served by Kubernetes ${k8s} (removed in ${removed.removedIn}); use ${removed.use}` };
  }
  if (builtInGroups.has(group)) {
    const others = Object.keys(set.bundle.kinds).filter((key) => key.endsWith(`/${kind}`) && splitApiVersion(key.slice(0, -kind.length - 1)).group === group);
    return {
      unavailable:
        `Kubernetes ${k8s} has no ${kind} in ${apiVersion}` +
        (others.length ? `; it serves ${kind} as ${others.map((o) => o.slice(0, -kind.length - 1)).join(", ")}` : ""),
    };
  }
  const versions = crds.lookup(cluster, group, kind);
  if (!versions) return { skipped: `${apiVersion} ${kind}`, group };
  const v = versions.find((x) => x.version === version);
  if (!v || !v.served) {
    const served = versions[0]?.servedVersions ?? [];
    return {
      unavailable: `the CustomResourceDefinition ${versions[0]?.crdName ?? kind} does not serve ${version}` + (served.length ? `; it serves ${served.map((s) => `${group}/${s}`).join(", ")}` : ""),
    };
  }
  const validator = set.crd(v);
  if ("error" in validator) return { skipped: `${apiVersion} ${kind} (its CRD schema cannot be used: ${validator.error})`, group };
  return { validator, builtIn: false, group };
}

/** Every openAPIV3Schema of a CRD object (per version, or v1beta1's spec.validation), with its path. */
function crdSchemas(crd: JsonObject): { path: (string | number)[]; schema: JsonObject }[] {
  const isObj = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
  const spec = crd.spec;
  if (!isObj(spec)) return [];
  const out: { path: (string | number)[]; schema: JsonObject }[] = [];
  if (isObj(spec.validation) && isObj(spec.validation.openAPIV3Schema)) out.push({ path: ["spec", "validation", "openAPIV3Schema"], schema: spec.validation.openAPIV3Schema });
  if (Array.isArray(spec.versions)) {
    spec.versions.forEach((v, i) => {
      if (isObj(v) && isObj(v.schema) && isObj(v.schema.openAPIV3Schema)) out.push({ path: ["spec", "versions", i, "schema", "openAPIV3Schema"], schema: v.schema.openAPIV3Schema });
    });
  }
  return out;
}

/** At most this many examples per skipped kind are listed (a fleet can emit thousands of one kind). */
const SKIPPED_EXAMPLES = 5;

export async function validateOutput(input: OutputValidationInput, diagnostics: DiagnosticBag): Promise<void> {
  const bundle = input.bundle;
  const set = schemaSet(bundle, input.precompiled);
  const crds = new CrdCatalog(input.members, input.docs);
  const builtInGroups = new Set(Object.keys(bundle.kinds).map((k) => splitApiVersion(k.slice(0, k.lastIndexOf("/"))).group));
  const verdicts = new Map<string, Map<string, Map<string, Verdict>>>();
  const results = new Map<ObjectValidator, WeakMap<JsonObject, ReturnType<ObjectValidator["validate"]> | null>>();
  const findings = new Map<string, Finding>();
  const skipped = new Map<string, Map<string, Note>>();
  const emittedTo = new Map<string, number>();
  for (const m of input.members) emittedTo.set(m.template.id, (emittedTo.get(m.template.id) ?? 0) + 1);

  const add = (m: MemberObject, code: Finding["code"], message: string, span: Span, notes: Note[] = []) => {
    const key = `${code}\0${span.file}\0${span.start}\0${span.end}\0${message}`;
    let f = findings.get(key);
    if (!f) findings.set(key, (f = { code, message, span, notes, clusters: [], templateId: m.template.id }));
    if (!f.clusters.includes(m.cluster)) f.clusters.push(m.cluster);
  };
  const declared = (m: MemberObject) => m.template.source.locate([...m.template.templatePath, "apiVersion"]);
  const minor = Number(bundle.kubernetesVersion.split(".")[1] ?? 0);
  // What the API server checks beyond the schema (apiCheck.ts).
  const api = new ApiChecker(minor);
  const reportApiProblems = (m: MemberObject, group: string, kind: string, builtIn: boolean) => {
    for (const f of api.findings(m, group, kind, builtIn, objectName)) add(m, "OUTPUT_API_REJECTED", f.message, f.span, f.notes);
  };

  // What the API server refuses in a CRD's schema, at the CRD (once per distinct object).
  const crdsChecked = new WeakSet<JsonObject>();
  for (const m of input.members) {
    const o = m.object;
    if (o.kind !== "CustomResourceDefinition" || typeof o.apiVersion !== "string" || !o.apiVersion.startsWith("apiextensions.k8s.io/") || crdsChecked.has(o)) continue;
    crdsChecked.add(o);
    for (const { path, schema } of crdSchemas(o)) {
      for (const p of crdSchemaProblems(schema)) {
        const at = [...path, ...p.path].map(String);
        add(m, "CRD_SCHEMA_INVALID", `${objectName(o)}: ${p.message}`, problemSpan(m, at, "key").span);
      }
    }
  }

  for (const m of input.members) {
    const o = m.object;
    const apiVersion = String(o.apiVersion);
    const kind = String(o.kind);
    // Nested maps rather than one composed key: no string is built per member (201,000 at 1,000 × 200).
    let byApiVersion = verdicts.get(m.cluster);
    if (!byApiVersion) verdicts.set(m.cluster, (byApiVersion = new Map()));
    let byKind = byApiVersion.get(apiVersion);
    if (!byKind) byApiVersion.set(apiVersion, (byKind = new Map()));
    let v = byKind.get(kind);
    if (!v) byKind.set(kind, (v = verdict(set, crds, builtInGroups, m.cluster, apiVersion, kind)));
    if ("skipped" in v) {
      let examples = skipped.get(v.skipped);
      if (!examples) skipped.set(v.skipped, (examples = new Map()));
      if (!examples.has(m.template.id)) examples.set(m.template.id, { message: objectName(o), span: declared(m) });
      // No schema, but the metadata rules hold for every kind.
      reportApiProblems(m, v.group, kind, false);
      continue;
    }
    if ("unavailable" in v) {
      // An override may have set the apiVersion for this cluster.
      add(m, "OUTPUT_API_UNAVAILABLE", `${objectName(o)}: ${v.unavailable}`, problemSpan(m, ["apiVersion"], "value").span, kind === "Ingress" && apiVersion !== "networking.k8s.io/v1" ? [{ message: INGRESS_V1_SHAPE }] : []);
      continue;
    }
    // Most objects are shared by many clusters (no per-cluster override): validate each once.
    let byObject = results.get(v.validator);
    if (!byObject) results.set(v.validator, (byObject = new WeakMap()));
    let outcome = byObject.get(o);
    if (outcome === undefined) byObject.set(o, (outcome = v.validator.validate(o) ?? null));
    const errors = outcome;
    if (!errors) {
      reportApiProblems(m, v.group, kind, v.builtIn);
      continue;
    }
    const explained = explainLegacyShapes(o, schemaProblems(errors, (path) => hidesValue(kind, path)));
    explained.problems.forEach((p, i) => {
      const { span, override } = problemSpan(m, p.path, p.part);
      const notes: Note[] = override ? [{ message: `${objectName(o)} is declared here`, span: m.template.source.locate(m.template.templatePath) }] : [];
      // Once per object: why one object refuses the whole render, and where the migration is described.
      if (explained.legacy && i === 0) notes.push({ message: LEGACY_INGRESS_NOTE, span: m.template.source.locate(m.template.templatePath) });
      add(m, p.code, `${objectName(o)}: ${p.message}`, span, notes);
    });
  }

  checkNamespacesExist(input.members, input.registered ?? new Set(input.members.map((m) => m.cluster).filter((c) => !c.startsWith("_"))), diagnostics);

  for (const f of findings.values()) {
    const total = emittedTo.get(f.templateId) ?? 0;
    const clusters = [...f.clusters].sort();
    const where =
      clusters.length > 1 && clusters.length === total
        ? ` (in all ${total} clusters it is emitted to)`
        : ` (cluster${clusters.length > 1 ? "s" : ""} ${clusters.join(", ")})`;
    diagnostics.error(f.code, f.message + where, f.span, f.notes);
  }
  if (skipped.size > 0) {
    const kinds = [...skipped.keys()].sort();
    const notes: Note[] = [];
    for (const k of kinds) {
      const examples = [...skipped.get(k)!.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, n]) => n);
      for (const n of examples.slice(0, SKIPPED_EXAMPLES)) notes.push({ message: `${n.message} is not validated`, span: n.span });
      if (examples.length > SKIPPED_EXAMPLES) notes.push({ message: `and ${examples.length - SKIPPED_EXAMPLES} more ${k}` });
    }
    diagnostics.warning(
      "OUTPUT_SCHEMA_SKIPPED",
      `${kinds.length} kind${kinds.length > 1 ? "s have" : " has"} no schema and ${kinds.length > 1 ? "were" : "was"} not validated: ${kinds.join(", ")}; ` +
        `add the CustomResourceDefinition${kinds.length > 1 ? "s" : ""} to the repository to validate ${kinds.length > 1 ? "them" : "it"}`,
      undefined,
      notes,
    );
  }
}
