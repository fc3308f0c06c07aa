import { readdirSync, readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

// The input schemas in schemas/, loaded the way fedc loads them: every file into one Ajv instance
// (shared specs such as karmada.PropagationSpec.json are only reachable through $ref).

interface CatalogEntry {
  apiVersion: string;
  kind: string;
  schema: string;
}

const dir = new URL("../../schemas/", import.meta.url);
const catalog = JSON.parse(readFileSync(new URL("catalog.json", dir), "utf8")) as CatalogEntry[];
const files = readdirSync(dir).filter((n) => n.endsWith(".json") && n !== "catalog.json").sort();
const schemas = new Map(files.map((n) => [n, JSON.parse(readFileSync(new URL(n, dir), "utf8")) as { $id?: string }]));

const ajv = new Ajv({ allErrors: true, strict: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
for (const schema of schemas.values()) ajv.addSchema(schema);

function validator(file: string): ValidateFunction {
  const fn = ajv.getSchema(file);
  if (!fn) throw new Error(`no schema ${file}`);
  return fn;
}

function errorsOf(file: string, yaml: string): ErrorObject[] {
  const fn = validator(file);
  return fn(parse(yaml)) ? [] : [...(fn.errors ?? [])];
}

/** An expected error: where (instancePath), which rule failed, and for unknown fields which one. */
interface Expected {
  path: string;
  keyword: string;
  field?: string;
}

function expectErrors(file: string, yaml: string, expected: Expected[]): void {
  const got = errorsOf(file, yaml).map((e) => ({
    path: e.instancePath,
    keyword: e.keyword,
    field:
      (e.params as { additionalProperty?: string; missingProperty?: string }).additionalProperty ??
      (e.params as { missingProperty?: string }).missingProperty,
  }));
  expect(got.length, "document should be invalid").toBeGreaterThan(0);
  for (const want of expected) expect(got).toContainEqual(expect.objectContaining(want));
}

describe("schema catalog", () => {
  it("lists every kind once, with an existing schema file whose $id is its file name", () => {
    const keys = catalog.map((e) => `${e.apiVersion} ${e.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of catalog) expect(schemas.get(e.schema)?.$id, e.schema).toBe(e.schema);
    for (const [name, schema] of schemas) expect(schema.$id, name).toBe(name);
    expect(catalog).toContainEqual({ apiVersion: "types.kubefed.io/v1beta1", kind: "Federated*", schema: "kubefed.FederatedResource.json" });
  });

  it("compiles every catalog entry in strict mode", () => {
    for (const e of catalog) expect(() => validator(e.schema), e.schema).not.toThrow();
  });

  it("has a valid and an invalid case for every catalog entry", () => {
    for (const e of catalog) {
      expect(validCases.some((c) => c[0] === e.schema), `valid case for ${e.schema}`).toBe(true);
      expect(invalidCases.some((c) => c[0] === e.schema), `invalid case for ${e.schema}`).toBe(true);
    }
  });
});

// [schema file, case name, YAML]; upstream examples (KubeFed example/sample1 and docs, Karmada samples/nginx and docs).
const validCases: Array<[string, string, string]> = [
  ["kubefed.FederatedResource.json", "KubeFed sample1 FederatedDeployment", `
apiVersion: types.kubefed.io/v1beta1
kind: FederatedDeployment
metadata: {name: test-deployment, namespace: test-namespace}
spec:
  template:
    metadata: {labels: {app: nginx}}
    spec:
      replicas: 3
      selector: {matchLabels: {app: nginx}}
      template:
        metadata: {labels: {app: nginx}}
        spec:
          containers:
          - {image: nginx, name: nginx}
  placement:
    clusters: [{name: cluster2}, {name: cluster1}]
  overrides:
  - clusterName: cluster2
    clusterOverrides:
    - path: "/spec/replicas"
      value: 5
    - path: "/spec/template/spec/containers/0/image"
      value: "nginx:1.17.0-alpine"
    - path: "/metadata/annotations"
      op: "add"
      value: {foo: bar}
    - path: "/metadata/annotations/foo"
      op: "remove"
`],
  ["kubefed.FederatedResource.json", "sample1 FederatedNamespace (no template)", `
apiVersion: types.kubefed.io/v1beta1
kind: FederatedNamespace
metadata: {name: test-namespace, namespace: test-namespace}
spec:
  placement:
    clusters: [{name: cluster2}, {name: cluster1}]
`],
  ["kubefed.FederatedResource.json", "clusterSelector, retainReplicas and a user federated group", `
apiVersion: federation.example.com/v1beta1
kind: FederatedBar
metadata: {name: bar}
spec:
  template: {spec: {replicas: 2, anything: [1, {goes: here}]}}
  placement:
    clusterSelector:
      matchLabels: {region: europe}
      matchExpressions: [{key: tier, operator: NotIn, values: [canary]}]
  overrides: [{clusterName: c1, clusterOverrides: [{op: "", path: /spec/replicas, value: 3}]}]
  retainReplicas: true
`],
  ["kubefed.KubeFedCluster.json", "kubefedctl join output with a Ready condition", `
apiVersion: core.kubefed.io/v1beta1
kind: KubeFedCluster
metadata: {name: cluster1, namespace: kube-federation-system, labels: {region: us-east-1}}
spec:
  apiEndpoint: https://172.17.0.2:6443
  caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
  secretRef: {name: cluster1-shxgv}
  disabledTLSValidations: ["*"]
status:
  conditions:
  - {type: Ready, status: "True", lastProbeTime: "2019-05-14T20:39:45Z", lastTransitionTime: "2019-05-14T20:39:45Z", reason: ClusterReady, message: /healthz responded with ok}
  region: us-east-1
  zones: [us-east-1a]
`],
  ["kubefed.FederatedTypeConfig.json", "default deployments.apps FTC", `
apiVersion: core.kubefed.io/v1beta1
kind: FederatedTypeConfig
metadata: {name: deployments.apps, namespace: kube-federation-system}
spec:
  federatedType: {group: types.kubefed.io, kind: FederatedDeployment, pluralName: federateddeployments, scope: Namespaced, version: v1beta1}
  propagation: Enabled
  targetType: {group: apps, kind: Deployment, pluralName: deployments, scope: Namespaced, version: v1}
`],
  ["kubefed.KubeFedConfig.json", "example/config/kubefedconfig.yaml", `
apiVersion: core.kubefed.io/v1beta1
kind: KubeFedConfig
metadata: {name: kubefed, namespace: kube-federation-system}
spec:
  scope: Cluster
  controllerDuration: {availableDelay: 20s, unavailableDelay: 60s}
  leaderElect: {leaseDuration: 15s, renewDeadline: 10s, retryPeriod: 5s, resourceLock: configmaps}
  featureGates:
  - {name: PushReconciler, configuration: "Enabled"}
  - {name: SchedulerPreferences, configuration: "Enabled"}
  clusterHealthCheck: {period: 10s, failureThreshold: 3, successThreshold: 1, timeout: 3s}
  syncController: {adoptResources: Enabled}
`],
  ["kubefed.ReplicaSchedulingPreference.json", "example/scheduling/federateddeployment-rsp.yaml", `
apiVersion: scheduling.kubefed.io/v1alpha1
kind: ReplicaSchedulingPreference
metadata: {name: test-deployment, namespace: test-namespace}
spec:
  targetKind: FederatedDeployment
  totalReplicas: 10
  rebalance: true
  clusters:
    cluster1: {weight: 2}
    cluster2: {weight: 3}
    "*": {minReplicas: 1, maxReplicas: 4}
`],
  ["kubefed.Domain.json", "Domain from the multicluster DNS guide", `
apiVersion: multiclusterdns.kubefed.io/v1alpha1
kind: Domain
metadata: {name: test-domain, namespace: kube-federation-system}
domain: example.com
nameServer: ns1.example.com
`],
  ["kubefed.ServiceDNSRecord.json", "ServiceDNSRecord with committed load-balancer status", `
apiVersion: multiclusterdns.kubefed.io/v1alpha1
kind: ServiceDNSRecord
metadata: {name: test-service, namespace: test-namespace}
spec: {domainRef: test-domain, recordTTL: 300, dnsPrefix: web}
status:
  domain: example.com
  dns:
  - {cluster: cluster1, region: us, zones: [us-east1-a], loadBalancer: {ingress: [{ip: 10.0.0.1}]}}
  - {cluster: cluster2, region: eu, zones: [eu-west1-b], loadBalancer: {ingress: [{hostname: lb.example.net}]}}
`],
  ["kubefed.IngressDNSRecord.json", "IngressDNSRecord with committed load-balancer status", `
apiVersion: multiclusterdns.kubefed.io/v1alpha1
kind: IngressDNSRecord
metadata: {name: test-ingress, namespace: test-namespace}
spec: {hosts: [ingress.example.com], recordTTL: 300}
status:
  dns: [{cluster: cluster1, loadBalancer: {ingress: [{ip: 10.0.0.2}]}}]
`],
  ["karmada.Cluster.json", "member cluster with topology, taints and resource summary", `
apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: member1, labels: {location: us}}
spec:
  syncMode: Push
  apiEndpoint: https://172.18.0.3:6443
  secretRef: {namespace: karmada-cluster, name: member1}
  provider: aws
  region: us-east-1
  zones: [us-east-1a, us-east-1b]
  taints: [{key: cluster.karmada.io/not-ready, effect: NoSchedule}]
status:
  kubernetesVersion: v1.31.0
  conditions:
  - {type: Ready, status: "True", reason: ClusterReady, message: cluster is healthy and ready to accept workloads, lastTransitionTime: "2024-01-01T00:00:00Z"}
  nodeSummary: {totalNum: 3, readyNum: 3}
  resourceSummary:
    allocatable: {cpu: "8", memory: 32Gi, pods: 110}
    allocated: {cpu: 2500m, memory: 4Gi}
    allocating: {cpu: "0"}
`],
  ["karmada.PropagationPolicy.json", "samples/nginx/propagationpolicy.yaml", `
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: nginx-propagation}
spec:
  resourceSelectors:
    - {apiVersion: apps/v1, kind: Deployment, name: nginx}
  placement:
    clusterAffinity:
      clusterNames: [member1, member2]
    replicaScheduling:
      replicaDivisionPreference: Weighted
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
          - {targetCluster: {clusterNames: [member1]}, weight: 1}
          - {targetCluster: {clusterNames: [member2]}, weight: 1}
`],
  ["karmada.PropagationPolicy.json", "every PropagationSpec field", `
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: everything, namespace: default}
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, namespace: default, labelSelector: {matchLabels: {app: web}}}
  association: false
  propagateDeps: true
  priority: -1
  preemption: Always
  dependentOverrides: [web-op]
  schedulerName: default-scheduler
  conflictResolution: Overwrite
  activationPreference: Lazy
  preserveResourcesOnDeletion: true
  suspension: {dispatchingOnClusters: {clusterNames: [member3]}}
  schedulePriority: {priorityClassSource: KubePriorityClass, priorityClassName: high}
  failover:
    application:
      decisionConditions: {tolerationSeconds: 120}
      purgeMode: Graciously
      gracePeriodSeconds: 600
      statePreservation: {rules: [{aliasLabelName: app.io/offset, jsonPath: "{.offset}"}]}
  placement:
    clusterAffinities:
    - affinityName: on-prem
      clusterNames: [idc1]
      labelSelector: {matchExpressions: [{key: env, operator: In, values: [prod]}]}
      fieldSelector: {matchExpressions: [{key: region, operator: In, values: [cn-north-1]}]}
      exclude: [idc2]
      overflowAffinities: [{affinityName: public-cloud, clusterNames: [cloud1, cloud2]}]
    clusterTolerations:
    - {key: cluster.karmada.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
    spreadConstraints:
    - {spreadByField: region, minGroups: 1, maxGroups: 2}
    - {spreadByField: cluster, minGroups: 2, maxGroups: 4}
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference: {dynamicWeight: AvailableReplicas}
    workloadAffinity: {antiAffinity: {groupByLabelKey: app.group}}
`],
  ["karmada.ClusterPropagationPolicy.json", "CRD propagation from the Karmada docs", `
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: crd-propagation}
spec:
  resourceSelectors:
    - {apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, name: guestbooks.webapp.my.domain}
  placement:
    clusterAffinity: {clusterNames: [member1]}
`],
  ["karmada.OverridePolicy.json", "samples/nginx/overridepolicy.yaml", `
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: nginx-op}
spec:
  resourceSelectors:
    - {apiVersion: apps/v1, kind: Deployment, name: nginx}
  overrideRules:
    - targetCluster: {clusterNames: [member2]}
      overriders:
        labelsOverrider:
          - {operator: add, value: {env: skoala-dev}}
          - {operator: remove, value: {for: for}}
          - {operator: replace, value: {bar: test}}
    - targetCluster: {clusterNames: [member1]}
      overriders:
        annotationsOverrider:
          - {operator: add, value: {env: skoala-stage}}
`],
  ["karmada.OverridePolicy.json", "every overrider", `
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: all-overriders, namespace: default}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, labelSelector: {matchLabels: {app: web}}}]
  overrideRules:
  - targetCluster:
      labelSelector: {matchLabels: {location: eu}}
      fieldSelector: {matchExpressions: [{key: provider, operator: NotIn, values: [aws]}]}
    overriders:
      imageOverrider:
      - {component: Registry, operator: replace, value: registry.eu.example.com}
      - {predicate: {path: /spec/template/spec/initContainers/0/image}, component: Tag, operator: add, value: "-eu"}
      commandOverrider: [{containerName: web, operator: add, value: [--cluster=eu]}]
      argsOverrider: [{containerName: web, operator: remove, value: [--debug]}]
      plaintext:
      - {path: /spec/replicas, operator: replace, value: 4}
      - {path: /metadata/annotations/drop, operator: remove}
      fieldOverrider:
      - fieldPath: /data/config.yaml
        yaml: [{subPath: /db/host, operator: replace, value: db.eu.example.com}]
      - fieldPath: /data/config.json
        json: [{subPath: /flags, operator: add, value: {beta: true}}]
`],
  ["karmada.ClusterOverridePolicy.json", "legacy targetCluster + overriders", `
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata: {name: label-namespaces}
spec:
  resourceSelectors: [{apiVersion: v1, kind: Namespace}]
  targetCluster: {clusterNames: [member1], exclude: [member2]}
  overriders:
    plaintext: [{path: /metadata/labels/env, operator: add, value: test}]
`],
  ["fedc.Config.json", "SPEC 1.1 fedc.yaml", `
apiVersion: fedc.io/v1alpha1
kind: Config
federation: galactic
output: rendered
include: ["**/*.yaml"]
exclude: ["rendered/**", ".github/**"]
kubernetesVersion: "1.33"
dns: {cluster: host}
layout: resource
`],
  ["fedc.Config.json", "empty fedc.yaml (every field optional)", "{}"],
];

// [schema file, case name, YAML, expected errors]
const invalidCases: Array<[string, string, string, Expected[]]> = [
  ["kubefed.FederatedResource.json", "typo spec.placment", `
apiVersion: types.kubefed.io/v1beta1
kind: FederatedConfigMap
metadata: {name: cm, namespace: ns}
spec: {template: {data: {a: b}}, placment: {clusters: [{name: c1}]}}
`, [{ path: "/spec", keyword: "additionalProperties", field: "placment" }]],
  ["kubefed.FederatedResource.json", "bad op, missing path, cluster given as a string", `
apiVersion: types.kubefed.io/v1beta1
kind: FederatedDeployment
metadata: {name: d, namespace: ns}
spec:
  placement: {clusters: [cluster1]}
  overrides: [{clusterName: cluster1, clusterOverrides: [{op: move, path: /spec/replicas}, {value: 3}]}]
`, [
    { path: "/spec/placement/clusters/0", keyword: "type" },
    { path: "/spec/overrides/0/clusterOverrides/0/op", keyword: "enum" },
    { path: "/spec/overrides/0/clusterOverrides/1", keyword: "required", field: "path" },
  ]],
  ["kubefed.FederatedResource.json", "no spec, no metadata.name, numeric label", `
apiVersion: types.kubefed.io/v1beta1
kind: FederatedService
metadata: {namespace: ns, labels: {version: 1.0}}
`, [
    { path: "", keyword: "required", field: "spec" },
    { path: "/metadata", keyword: "required", field: "name" },
    { path: "/metadata/labels/version", keyword: "type" },
  ]],
  ["kubefed.FederatedResource.json", "matchExpressions without operator", `
apiVersion: types.kubefed.io/v1beta1
kind: FederatedSecret
metadata: {name: s, namespace: ns}
spec: {placement: {clusterSelector: {matchExpressions: [{key: region, values: [eu]}]}}}
`, [{ path: "/spec/placement/clusterSelector/matchExpressions/0", keyword: "required", field: "operator" }]],
  ["kubefed.KubeFedCluster.json", "unquoted True, missing secretRef, unknown TLS validation", `
apiVersion: core.kubefed.io/v1beta1
kind: KubeFedCluster
metadata: {name: cluster1}
spec: {apiEndpoint: https://10.0.0.1:6443, disabledTLSValidations: [SubjectNames]}
status: {conditions: [{type: Ready, status: True}]}
`, [
    { path: "/spec", keyword: "required", field: "secretRef" },
    { path: "/spec/disabledTLSValidations/0", keyword: "enum" },
    { path: "/status/conditions/0/status", keyword: "type" },
  ]],
  ["kubefed.FederatedTypeConfig.json", "lower-case enums and missing federatedType", `
apiVersion: core.kubefed.io/v1beta1
kind: FederatedTypeConfig
metadata: {name: bars.example.com}
spec:
  propagation: enabled
  targetType: {kind: Bar, version: v1, scope: namespaced}
`, [
    { path: "/spec", keyword: "required", field: "federatedType" },
    { path: "/spec/propagation", keyword: "enum" },
    { path: "/spec/targetType/scope", keyword: "enum" },
  ]],
  ["kubefed.KubeFedConfig.json", "field KubeFed prunes (clusterMonitorPeriod) and missing scope", `
apiVersion: core.kubefed.io/v1beta1
kind: KubeFedConfig
metadata: {name: kubefed, namespace: kube-federation-system}
spec: {controllerDuration: {availableDelay: 20s, clusterMonitorPeriod: 40s}, leaderElect: {leaseDuration: 15}}
`, [
    { path: "/spec", keyword: "required", field: "scope" },
    { path: "/spec/controllerDuration", keyword: "additionalProperties", field: "clusterMonitorPeriod" },
    { path: "/spec/leaderElect/leaseDuration", keyword: "type" },
  ]],
  ["kubefed.ReplicaSchedulingPreference.json", "string totalReplicas, fractional weight, wrong targetKind", `
apiVersion: scheduling.kubefed.io/v1alpha1
kind: ReplicaSchedulingPreference
metadata: {name: web, namespace: ns}
spec: {targetKind: Deployment, totalReplicas: "10", clusters: {cluster1: {weight: 1.5, minReplica: 1}}}
`, [
    { path: "/spec/targetKind", keyword: "enum" },
    { path: "/spec/totalReplicas", keyword: "type" },
    { path: "/spec/clusters/cluster1/weight", keyword: "type" },
    { path: "/spec/clusters/cluster1", keyword: "additionalProperties", field: "minReplica" },
  ]],
  ["kubefed.Domain.json", "domain under a spec", `
apiVersion: multiclusterdns.kubefed.io/v1alpha1
kind: Domain
metadata: {name: test-domain, namespace: kube-federation-system}
spec: {domain: example.com}
`, [
    { path: "", keyword: "additionalProperties", field: "spec" },
    { path: "", keyword: "required", field: "domain" },
  ]],
  ["kubefed.ServiceDNSRecord.json", "no domainRef, TTL as a duration, singular zone", `
apiVersion: multiclusterdns.kubefed.io/v1alpha1
kind: ServiceDNSRecord
metadata: {name: test-service, namespace: test-namespace}
spec: {recordTTL: 300s}
status: {dns: [{cluster: c1, zone: us-east1-a}]}
`, [
    { path: "/spec", keyword: "required", field: "domainRef" },
    { path: "/spec/recordTTL", keyword: "type" },
    { path: "/status/dns/0", keyword: "additionalProperties", field: "zone" },
  ]],
  ["kubefed.IngressDNSRecord.json", "hosts as a string, unknown load-balancer field", `
apiVersion: multiclusterdns.kubefed.io/v1alpha1
kind: IngressDNSRecord
metadata: {name: test-ingress, namespace: test-namespace}
spec: {hosts: ingress.example.com}
status: {dns: [{cluster: c1, loadBalancer: {ingress: [{address: 10.0.0.2}]}}]}
`, [
    { path: "/spec/hosts", keyword: "type" },
    { path: "/status/dns/0/loadBalancer/ingress/0", keyword: "additionalProperties", field: "address" },
  ]],
  // A resourceSummary quantity is checked by the normalizer with Kubernetes' rules (INVALID_QUANTITY,
  // fixtures/karmada-errors-quantity); the schema only wants a string or a number.
  ["karmada.Cluster.json", "typo spec.regoin, bad syncMode, taint without effect, a quantity of the wrong type", `
apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: member1}
spec: {syncMode: push, regoin: eu, taints: [{key: dedicated}]}
status: {resourceSummary: {allocatable: {memory: [32Gi]}}, conditions: [{type: Ready}]}
`, [
    { path: "/spec", keyword: "additionalProperties", field: "regoin" },
    { path: "/spec/syncMode", keyword: "enum" },
    { path: "/spec/taints/0", keyword: "required", field: "effect" },
    { path: "/status/resourceSummary/allocatable/memory", keyword: "anyOf" },
    { path: "/status/conditions/0", keyword: "required", field: "status" },
  ]],
  ["karmada.PropagationPolicy.json", "typo spec.placment and empty resourceSelectors", `
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: nginx-propagation}
spec: {resourceSelectors: [], placment: {clusterAffinity: {clusterNames: [member1]}}}
`, [
    { path: "/spec", keyword: "additionalProperties", field: "placment" },
    { path: "/spec/resourceSelectors", keyword: "minItems" },
  ]],
  ["karmada.PropagationPolicy.json", "bad enums, string priority, zero weight, long affinityName", `
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: p}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]
  priority: high
  conflictResolution: overwrite
  placement:
    clusterAffinities: [{affinityName: a-very-long-affinity-group-name-over-32}]
    spreadConstraints: [{spreadByField: country}]
    replicaScheduling:
      replicaSchedulingType: Divide
      weightPreference: {staticWeightList: [{targetCluster: {clusterNames: [m1]}, weight: 0}]}
`, [
    { path: "/spec/priority", keyword: "type" },
    { path: "/spec/conflictResolution", keyword: "enum" },
    { path: "/spec/placement/clusterAffinities/0/affinityName", keyword: "maxLength" },
    { path: "/spec/placement/spreadConstraints/0/spreadByField", keyword: "enum" },
    { path: "/spec/placement/replicaScheduling/replicaSchedulingType", keyword: "enum" },
    { path: "/spec/placement/replicaScheduling/weightPreference/staticWeightList/0/weight", keyword: "minimum" },
  ]],
  ["karmada.ClusterPropagationPolicy.json", "selector without kind, misspelled clusterNames", `
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: crd-propagation}
spec:
  resourceSelectors: [{apiVersion: apiextensions.k8s.io/v1, name: guestbooks.webapp.my.domain}]
  placement: {clusterAffinity: {clusterName: [member1]}}
`, [
    { path: "/spec/resourceSelectors/0", keyword: "required", field: "kind" },
    { path: "/spec/placement/clusterAffinity", keyword: "additionalProperties", field: "clusterName" },
  ]],
  ["karmada.OverridePolicy.json", "capitalised operator, replace on command, numeric label value", `
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: op}
spec:
  overrideRules:
  - overriders:
      plaintext: [{path: /spec/replicas, operator: Add, value: 2}]
      commandOverrider: [{containerName: web, operator: replace, value: [run]}]
      labelsOverrider: [{operator: add, value: {tier: 1}}]
`, [
    { path: "/spec/overrideRules/0/overriders/plaintext/0/operator", keyword: "enum" },
    { path: "/spec/overrideRules/0/overriders/commandOverrider/0/operator", keyword: "enum" },
    { path: "/spec/overrideRules/0/overriders/labelsOverrider/0/value/tier", keyword: "type" },
  ]],
  ["karmada.ClusterOverridePolicy.json", "rule without overriders, lower-case image component", `
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata: {name: cop}
spec:
  overrideRules:
  - targetCluster: {clusterNames: [member1]}
  - overriders: {imageOverrider: [{component: registry, operator: replace, value: r.example.com}]}
`, [
    { path: "/spec/overrideRules/0", keyword: "required", field: "overriders" },
    { path: "/spec/overrideRules/1/overriders/imageOverrider/0/component", keyword: "enum" },
  ]],
  ["fedc.Config.json", "typo, unknown layout, unquoted version, unknown dns field", `
apiVersion: fedc.io/v1alpha1
kind: Config
outptu: rendered
layout: tree
kubernetesVersion: 1.33
dns: {clusters: host}
`, [
    { path: "", keyword: "additionalProperties", field: "outptu" },
    { path: "/layout", keyword: "enum" },
    { path: "/kubernetesVersion", keyword: "type" },
    { path: "/dns", keyword: "additionalProperties", field: "clusters" },
  ]],
];

describe("valid upstream documents", () => {
  it.each(validCases)("%s: %s", (file, _name, yaml) => {
    expect(errorsOf(file, yaml)).toEqual([]);
  });
});

describe("invalid documents are reported at the offending field", () => {
  it.each(invalidCases)("%s: %s", (file, _name, yaml, expected) => {
    expectErrors(file, yaml, expected);
  });
});
