import { describe, expect, it } from "vitest";
import { dependenciesOf, hasDependencyInterpreter } from "../../compiler/normalize/karmadaDependencies.js";
import type { JsonObject } from "../../compiler/model.js";

const names = (apiVersion: string, kind: string, object: JsonObject) => dependenciesOf(apiVersion, kind, object).map((d) => `${d.kind}/${d.name}`);

describe("Karmada's default dependency interpreter", () => {
  it("a Deployment's pod template: ConfigMaps, then Secrets, ServiceAccount, PVCs; each once", () => {
    const spec: JsonObject = {
      serviceAccountName: "app",
      imagePullSecrets: [{ name: "pull" }, { name: "" }],
      initContainers: [{ name: "init", envFrom: [{ configMapRef: { name: "boot" } }] }],
      containers: [{ name: "c", env: [{ name: "A", valueFrom: { secretKeyRef: { name: "pull", key: "k" } } }] }],
      ephemeralContainers: [{ name: "debug", envFrom: [{ secretRef: { name: "debug" } }] }],
      volumes: [
        { name: "a", azureFile: { secretName: "azure", shareName: "s" } },
        { name: "b", csi: { driver: "d", nodePublishSecretRef: { name: "csi" } } },
        { name: "c", rbd: { monitors: [], image: "i", secretRef: { name: "rbd" } } },
        { name: "d", configMap: { name: "boot" } },
        { name: "e", persistentVolumeClaim: { claimName: "data" } },
      ],
    };
    expect(names("apps/v1", "Deployment", { spec: { template: { spec } } })).toEqual([
      "ConfigMap/boot", "Secret/pull", "Secret/debug", "Secret/azure", "Secret/csi", "Secret/rbd", "ServiceAccount/app", "PersistentVolumeClaim/data",
    ]);
  });

  it("serviceAccountName default is not a dependency", () => {
    expect(names("v1", "Pod", { spec: { serviceAccountName: "default", containers: [] } })).toEqual([]);
  });

  it("a CronJob's job template is read", () => {
    const spec = { containers: [{ name: "c", envFrom: [{ configMapRef: { name: "cfg" } }] }] };
    expect(names("batch/v1", "CronJob", { spec: { jobTemplate: { spec: { template: { spec } } } } })).toEqual(["ConfigMap/cfg"]);
  });

  it("an Ingress depends on its TLS Secrets", () => {
    expect(names("networking.k8s.io/v1", "Ingress", { spec: { tls: [{ secretName: "tls" }, { hosts: ["x"] }] } })).toEqual(["Secret/tls"]);
  });

  it("only the kinds Karmada interprets: no ReplicaSet, no extensions/v1beta1 Deployment", () => {
    expect(hasDependencyInterpreter("apps/v1", "ReplicaSet")).toBe(false);
    expect(hasDependencyInterpreter("extensions/v1beta1", "Deployment")).toBe(false);
    expect(hasDependencyInterpreter("apps/v1", "StatefulSet")).toBe(true);
  });
});
