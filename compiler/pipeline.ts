// The one place that knows the stage order: load → parse → normalize → schedule → override → check → emit.
// Each stage reports everything it finds; the pipeline stops before the next stage when there are
// errors, so one mistake never cascades into twenty.
import path from "node:path";
import type { Cluster, MemberObject, OutputFile, Schedule, SkippedDocument, SourceDoc, SourceFile, Span } from "./model.js";
import { DiagnosticBag, sortDiagnostics, uniqueDiagnostics, type Diagnostic, type SourceLookup } from "./diagnostics/index.js";
import {
  DEFAULT_INCLUDE,
  loadConfigFile,
  loadKubernetesSchemas,
  loadKubernetesValidators,
  loadPrecompiledInputValidators,
  loadRepository,
  loadSchemaBundle,
  NodeFileSystem,
  supportedKubernetesVersions,
  type FileSystem,
} from "./load/index.js";
import { InputSchemas, parseSourceFile, separateToolFiles } from "./parse/index.js";
import { classifyApiGroups, classifyTypes, controlRole, federatedDocs, normalizeConfig, normalizeRepository, type FedcConfig } from "./normalize/index.js";
import { applyDefaultNamespaces, normalizeKarmada } from "./normalize/index.js";
import { scheduleKarmada } from "./schedule/karmada.js";
import { lowerPolicyOverrides } from "./override/karmada.js";
import { schedulePlacement } from "./schedule/index.js";
import { applyOverrides } from "./override/index.js";
import { checkInvariants, validateOutput } from "./check/index.js";
import { kubernetesMinor } from "./kube/kubernetesSchemas.js";
import { collectSecretValues } from "./kube/secrets.js";
import { accountDocuments, buildPlan, emitClusters, pathConflicts, planToJson, PLAN_FILE, type ClusterOutput, type Plan } from "./emit/index.js";
import { checkDnsCluster, checkKubernetesVersion } from "./normalize/config.js";
import { normalizeDns } from "./normalize/dns.js";
import { planDns } from "./schedule/dns.js";
import { emitDelivery } from "./emit/delivery.js";
import { collectDnsOutput, dnsMembers, dnsNamespaceMembers, DNS_DIRECTORY, type DnsOutput } from "./emit/dns.js";

export interface CompileOptions {
  /** Repository root on disk, or a FileSystem (tests use MemoryFileSystem). */
  repo: string | FileSystem;
  /** Output directory (overrides fedc.yaml `output`): relative to the repo, or absolute; never read as input. */
  out?: string;
  /** Only these clusters are emitted (all are still compiled and checked). */
  clusters?: readonly string[];
  /** Check every emitted object against the Kubernetes and CRD schemas (default true; `--no-validate`). */
  validate?: boolean;
}

export interface CompileResult {
  ok: boolean;
  config: FedcConfig;
  /** Output directory, relative to the repository root, or absolute when `out` names a directory outside it. */
  outDir: string;
  registry: Cluster[];
  /** Emitted clusters (all, or those asked for), sorted by name. */
  clusters: ClusterOutput[];
  /** Every file of the output tree (relative to the output directory), sorted by path. */
  files: OutputFile[];
  /** What was placed where and why (fedc-plan.json); undefined when compilation failed. */
  plan?: Plan;
  /** The DNSEndpoints (SPEC §2.4): their directory, why each cluster counts, the emitted objects; undefined when compilation failed. */
  dns?: DnsOutput;
  diagnostics: Diagnostic[];
  /** File texts by repo-relative path, for printing diagnostics with line:column. */
  sources: SourceLookup;
  /**
   * How many diagnostics came from the stages whose work depends on the clusters asked for (overrides,
   * object checks, output validation, output paths, unknown `--cluster` names). When it is 0, a
   * compile of the whole fleet reports for each cluster exactly what a compile of that cluster alone
   * reports: the render cache (cli/renderCache.ts) relies on it.
   */
  clusterSpecificDiagnostics: number;
}

let schemas: Promise<InputSchemas> | undefined;
/** The input schemas, once per process: precompiled by the build when it ran, compiled here otherwise. */
function inputSchemas(): Promise<InputSchemas> {
  if (!schemas) {
    const bundle = loadSchemaBundle();
    schemas = loadPrecompiledInputValidators(bundle).then((precompiled) => InputSchemas.create(bundle.catalog, bundle.schemas, precompiled));
    // A failure is reported to the compile that awaits it; the next compile tries again.
    schemas.catch(() => (schemas = undefined));
  }
  return schemas;
}

export async function compile(options: CompileOptions): Promise<CompileResult> {
  const fs = typeof options.repo === "string" ? new NodeFileSystem(options.repo) : options.repo;
  const diagnostics = new DiagnosticBag();
  const texts = new Map<string, string>();
  const sources: SourceLookup = (f) => texts.get(f);
  let config = normalizeConfig(undefined, diagnostics);
  // What was read and built so far: the renderers redact its secret values from every diagnostic.
  const seen: { docs: readonly SourceDoc[]; members: readonly MemberObject[] } = { docs: [], members: [] };
  // Diagnostics added between enterSpecific() and leaveSpecific() depend on the clusters asked for.
  let clusterSpecific = 0;
  let specificFrom: number | undefined;
  const enterSpecific = () => (specificFrom = diagnostics.items.length);
  const leaveSpecific = () => {
    clusterSpecific += diagnostics.items.length - (specificFrom ?? diagnostics.items.length);
    specificFrom = undefined;
  };
  const result = (partial: Partial<CompileResult> = {}): CompileResult => {
    const all = withRedactions(sortDiagnostics(uniqueDiagnostics(diagnostics.items)), seen.docs, seen.members, config.mask);
    return {
      ok: !all.some((d) => d.severity === "error"),
      config,
      outDir: outputDirectory(options, config),
      registry: [],
      clusters: [],
      files: [],
      sources,
      ...partial,
      diagnostics: all,
      clusterSpecificDiagnostics: clusterSpecific + (specificFrom === undefined ? 0 : diagnostics.items.length - specificFrom),
    };
  };

  // The input schemas load while the repository is read.
  const schemasReady = inputSchemas();
  // load + parse: fedc.yaml first, since it says what to read.
  const configFile = await loadConfigFile(fs, diagnostics);
  if (diagnostics.hasErrors()) return result();
  if (configFile) {
    texts.set(configFile.path, configFile.text);
    const configDoc = parseConfigDocument(configFile, await schemasReady, diagnostics);
    if (diagnostics.hasErrors()) return result();
    config = normalizeConfig(configDoc, diagnostics);
    if (diagnostics.hasErrors()) return result();
  }
  const validate = options.validate !== false;
  const minor = kubernetesMinor(config.kubernetesVersion);
  if (validate && !checkKubernetesVersion(config, minor, Object.keys(await supportedKubernetesVersions()), diagnostics)) return result();
  const outDir = outputDirectory(options, config);
  const files = await loadRepository(
    fs,
    { include: config.include ?? DEFAULT_INCLUDE, exclude: config.exclude, outputDir: path.isAbsolute(outDir) ? undefined : outDir },
    diagnostics,
  );
  for (const f of files) texts.set(f.path, f.text);
  // Helm charts and kustomize patches are other tools' inputs, not manifests (skipped, and accounted for).
  const tools = separateToolFiles(files, diagnostics);
  const skippedDocuments: SkippedDocument[] = [...tools.skipped];
  const docs: SourceDoc[] = [];
  seen.docs = docs;
  // One push per document: a file may hold more documents than a spread can pass as arguments.
  for (const f of tools.inputs) for (const d of parseSourceFile(f, diagnostics, skippedDocuments)) docs.push(d);
  const schemas = await schemasReady;
  const valid = docs.filter((d) => schemas.validate(d, diagnostics));
  // Federated kinds are known only from the type configs, so their schema check comes after reading
  // the (valid) FederatedTypeConfigs; a broken file elsewhere does not hide these errors.
  const types = classifyTypes(valid, diagnostics);
  const federated = federatedDocs(valid, types, diagnostics);
  for (const f of federated) schemas.validate(f.doc, diagnostics, { federated: true });
  // Unknown kinds and versions of fedc's, KubeFed's and Karmada's groups, and pre-v1beta1 federation APIs.
  const controllerState = classifyApiGroups(valid, diagnostics);
  if (diagnostics.hasErrors()) return result();

  // normalize: missing namespaces first (kubectl apply's rule and fedc.yaml `namespaces`), for every dialect
  applyDefaultNamespaces(docs, federated, config.namespaces);
  const repo = normalizeRepository(docs, federated, diagnostics);
  // dns: Domain / ServiceDNSRecord / IngressDNSRecord, and the dns.cluster that receives the DNSEndpoints
  const dnsInputs = normalizeDns(docs, diagnostics);
  checkDnsCluster(config, repo.clusters, diagnostics);
  // karmada: plain manifests claimed by propagation policies, and Namespace auto-propagation
  const karmada = normalizeKarmada(docs, repo.plain, repo.clusters, new Set(repo.namespaces.keys()), diagnostics, repo.federationV1.map((t) => t.source));
  const unclaimed = repo.plain.filter((d) => !karmada.claimed.has(d));
  if (diagnostics.hasErrors()) return result({ registry: repo.clusters });
  if (repo.clusters.length === 0) {
    diagnostics.warning("NO_CLUSTERS", "no clusters are registered: add KubeFedCluster or Karmada Cluster documents; nothing is emitted");
  }

  // schedule + override + check
  const schedules: Schedule[] = schedulePlacement(
    [...repo.templates, ...repo.federationV1],
    { clusters: repo.clusters, namespaces: repo.namespaces, limitedScope: repo.limitedScope },
    diagnostics,
  );
  // karmada: schedule policy-placed templates, lower their override policies to per-cluster ops
  const karmadaSchedules = scheduleKarmada(karmada.templates, repo.clusters, diagnostics);
  if (diagnostics.hasErrors()) return result({ registry: repo.clusters });
  // With --cluster, overrides are lowered and applied (and their objects checked) for the clusters asked
  // for only: Argo CD renders one cluster per app, and an override that fails in another cluster must
  // not stop every app (render --check and the Action, which compile everything, report it). Placement
  // and replica planning still see the whole fleet, and every override is still checked for what does
  // not depend on a cluster (known cluster names, paths). 1,000 clusters × 200 resources: −0.3 s per call.
  const asked = options.clusters?.length ? new Set(options.clusters) : undefined;
  enterSpecific();
  schedules.push(...lowerPolicyOverrides(karmadaSchedules, diagnostics, asked));
  leaveSpecific();
  // dns: endpoints from the records' committed addresses, counted where their Service/Ingress is placed
  const dnsPlans = planDns(dnsInputs.records, repo.clusters, schedules, diagnostics);
  if (diagnostics.hasErrors()) return result({ registry: repo.clusters });
  const clusterNames = repo.clusters.map((c) => c.name);
  const toOverride = asked ? schedules.map((s) => ({ ...s, decisions: s.decisions.filter((d) => asked.has(d.cluster)) })) : schedules;
  enterSpecific();
  const overridden: MemberObject[] = applyOverrides(toOverride, clusterNames, diagnostics);
  seen.members = overridden;
  if (diagnostics.hasErrors()) return result({ registry: repo.clusters });
  // dns: DNSEndpoints join dns.cluster's objects (or "_dns"), checked with them
  const dnsDirectory = config.dnsCluster ?? DNS_DIRECTORY;
  const dnsObjects = dnsMembers(dnsPlans, dnsDirectory);
  // dns: the records' Namespaces where the DNSEndpoints go, unless that directory gets them already
  const dnsNamespacesPresent = new Set(overridden.filter((m) => m.cluster === dnsDirectory && m.template.target.kind === "Namespace" && m.template.target.group === "").map((m) => m.template.name));
  const dnsNamespaces = dnsNamespaceMembers(dnsPlans, dnsDirectory, dnsNamespacesPresent);
  const members = checkInvariants([...overridden, ...dnsNamespaces, ...dnsObjects], diagnostics);
  // check: every emitted object against the Kubernetes schemas of fedc.yaml's kubernetesVersion and its CRD.
  // With --cluster only the clusters asked for are validated: that is the output being produced, and
  // Argo CD's plugin renders one cluster per call (a 50-cluster fleet: ~80 ms saved per call).
  const validated = asked ? members.filter((m) => asked.has(m.cluster)) : members;
  if (validate) {
    const [bundle, precompiled] = await Promise.all([loadKubernetesSchemas(minor), loadKubernetesValidators(minor)]);
    await validateOutput({ members: validated, docs, bundle, precompiled, registered: new Set(clusterNames) }, diagnostics);
  }
  leaveSpecific();
  reportUnclaimed(unclaimed, diagnostics);
  enterSpecific();

  let selected = repo.clusters;
  if (asked) {
    const known = new Set(clusterNames);
    // "_dns" is a directory, not a cluster, but Argo CD's plugin renders it like one (--stdout --cluster _dns)
    if (!config.dnsCluster) known.add(DNS_DIRECTORY);
    for (const name of asked) {
      if (!known.has(name)) {
        diagnostics.error(
          "UNKNOWN_CLUSTER_ARGUMENT",
          name === DNS_DIRECTORY && config.dnsCluster
            ? `there is no ${DNS_DIRECTORY} directory: fedc.yaml dns.cluster puts the DNSEndpoints into cluster "${config.dnsCluster}"; ask for --cluster ${config.dnsCluster}`
            : `cluster "${name}" is not registered in this repository${clusterNames.length ? `; registered clusters: ${clusterNames.join(", ")}` : ""}`,
        );
      }
    }
    selected = repo.clusters.filter((c) => asked.has(c.name));
  }
  if (diagnostics.hasErrors()) return result({ registry: repo.clusters });

  // emit
  const wanted = new Set(selected.map((c) => c.name));
  const outputs = emitClusters(
    members.filter((m) => wanted.has(m.cluster)),
    selected,
    config.layout,
  );
  // dns: without dns.cluster, "_dns" is its own directory with a kustomization.yaml (full renders only: it is no cluster)
  const dnsOwn = !config.dnsCluster && dnsObjects.length > 0 && (!asked || asked.has(DNS_DIRECTORY))
    ? emitClusters(members.filter((m) => m.cluster === DNS_DIRECTORY), [{ name: DNS_DIRECTORY }], config.layout)
    : [];
  const dns = collectDnsOutput(dnsDirectory, dnsPlans, dnsObjects, [...outputs, ...dnsOwn]);
  // Every input document, and what became of it (fedc-plan.json `documents`). The plan is built when
  // first read: `render --stdout` never reads it (it visits every resource × cluster: ~0.3 s at
  // 1,000 clusters × 200 resources, for a stream of one cluster).
  const skippedResources = [...repo.skipped, ...karmada.skipped];
  let plan: Plan | undefined;
  const planOf = () =>
    (plan ??= buildPlan(
      repo.clusters,
      schedules,
      outputs,
      unclaimed,
      sources,
      dns,
      skippedResources,
      accountDocuments(
        {
          docs,
          skippedDocuments,
          skippedResources,
          ignored: controllerState,
          unclaimed,
          schedules,
          roleOf: controlRole,
          ...(configFile ? { configFile: configFile.path } : {}),
        },
        sources,
      ),
    ));
  const outFiles: OutputFile[] = outputs.flatMap((o) => o.files);
  for (const f of dnsOwn.flatMap((o) => o.files)) outFiles.push(f);
  // Serialized when read: `render --stdout` never writes it (20 MB, 45 ms at 1,000 clusters × 200 resources).
  outFiles.push({
    path: PLAN_FILE,
    get content() {
      return planToJson(planOf());
    },
  });
  // delivery: the Argo CD / Flux objects for every cluster (and _dns), on full renders (like _dns, it is no cluster)
  if (config.delivery && !asked) {
    for (const f of emitDelivery(config.delivery, repo.clusters, dnsOwn.length > 0 ? DNS_DIRECTORY : undefined, diagnostics)) outFiles.push(f);
  }
  outFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  reportPathConflicts(outFiles, [...outputs, ...dnsOwn], repo.clusters, diagnostics);
  if (diagnostics.hasErrors()) return result({ registry: repo.clusters });
  // --cluster _dns: the DNS directory is the output asked for (render --stdout prints it)
  const emitted = asked?.has(DNS_DIRECTORY) ? [...outputs, ...dnsOwn] : outputs;
  const compiled = result({ registry: repo.clusters, clusters: emitted, files: outFiles, dns, outDir });
  return Object.defineProperty(compiled, "plan", { get: planOf, enumerable: true, configurable: true });
}

/**
 * Every diagnostic gets the secret values (kube/secrets.ts) of the documents read and the objects
 * built, which its renderers then never print: a message that quotes a value it took from a Secret
 * (an image an overrider read, a key a parser quoted) is redacted however it was written.
 */
function withRedactions(items: Diagnostic[], docs: readonly SourceDoc[], members: readonly MemberObject[], mask: FedcConfig["mask"]): Diagnostic[] {
  if (items.length === 0) return items;
  const values = new Set<string>();
  for (const d of docs) collectSecretValues(d.value, mask, values);
  for (const m of members) collectSecretValues(m.object, mask, values);
  if (values.size === 0) return items;
  // Longest first, so a value that contains another is masked whole.
  const redact = [...values].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return items.map((d) => ({ ...d, redact: d.redact ? [...d.redact, ...redact] : redact }));
}

/**
 * The output directory: repo-relative when it is inside the repository, else absolute (`--out` is
 * the operator's and may name a deploy repository elsewhere; the writer checks it either way).
 */
function outputDirectory(options: CompileOptions, config: FedcConfig): string {
  const out = (options.out ?? config.output).replace(/\\/g, "/");
  if (path.isAbsolute(out) && typeof options.repo === "string") {
    const rel = path.relative(path.resolve(options.repo), out).split(path.sep).join("/");
    if (rel && rel !== ".." && !rel.startsWith("../") && !path.isAbsolute(rel)) return rel;
    return out.replace(/(.)\/+$/, "$1");
  }
  return out.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
}

/** Two outputs at one path would overwrite each other (or fail half-way through writing): an error at the input that names the path. */
function reportPathConflicts(files: readonly OutputFile[], outputs: readonly ClusterOutput[], clusters: readonly Cluster[], diagnostics: DiagnosticBag): void {
  const conflicts = pathConflicts(files);
  if (conflicts.length === 0) return;
  const spans = new Map<string, Span>();
  for (const o of outputs) for (const e of o.objects) spans.set(`${o.cluster}/${e.file}`, e.member.template.source.locate(e.member.template.templatePath));
  const spanOf = (p: string) => spans.get(p) ?? clusters.find((c) => c.name === p.split("/")[0])?.source.locate(["metadata", "name"]);
  for (const [a, b] of conflicts) {
    diagnostics.error(
      "OUTPUT_PATH_CONFLICT",
      a === b ? `two outputs would be written to ${a}; rename the namespace, cluster or resource` : `${a} would be both a file and the directory of ${b}; rename the namespace, cluster or resource`,
      spanOf(b) ?? spanOf(a),
    );
  }
}

function parseConfigDocument(file: SourceFile, schemas: InputSchemas, diagnostics: DiagnosticBag): SourceDoc | undefined {
  const docs = parseSourceFile(file, diagnostics);
  if (diagnostics.hasErrors()) return undefined;
  if (docs.length !== 1 || docs[0]!.apiVersion !== "fedc.io/v1alpha1" || docs[0]!.kind !== "Config") {
    diagnostics.error(
      "SCHEMA_VIOLATION",
      "fedc.yaml must hold exactly one document with apiVersion: fedc.io/v1alpha1 and kind: Config",
      docs[1] ? docs[1].locate([]) : docs[0] ? docs[0].locate(["kind"]) : { file: file.path, start: 0, end: 0 },
    );
    return undefined;
  }
  schemas.validate(docs[0]!, diagnostics);
  return docs[0];
}

function reportUnclaimed(plain: readonly SourceDoc[], diagnostics: DiagnosticBag): void {
  if (plain.length === 0) return;
  diagnostics.warning(
    "UNCLAIMED_RESOURCE",
    `${plain.length} plain manifest${plain.length > 1 ? "s are" : " is"} not placed by any KubeFed, Karmada or federation-v1 input and ${plain.length > 1 ? "are" : "is"} not emitted`,
    undefined,
    plain.map((d) => {
      const meta = (d.value.metadata ?? {}) as { name?: string; namespace?: string };
      return { message: `${d.kind} ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name ?? "(no name)"}`, span: d.locate(["kind"]) };
    }),
  );
}
