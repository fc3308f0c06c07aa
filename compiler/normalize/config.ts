import { closest, distance } from "fastest-levenshtein";
import type { Cluster, DeliveryConfig, SourceDoc } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import type { NamespaceRule } from "./namespaces.js";
import { NO_EXTRA_MASKS, type MaskConfig } from "../kube/secrets.js";
import { GLOB_LIMITS, globProblem } from "../kube/globs.js";

export type Layout = "resource" | "namespace" | "cluster";

/** fedc.yaml after defaults. */
export interface FedcConfig {
  federation?: string;
  output: string;
  include?: string[];
  exclude: string[];
  kubernetesVersion: string;
  dnsCluster?: string;
  layout: Layout;
  delivery?: DeliveryConfig;
  /** Namespace of namespaced documents without one, by file glob (first match; else "default"). */
  namespaces: NamespaceRule[];
  /** Kinds and fields masked like a Secret's values, besides the built-in rule (kube/secrets.ts). */
  mask: MaskConfig;
  source?: SourceDoc;
}

export const CONFIG_API_VERSION = "fedc.io/v1alpha1";
export const DEFAULT_KUBERNETES_VERSION = "1.33";

export function defaultConfig(): FedcConfig {
  return { output: "rendered", exclude: [], kubernetesVersion: DEFAULT_KUBERNETES_VERSION, layout: "resource", namespaces: [], mask: NO_EXTRA_MASKS };
}

/** Builds the config from the (already schema-checked) fedc.yaml document. */
export function normalizeConfig(doc: SourceDoc | undefined, diagnostics: DiagnosticBag): FedcConfig {
  const config = defaultConfig();
  if (!doc) return config;
  const v = doc.value as {
    federation?: string;
    output?: string;
    include?: string[];
    exclude?: string[];
    kubernetesVersion?: string | number;
    dns?: { cluster?: string };
    layout?: Layout;
    delivery?: DeliveryInput;
    namespaces?: NamespaceRule[];
    mask?: { kinds?: string[]; paths?: { kind: string; path: string }[] };
  };
  config.source = doc;
  if (v.federation !== undefined) config.federation = v.federation;
  if (v.output !== undefined) {
    const out = v.output.replace(/\\/g, "/").replace(/\/+$/, "");
    // Never .git/: git runs what it finds there (hooks, config), and fedc.yaml comes with the pull request.
    if (out === "" || out === "." || out.startsWith("/") || out.split("/").includes("..") || out.split("/").some((p) => p.toLowerCase() === ".git")) {
      diagnostics.error(
        "OUTPUT_UNSAFE",
        `output must be a directory inside the repository (and not in .git/), not ${JSON.stringify(v.output)}; the default is "rendered"`,
        doc.locate(["output"]),
      );
    } else config.output = out.replace(/^\.\//, "");
  }
  if (v.include !== undefined && checkPatterns(doc, "include", v.include, diagnostics)) config.include = v.include;
  if (v.exclude !== undefined && checkPatterns(doc, "exclude", v.exclude, diagnostics)) config.exclude = v.exclude;
  if (v.kubernetesVersion !== undefined) config.kubernetesVersion = String(v.kubernetesVersion);
  if (v.dns?.cluster !== undefined) config.dnsCluster = v.dns.cluster;
  if (v.layout !== undefined) config.layout = v.layout;
  if (v.delivery !== undefined) config.delivery = normalizeDelivery(v.delivery, config, doc, diagnostics);
  if (v.namespaces !== undefined) config.namespaces = v.namespaces.map((r) => ({ path: r.path.replace(/\\/g, "/").replace(/^\.\//, ""), namespace: r.namespace }));
  if (v.mask !== undefined) config.mask = { kinds: v.mask.kinds ?? [], paths: v.mask.paths ?? [] };
  return config;
}

/**
 * include/exclude come with the pull request: every pattern must stay inside the repository and be
 * cheap to expand (kube/globs.ts), each refusal located at the pattern. True when all are fine.
 */
function checkPatterns(doc: SourceDoc, field: "include" | "exclude", patterns: readonly unknown[], diagnostics: DiagnosticBag): boolean {
  let ok = true;
  if (patterns.length > GLOB_LIMITS.patterns) {
    diagnostics.error("INPUT_PATTERN_INVALID", `${field} may list at most ${GLOB_LIMITS.patterns} patterns (it lists ${patterns.length})`, doc.locate([field]));
    return false;
  }
  patterns.forEach((pattern, i) => {
    const problem = globProblem(pattern);
    if (!problem) return;
    ok = false;
    diagnostics.error("INPUT_PATTERN_INVALID", `${field} pattern ${JSON.stringify(String(pattern).slice(0, 80))}: ${problem}`, doc.locate([field, i]));
  });
  return ok;
}

/** fedc.yaml `delivery` as written (schema-checked). */
interface DeliveryInput {
  kind: DeliveryConfig["kind"];
  name?: string;
  namespace?: string;
  path?: string;
  prune?: boolean;
  dnsCluster?: string;
  repoURL?: string;
  targetRevision?: string;
  project?: string;
  source?: "plugin" | "directory";
  plugin?: string;
  destination?: "name" | "apiEndpoint";
  selfHeal?: boolean;
  sourceRef?: { kind?: string; name: string; namespace?: string };
  interval?: string;
  kubeConfig?: "secret" | "none";
}

const ARGOCD_FIELDS = ["repoURL", "targetRevision", "project", "source", "plugin", "destination", "selfHeal"] as const;
const FLUX_FIELDS = ["sourceRef", "interval", "kubeConfig"] as const;

/** `delivery` with its defaults; a field of the other tool, a missing repoURL or a path leaving the repository is an error at the field. */
function normalizeDelivery(v: DeliveryInput, config: FedcConfig, doc: SourceDoc, diagnostics: DiagnosticBag): DeliveryConfig | undefined {
  const flux = v.kind === "Kustomization";
  let ok = true;
  const invalid = (field: string, message: string) => {
    diagnostics.error("DELIVERY_INVALID", message, doc.locate(["delivery", field]));
    ok = false;
  };
  for (const field of flux ? ARGOCD_FIELDS : FLUX_FIELDS) {
    if (v[field] !== undefined) invalid(field, `delivery.${field} is a field of ${flux ? "Argo CD" : "Flux"} objects, and delivery.kind ${v.kind} is ${flux ? "Flux's" : "Argo CD's"}; remove it`);
  }
  if (!flux && v.repoURL === undefined) invalid("kind", `delivery.kind ${v.kind} needs delivery.repoURL, the git repository Argo CD reads (e.g. https://github.com/acme/fleet.git)`);
  const path = (v.path ?? ".").replace(/\\/g, "/").replace(/^(\.\/)+/, "").replace(/\/+$/, "") || ".";
  if (path.startsWith("/") || path.split("/").includes("..")) invalid("path", `delivery.path is the fleet's directory inside the git repository, relative to its root; not ${JSON.stringify(v.path)}`);
  if (!ok) return undefined;
  return {
    kind: v.kind,
    name: v.name ?? config.federation ?? "fedc",
    namespace: v.namespace ?? (flux ? "flux-system" : "argocd"),
    path,
    output: config.output,
    prune: v.prune ?? true,
    dnsCluster: v.dnsCluster,
    argocd: flux
      ? undefined
      : {
          repoURL: v.repoURL!,
          targetRevision: v.targetRevision ?? "HEAD",
          project: v.project ?? "default",
          source: v.source ?? "plugin",
          plugin: v.plugin ?? "fedc-v1",
          destination: v.destination ?? "name",
          selfHeal: v.selfHeal ?? true,
        },
    flux: flux
      ? {
          sourceRef: { kind: v.sourceRef?.kind ?? "GitRepository", name: v.sourceRef?.name ?? "flux-system", ...(v.sourceRef?.namespace ? { namespace: v.sourceRef.namespace } : {}) },
          interval: v.interval ?? "10m",
          kubeConfig: v.kubeConfig ?? "secret",
        }
      : undefined,
    source: doc,
  };
}

/** fedc.yaml `dns.cluster` must name a registered cluster: its directory receives the DNSEndpoints. */
export function checkDnsCluster(config: FedcConfig, clusters: readonly Cluster[], diagnostics: DiagnosticBag): void {
  const wanted = config.dnsCluster;
  if (wanted === undefined || clusters.some((c) => c.name === wanted)) return;
  const names = clusters.map((c) => c.name);
  const hint = names.length > 0 ? closest(wanted, names) : undefined;
  const suggestion =
    hint && distance(wanted, hint) <= Math.max(2, Math.floor(wanted.length / 3))
      ? `; did you mean "${hint}"?`
      : names.length > 0
        ? `; registered clusters: ${names.join(", ")}`
        : "; no cluster is registered";
  diagnostics.error(
    "DNS_OUTPUT_CLUSTER_UNKNOWN",
    `dns.cluster "${wanted}" is not a registered cluster, so there is no directory to put the DNSEndpoints in${suggestion} (remove dns.cluster to write them to _dns/)`,
    config.source?.locate(["dns", "cluster"]),
  );
}

/**
 * fedc.yaml `kubernetesVersion` must be one fedc has schemas for ("1.33", "v1.33" or "1.33.2";
 * a patch release validates against its minor version's schemas). `supported` lists the minor
 * versions, `minor` is the version as the check stage reads it.
 */
export function checkKubernetesVersion(config: FedcConfig, minor: string, supported: readonly string[], diagnostics: DiagnosticBag): boolean {
  if (supported.includes(minor)) return true;
  diagnostics.error(
    "KUBERNETES_VERSION_UNSUPPORTED",
    `kubernetesVersion ${JSON.stringify(config.kubernetesVersion)} has no bundled schemas; supported versions: ${supported.map((v) => `"${v}"`).join(", ")} (or run with --no-validate)`,
    config.source?.locate(["kubernetesVersion"]),
  );
  return false;
}
