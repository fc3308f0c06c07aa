// Apply order: kustomize's legacy resource order (api/resid/gvk.go orderFirst / orderLast), so
// Namespaces and CRDs come first and webhooks last, then group, version, kind, namespace, name.
const ORDER_FIRST = [
  "Namespace",
  "ResourceQuota",
  "StorageClass",
  "CustomResourceDefinition",
  "ServiceAccount",
  "PodSecurityPolicy",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  "ConfigMap",
  "Secret",
  "Endpoints",
  "Service",
  "LimitRange",
  "PriorityClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "Deployment",
  "StatefulSet",
  "CronJob",
  "PodDisruptionBudget",
];
const ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

const RANK = new Map<string, number>();
ORDER_FIRST.forEach((k, i) => RANK.set(k, i - 1000));
ORDER_LAST.forEach((k, i) => RANK.set(k, 1000 + i));

export interface OrderKey {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function gvkString(k: OrderKey): string {
  return `${k.group || "~G"}_${k.version || "~V"}_${k.kind}`;
}

export function compareApplyOrder(a: OrderKey, b: OrderKey): number {
  const ra = RANK.get(a.kind) ?? 0;
  const rb = RANK.get(b.kind) ?? 0;
  if (ra !== rb) return ra - rb;
  // kustomize then compares the GVK string, with "~G" standing for the core group.
  return cmp(gvkString(a), gvkString(b)) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name);
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}
