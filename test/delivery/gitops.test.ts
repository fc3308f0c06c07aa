// fedc.yaml `delivery`: `render` writes <output>/_delivery/ with the Argo CD or Flux objects that
// deliver every registered cluster's output (and _dns). Every generated object is checked against
// the real CRD schemas of Argo CD and Flux (vendored in crds/, see its README) with the API server's
// structural semantics (a field the schema does not declare is pruned, so it is an error here), and
// the directory is built with `kubectl kustomize`, as `kubectl apply -k` will. The examples are what
// fedc generates. The check walks the openAPIV3Schema directly: compiling the ApplicationSet CRD
// (380 KB of JSON Schema: every generator nests the Application template) with ajv, as fedc's
// output validation would, takes ~22 s per mode on the 2-core machine.
import { execFile } from "node:child_process";
import { appendFile, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { parse, parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { Json, JsonObject } from "../../compiler/model.js";
import { copyToTemp, fedc, ROOT } from "../support/cli.js";
import { QUICKSTART } from "./gitRepo.js";

const exec = promisify(execFile);
const CRDS = path.join(import.meta.dirname, "crds");
const DNS_EXAMPLE = path.join(ROOT, "examples/dns");

interface CrdFile {
  spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema: { openAPIV3Schema: Schema } }[] };
}
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: Json[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  minItems?: number;
  nullable?: boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
}

const crds = new Map<string, CrdFile>();

beforeAll(async () => {
  for (const file of await readdir(CRDS)) {
    if (!file.endsWith(".json")) continue;
    const crd = JSON.parse(await readFile(path.join(CRDS, file), "utf8")) as CrdFile;
    crds.set(`${crd.spec.group}/${crd.spec.names.kind}`, crd);
  }
});

const typeOf = (v: Json): string => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);

/** The API server's structural validation of `value` at `at`, as far as the schemas here use it. */
function check(schema: Schema, value: Json, at: string, out: string[]): void {
  if (value === null) {
    if (!schema.nullable) out.push(`${at}: null`);
    return;
  }
  const t = typeOf(value);
  if (schema["x-kubernetes-int-or-string"]) {
    if (t !== "integer" && t !== "string") out.push(`${at}: must be an integer or a string, not ${t}`);
    return;
  }
  if (schema.type && !(schema.type === t || (schema.type === "number" && t === "integer"))) {
    out.push(`${at}: must be ${schema.type}, not ${t}`);
    return;
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) out.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === "string") {
    if (schema.pattern && !new RegExp(schema.pattern, "u").test(value)) out.push(`${at}: does not match ${schema.pattern}`);
    if (schema.minLength !== undefined && value.length < schema.minLength) out.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push(`${at}: longer than ${schema.maxLength}`);
  }
  if (typeof value === "number" && schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.items) value.forEach((item, i) => check(schema.items!, item, `${at}[${i}]`, out));
    return;
  }
  if (t !== "object") return;
  const object = value as JsonObject;
  for (const field of schema.required ?? []) if (!(field in object)) out.push(`${at}: missing required field ${field}`);
  const embedded = schema["x-kubernetes-embedded-resource"] ? new Set(["apiVersion", "kind", "metadata"]) : new Set<string>();
  for (const [k, v] of Object.entries(object)) {
    const sub = schema.properties?.[k];
    if (sub) check(sub, v, `${at}.${k}`, out);
    else if (typeof schema.additionalProperties === "object") check(schema.additionalProperties, v, `${at}.${k}`, out);
    else if (schema.additionalProperties !== true && !schema["x-kubernetes-preserve-unknown-fields"] && !embedded.has(k)) out.push(`${at}.${k}: unknown field (pruned by the API server)`);
  }
}

/** Errors of the object against its vendored CRD ("" when valid). */
function crdErrors(object: JsonObject): string {
  const [group, version] = String(object.apiVersion).split("/");
  const crd = crds.get(`${group}/${String(object.kind)}`);
  const served = crd?.spec.versions.find((v) => v.name === version && v.served);
  if (!served) return `no vendored CRD serves ${String(object.apiVersion)} ${String(object.kind)}`;
  const out: string[] = [];
  const { metadata, apiVersion: _a, kind: _k, ...rest } = object;
  const meta = metadata as { name?: Json; namespace?: Json; labels?: Record<string, Json> };
  if (typeof meta?.name !== "string" || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(meta.name) || meta.name.length > 253) out.push(`metadata.name: ${JSON.stringify(meta?.name)} is not a valid name`);
  for (const [k, v] of Object.entries(meta?.labels ?? {})) {
    if (typeof v !== "string" || v.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) out.push(`metadata.labels.${k}: ${JSON.stringify(v)} is not a valid label value`);
  }
  const root = served.schema.openAPIV3Schema;
  check({ ...root, required: (root.required ?? []).filter((k) => k !== "metadata"), properties: Object.fromEntries(Object.entries(root.properties ?? {}).filter(([k]) => !["apiVersion", "kind", "metadata"].includes(k))) }, rest as JsonObject, "", out);
  return out.join("\n");
}

/** Renders a copy of `base` with `config` as its fedc.yaml; the _delivery objects by file name. */
async function renderWith(config: string, base = QUICKSTART): Promise<{ dir: string; files: Map<string, JsonObject>; code: number; stderr: string }> {
  const dir = await copyToTemp(base);
  await writeFile(path.join(dir, "fedc.yaml"), config);
  const res = await fedc(["render", dir]);
  const files = new Map<string, JsonObject>();
  const delivery = path.join(dir, "rendered/_delivery");
  if (res.code === 0) for (const f of (await readdir(delivery)).sort()) files.set(f, parse(await readFile(path.join(delivery, f), "utf8")) as JsonObject);
  return { dir, files, code: res.code, stderr: res.stderr };
}

const HEADER = "apiVersion: fedc.io/v1alpha1\nkind: Config\nfederation: galactic\noutput: rendered\n";

/** kubectl kustomize of _delivery: the objects it builds, as "Kind name". */
async function kustomize(dir: string): Promise<string[]> {
  const { stdout } = await exec("kubectl", ["kustomize", path.join(dir, "rendered/_delivery")], { maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(stdout).map((d) => {
    const o = d.toJS() as { kind: string; metadata: { name: string } };
    return `${o.kind} ${o.metadata.name}`;
  });
}

function objectsOf(files: Map<string, JsonObject>): JsonObject[] {
  return [...files].filter(([f]) => f !== "kustomization.yaml").map(([, o]) => o);
}

const CASES: [string, string][] = [
  ["ApplicationSet, plugin source", "delivery:\n  kind: ApplicationSet\n  repoURL: https://github.com/acme/fleet.git\n  targetRevision: main\n  path: examples/quickstart\n"],
  ["ApplicationSet, directory source, server from apiEndpoint", "delivery:\n  kind: ApplicationSet\n  repoURL: https://github.com/acme/fleet.git\n  source: directory\n  destination: apiEndpoint\n  project: fleet\n  prune: false\n  selfHeal: false\n"],
  ["Application per cluster, plugin source", "delivery:\n  kind: Application\n  repoURL: https://github.com/acme/fleet.git\n  path: examples/quickstart\n"],
  ["Application per cluster, directory source, server from apiEndpoint", "delivery:\n  kind: Application\n  repoURL: https://github.com/acme/fleet.git\n  source: directory\n  destination: apiEndpoint\n"],
  ["Flux Kustomization per cluster, kubeconfig Secret", "delivery:\n  kind: Kustomization\n  path: fleets/quickstart\n"],
  ["Flux Kustomization per cluster, in-cluster, OCIRepository", "delivery:\n  kind: Kustomization\n  kubeConfig: none\n  sourceRef: {kind: OCIRepository, name: fleet, namespace: flux-system}\n  interval: 1h30m\n  namespace: fleet\n"],
];

describe("fedc.yaml delivery → <output>/_delivery/", () => {
  it.each(CASES)("%s: every object is valid against its CRD, and kubectl kustomize builds the directory", async (_name, delivery) => {
    const { dir, files, code, stderr } = await renderWith(HEADER + delivery);
    expect(code, stderr).toBe(0);
    const objects = objectsOf(files);
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) expect(crdErrors(o), `${String(o.kind)} ${JSON.stringify(o.metadata)}`).toBe("");
    const kustomization = files.get("kustomization.yaml") as { resources: string[] };
    expect(kustomization.resources).toEqual([...files.keys()].filter((f) => f !== "kustomization.yaml"));
    expect((await kustomize(dir)).sort()).toEqual(objects.map((o) => `${String(o.kind)} ${(o.metadata as { name: string }).name}`).sort());
  });

  it("the CRD check is real: a field the CRD does not have, or a wrong type, is rejected", () => {
    const app = { apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: "x" }, spec: { project: "p", destination: { name: "c" }, source: { repoURL: "r", pathh: "p" } } };
    expect(crdErrors(app)).toMatch(/pathh|additional/);
    const flux = { apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", metadata: { name: "x" }, spec: { interval: "10m", prune: "yes", sourceRef: { kind: "GitRepository", name: "s" } } };
    expect(crdErrors(flux)).toMatch(/prune/);
    const set = { apiVersion: "argoproj.io/v1alpha1", kind: "ApplicationSet", metadata: { name: "x" }, spec: { generators: [{ list: { elements: [{ a: 1 }] } }], template: { metadata: {}, spec: { project: "p", destination: {}, source: { repoURL: "r", plugin: { env: [{ name: "A", valu: "b" }] } } } } } };
    expect(crdErrors(set)).toBe(".spec.template.spec.source.plugin.env[0]: missing required field value\n.spec.template.spec.source.plugin.env[0].valu: unknown field (pruned by the API server)");
    expect(crdErrors({ ...app, metadata: { name: "x", labels: { "fedc.io/cluster": "_dns" } } })).toMatch(/not a valid label value/);
  });

  it("an ApplicationSet's list generator has one element per registered cluster with its labels; a new cluster is one new file", async () => {
    const config = HEADER + CASES[0]![1];
    const before = await renderWith(config);
    const set = before.files.get("applicationset-galactic.yaml") as { spec: { generators: { list: { elements: JsonObject[] } }[] } };
    expect(set.spec.generators[0]!.list.elements).toEqual([
      { cluster: "eu-west-prod", app: "galactic-eu-west-prod", destination: "eu-west-prod", labels: { env: "prod", region: "eu-west" } },
      { cluster: "us-east-prod", app: "galactic-us-east-prod", destination: "us-east-prod", labels: { env: "prod", region: "us-east" } },
      { cluster: "us-east-staging", app: "galactic-us-east-staging", destination: "us-east-staging", labels: { env: "staging", region: "us-east" } },
    ]);
    // Onboarding: one KubeFedCluster file, and the next render delivers the cluster.
    await writeFile(
      path.join(before.dir, "clusters/ap-south-prod.yaml"),
      "apiVersion: core.kubefed.io/v1beta1\nkind: KubeFedCluster\nmetadata: {name: ap-south-prod, namespace: kube-federation-system, labels: {env: prod}}\nspec: {apiEndpoint: https://ap.example.com, secretRef: {name: ap}}\n",
    );
    expect((await fedc(["render", before.dir])).code).toBe(0);
    const after = parse(await readFile(path.join(before.dir, "rendered/_delivery/applicationset-galactic.yaml"), "utf8")) as typeof set;
    expect(after.spec.generators[0]!.list.elements.map((e) => e.cluster)).toEqual(["ap-south-prod", "eu-west-prod", "us-east-prod", "us-east-staging"]);
  });

  it("Applications and Flux Kustomizations point at each cluster: the plugin env, the rendered directory, the kubeconfig Secret", async () => {
    const apps = await renderWith(HEADER + CASES[3]![1]);
    expect([...apps.files.keys()]).toEqual(["application-galactic-eu-west-prod.yaml", "application-galactic-us-east-prod.yaml", "application-galactic-us-east-staging.yaml", "kustomization.yaml"]);
    expect((apps.files.get("application-galactic-us-east-prod.yaml") as { spec: JsonObject }).spec).toMatchObject({
      source: { repoURL: "https://github.com/acme/fleet.git", targetRevision: "HEAD", path: "rendered/us-east-prod" },
      destination: { server: "https://us-east-prod.k8s.example.com" },
    });
    const flux = await renderWith(HEADER + CASES[4]![1]);
    expect((flux.files.get("kustomization-galactic-eu-west-prod.yaml") as { spec: JsonObject }).spec).toEqual({
      interval: "10m",
      retryInterval: "1m",
      prune: true,
      sourceRef: { kind: "GitRepository", name: "flux-system" },
      path: "./fleets/quickstart/rendered/eu-west-prod",
      kubeConfig: { secretRef: { name: "eu-west-prod-kubeconfig", key: "value" } },
    });
  });

  it("delivers _dns to delivery.dnsCluster, through the plugin (FEDC_CLUSTER=_dns) or its directory", async () => {
    const base = (await readFile(path.join(DNS_EXAMPLE, "fedc.yaml"), "utf8")) + "delivery:\n  kind: Application\n  repoURL: https://github.com/acme/fleet.git\n  path: examples/dns\n  dnsCluster: us-east-prod\n";
    const { files, code, stderr } = await renderWith(base, DNS_EXAMPLE);
    expect(code, stderr).toBe(0);
    const dns = files.get("application-fedc-dns-records.yaml") as { metadata: JsonObject; spec: { source: JsonObject; destination: JsonObject } };
    expect(dns.spec.source).toEqual({ repoURL: "https://github.com/acme/fleet.git", targetRevision: "HEAD", path: "examples/dns", plugin: { name: "fedc-v1", env: [{ name: "FEDC_CLUSTER", value: "_dns" }] } });
    expect(dns.spec.destination).toEqual({ name: "us-east-prod" });
    expect(crdErrors(dns as unknown as JsonObject)).toBe("");
    const flux = await renderWith(base.replace(/delivery:[\s\S]*$/, "delivery:\n  kind: Kustomization\n  path: examples/dns\n  dnsCluster: us-east-prod\n"), DNS_EXAMPLE);
    const k = flux.files.get("kustomization-fedc-dns-records.yaml") as { spec: JsonObject };
    expect(k.spec).toMatchObject({ path: "./examples/dns/rendered/_dns", kubeConfig: { secretRef: { name: "us-east-prod-kubeconfig", key: "value" } } });
  });

  it("writes _delivery/ on full renders only (--cluster renders a cluster, not the fleet's delivery)", async () => {
    const dir = await copyToTemp(QUICKSTART);
    await writeFile(path.join(dir, "fedc.yaml"), HEADER + CASES[0]![1]);
    const one = await fedc(["render", dir, "--stdout", "--cluster", "eu-west-prod"]);
    expect(one.code).toBe(0);
    expect(one.stdout).not.toContain("ApplicationSet");
    expect((await fedc(["render", dir])).code).toBe(0);
    expect((await fedc(["render", dir, "--check"])).code).toBe(0);
    await appendFile(path.join(dir, "fedc.yaml"), "  project: other\n");
    const stale = await fedc(["render", dir, "--check"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("changed: _delivery/applicationset-galactic.yaml");
  });
});

describe("examples/argocd and examples/flux are what fedc generates", () => {
  it("examples/argocd/applicationset.yaml = render with examples/argocd/fedc-delivery.yaml", async () => {
    const { files, code } = await renderWith(await readFile(path.join(ROOT, "examples/argocd/fedc-delivery.yaml"), "utf8"));
    expect(code).toBe(0);
    const example = parse(await readFile(path.join(ROOT, "examples/argocd/applicationset.yaml"), "utf8")) as JsonObject;
    expect(files.get("applicationset-quickstart.yaml")).toEqual(example);
    expect(crdErrors(example)).toBe("");
  });

  it("examples/flux/<cluster>.yaml = render with examples/flux/fedc-delivery.yaml", async () => {
    const { files, code } = await renderWith(await readFile(path.join(ROOT, "examples/flux/fedc-delivery.yaml"), "utf8"));
    expect(code).toBe(0);
    for (const cluster of ["eu-west-prod", "us-east-prod", "us-east-staging"]) {
      const example = parse(await readFile(path.join(ROOT, "examples/flux", `${cluster}.yaml`), "utf8")) as JsonObject;
      expect(files.get(`kustomization-fedc-${cluster}.yaml`)).toEqual(example);
      expect(crdErrors(example)).toBe("");
    }
  });
});
