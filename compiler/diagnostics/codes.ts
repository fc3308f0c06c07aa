import type { Severity } from "./diagnostic.js";

interface CodeInfo {
  severity: Severity;
  summary: string;
}

/**
 * Every diagnostic code fedc can report. The README's diagnostics table is checked against this
 * catalog by a test, so a new code must be documented to land.
 */
export const CODES = {
  // load / parse
  FILE_UNREADABLE: { severity: "error", summary: "a repository file could not be read" },
  YAML_SYNTAX: { severity: "error", summary: "a file is not valid YAML (or JSON)" },
  INCOMPLETE_OBJECT: { severity: "error", summary: "a document has apiVersion or kind but not both" },
  SCHEMA_VIOLATION: { severity: "error", summary: "a fedc, KubeFed or Karmada document does not match its schema" },
  UNKNOWN_FIELD: { severity: "error", summary: "a field that the kind does not have (often a typo)" },
  CONFIG_IGNORED: { severity: "warning", summary: "a fedc Config document outside fedc.yaml (ignored)" },
  // normalize
  DUPLICATE_CLUSTER: { severity: "error", summary: "two clusters with the same name" },
  INVALID_NAME: { severity: "error", summary: "a name that Kubernetes (and a file path) cannot take" },
  DUPLICATE_TYPE_CONFIG: { severity: "error", summary: "two FederatedTypeConfigs for the same federated kind" },
  INVALID_TYPE_CONFIG: { severity: "error", summary: "a FederatedTypeConfig that cannot be used" },
  UNKNOWN_FEDERATED_TYPE: { severity: "error", summary: "a Federated<Kind> with no FederatedTypeConfig enabling it" },
  PROPAGATION_DISABLED: { severity: "warning", summary: "resources of a type whose FederatedTypeConfig disables propagation" },
  DUPLICATE_RESOURCE: { severity: "error", summary: "the same federated resource declared twice" },
  TEMPLATE_FIELD_IGNORED: { severity: "warning", summary: "a template field that KubeFed always replaces" },
  FEDERATED_NAMESPACE_MISMATCH: { severity: "warning", summary: "a FederatedNamespace whose name differs from its namespace (ignored, as KubeFed does)" },
  DUPLICATE_KUBEFED_CONFIG: { severity: "error", summary: "more than one KubeFedConfig" },
  // schedule
  UNKNOWN_CLUSTER: { severity: "warning", summary: "a placement or override names a cluster that is not registered" },
  INVALID_SELECTOR: { severity: "error", summary: "a label selector that Kubernetes would reject" },
  NAMESPACE_NOT_FEDERATED: { severity: "warning", summary: "a namespaced resource whose namespace has no FederatedNamespace (placed nowhere)" },
  // override
  OVERRIDE_DUPLICATE_CLUSTER: { severity: "error", summary: "a cluster listed twice in one resource's overrides" },
  OVERRIDE_DUPLICATE_PATH: { severity: "error", summary: "the same path overridden twice for one cluster" },
  OVERRIDE_PATH_INVALID: { severity: "error", summary: "an override of name, namespace, generateName or kind" },
  OVERRIDE_FAILED: { severity: "error", summary: "an override that does not apply to the object" },
  // check
  OBJECT_COLLISION: { severity: "error", summary: "two inputs emit the same object into the same cluster" },
  INVALID_OBJECT: { severity: "error", summary: "an emitted object that Kubernetes cannot accept" },
  UNCLAIMED_RESOURCE: { severity: "warning", summary: "plain manifests that no placement claims (not emitted)" },
  // command line and output
  UNKNOWN_CLUSTER_ARGUMENT: { severity: "error", summary: "--cluster names a cluster that is not registered" },
  NO_CLUSTERS: { severity: "warning", summary: "the repository registers no clusters" },
  OUTPUT_NOT_OWNED: { severity: "error", summary: "the output directory exists and was not created by fedc" },
  OUTPUT_UNSAFE: { severity: "error", summary: "the output directory is the repository root, outside it, or contains inputs" },
  OUTPUT_LOCKED: { severity: "error", summary: "another fedc render is writing the same output" },
  OUTPUT_WRITE_FAILED: { severity: "error", summary: "the output could not be written" },
  OUTPUT_STALE: { severity: "error", summary: "--check: the committed output differs from a fresh render" },
  OUTPUT_REPAIRED: { severity: "warning", summary: "the previous render was interrupted; this render repaired the output" },
  INTERNAL_ERROR: { severity: "error", summary: "a bug in fedc; please report it" },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CODES;
