// The bundled Kubernetes schemas (schemas/kubernetes/): generated from kubernetes-models by
// scripts/generate-kubernetes-schemas.ts, current with the installed packages, strict, and covering
// the API groups a federation emits.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { loadKubernetesSchemas, loadKubernetesValidators, supportedKubernetesVersions } from "../../compiler/load/kubernetesSchemas.js";
import { CODE_CACHE_SUFFIX, loadOwnScript, type CodeCacheStatus } from "../../compiler/load/ownScript.js";
import { ROOT } from "../support/cli.js";

const versions = Object.keys(await supportedKubernetesVersions());

describe("bundled Kubernetes schemas", () => {
  it("are what the generator makes from the installed kubernetes-models (run npm run build after upgrading it)", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/generate-kubernetes-schemas.ts"), "--check"], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 120_000);

  it("cover Kubernetes 1.27, 1.33 and 1.36", () => {
    expect(versions).toEqual(["1.27", "1.33", "1.36"]);
  });

  it.each(versions)("%s has every group a federation emits, and rejects unknown fields everywhere fields are known", async (minor) => {
    const bundle = await loadKubernetesSchemas(minor);
    for (const kind of [
      "v1/ConfigMap", "v1/Secret", "v1/Service", "v1/ServiceAccount", "v1/Namespace", "v1/PersistentVolumeClaim", "v1/LimitRange", "v1/ResourceQuota",
      "apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet", "batch/v1/Job", "batch/v1/CronJob",
      "networking.k8s.io/v1/Ingress", "networking.k8s.io/v1/NetworkPolicy", "networking.k8s.io/v1/IngressClass",
      "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
      "autoscaling/v2/HorizontalPodAutoscaler", "policy/v1/PodDisruptionBudget", "scheduling.k8s.io/v1/PriorityClass",
      "storage.k8s.io/v1/StorageClass", "apiextensions.k8s.io/v1/CustomResourceDefinition", "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration",
    ]) expect(bundle.kinds[kind], kind).toBeDefined();
    for (const [name, schema] of Object.entries(bundle.definitions)) {
      const s = schema as { properties?: object; additionalProperties?: unknown };
      if (s.properties) expect(s.additionalProperties, name).toBe(false);
    }
    expect(bundle.removed["extensions/v1beta1/Ingress"]).toEqual({ removedIn: "1.22", use: "networking.k8s.io/v1" });
  });

  it.each(versions)("%s: the precompiled validators (when built) cover the same kinds", async (minor) => {
    const [bundle, precompiled] = await Promise.all([loadKubernetesSchemas(minor), loadKubernetesValidators(minor)]);
    if (!precompiled) return; // a source checkout that was not built compiles the schemas at run time
    const validators = precompiled({});
    expect(Object.keys(validators).sort()).toEqual(Object.keys(bundle.kinds).sort());
  });
});

describe("code caches of the precompiled validators", () => {
  // The build writes a V8 code cache beside each generated validators script; this Node must accept
  // it (a rejected cache costs ~30 ms at every start and would otherwise go unnoticed).
  it.each(["schemas/input.validators.js", ...versions.map((v) => `schemas/kubernetes/kubernetes-${v}.validators.js`)])("%s: accepted when the build wrote it", async (file) => {
    const url = pathToFileURL(path.join(ROOT, file));
    if (!existsSync(url) || !existsSync(new URL(url.href + CODE_CACHE_SUFFIX))) return; // not built
    const status: { cache?: CodeCacheStatus } = {};
    await loadOwnScript(url, status);
    expect(status.cache).toBe("accepted");
  });
});
