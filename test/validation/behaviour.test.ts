// What output validation accepts and rejects beyond the corpus: CRD semantics (pruning,
// x-kubernetes-preserve-unknown-fields, int-or-string, embedded resources, defaults, v1beta1),
// null handling, kinds without a schema, and the Kubernetes version.
import { describe, expect, it } from "vitest";
import { compile, MemoryFileSystem, type CompileResult } from "../../compiler/index.js";
import { crdJsonSchema } from "../../compiler/check/crdSchema.js";
import { compileCase } from "./harness.js";

const errors = (r: CompileResult) => r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`);

function crd(schema: string, options: { apiVersion?: string; extra?: string } = {}): string {
  const v1beta1 = options.apiVersion === "apiextensions.k8s.io/v1beta1";
  return `apiVersion: ${options.apiVersion ?? "apiextensions.k8s.io/v1"}
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced${options.extra ?? ""}
${v1beta1 ? `  version: v1
  validation:
    openAPIV3Schema:
${schema.replace(/^/gm, "      ")}` : `  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
${schema.replace(/^/gm, "        ")}`}
---
`;
}

const widget = (spec: string) => `apiVersion: example.com/v1
kind: Widget
metadata: {name: gadget, namespace: shop}
spec:
${spec.replace(/^/gm, "  ")}
`;

const SCHEMA = `type: object
properties:
  spec:
    type: object
    properties:
      port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
      replicas: {type: integer, default: "three", minimum: 0, exclusiveMinimum: true}
      settings: {type: object, x-kubernetes-preserve-unknown-fields: true}
      labels: {type: object, additionalProperties: {type: string}}
      note: {type: string, nullable: true}
      opaque: {type: object}
      template: {type: object, x-kubernetes-embedded-resource: true, properties: {spec: {type: object, properties: {size: {type: integer}}}}}`;

describe("custom resources", () => {
  it("accepts what the API server keeps: preserved unknown fields, int-or-string either way, nullable, embedded resources", async () => {
    const r = await compileCase(
      crd(SCHEMA) +
        widget(`port: http
replicas: 2
settings: {anything: {goes: [1, 2]}}
labels: {tier: web}
note: null
template:
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: embedded}
  spec: {size: 3}`),
    );
    expect(errors(r)).toEqual([]);
    const r2 = await compileCase(crd(SCHEMA) + widget("port: 8080"));
    expect(errors(r2)).toEqual([]);
  });

  it("ignores structural defaults (a default of the wrong type is not a constraint)", async () => {
    expect(errors(await compileCase(crd(SCHEMA) + widget("replicas: 1")))).toEqual([]);
  });

  it("applies OpenAPI 3.0's boolean exclusiveMinimum", async () => {
    expect(errors(await compileCase(crd(SCHEMA) + widget("replicas: 0")))).toEqual([
      "OUTPUT_SCHEMA_VIOLATION: Widget shop/gadget: spec.replicas must be > 0, not 0 (in all 2 clusters it is emitted to)",
    ]);
  });

  it("rejects fields that structural pruning would drop, also inside an object with no declared fields", async () => {
    expect(errors(await compileCase(crd(SCHEMA) + widget("opaque: {key: value}\ntemplate: {spec: {sise: 1}}")))).toEqual([
      "OUTPUT_UNKNOWN_FIELD: Widget shop/gadget: spec.opaque.key is an unknown field; spec.opaque takes no fields (in all 2 clusters it is emitted to)",
      'OUTPUT_UNKNOWN_FIELD: Widget shop/gadget: spec.template.spec.sise is an unknown field; did you mean "size"? (in all 2 clusters it is emitted to)',
    ]);
  });

  it("checks the metadata of a custom resource as ObjectMeta", async () => {
    const r = await compileCase(crd(SCHEMA) + widget("port: 1").replace("metadata: {name: gadget, namespace: shop}", "metadata: {name: gadget, namespace: shop, labels: {size: 3}}"));
    expect(errors(r)).toEqual(["OUTPUT_SCHEMA_VIOLATION: Widget shop/gadget: metadata.labels.size must be a string, not number 3 (in all 2 clusters it is emitted to)"]);
  });

  it("does not prune for apiextensions.k8s.io/v1beta1 CRDs unless preserveUnknownFields is false", async () => {
    const schema = "type: object\nproperties:\n  spec:\n    type: object\n    properties:\n      size: {type: integer}";
    const body = widget("size: 1\nextra: kept");
    // The old CRD itself is not emitted (apiextensions.k8s.io/v1beta1 is not served by 1.33); it still describes Widgets.
    expect(errors(await compileCase(body, { "crd.yaml": crd(schema, { apiVersion: "apiextensions.k8s.io/v1beta1" }) }))).toEqual([]);
    const pruning = await compileCase(body, { "crd.yaml": crd(schema, { apiVersion: "apiextensions.k8s.io/v1beta1", extra: "\n  preserveUnknownFields: false" }) });
    expect(errors(pruning)).toEqual([
      'OUTPUT_UNKNOWN_FIELD: Widget shop/gadget: spec.extra is an unknown field; the fields of spec are size (in all 2 clusters it is emitted to)',
    ]);
  });

  it("finds the CRD in a FederatedCustomResourceDefinition that is placed nowhere", async () => {
    const federated = `apiVersion: types.kubefed.io/v1beta1
kind: FederatedCustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  template:
${crd("type: object\nproperties:\n  spec: {type: object, properties: {size: {type: integer}}}").replace("---\n", "").replace(/^/gm, "    ")}
  placement:
    clusters: []
---
apiVersion: core.kubefed.io/v1beta1
kind: FederatedTypeConfig
metadata: {name: customresourcedefinitions.apiextensions.k8s.io, namespace: kube-federation-system}
spec:
  federatedType: {group: types.kubefed.io, kind: FederatedCustomResourceDefinition, pluralName: federatedcustomresourcedefinitions, scope: Cluster, version: v1beta1}
  propagation: Enabled
  targetType: {group: apiextensions.k8s.io, kind: CustomResourceDefinition, pluralName: customresourcedefinitions, scope: Cluster, version: v1}
---
`;
    const r = await compileCase(federated + widget('size: "1"'));
    expect(errors(r)).toEqual(['OUTPUT_SCHEMA_VIOLATION: Widget shop/gadget: spec.size must be an integer, not string "1" (in all 2 clusters it is emitted to)']);
  });

  it("converts OpenAPI 3.0 to JSON Schema without the keywords the API server does not validate", () => {
    expect(
      crdJsonSchema(
        { type: "object", properties: { n: { type: "integer", minimum: 1, exclusiveMinimum: true, default: 5, format: "int32", "x-kubernetes-validations": [] } } },
        { prune: true, objectMeta: "meta" },
      ),
    ).toEqual({
      type: "object",
      properties: { n: { type: "integer", exclusiveMinimum: 1 }, apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { $ref: "meta" } },
      additionalProperties: false,
    });
  });
});

describe("built-in kinds", () => {
  const deployment = (extra: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: registry.example.com/web:1.0${extra}
`;

  it("accepts null for optional fields and map values, as the API server decodes them", async () => {
    expect(errors(await compileCase(deployment("\n        resources: null\n        env: null").replace("metadata: {labels: {app: web}}", "metadata: {labels: {app: web, gone: null}}")))).toEqual([]);
  });

  it("rejects null where a value is required and as a list item", async () => {
    const r = await compileCase(deployment("\n        ports: [null]").replace("  selector: {matchLabels: {app: web}}", "  selector: null"));
    expect(errors(r)).toEqual([
      "OUTPUT_SCHEMA_VIOLATION: Deployment shop/web: spec.selector must not be null (in all 2 clusters it is emitted to)",
      "OUTPUT_SCHEMA_VIOLATION: Deployment shop/web: spec.template.spec.containers[0].ports[0] must not be null (in all 2 clusters it is emitted to)",
    ]);
  });

  it("lists kinds without a schema in one warning, never passing them silently", async () => {
    const monitor = (name: string) => `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: ${name}, namespace: shop}
spec: {endpoints: [{port: http}]}
---
`;
    const r = await compileCase(monitor("web") + monitor("api") + "apiVersion: example.org/v1\nkind: Gizmo\nmetadata: {name: g, namespace: shop}\n");
    const warnings = r.diagnostics.filter((d) => d.code === "OUTPUT_SCHEMA_SKIPPED");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toBe(
      "2 kinds have no schema and were not validated: example.org/v1 Gizmo, monitoring.coreos.com/v1 ServiceMonitor; add the CustomResourceDefinitions to the repository to validate them",
    );
    expect(warnings[0]!.notes.map((n) => n.message)).toEqual([
      "Gizmo shop/g is not validated",
      "ServiceMonitor shop/api is not validated",
      "ServiceMonitor shop/web is not validated",
    ]);
    expect(r.ok).toBe(true);
  });

  it("validates nothing with validate: false", async () => {
    const r = await compileCase(deployment("\n        bogus: 1"), {}, false);
    expect(r.ok).toBe(true);
    expect(r.diagnostics.filter((d) => d.code.startsWith("OUTPUT_"))).toEqual([]);
  });
});

describe("Kubernetes version", () => {
  const imageVolume = `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec:
  containers: [{name: app, image: registry.example.com/app:1}]
  volumes: [{name: data, image: {reference: registry.example.com/data:1}}]
`;
  const config = (v: string) => ({ "fedc.yaml": `apiVersion: fedc.io/v1alpha1\nkind: Config\nkubernetesVersion: "${v}"\n` });

  it("validates against the configured version's schemas (image volumes exist in 1.33, not in 1.27)", async () => {
    expect(errors(await compileCase(imageVolume, config("1.33")))).toEqual([]);
    expect(errors(await compileCase(imageVolume, config("v1.27.3")))).toEqual([
      "OUTPUT_UNKNOWN_FIELD: Pod shop/p: spec.volumes[0].image is an unknown field (in all 2 clusters it is emitted to)",
    ]);
  });

  it("knows which API versions a release stopped serving", async () => {
    const flowSchema = `apiVersion: flowcontrol.apiserver.k8s.io/v1beta3
kind: FlowSchema
metadata: {name: fs}
spec: {priorityLevelConfiguration: {name: global-default}}
`;
    expect(errors(await compileCase(flowSchema, config("1.27")))).toEqual([]);
    expect(errors(await compileCase(flowSchema, config("1.33")))).toEqual([
      "OUTPUT_API_UNAVAILABLE: FlowSchema fs: flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is not served by Kubernetes 1.33 (removed in 1.32); use flowcontrol.apiserver.k8s.io/v1 (in all 2 clusters it is emitted to)",
    ]);
  });

  it("an unsupported version is an error at fedc.yaml kubernetesVersion listing the supported ones", async () => {
    const r = await compile({ repo: new MemoryFileSystem({ ...config("1.20"), "a.yaml": imageVolume }) });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toHaveLength(1);
    const [d] = r.diagnostics;
    expect(d!.code).toBe("KUBERNETES_VERSION_UNSUPPORTED");
    expect(d!.message).toBe('kubernetesVersion "1.20" has no bundled schemas; supported versions: "1.27", "1.33", "1.36" (or run with --no-validate)');
    expect(d!.span?.file).toBe("fedc.yaml");
    expect(r.sources("fedc.yaml")!.slice(d!.span!.start, d!.span!.end)).toBe('"1.20"');
    // Without validation the version is not needed.
    expect((await compile({ repo: new MemoryFileSystem({ ...config("1.20"), "a.yaml": imageVolume }), validate: false })).ok).toBe(true);
  });
});
