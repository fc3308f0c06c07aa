// Schema errors that are really a migration: an Ingress written in the extensions/v1beta1 shape
// (serviceName/servicePort backends, spec.backend, no pathType) is invalid under networking.k8s.io/v1,
// and one such template refuses the whole render. Listing schema paths does not say why or what to
// write; these messages do, with the object's own values.
import type { JsonObject } from "../model.js";
import type { SchemaProblem } from "./schemaErrors.js";
import { fieldPath } from "./schemaErrors.js";

const GUIDE = "https://kubernetes.io/docs/reference/using-api/deprecation-guide/#ingress-v122";

function at(object: JsonObject, path: readonly string[]): unknown {
  let v: unknown = object;
  for (const seg of path) v = v && typeof v === "object" ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

/** `{service: {name: web, port: {number: 80}}}`, from a v1beta1 backend's serviceName/servicePort. */
function newBackend(backend: unknown): string {
  const b = (backend ?? {}) as { serviceName?: unknown; servicePort?: unknown };
  const name = typeof b.serviceName === "string" ? b.serviceName : "…";
  const port = typeof b.servicePort === "number" ? `{number: ${b.servicePort}}` : typeof b.servicePort === "string" ? (/^\d+$/.test(b.servicePort) ? `{number: ${b.servicePort}}` : `{name: ${b.servicePort}}`) : "{number: …}";
  return `{service: {name: ${name}, port: ${port}}}`;
}

/**
 * Rewrites the problems of an Ingress that uses the extensions/v1beta1 shape into migration steps;
 * other objects' problems are returned as they are. `legacy` tells the caller to add the note that
 * the render is refused for this object.
 */
export function explainLegacyShapes(object: JsonObject, problems: SchemaProblem[]): { problems: SchemaProblem[]; legacy: boolean } {
  if (object.kind !== "Ingress" || object.apiVersion !== "networking.k8s.io/v1") return { problems, legacy: false };
  let legacy = false;
  const out: SchemaProblem[] = [];
  for (const p of problems) {
    const field = p.path[p.path.length - 1];
    const parent = p.path.slice(0, -1);
    if (p.code === "OUTPUT_UNKNOWN_FIELD" && (field === "serviceName" || field === "servicePort") && parent[parent.length - 1] === "backend") {
      legacy = true;
      const backend = at(object, parent) as Record<string, unknown> | undefined;
      // One message per backend, at serviceName (or at servicePort when there is no serviceName).
      if (field === "servicePort" && backend && "serviceName" in backend) continue;
      out.push({
        ...p,
        message: `${fieldPath(parent)} has the extensions/v1beta1 shape (serviceName/servicePort), which networking.k8s.io/v1 replaced: write ${fieldPath(parent)}: ${newBackend(backend)}`,
      });
      continue;
    }
    if (p.code === "OUTPUT_UNKNOWN_FIELD" && p.path.length === 2 && p.path[0] === "spec" && field === "backend") {
      legacy = true;
      out.push({ ...p, message: `spec.backend is named spec.defaultBackend in networking.k8s.io/v1, with the new shape: spec.defaultBackend: ${newBackend(at(object, ["spec", "backend"]))}` });
      continue;
    }
    if (p.message.endsWith("is required") && field === "pathType") {
      out.push({ ...p, message: `${fieldPath(p.path)} is required in networking.k8s.io/v1: Prefix or Exact, or ImplementationSpecific for what extensions/v1beta1 did` });
      continue;
    }
    out.push(p);
  }
  return { problems: out, legacy };
}

export const LEGACY_INGRESS_NOTE = `this Ingress is written in the extensions/v1beta1 shape, which Kubernetes removed in 1.22; no cluster's output is written until it is migrated (${GUIDE})`;

export const INGRESS_V1_SHAPE = `networking.k8s.io/v1 also changes the shape: each backend's serviceName/servicePort becomes service: {name, port: {number} or {name}}, spec.backend becomes spec.defaultBackend, and every path needs a pathType (${GUIDE})`;
