// What the plan, the file name and the diff say an object is: its API group, kind, name and
// namespace. No override may change it (of any dialect: KubeFed overrides, Karmada overriders, the
// replica fields a scheduler sets), or a reviewer reading "ConfigMap app/cm" would approve a
// ClusterRoleBinding in kube-system. The version may change (KubeFed allows an apiVersion override).
import type { Json, JsonObject } from "../model.js";

export interface ObjectIdentity {
  group: string;
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
}

const text = (v: Json | undefined): string | undefined => (typeof v === "string" ? v : v === undefined ? undefined : JSON.stringify(v));

/** The API group of an apiVersion: "" for the core group ("v1"). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

export function identityOf(object: JsonObject): ObjectIdentity {
  const meta = object.metadata && typeof object.metadata === "object" && !Array.isArray(object.metadata) ? object.metadata : {};
  return {
    group: typeof object.apiVersion === "string" ? apiGroup(object.apiVersion) : (text(object.apiVersion) ?? ""),
    kind: text(object.kind) ?? "",
    name: text(meta.name),
    namespace: text(meta.namespace),
  };
}

export interface IdentityChange {
  field: "API group" | "kind" | "name" | "namespace";
  before: string | undefined;
  after: string | undefined;
}

/** The first part of `after`'s identity that differs from `before`'s, or undefined. */
export function identityChange(before: ObjectIdentity, after: ObjectIdentity): IdentityChange | undefined {
  if (before.group !== after.group) return { field: "API group", before: before.group, after: after.group };
  if (before.kind !== after.kind) return { field: "kind", before: before.kind, after: after.kind };
  if (before.name !== after.name) return { field: "name", before: before.name, after: after.name };
  if (before.namespace !== after.namespace) return { field: "namespace", before: before.namespace, after: after.namespace };
  return undefined;
}

/** A change, for a message: `kind from "ConfigMap" to "ClusterRoleBinding"`. */
export function describeIdentityChange(c: IdentityChange): string {
  const show = (v: string | undefined, field: string) =>
    v === undefined ? "none" : v === "" && field === "API group" ? "the core group" : JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  return `${c.field} from ${show(c.before, c.field)} to ${show(c.after, c.field)}`;
}

/**
 * Why a JSON pointer (RFC 6901) is malformed, or undefined. "" (the whole document) is well-formed;
 * anything else starts with "/", and "~" is only ever "~0" or "~1". JSON patch libraries read a
 * malformed pointer in their own ways (evanphx/json-patch ignores whatever precedes the first "/",
 * so "x/metadata/name" is "/metadata/name"); fedc never guesses.
 */
export function pointerProblem(path: string): string | undefined {
  if (path === "") return undefined;
  if (!path.startsWith("/")) return `it does not start with "/" (a JSON pointer is "" or "/" followed by the path)`;
  const tilde = /~(?![01])/.exec(path);
  if (tilde) return `"~" at character ${tilde.index + 1} is not followed by 0 or 1 (write "~0" for "~" and "~1" for "/")`;
  return undefined;
}
