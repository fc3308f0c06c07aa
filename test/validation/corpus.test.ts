// Known-bad manifests (test/validation/corpus/): each is rejected with the right code at the right
// JSON path, and with nothing else. The corpus covers misspelt and misplaced fields, wrong types,
// missing required fields, values outside an enum or a format, removed API versions, custom
// resources against their CRD, and mistakes written in overrides.
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../compiler/index.js";
import { compileCase, CORPUS, readCase } from "./harness.js";

type Code = "OUTPUT_UNKNOWN_FIELD" | "OUTPUT_SCHEMA_VIOLATION" | "OUTPUT_API_UNAVAILABLE";
const U: Code = "OUTPUT_UNKNOWN_FIELD";
const V: Code = "OUTPUT_SCHEMA_VIOLATION";
const A: Code = "OUTPUT_API_UNAVAILABLE";
const C0 = "spec.template.spec.containers[0]";

/** Case → the errors it must produce: [code, JSON path] (the apiVersion for unavailable APIs). */
const EXPECTED: Record<string, Array<[Code, string]>> = {
  // misspelt fields
  "typo-container-imagepullpolicy": [[U, `${C0}.imagePullPolicyy`]],
  "typo-spec-replica": [[U, "spec.replica"]],
  // (a typo in metadata is an input error, UNKNOWN_FIELD, before any output is built: fixtures/plain-metadata-typo)
  "typo-env-valueform": [[U, `${C0}.env[0].valueForm`]],
  "typo-container-resource": [[U, `${C0}.resource`]],
  "typo-port-containerport": [[U, `${C0}.ports[0].containerport`], [V, `${C0}.ports[0].containerPort`]],
  "typo-probe-httpget": [[U, `${C0}.readinessProbe.httpget`]],
  "typo-pod-restartpolicy": [[U, "spec.template.spec.restartpolicy"]],
  "typo-cronjob-schedul": [[U, "spec.schedul"], [V, "spec.schedule"]],
  "typo-configmap-dat": [[U, "dat"]],
  "typo-secret-stringdata": [[U, "stringdata"]],
  "typo-service-port": [[U, "spec.port"]],
  "typo-ingress-path": [[U, "spec.rules[0].http.path"], [V, "spec.rules[0].http.paths"]],
  "typo-hpa-maxreplica": [[U, "spec.maxReplica"], [V, "spec.maxReplicas"]],
  // misplaced fields
  "nesting-containers-under-spec": [[U, "spec.containers"]],
  "nesting-selector-without-matchlabels": [[U, "spec.selector.app"]],
  "nesting-resources-without-limits": [[U, `${C0}.resources.cpu`]],
  "nesting-ports-as-map": [[V, `${C0}.ports`]],
  // wrong types
  "type-replicas-string": [[V, "spec.replicas"]],
  "type-containerport-string": [[V, `${C0}.ports[0].containerPort`]],
  "type-service-port-string": [[V, "spec.ports[0].port"]],
  "type-hpa-minreplicas-string": [[V, "spec.minReplicas"]],
  "type-job-backofflimit-string": [[V, "spec.backoffLimit"]],
  "type-grace-period-fraction": [[V, "spec.template.spec.terminationGracePeriodSeconds"]],
  "type-label-number": [[V, "metadata.labels.version"]],
  "type-annotation-boolean": [[V, 'metadata.annotations["example.com/enabled"]']],
  "type-env-value-number": [[V, `${C0}.env[0].value`]],
  "type-hostnetwork-string": [[V, "spec.template.spec.hostNetwork"]],
  "type-args-string": [[V, `${C0}.args`]],
  "type-configmap-data-number": [[V, "data.WORKERS"]],
  "type-replicas-overflow": [[V, "spec.replicas"]],
  // missing required fields
  "required-container-image": [[V, `${C0}.image`]],
  "required-container-name": [[V, `${C0}.name`]],
  "required-deployment-selector": [[V, "spec.selector"]],
  "required-service-port": [[V, "spec.ports[0].port"]],
  "required-env-name": [[V, `${C0}.env[0].name`]],
  "required-rolebinding-roleref": [[V, "roleRef"]],
  "required-ingress-backend-service-name": [[V, "spec.rules[0].http.paths[0].backend.service.name"]],
  // values an enum or a format does not allow
  "enum-imagepullpolicy-lowercase": [[V, `${C0}.imagePullPolicy`]],
  "enum-service-type": [[V, "spec.type"]],
  "enum-restartpolicy": [[V, "spec.template.spec.restartPolicy"]],
  "enum-port-protocol-lowercase": [[V, `${C0}.ports[0].protocol`]],
  "enum-ingress-pathtype": [[V, "spec.rules[0].http.paths[0].pathType"]],
  "enum-deployment-strategy": [[V, "spec.strategy.type"]],
  "format-secret-data-not-base64": [[V, "data.password"]],
  "format-quantity": [[V, `${C0}.resources.limits.memory`]],
  "format-intorstring-boolean": [[V, "spec.ports[0].targetPort"]],
  // API versions Kubernetes 1.33 does not serve
  "api-removed-extensions-ingress": [[A, "apiVersion"]],
  "api-unknown-version": [[A, "apiVersion"]],
  // custom resources against the CRD in the repository (and ExternalDNS's, built in)
  "crd-unknown-field": [[U, "spec.colour"]],
  "crd-wrong-type": [[V, "spec.size"]],
  "crd-missing-required": [[V, "spec.size"]],
  "crd-enum": [[V, "spec.color"]],
  "crd-maximum": [[V, "spec.size"]],
  "crd-pattern": [[V, "spec.name"]],
  "crd-int-or-string": [[V, "spec.port"]],
  "crd-version-not-served": [[A, "apiVersion"]],
  "crd-dnsendpoint-record-type": [[V, "spec.endpoints[0].recordType"]],
  "crd-dnsendpoint-ttl": [[V, "spec.endpoints[0].recordTTL"]],
  // where the mistake was written
  "override-replicas-string": [[V, "spec.replicas"]],
  "override-unknown-field": [[U, `${C0}.imagePullPolicyy`], [U, `${C0}.imagePullPolicyy`]],
  "template-error-all-clusters": [[V, `${C0}.imagePullPolicy`]],
};

/** "Deployment shop/web: spec.replicas must be …" → "spec.replicas"; unavailable APIs → "apiVersion". */
function problem(d: Diagnostic): [string, string] {
  if (d.code === "OUTPUT_API_UNAVAILABLE") return [d.code, "apiVersion"];
  const rest = d.message.slice(d.message.indexOf(": ") + 2);
  return [d.code, rest.slice(0, rest.indexOf(" "))];
}

const sortPairs = (xs: Array<[string, string]>) => [...xs].sort((a, b) => (a.join(" ") < b.join(" ") ? -1 : 1));

describe("validation corpus", async () => {
  const names = (await readdir(CORPUS)).filter((f) => f.endsWith(".yaml")).map((f) => f.replace(/\.yaml$/, "")).sort();

  it("has at least 40 known-bad manifests, each with expectations", () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(names).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(names)("%s is rejected at the right path", async (name) => {
    const text = await readCase(name);
    const result = await compileCase(text);
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(sortPairs(errors.map(problem))).toEqual(sortPairs(EXPECTED[name]!));
    // Every error points into the case file, at a node that exists there.
    for (const e of errors) {
      expect(e.span?.file).toBe("case.yaml");
      expect(e.span!.end).toBeGreaterThan(e.span!.start);
    }
  });

  it.each(names)("%s passes with --no-validate (only validation rejects it)", async (name) => {
    const result = await compileCase(await readCase(name), {}, false);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("where a problem is reported", () => {
  const at = (text: string, d: Diagnostic) => text.slice(d.span!.start, d.span!.end);

  it("a value written in an override is reported at the override, for the clusters it applies to", async () => {
    const text = await readCase("override-replicas-string");
    const [e] = (await compileCase(text)).diagnostics.filter((d) => d.severity === "error");
    expect(at(text, e!)).toBe("/spec/replicas");
    expect(e!.message).toMatch(/\(cluster b\)$/);
    expect(e!.notes.map((n) => n.message)).toEqual(["Deployment shop/web is declared here"]);
  });

  it("the same mistake in two overrides is two diagnostics, one per override, each naming its cluster", async () => {
    const text = await readCase("override-unknown-field");
    const errors = (await compileCase(text)).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((e) => e.message.slice(e.message.lastIndexOf("(")))).toEqual(["(cluster a)", "(cluster b)"]);
    expect(errors.map((e) => at(text, e))).toEqual(["/spec/template/spec/containers/0/imagePullPolicyy", "/spec/template/spec/containers/0/imagePullPolicyy"]);
    expect(errors[0]!.span!.start).not.toBe(errors[1]!.span!.start);
  });

  it("a mistake in a template is one diagnostic at the template node for every cluster", async () => {
    const text = await readCase("template-error-all-clusters");
    const errors = (await compileCase(text)).diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(at(text, errors[0]!)).toBe("IfNotPresnt");
    expect(errors[0]!.message).toMatch(/\(in all 2 clusters it is emitted to\)$/);
  });

  it("an unknown field is reported at its key, with the closest field name", async () => {
    const text = await readCase("typo-container-imagepullpolicy");
    const [e] = (await compileCase(text)).diagnostics;
    expect(at(text, e!)).toBe("imagePullPolicyy");
    expect(e!.message).toContain('did you mean "imagePullPolicy"?');
  });

  it("Secret values are never quoted in a message", async () => {
    const [e] = (await compileCase(await readCase("format-secret-data-not-base64"))).diagnostics;
    expect(e!.message).toContain("data.password must be base64-encoded");
    expect(e!.message).not.toContain("hunter2");
  });
});
