import { createHash } from "node:crypto";
import type { Cluster, JsonObject, MemberObject, OutputFile } from "../model.js";
import { compareApplyOrder, splitApiVersion, type OrderKey } from "./order.js";
import { manifestToYaml, plainYaml } from "./yaml.js";

export type Layout = "resource" | "namespace" | "cluster";

/** One object placed in one cluster, serialized. */
export interface EmittedObject {
  key: OrderKey;
  /** File (relative to the cluster directory) the object is written to in the chosen layout. */
  file: string;
  yaml: string;
  member: MemberObject;
}

export interface ClusterOutput {
  cluster: string;
  /** In apply order. */
  objects: EmittedObject[];
  /** Files of this cluster's directory (paths relative to the output root), kustomization.yaml last. */
  files: OutputFile[];
}

export const CLUSTER_SCOPED_DIR = "_cluster";

function orderKey(m: MemberObject): OrderKey {
  const { group, version } = splitApiVersion(String(m.object.apiVersion));
  const meta = m.object.metadata as JsonObject;
  return {
    group,
    version,
    kind: String(m.object.kind),
    namespace: m.template.target.namespaced ? String(meta.namespace ?? "") : "",
    name: String(meta.name),
  };
}

function identityKey(m: Pick<MemberObject, "template">): OrderKey {
  const t = m.template;
  return { group: t.target.group, version: t.target.version, kind: t.target.kind, namespace: t.target.namespaced ? (t.namespace ?? "") : "", name: t.name };
}

/**
 * File names are decided over the whole fleet, so an object has the same file name in every cluster.
 * `<namespace>/<kind>-<name>.yaml` (cluster-scoped: `_cluster/…`); kinds that exist in two API groups
 * with the same name get the group in the file name.
 */
function resourceFileNames(keys: readonly OrderKey[]): (k: OrderKey) => string {
  const base = (k: OrderKey) => `${k.namespace || CLUSTER_SCOPED_DIR}/${k.kind.toLowerCase()}-${k.name}.yaml`;
  const groupsByBase = new Map<string, Set<string>>();
  for (const k of keys) {
    const b = base(k);
    let s = groupsByBase.get(b);
    if (!s) groupsByBase.set(b, (s = new Set()));
    s.add(k.group);
  }
  return (k) => {
    const b = base(k);
    if ((groupsByBase.get(b)?.size ?? 0) <= 1) return `${k.namespace || CLUSTER_SCOPED_DIR}/${fitFileName(`${k.kind.toLowerCase()}-${k.name}`)}`;
    return `${k.namespace || CLUSTER_SCOPED_DIR}/${fitFileName(`${k.kind.toLowerCase()}.${k.group || "core"}-${k.name}`)}`;
  };
}

/** The longest file name most file systems take (ext4, APFS, NTFS: 255 bytes). */
export const MAX_FILE_NAME_BYTES = 255;

/**
 * `<stem>.yaml`, or, when that is longer than a file name may be (a valid 253-character name plus
 * its kind is), the stem cut to fit and followed by `-` and 16 hex digits of the full stem's SHA-256:
 * deterministic, and distinct for distinct stems (a collision would still be reported as an
 * OUTPUT_PATH_CONFLICT). The object inside the file keeps its full name.
 */
export function fitFileName(stem: string): string {
  const name = `${stem}.yaml`;
  if (Buffer.byteLength(name) <= MAX_FILE_NAME_BYTES) return name;
  const hash = createHash("sha256").update(stem).digest("hex").slice(0, 16);
  let cut = stem.slice(0, MAX_FILE_NAME_BYTES - hash.length - ".yaml".length - 1);
  while (Buffer.byteLength(cut) > MAX_FILE_NAME_BYTES - hash.length - ".yaml".length - 1) cut = cut.slice(0, -1);
  return `${cut}-${hash}.yaml`;
}

function layoutFile(layout: Layout, resourceFile: string, k: OrderKey): string {
  if (layout === "resource") return resourceFile;
  if (layout === "cluster") return "manifests.yaml";
  return `${k.namespace || CLUSTER_SCOPED_DIR}.yaml`;
}

/**
 * Per-cluster file sets. Objects shared between clusters (no per-cluster override) are serialized
 * once: most objects of a fleet are identical across clusters. A "cluster" here is any output
 * directory with its own kustomization.yaml: `_dns` is emitted the same way.
 */
export function emitClusters(members: readonly MemberObject[], clusters: readonly Pick<Cluster, "name">[], layout: Layout): ClusterOutput[] {
  // Everything per object or per template is computed once: at 1,000 clusters most members share
  // their object (no override) and all share their template with 999 others.
  const fileName = resourceFileNames([...new Set(members.map((m) => m.template))].map((template) => identityKey({ template })));
  const fileOf = new Map<MemberObject["template"], string>();
  const perObject = new Map<JsonObject, { key: OrderKey; yaml: string }>();
  const byCluster = new Map<string, EmittedObject[]>(clusters.map((c) => [c.name, []]));
  for (const m of members) {
    let o = perObject.get(m.object);
    // File names come from the template's identity, not the emitted object: an override of
    // /apiVersion in one cluster must not rename the file there.
    let file = fileOf.get(m.template);
    if (file === undefined) fileOf.set(m.template, (file = fileName(identityKey(m))));
    if (!o) perObject.set(m.object, (o = { key: orderKey(m), yaml: manifestToYaml(m.object) }));
    byCluster.get(m.cluster)?.push({ key: o.key, file: layoutFile(layout, file, o.key), yaml: o.yaml, member: m });
  }
  // Apply order is decided once over the distinct keys; each cluster then sorts by rank.
  const rank = new Map<OrderKey, number>();
  const keys = [...perObject.values()].map((o) => o.key).sort(compareApplyOrder);
  keys.forEach((k, i) => rank.set(k, i > 0 && compareApplyOrder(keys[i - 1]!, k) === 0 ? rank.get(keys[i - 1]!)! : i));
  const out: ClusterOutput[] = [];
  for (const c of clusters) {
    const objects = byCluster.get(c.name)!.sort((a, b) => rank.get(a.key)! - rank.get(b.key)!);
    out.push({ cluster: c.name, objects, files: clusterFiles(c.name, objects) });
  }
  return out;
}

function clusterFiles(cluster: string, objects: readonly EmittedObject[]): OutputFile[] {
  // Files in order of their first object, so kustomization.yaml lists them in apply order.
  const contents = new Map<string, string[]>();
  for (const o of objects) {
    let parts = contents.get(o.file);
    if (!parts) contents.set(o.file, (parts = []));
    parts.push(o.yaml);
  }
  const files: OutputFile[] = [];
  for (const [file, parts] of contents) files.push(joinedFile(`${cluster}/${file}`, parts));
  files.push({ path: `${cluster}/kustomization.yaml`, content: kustomization([...contents.keys()]) });
  return files;
}

/**
 * A file of several manifests is joined when its content is read, not before: the output is then
 * held in memory as the shared per-object strings, and each file's text lives only while it is written
 * (1,000 clusters × 200 resources in one manifests.yaml per cluster: ~500 MB of joined text otherwise).
 */
function joinedFile(path: string, parts: readonly string[]): OutputFile {
  if (parts.length === 1) return { path, content: parts[0]! };
  return {
    path,
    get content() {
      return parts.join("---\n");
    },
  };
}

export function kustomization(resources: readonly string[]): string {
  return (
    "# Generated by fedc render; do not edit. Lists every manifest of this cluster in apply order.\n" +
    plainYaml({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: [...resources] })
  );
}

/**
 * Output paths that collide: the same path twice, or a path that another path needs as a directory
 * ([path, the path it collides with]). Names from the repository become paths, and a few of fedc's
 * own names are valid Kubernetes names too (a cluster "fedc-plan.json", a namespace "kustomization"
 * in the namespace layout).
 */
export function pathConflicts(files: readonly OutputFile[]): [string, string][] {
  const paths = new Set<string>();
  const conflicts: [string, string][] = [];
  for (const f of files) {
    if (paths.has(f.path)) conflicts.push([f.path, f.path]);
    paths.add(f.path);
  }
  for (const f of files) {
    for (let i = f.path.indexOf("/"); i >= 0; i = f.path.indexOf("/", i + 1)) {
      if (paths.has(f.path.slice(0, i))) conflicts.push([f.path.slice(0, i), f.path]);
    }
  }
  return conflicts;
}

/** One cluster's objects as a single YAML stream, in apply order (`render --stdout`). */
export function clusterStream(output: ClusterOutput): string {
  return output.objects.map((o) => o.yaml).join("---\n");
}
