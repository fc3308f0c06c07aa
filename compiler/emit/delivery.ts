// The GitOps objects that deliver each cluster's output, generated from the cluster registry
// (fedc.yaml `delivery`), into `<output>/_delivery/` with its own kustomization.yaml: an Argo CD
// ApplicationSet whose list generator carries every cluster's name and labels, one Argo CD
// Application per cluster, or one Flux Kustomization per cluster. Adding a cluster is then one file
// (its KubeFedCluster / Karmada Cluster): the next render adds its Application or Kustomization.
// `_dns` (DNSEndpoints when fedc.yaml sets no dns.cluster) is delivered like a cluster, to
// `delivery.dnsCluster`.
import type { Cluster, DeliveryConfig, JsonObject, OutputFile } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { manifestToYaml, plainYaml } from "./yaml.js";

/** The directory under the output root (not a cluster name: "_" is not allowed in one). */
export const DELIVERY_DIRECTORY = "_delivery";

/** The label a generated Application or Kustomization carries: the cluster it delivers ("dns" for `_dns`, as a label value cannot start with "_"). */
const CLUSTER_LABEL = "fedc.io/cluster";
const MANAGED_BY = { "app.kubernetes.io/managed-by": "fedc" };

/** One directory to deliver: a cluster's, or `_dns` to the cluster that applies it. */
interface Target {
  /** The directory under the output root (and the plugin's FEDC_CLUSTER). */
  directory: string;
  /** The generated object's name. */
  objectName: string;
  /** The cluster that applies it. */
  cluster: Cluster;
  labels: Record<string, string>;
}

function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== "" && p !== ".").join("/") || ".";
}

/** spec.apiEndpoint of the cluster's KubeFedCluster or Karmada Cluster, as written. */
function apiEndpoint(cluster: Cluster): string | undefined {
  const spec = cluster.source.value.spec;
  const endpoint = spec && typeof spec === "object" && !Array.isArray(spec) ? spec.apiEndpoint : undefined;
  return typeof endpoint === "string" && endpoint !== "" ? endpoint : undefined;
}

/**
 * The files of `<output>/_delivery/` (paths relative to the output root), or [] with errors.
 * `dnsDirectory`: "_dns" when the render writes it (DNSEndpoints without dns.cluster).
 */
export function emitDelivery(config: DeliveryConfig, clusters: readonly Cluster[], dnsDirectory: string | undefined, diagnostics: DiagnosticBag): OutputFile[] {
  const errors = diagnostics.errorCount;
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const targets: Target[] = clusters.map((c) => ({ directory: c.name, objectName: `${config.name}-${c.name}`, cluster: c, labels: { ...c.labels } }));
  if (dnsDirectory) {
    const dns = config.dnsCluster === undefined ? undefined : byName.get(config.dnsCluster);
    if (config.dnsCluster === undefined) {
      diagnostics.error(
        "DELIVERY_INVALID",
        `the DNSEndpoints in ${dnsDirectory}/ have no cluster to apply them: set delivery.dnsCluster to the cluster that runs ExternalDNS (or fedc.yaml dns.cluster to put them into that cluster's directory)`,
        config.source.locate(["delivery"], "key"),
      );
    } else if (!dns) {
      diagnostics.error(
        "DELIVERY_INVALID",
        `delivery.dnsCluster "${config.dnsCluster}" is not a registered cluster${clusters.length ? `; registered clusters: ${clusters.map((c) => c.name).join(", ")}` : ""}`,
        config.source.locate(["delivery", "dnsCluster"]),
      );
    } else targets.push({ directory: dnsDirectory, objectName: `${config.name}-dns-records`, cluster: dns, labels: {} });
  }
  if (config.argocd?.destination === "apiEndpoint") {
    for (const c of clusters) {
      if (!apiEndpoint(c)) {
        diagnostics.error(
          "DELIVERY_INVALID",
          `cluster "${c.name}" has no spec.apiEndpoint, and delivery.destination apiEndpoint takes the Argo CD destination server from it; add spec.apiEndpoint (e.g. https://${c.name}.example.com:6443) or use destination: name`,
          c.source.locate(["spec"], "key"),
        );
      }
    }
  }
  const seen = new Map<string, Target>();
  for (const t of targets) {
    const other = seen.get(t.objectName);
    if (other) {
      diagnostics.error(
        "DELIVERY_INVALID",
        `the generated objects for ${other.directory}/ and ${t.directory}/ would both be named "${t.objectName}"; rename the cluster or set delivery.name`,
        t.cluster.source.locate(["metadata", "name"]),
      );
    }
    seen.set(t.objectName, t);
  }
  if (diagnostics.errorCount > errors) return [];

  const objects: JsonObject[] =
    config.kind === "ApplicationSet"
      ? [applicationSet(config, targets)]
      : config.kind === "Application"
        ? targets.map((t) => application(config, t))
        : targets.map((t) => fluxKustomization(config, t));
  const files: OutputFile[] = objects.map((o) => ({
    path: `${DELIVERY_DIRECTORY}/${String(o.kind).toLowerCase()}-${(o.metadata as { name: string }).name}.yaml`,
    content: manifestToYaml(o),
  }));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  files.push({
    path: `${DELIVERY_DIRECTORY}/kustomization.yaml`,
    content:
      "# Generated by fedc render; do not edit. The objects that deliver every cluster's output: kubectl apply -k <this directory>.\n" +
      plainYaml({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: files.map((f) => f.path.slice(DELIVERY_DIRECTORY.length + 1)) }),
  });
  return files;
}

/** The directory of a target's rendered output in the git repository. */
function renderedPath(config: DeliveryConfig, directory: string): string {
  return joinPath(config.path, config.output, directory);
}

function argoSource(config: DeliveryConfig, directory: string): JsonObject {
  const argocd = config.argocd!;
  const source: JsonObject = { repoURL: argocd.repoURL, targetRevision: argocd.targetRevision };
  if (argocd.source === "directory") return { ...source, path: renderedPath(config, directory) };
  // The plugin reads the cluster from its env FEDC_CLUSTER (ARGOCD_ENV_FEDC_CLUSTER).
  return { ...source, path: config.path, plugin: { name: argocd.plugin, env: [{ name: "FEDC_CLUSTER", value: directory }] } };
}

function argoSyncPolicy(config: DeliveryConfig): JsonObject {
  return {
    automated: { prune: config.prune, selfHeal: config.argocd!.selfHeal },
    // Server-side apply: large objects (CRDs) exceed the client-side annotation limit. Custom
    // resources whose CRD arrives in the same sync would fail the dry run.
    syncOptions: ["ServerSideApply=true", "SkipDryRunOnMissingResource=true"],
  };
}

function destination(config: DeliveryConfig, cluster: Cluster): string {
  return config.argocd!.destination === "apiEndpoint" ? apiEndpoint(cluster)! : cluster.name;
}

function application(config: DeliveryConfig, t: Target): JsonObject {
  const argocd = config.argocd!;
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: t.objectName, namespace: config.namespace, labels: { ...MANAGED_BY, [CLUSTER_LABEL]: t.directory.replace(/^_/, "") } },
    spec: {
      project: argocd.project,
      source: argoSource(config, t.directory),
      destination: argocd.destination === "apiEndpoint" ? { server: destination(config, t.cluster) } : { name: destination(config, t.cluster) },
      syncPolicy: argoSyncPolicy(config),
    },
  };
}

/**
 * One ApplicationSet, list generator: an element per cluster with its name, the generated
 * Application's name, its destination and its registry labels (for a user's own template or
 * selector: `{{index .labels "env"}}`), and one for `_dns`.
 */
function applicationSet(config: DeliveryConfig, targets: readonly Target[]): JsonObject {
  const argocd = config.argocd!;
  const elements = targets.map((t): JsonObject => ({ cluster: t.directory, app: t.objectName, destination: destination(config, t.cluster), labels: t.labels }));
  const source = argoSource(config, "{{.cluster}}");
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ApplicationSet",
    metadata: { name: config.name, namespace: config.namespace, labels: { ...MANAGED_BY } },
    spec: {
      goTemplate: true,
      goTemplateOptions: ["missingkey=error"],
      generators: [{ list: { elements } }],
      template: {
        metadata: { name: "{{.app}}", labels: { ...MANAGED_BY } },
        spec: {
          project: argocd.project,
          source,
          destination: argocd.destination === "apiEndpoint" ? { server: "{{.destination}}" } : { name: "{{.destination}}" },
          syncPolicy: argoSyncPolicy(config),
        },
      },
    },
  };
}

/**
 * A Flux Kustomization for one directory. With kubeConfig: secret, a management cluster's Flux
 * applies it to the member through the kubeconfig Secret `<cluster>-kubeconfig` (key `value`, the
 * Cluster API convention Flux documents for remote clusters), in the Kustomization's namespace.
 */
function fluxKustomization(config: DeliveryConfig, t: Target): JsonObject {
  const flux = config.flux!;
  const spec: JsonObject = {
    interval: flux.interval,
    retryInterval: "1m",
    prune: config.prune,
    sourceRef: { ...flux.sourceRef },
    path: `./${renderedPath(config, t.directory)}`.replace(/^\.\/\.$/, "./"),
  };
  if (flux.kubeConfig === "secret") spec.kubeConfig = { secretRef: { name: `${t.cluster.name}-kubeconfig`, key: "value" } };
  return {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name: t.objectName, namespace: config.namespace, labels: { ...MANAGED_BY, [CLUSTER_LABEL]: t.directory.replace(/^_/, "") } },
    spec,
  };
}
