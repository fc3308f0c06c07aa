import { closest, distance } from "fastest-levenshtein";
import type { Cluster, SourceDoc } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import type { NamespaceRule } from "./namespaces.js";
import { NO_EXTRA_MASKS, type MaskConfig } from "../kube/secrets.js";

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
  if (v.include !== undefined) config.include = v.include;
  if (v.exclude !== undefined) config.exclude = v.exclude;
  if (v.kubernetesVersion !== undefined) config.kubernetesVersion = String(v.kubernetesVersion);
  if (v.dns?.cluster !== undefined) config.dnsCluster = v.dns.cluster;
  if (v.layout !== undefined) config.layout = v.layout;
  if (v.namespaces !== undefined) config.namespaces = v.namespaces.map((r) => ({ path: r.path.replace(/\\/g, "/").replace(/^\.\//, ""), namespace: r.namespace }));
  if (v.mask !== undefined) config.mask = { kinds: v.mask.kinds ?? [], paths: v.mask.paths ?? [] };
  return config;
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
