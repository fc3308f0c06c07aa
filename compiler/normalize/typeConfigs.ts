import type { SourceDoc, TargetType } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { invalidGroup, invalidKind } from "../kube/names.js";

export const FEDERATED_GROUP = "types.kubefed.io";
export const FEDERATED_VERSION = "v1beta1";

/** A federated kind and the target it propagates. */
export interface TypeConfig {
  /** `<federated group>/<version>` + kind, e.g. types.kubefed.io/v1beta1 FederatedDeployment. */
  federatedApiVersion: string;
  federatedKind: string;
  target: TargetType;
  propagation: boolean;
  /** Undefined for the built-in defaults. */
  source?: SourceDoc;
}

type Builtin = [plural: string, group: string, version: string, kind: string, namespaced: boolean];

// The 10 types KubeFed's Helm chart enables (charts/kubefed/templates/federatedtypeconfig.yaml).
const BUILTIN: Builtin[] = [
  ["clusterroles", "rbac.authorization.k8s.io", "v1", "ClusterRole", false],
  ["configmaps", "", "v1", "ConfigMap", true],
  ["deployments", "apps", "v1", "Deployment", true],
  ["ingresses", "networking.k8s.io", "v1", "Ingress", true],
  ["jobs", "batch", "v1", "Job", true],
  ["namespaces", "", "v1", "Namespace", false],
  ["replicasets", "apps", "v1", "ReplicaSet", true],
  ["secrets", "", "v1", "Secret", true],
  ["serviceaccounts", "", "v1", "ServiceAccount", true],
  ["services", "", "v1", "Service", true],
];

export function builtinTypeConfigs(): TypeConfig[] {
  return BUILTIN.map(([plural, group, version, kind, namespaced]) => ({
    federatedApiVersion: `${FEDERATED_GROUP}/${FEDERATED_VERSION}`,
    federatedKind: `Federated${kind}`,
    target: { group, version, kind, plural, namespaced },
    propagation: true,
  }));
}

/** KubeFed's PluralName: lower-case kind + es/ies/s. */
export function pluralName(kind: string): string {
  const k = kind.toLowerCase();
  if (/(s|x|z|ch|sh|o)$/.test(k)) return `${k}es`;
  if (k.endsWith("y")) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

interface FtcSpec {
  targetType: { group?: string; version: string; kind: string; pluralName?: string; scope: string };
  federatedType: { group: string; version: string; kind: string; pluralName?: string; scope: string };
  propagation: "Enabled" | "Disabled";
}

/**
 * The type registry: built-in defaults, replaced by a user FederatedTypeConfig for the same federated
 * kind (repositories often commit the chart's own FTCs), plus any other kind a user enables.
 */
export interface TypeRegistry {
  types: Map<string, TypeConfig>;
  /** Federated kinds whose FederatedTypeConfig is invalid (reported): their resources are not re-reported. */
  broken: Set<string>;
}

export function normalizeTypeConfigs(docs: readonly SourceDoc[], diagnostics: DiagnosticBag): TypeRegistry {
  // Keyed by FTC name, as in KubeFed: a user FTC named like a default one replaces it.
  const byName = new Map<string, TypeConfig>();
  for (const t of builtinTypeConfigs()) byName.set(t.target.group ? `${t.target.plural}.${t.target.group}` : t.target.plural, t);
  const broken = new Set<string>();
  const fromUser = new Map<string, TypeConfig>();
  const userNames = new Map<string, SourceDoc>();
  for (const doc of docs) {
    const name = String((doc.value.metadata as { name?: unknown } | undefined)?.name ?? "");
    const spec = doc.value.spec as unknown as FtcSpec;
    // Defaulting as SetFederatedTypeConfigDefaults: target plural and group come from the FTC name.
    const dot = name.indexOf(".");
    const namePlural = dot < 0 ? name : name.slice(0, dot);
    const nameGroup = dot < 0 ? "" : name.slice(dot + 1);
    const target: TargetType = {
      group: spec.targetType.group ?? nameGroup,
      version: spec.targetType.version,
      kind: spec.targetType.kind,
      plural: spec.targetType.pluralName ?? namePlural,
      namespaced: spec.targetType.scope === "Namespaced",
    };
    const expected = target.group ? `${target.plural}.${target.group}` : target.plural;
    const fedKey = typeKey(`${spec.federatedType.group}/${spec.federatedType.version}`, spec.federatedType.kind);
    broken.add(fedKey);
    const sameName = userNames.get(name);
    if (sameName) {
      diagnostics.error("DUPLICATE_TYPE_CONFIG", `two FederatedTypeConfigs are named "${name}"; KubeFed can hold only one`, doc.locate(["metadata", "name"]), [
        { message: "first declared here", span: sameName.locate(["metadata", "name"]) },
      ]);
      continue;
    }
    userNames.set(name, doc);
    if (name !== expected) {
      diagnostics.error(
        "INVALID_TYPE_CONFIG",
        `a FederatedTypeConfig for ${target.kind} must be named "${expected}" (<target plural>[.<target group>]), not "${name}"`,
        doc.locate(["metadata", "name"]),
      );
      continue;
    }
    // The target's kind and group become part of file names.
    const kindProblem = invalidKind(target.kind);
    const groupProblem = invalidGroup(target.group);
    if (kindProblem || groupProblem) {
      const [field, value, problem] = kindProblem ? ["kind", target.kind, kindProblem] : ["group", target.group, groupProblem!];
      diagnostics.error(
        "INVALID_TYPE_CONFIG",
        `targetType.${field} ${JSON.stringify(value)} ${problem}`,
        doc.locate(field === "group" && spec.targetType.group === undefined ? ["metadata", "name"] : ["spec", "targetType", field]),
      );
      continue;
    }
    if (!(spec.federatedType.group ?? "").includes(".")) {
      diagnostics.error("INVALID_TYPE_CONFIG", `federatedType.group must contain a dot, e.g. "${FEDERATED_GROUP}"`, doc.locate(["spec", "federatedType", "group"]));
      continue;
    }
    const isNamespaceType = target.kind === "Namespace" && target.group === "";
    const federatedNamespaced = spec.federatedType.scope === "Namespaced";
    if (!isNamespaceType && federatedNamespaced !== target.namespaced) {
      diagnostics.error(
        "INVALID_TYPE_CONFIG",
        `federatedType.scope must equal targetType.scope (${spec.targetType.scope}) for ${target.kind}`,
        doc.locate(["spec", "federatedType", "scope"]),
      );
      continue;
    }
    const tc: TypeConfig = {
      federatedApiVersion: `${spec.federatedType.group}/${spec.federatedType.version}`,
      federatedKind: spec.federatedType.kind,
      target,
      propagation: spec.propagation === "Enabled",
      source: doc,
    };
    const key = typeKey(tc.federatedApiVersion, tc.federatedKind);
    const first = fromUser.get(key);
    if (first) {
      diagnostics.error(
        "DUPLICATE_TYPE_CONFIG",
        `${tc.federatedKind} is enabled by two FederatedTypeConfigs; keep one`,
        doc.locate(["metadata", "name"]),
        [{ message: "first declared here", span: first.source!.locate(["metadata", "name"]) }],
      );
      continue;
    }
    fromUser.set(key, tc);
    byName.set(name, tc);
    broken.delete(fedKey);
  }
  const types = new Map<string, TypeConfig>();
  for (const t of byName.values()) types.set(typeKey(t.federatedApiVersion, t.federatedKind), t);
  return { types, broken };
}

export function typeKey(apiVersion: string, kind: string): string {
  return `${apiVersion}\0${kind}`;
}
