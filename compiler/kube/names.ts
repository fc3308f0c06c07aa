// Kubernetes name rules (k8s.io/apimachinery/pkg/util/validation), shared by the stages that check
// names before they become file paths.

// The patterns are the API server's, from validation.ts (which also has its exact messages).
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_VALUE, QUALIFIED_NAME_PART } from "./validation.js";

/** Returns why `name` is not a DNS-1123 subdomain (most object names), or undefined when it is. */
export function invalidSubdomain(name: string): string | undefined {
  if (name.length === 0) return "must not be empty";
  if (name.length > 253) return "must be at most 253 characters";
  if (!DNS1123_SUBDOMAIN.test(name)) return "must consist of lower case letters, digits, '-' and '.', and start and end with a letter or digit";
  return undefined;
}

export function invalidLabel(name: string): string | undefined {
  if (name.length === 0) return "must not be empty";
  if (name.length > 63) return "must be at most 63 characters";
  if (!DNS1123_LABEL.test(name)) return "must consist of lower case letters, digits and '-', and start and end with a letter or digit";
  return undefined;
}

/**
 * Object names are checked loosely (some kinds, like ClusterRole, allow ':' and upper case), but
 * never allow what would escape a directory: '/', '..', NUL, control characters.
 */
export function invalidObjectName(name: string): string | undefined {
  if (name.length === 0) return "must not be empty";
  if (name.length > 253) return "must be at most 253 characters";
  if (name === "." || name === "..") return "must not be '.' or '..'";
  if (/[/\\%\u0000-\u001f\u007f]/.test(name)) return "must not contain '/', '\\', '%' or control characters";
  return undefined;
}

/**
 * Kinds become part of file names (`<kind>-<name>.yaml`), so they are checked as the API server
 * checks a CRD's kind: lower-cased, a DNS-1035 label (letters, digits and '-', starting with a letter).
 */
export function invalidKind(kind: string): string | undefined {
  if (kind.length === 0) return "must not be empty";
  if (kind.length > 63) return "must be at most 63 characters";
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(kind.toLowerCase())) return "must consist of letters, digits and '-', and start with a letter and end with a letter or digit";
  return undefined;
}

/** An API group ("apps", "example.com"; "" is the core group), which can become part of a file name. */
export function invalidGroup(group: string): string | undefined {
  return group === "" ? undefined : invalidSubdomain(group);
}

/** Label keys: an optional DNS subdomain prefix and a name part (qualified name). */
export function invalidLabelKey(key: string): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return "a label key has at most one '/'";
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const prefixProblem = invalidSubdomain(parts[0]!);
    if (prefixProblem) return `its prefix ${prefixProblem}`;
  }
  if (name.length === 0 || name.length > 63) return "the name part must be 1 to 63 characters";
  if (!QUALIFIED_NAME_PART.test(name)) return "the name part must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit";
  return undefined;
}

export function invalidLabelValue(value: string): string | undefined {
  if (value.length > 63) return "must be at most 63 characters";
  if (!LABEL_VALUE.test(value)) return "must be empty or consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit";
  return undefined;
}
