// The one rule for which values are secret, shared by every place that shows values: diffs and the
// Action's report mask them (compiler/report/mask.ts), diagnostics never print them (the renderer
// redacts them, compiler/diagnostics/render.ts), schema errors describe them without quoting them.
// Rendered manifests are the only output that carries them. SECURITY.md states the rule.
import type { Json, JsonObject } from "../model.js";

/** fedc.yaml `mask`: kinds masked like Secrets, and fields of other kinds. */
export interface MaskConfig {
  kinds: readonly string[];
  paths: readonly { kind: string; path: string }[];
}

export const NO_EXTRA_MASKS: MaskConfig = { kinds: [], paths: [] };

// kubectl's last-applied-configuration annotation holds the whole object, values included.
export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** Fields of a Secret-like object that say what it is, never what it holds (and a v1 Secret's `type`, which kubectl describe shows too). */
const VISIBLE_TOP_LEVEL = new Set(["apiVersion", "kind", "metadata", "type"]);

/**
 * Secret-like: a kind named Secret or ending in "Secret" in any API group (Secret, FederatedSecret,
 * SealedSecret, ExternalSecret, a CRD's DatabaseSecret), or a kind fedc.yaml `mask.kinds` lists.
 */
export function isSecretLike(kind: unknown, config: MaskConfig = NO_EXTRA_MASKS): boolean {
  return typeof kind === "string" && (/Secret$/.test(kind) || config.kinds.includes(kind));
}

const pointerOf = (path: readonly (string | number)[]) => path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");

/**
 * True when the value at `path` of an object of `kind` is secret. In a Secret-like object, everything
 * but apiVersion, kind, metadata (except the last-applied annotation) and type; in a
 * KubeFed `Federated…Secret`, its template (but the template's metadata) and its override values
 * (placement and cluster names stay visible). In any kind, the fields fedc.yaml `mask.paths` names
 * and everything under them.
 */
export function isSecretPath(kind: unknown, path: readonly (string | number)[], config: MaskConfig = NO_EXTRA_MASKS): boolean {
  if (config.paths.length > 0 && typeof kind === "string") {
    const pointer = pointerOf(path);
    for (const p of config.paths) if (p.kind === kind && (pointer === p.path || pointer.startsWith(`${p.path}/`))) return true;
  }
  if (!isSecretLike(kind, config)) return false;
  if (typeof kind === "string" && kind.startsWith("Federated") && path[0] === "spec") {
    if (path[1] === "template") return path.length === 2 || !VISIBLE_TOP_LEVEL.has(String(path[2]));
    return path[1] === "overrides" && path[3] === "clusterOverrides" && path[5] === "value";
  }
  const top = path[0];
  if (top === undefined) return false;
  if (top === "metadata") return path[1] === "annotations" && path[2] === LAST_APPLIED;
  return !VISIBLE_TOP_LEVEL.has(String(top));
}

/** Kept for the schema reporters: true when a value at `path` must be described, not quoted. */
export function hidesValue(kind: string, path: readonly (string | number)[], config: MaskConfig = NO_EXTRA_MASKS): boolean {
  return isSecretPath(kind, path, config);
}

/**
 * Redaction never touches strings shorter than this: a secret of one to three characters would
 * otherwise blank out ordinary words of every message ("a", "app", "1").
 */
export const MIN_REDACTED_LENGTH = 4;

/** Adds the secret values of `object` (strings, numbers and booleans at secret paths, as text) to `into`. */
export function collectSecretValues(object: JsonObject, config: MaskConfig, into: Set<string>): void {
  if (!isSecretLike(object.kind, config) && !config.paths.some((p) => p.kind === object.kind)) return;
  // Decided at each value: the rule is closed under descent except for a Federated…Secret's
  // template metadata, which stays visible.
  const walk = (v: Json | undefined, path: (string | number)[]) => {
    if (v === null || v === undefined) return;
    if (typeof v === "object") {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
      return;
    }
    if (!isSecretPath(object.kind, path, config)) return;
    const text = String(v);
    if (text.length >= MIN_REDACTED_LENGTH) into.add(text);
    // A message may quote one line of a multi-line value (a certificate, a config file).
    if (typeof v === "string" && v.includes("\n")) for (const line of v.split("\n")) if (line.trim().length >= MIN_REDACTED_LENGTH) into.add(line.trim());
  };
  walk(object, []);
}

/** What a hidden value is, without its content: "a string", "a map". */
export function valueKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `a ${typeof v}`;
}
