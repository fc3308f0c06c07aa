import type { ClusterOverride, ClusterRef, Json, JsonObject, LabelSelector, PatchOp, PlacementSpec, SkippedResource, SourceDoc, Template } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { invalidObjectName } from "../kube/names.js";
import { checkNamespace } from "./plain.js";
import type { TypeConfig } from "./typeConfigs.js";

/** Namespaces whose FederatedNamespace never propagates the Namespace itself (KubeFed isSystemNamespace). */
const SYSTEM_NAMESPACES = new Set(["kube-system", "kube-public", "default", "kube-federation-system"]);

/** Metadata the API server sets; a template copied from a live object carries them, a manifest must not. */
const SERVER_METADATA = ["resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];

export interface KubeFedInputs {
  templates: Template[];
  /** Read but not propagated, and why (KubeFed's rules). */
  skipped: SkippedResource[];
  /** Valid FederatedNamespaces by namespace name: the placement of everything inside them. */
  namespaces: Map<string, Template>;
  limitedScope: boolean;
}

interface FederatedDoc {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    template?: JsonObject;
    placement?: { clusters?: { name: string }[] | null; clusterSelector?: LabelSelector | null };
    overrides?: { clusterName: string; clusterOverrides?: { op?: string; path: string; value?: Json }[] }[];
    retainReplicas?: boolean;
  };
}

export function normalizeKubeFed(
  federated: readonly { doc: SourceDoc; type: TypeConfig }[],
  kubefedConfigs: readonly SourceDoc[],
  diagnostics: DiagnosticBag,
): KubeFedInputs {
  let limitedScope = false;
  kubefedConfigs.forEach((doc, i) => {
    if (i > 0) {
      diagnostics.error("DUPLICATE_KUBEFED_CONFIG", "only one KubeFedConfig may exist; remove this one", doc.locate(["metadata", "name"]), [
        { message: "first declared here", span: kubefedConfigs[0]!.locate(["metadata", "name"]) },
      ]);
      return;
    }
    limitedScope = (doc.value.spec as { scope?: string } | undefined)?.scope === "Namespaced";
  });

  const templates: Template[] = [];
  const skipped: SkippedResource[] = [];
  const namespaces = new Map<string, Template>();
  const seen = new Map<string, SourceDoc>();
  for (const { doc, type } of federated) {
    const template = toTemplate(doc, type, diagnostics);
    if (!template) continue;
    const key = `${doc.apiVersion}/${doc.kind}/${template.namespace ?? ""}/${template.name}`;
    const first = seen.get(key);
    if (first) {
      diagnostics.error("DUPLICATE_RESOURCE", `${doc.kind} ${template.namespace ? `${template.namespace}/` : ""}${template.name} is declared twice; remove one`, doc.locate(["metadata", "name"]), [
        { message: "first declared here", span: first.locate(["metadata", "name"]) },
      ]);
      continue;
    }
    seen.set(key, doc);
    if (!type.propagation) {
      diagnostics.warning(
        "PROPAGATION_DISABLED",
        `${doc.kind} ${template.name} is not propagated: its FederatedTypeConfig sets propagation: Disabled`,
        doc.locate(["kind"]),
        type.source ? [{ message: "propagation disabled here", span: type.source.locate(["spec", "propagation"]) }] : [],
      );
      skipped.push({ source: doc, reason: "propagation-disabled" });
      continue;
    }
    if (template.target.kind === "Namespace" && template.target.group === "") {
      const fedNamespace = (doc.value as FederatedDoc).metadata?.namespace;
      if (fedNamespace !== template.name) {
        diagnostics.warning(
          "FEDERATED_NAMESPACE_MISMATCH",
          `FederatedNamespace "${template.name}" lives in namespace "${fedNamespace ?? ""}"; KubeFed ignores a FederatedNamespace unless its name equals its namespace`,
          doc.locate(["metadata", "name"]),
        );
        skipped.push({ source: doc, reason: "federated-namespace-mismatch" });
        continue;
      }
      namespaces.set(template.name, template);
      if (SYSTEM_NAMESPACES.has(template.name)) {
        skipped.push({ source: doc, reason: "system-namespace" });
        continue;
      }
    }
    templates.push(template);
  }
  return { templates, namespaces, limitedScope, skipped };
}

function toTemplate(doc: SourceDoc, type: TypeConfig, diagnostics: DiagnosticBag): Template | undefined {
  const v = doc.value as FederatedDoc;
  const name = v.metadata?.name ?? "";
  const nameProblem = invalidObjectName(name);
  if (nameProblem) {
    diagnostics.error("INVALID_NAME", `name ${JSON.stringify(name)} ${nameProblem}`, doc.locate(["metadata", "name"]));
    return undefined;
  }
  const target = type.target;
  const isNamespaceKind = target.kind === "Namespace" && target.group === "";
  // FederatedNamespace is namespaced although its target is not.
  const federatedNamespaced = target.namespaced || isNamespaceKind;
  let namespace: string | undefined;
  if (federatedNamespaced) {
    namespace = v.metadata?.namespace;
    if (namespace === undefined || namespace === "") {
      diagnostics.error(
        "INVALID_NAME",
        `${doc.kind} ${name} needs metadata.namespace (the namespace its ${target.kind} is created in)`,
        doc.locate(["metadata"]),
      );
      return undefined;
    }
    if (!checkNamespace(doc, namespace, diagnostics)) return undefined;
  }
  const spec = v.spec ?? {};
  const object = buildMemberObject(doc, target, name, target.namespaced ? namespace : undefined, spec.template ?? {}, diagnostics);
  return {
    id: `${target.group}/${target.kind}/${target.namespaced ? namespace : ""}/${name}`,
    target,
    apiVersion: object.apiVersion as string,
    name,
    namespace: target.namespaced ? namespace : undefined,
    object,
    placement: placementOf(doc, spec.placement),
    overrides: overridesOf(doc, spec.overrides ?? []),
    source: doc,
    templatePath: ["spec", "template"],
    retainReplicas: spec.retainReplicas === true,
    replicaPrecedence: "scheduler-wins",
    followsNamespacePlacement: true,
    ...orphaning(doc),
  };
}

/** KubeFed's IsOrphaningEnabled: the annotation's value is exactly "true". */
function orphaning(doc: SourceDoc): Pick<Template, "keepOnDeletion"> {
  const annotations = (doc.value.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  if (!annotations || typeof annotations !== "object" || annotations[ORPHAN_ANNOTATION] !== "true") return {};
  return { keepOnDeletion: { because: ORPHAN_ANNOTATION, span: doc.locate(["metadata", "annotations", ORPHAN_ANNOTATION]) } };
}

const ORPHAN_ANNOTATION = "kubefed.io/orphan";

/**
 * KubeFed's create path (ObjectForCluster): template → name/namespace → kind → apiVersion. fedc keeps
 * template annotations and finalizers (SPEC §2.1) and orders keys apiVersion, kind, metadata, then
 * the template's own order, so output is stable and readable.
 */
function buildMemberObject(
  doc: SourceDoc,
  target: { group: string; version: string; kind: string },
  name: string,
  namespace: string | undefined,
  template: JsonObject,
  diagnostics: DiagnosticBag,
): JsonObject {
  const at = (...p: string[]) => doc.locate(["spec", "template", ...p]);
  const templateKind = template.kind;
  if (typeof templateKind === "string" && templateKind !== target.kind) {
    diagnostics.warning("TEMPLATE_FIELD_IGNORED", `template kind "${templateKind}" is ignored; ${doc.kind} always creates a ${target.kind}`, at("kind"));
  }
  const tmeta = (template.metadata && typeof template.metadata === "object" && !Array.isArray(template.metadata) ? template.metadata : {}) as JsonObject;
  for (const field of ["name", "namespace"] as const) {
    const given = tmeta[field];
    const actual = field === "name" ? name : namespace;
    if (typeof given === "string" && given !== actual) {
      diagnostics.warning(
        "TEMPLATE_FIELD_IGNORED",
        `template metadata.${field} "${given}" is ignored; the ${target.kind} takes the ${field} of the ${doc.kind}${actual ? ` ("${actual}")` : ""}`,
        at("metadata", field),
      );
    }
  }
  const metadata: JsonObject = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  for (const [k, val] of Object.entries(tmeta)) {
    if (k === "name" || k === "namespace") continue;
    if (SERVER_METADATA.includes(k)) {
      diagnostics.warning("TEMPLATE_FIELD_IGNORED", `template metadata.${k} is set by the API server and is not emitted`, at("metadata", k));
      continue;
    }
    metadata[k] = structuredClone(val);
  }
  const apiVersion =
    typeof template.apiVersion === "string" && template.apiVersion !== ""
      ? template.apiVersion
      : target.group
        ? `${target.group}/${target.version}`
        : target.version;
  const object: JsonObject = { apiVersion, kind: target.kind, metadata };
  for (const [k, val] of Object.entries(template)) {
    if (k === "apiVersion" || k === "kind" || k === "metadata") continue;
    if (k === "status") {
      diagnostics.warning("TEMPLATE_FIELD_IGNORED", "template status is written by the member cluster and is not emitted", at("status"));
      continue;
    }
    object[k] = structuredClone(val);
  }
  return object;
}

function placementOf(doc: SourceDoc, placement: NonNullable<FederatedDoc["spec"]>["placement"]): PlacementSpec {
  const spec: PlacementSpec = { span: doc.locate(["spec", "placement"]) };
  if (!placement) return spec;
  if (Array.isArray(placement.clusters)) {
    spec.clusters = placement.clusters.map(
      (c, i): ClusterRef => ({ name: c.name, span: doc.locate(["spec", "placement", "clusters", i, "name"]) }),
    );
  }
  if (placement.clusterSelector !== undefined) spec.clusterSelector = placement.clusterSelector;
  return spec;
}

function overridesOf(doc: SourceDoc, overrides: NonNullable<NonNullable<FederatedDoc["spec"]>["overrides"]>): ClusterOverride[] {
  return overrides.map((o, i) => ({
    clusterName: o.clusterName,
    span: doc.locate(["spec", "overrides", i, "clusterName"]),
    ops: (o.clusterOverrides ?? []).map((op, j): PatchOp => {
      const p: PatchOp = {
        // KubeFed: an empty op means replace.
        op: (op.op || "replace") as PatchOp["op"],
        path: op.path,
        span: doc.locate(["spec", "overrides", i, "clusterOverrides", j, "path"]),
      };
      // KubeFed serializes Value with omitempty: null and absent are both dropped.
      if (op.value !== undefined && op.value !== null) p.value = op.value;
      return p;
    }),
  }));
}
