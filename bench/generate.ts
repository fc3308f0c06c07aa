// Synthetic federations for the benchmark: N clusters × M resources in KubeFed form, and the
// equivalent kustomize tree (a base plus one overlay per cluster with the same changes).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";

const KINDS = ["Deployment", "Service", "ConfigMap", "ServiceAccount", "Ingress", "HorizontalPodAutoscaler"] as const;

function deployment(name: string) {
  const container = (c: string, port: number) => ({
    name: c,
    image: `registry.example.com/${name}-${c}:1.0.0`,
    ports: [{ containerPort: port, name: c.slice(0, 15) }],
    env: [
      { name: "LOG_LEVEL", value: "info" },
      { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
    ],
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    readinessProbe: { httpGet: { path: "/ready", port }, periodSeconds: 10 },
    livenessProbe: { httpGet: { path: "/healthz", port }, initialDelaySeconds: 5 },
  });
  return {
    metadata: { labels: { app: name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container("app", 8080), container("sidecar", 9090)] } },
    },
  };
}

function template(kind: (typeof KINDS)[number], name: string): Record<string, unknown> {
  switch (kind) {
    case "Deployment":
      return deployment(name);
    case "Service":
      return { spec: { selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: 8080 }] } };
    case "ConfigMap":
      return { data: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`KEY_${i}`, `value-${name}-${i}`])) };
    case "ServiceAccount":
      return { metadata: { labels: { app: name } } };
    case "Ingress":
      return {
        spec: {
          rules: [{ host: `${name}.example.com`, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name, port: { number: 80 } } } }] } }],
        },
      };
    case "HorizontalPodAutoscaler":
      return { spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name }, minReplicas: 1, maxReplicas: 5 } };
  }
}

const API: Record<string, string> = {
  Deployment: "apps/v1",
  Service: "v1",
  ConfigMap: "v1",
  ServiceAccount: "v1",
  Ingress: "networking.k8s.io/v1",
  HorizontalPodAutoscaler: "autoscaling/v2",
};

export interface Generated {
  fedcDir: string;
  kustomizeDir: string;
  clusters: string[];
  objectsPerCluster: number;
}

/** Writes `<dir>/fedc` and `<dir>/kustomize` for N clusters and M resources. */
export async function generate(dir: string, n: number, m: number): Promise<Generated> {
  const fedcDir = path.join(dir, "fedc");
  const kDir = path.join(dir, "kustomize");
  const clusters = Array.from({ length: n }, (_, i) => `cluster-${String(i).padStart(4, "0")}`);
  await mkdir(fedcDir, { recursive: true });
  await mkdir(path.join(kDir, "base"), { recursive: true });
  const docs: unknown[] = clusters.map((c, i) => ({
    apiVersion: "core.kubefed.io/v1beta1",
    kind: "KubeFedCluster",
    metadata: { name: c, labels: { region: `r${i % 4}` } },
    spec: { apiEndpoint: `https://${c}.example.com`, secretRef: { name: c } },
  }));
  docs.push({
    apiVersion: "core.kubefed.io/v1beta1",
    kind: "FederatedTypeConfig",
    metadata: { name: "horizontalpodautoscalers.autoscaling", namespace: "kube-federation-system" },
    spec: {
      targetType: { group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler", pluralName: "horizontalpodautoscalers", scope: "Namespaced" },
      federatedType: { group: "types.kubefed.io", version: "v1beta1", kind: "FederatedHorizontalPodAutoscaler", pluralName: "federatedhorizontalpodautoscalers", scope: "Namespaced" },
      propagation: "Enabled",
    },
  });
  docs.push({ apiVersion: "types.kubefed.io/v1beta1", kind: "FederatedNamespace", metadata: { name: "bench", namespace: "bench" }, spec: { placement: { clusterSelector: {} } } });
  const baseResources: string[] = ["namespace.yaml"];
  await writeFile(path.join(kDir, "base", "namespace.yaml"), stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "bench", labels: { "app.kubernetes.io/managed-by": "fedc" } } }));
  const overlayPatches = new Map<string, unknown[]>(clusters.map((c) => [c, []]));
  for (let r = 0; r < m; r++) {
    const kind = KINDS[r % KINDS.length]!;
    const name = `svc-${String(Math.floor(r / KINDS.length)).padStart(4, "0")}`;
    const t = template(kind, name);
    const overrides: unknown[] = [];
    if (kind === "Deployment") {
      clusters.forEach((c, ci) => {
        const ops: unknown[] = [
          { path: "/spec/template/spec/containers/0/image", value: `${c}.registry.example.com/${name}-app:1.0.0` },
          { path: "/spec/template/spec/containers/1/image", value: `${c}.registry.example.com/${name}-sidecar:1.0.0` },
        ];
        // ~10% of deployments get a different replica count in each cluster.
        if ((r / KINDS.length) % 10 === 0) ops.push({ path: "/spec/replicas", value: 3 + (ci % 3) });
        overrides.push({ clusterName: c, clusterOverrides: ops });
        overlayPatches.get(c)!.push({ target: { kind: "Deployment", name }, patch: JSON.stringify(ops.map((o) => ({ op: "replace", ...(o as object) }))) });
      });
    }
    docs.push({
      apiVersion: "types.kubefed.io/v1beta1",
      kind: `Federated${kind}`,
      metadata: { name, namespace: "bench" },
      spec: { template: t, placement: { clusterSelector: {} }, ...(overrides.length ? { overrides } : {}) },
    });
    const file = `${kind.toLowerCase()}-${name}.yaml`;
    const tMeta = (t.metadata ?? {}) as Record<string, unknown>;
    const { metadata: _m, ...rest } = t;
    await writeFile(
      path.join(kDir, "base", file),
      stringify({ apiVersion: API[kind], kind, metadata: { name, namespace: "bench", ...tMeta, labels: { ...((tMeta.labels as object) ?? {}), "app.kubernetes.io/managed-by": "fedc" } }, ...rest }),
    );
    baseResources.push(file);
  }
  // Clusters and types in one file, resources ten to a file: a fleet of 1,000 clusters puts ~11 MB of
  // overrides into 200 resources, more than fedc reads from one file (8 MiB), and real repositories split.
  const perFile = 10;
  const head = docs.length - m;
  await writeFile(path.join(fedcDir, "clusters.yaml"), docs.slice(0, head).map((d) => stringify(d)).join("---\n"));
  for (let i = head, f = 0; i < docs.length; i += perFile, f++) {
    await writeFile(path.join(fedcDir, `resources-${String(f).padStart(3, "0")}.yaml`), docs.slice(i, i + perFile).map((d) => stringify(d)).join("---\n"));
  }
  await writeFile(path.join(kDir, "base", "kustomization.yaml"), stringify({ resources: baseResources }));
  for (const c of clusters) {
    await mkdir(path.join(kDir, "overlays", c), { recursive: true });
    await writeFile(path.join(kDir, "overlays", c, "kustomization.yaml"), stringify({ resources: ["../../base"], patches: overlayPatches.get(c) }));
  }
  return { fedcDir, kustomizeDir: kDir, clusters, objectsPerCluster: m + 1 };
}
