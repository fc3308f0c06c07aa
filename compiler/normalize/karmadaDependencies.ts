// Karmada's dependencies distributor (`propagateDeps: true`): the objects a workload refers to follow it
// to its clusters. What counts as a dependency is Karmada's default interpreter
// (`pkg/resourceinterpreter/default/native/dependencies.go`, `pkg/util/helper` GetDependenciesFromPodTemplate,
// and the pod visitors it lifted from Kubernetes' `pkg/api/v1/pod/util.go`), kind by kind.
import type { Json, JsonObject, NodePath } from "../model.js";

export interface DependencyRef {
  kind: "ConfigMap" | "Secret" | "ServiceAccount" | "PersistentVolumeClaim";
  name: string;
  /** Where the reference is, relative to the object (for located warnings). */
  path: NodePath;
}

/** apiVersion + kind with a dependency interpreter, and where its pod spec is. */
const POD_SPEC_PATHS: Record<string, NodePath> = {
  "apps/v1\0Deployment": ["spec", "template", "spec"],
  "apps/v1\0DaemonSet": ["spec", "template", "spec"],
  "apps/v1\0StatefulSet": ["spec", "template", "spec"],
  "batch/v1\0Job": ["spec", "template", "spec"],
  "batch/v1\0CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
  "v1\0Pod": ["spec"],
};

function obj(v: Json | undefined): JsonObject | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}

function list(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}

function at(root: JsonObject, path: NodePath): Json | undefined {
  let cur: Json | undefined = root;
  for (const p of path) {
    if (Array.isArray(cur) && typeof p === "number") cur = cur[p];
    else if (obj(cur) && typeof p === "string") cur = (cur as JsonObject)[p];
    else return undefined;
  }
  return cur;
}

function str(v: Json | undefined): string {
  return typeof v === "string" ? v : "";
}

/** True when Karmada's default interpreter computes dependencies for this kind. */
export function hasDependencyInterpreter(apiVersion: string, kind: string): boolean {
  return `${apiVersion}\0${kind}` in POD_SPEC_PATHS || (apiVersion === "networking.k8s.io/v1" && kind === "Ingress");
}

/**
 * The dependencies Karmada finds in an object, in its order (ConfigMaps, Secrets, ServiceAccounts,
 * PersistentVolumeClaims), each name once, empty names skipped.
 */
export function dependenciesOf(apiVersion: string, kind: string, object: JsonObject): DependencyRef[] {
  if (apiVersion === "networking.k8s.io/v1" && kind === "Ingress") {
    return unique(list(at(object, ["spec", "tls"])).map((t, i) => ({ kind: "Secret" as const, name: str(obj(t)?.secretName), path: ["spec", "tls", i, "secretName"] })));
  }
  const base = POD_SPEC_PATHS[`${apiVersion}\0${kind}`];
  if (!base) return [];
  const spec = obj(at(object, base)) ?? {};
  const refs = [...configMaps(spec, base), ...secrets(spec, base), ...serviceAccounts(spec, base), ...claims(spec, base)];
  if (apiVersion === "apps/v1" && kind === "StatefulSet") {
    // A claim named like a volumeClaimTemplate is the StatefulSet's own, made in the member cluster.
    const own = new Set(list(at(object, ["spec", "volumeClaimTemplates"])).map((t) => str(obj(obj(t)?.metadata)?.name)));
    return unique(refs.filter((r) => r.kind !== "PersistentVolumeClaim" || !own.has(r.name)));
  }
  return unique(refs);
}

function unique(refs: DependencyRef[]): DependencyRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.kind}/${r.name}`;
    if (r.name === "" || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Init, regular and ephemeral containers (VisitContainers with AllContainers), with their paths. */
function containers(spec: JsonObject, base: NodePath): { c: JsonObject; path: NodePath }[] {
  const out: { c: JsonObject; path: NodePath }[] = [];
  for (const field of ["initContainers", "containers", "ephemeralContainers"]) {
    list(spec[field]).forEach((c, i) => {
      const o = obj(c);
      if (o) out.push({ c: o, path: [...base, field, i] });
    });
  }
  return out;
}

function configMaps(spec: JsonObject, base: NodePath): DependencyRef[] {
  const out: DependencyRef[] = [];
  const add = (name: Json | undefined, path: NodePath) => out.push({ kind: "ConfigMap", name: str(name), path });
  for (const { c, path } of containers(spec, base)) {
    list(c.envFrom).forEach((e, i) => {
      const ref = obj(obj(e)?.configMapRef);
      if (ref) add(ref.name, [...path, "envFrom", i, "configMapRef", "name"]);
    });
    list(c.env).forEach((e, i) => {
      const ref = obj(obj(obj(e)?.valueFrom)?.configMapKeyRef);
      if (ref) add(ref.name, [...path, "env", i, "valueFrom", "configMapKeyRef", "name"]);
    });
  }
  list(spec.volumes).forEach((v, i) => {
    const vol = obj(v) ?? {};
    const vpath = [...base, "volumes", i];
    if (obj(vol.projected)) {
      list(obj(vol.projected)!.sources).forEach((s, j) => {
        const cm = obj(obj(s)?.configMap);
        if (cm) add(cm.name, [...vpath, "projected", "sources", j, "configMap", "name"]);
      });
    } else if (obj(vol.configMap)) add(obj(vol.configMap)!.name, [...vpath, "configMap", "name"]);
  });
  return out;
}

// Volume sources naming a Secret by `secretRef.name`, in the order of VisitPodSecretNames' switch.
const SECRET_REF_VOLUMES = ["cephfs", "cinder", "flexVolume"];
const SECRET_REF_VOLUMES_LATE = ["rbd"];
const SECRET_REF_VOLUMES_LAST = ["scaleIO", "iscsi", "storageos"];

function secrets(spec: JsonObject, base: NodePath): DependencyRef[] {
  const out: DependencyRef[] = [];
  const add = (name: Json | undefined, path: NodePath) => out.push({ kind: "Secret", name: str(name), path });
  list(spec.imagePullSecrets).forEach((r, i) => add(obj(r)?.name, [...base, "imagePullSecrets", i, "name"]));
  for (const { c, path } of containers(spec, base)) {
    list(c.envFrom).forEach((e, i) => {
      const ref = obj(obj(e)?.secretRef);
      if (ref) add(ref.name, [...path, "envFrom", i, "secretRef", "name"]);
    });
    list(c.env).forEach((e, i) => {
      const ref = obj(obj(obj(e)?.valueFrom)?.secretKeyRef);
      if (ref) add(ref.name, [...path, "env", i, "valueFrom", "secretKeyRef", "name"]);
    });
  }
  list(spec.volumes).forEach((v, i) => {
    const vol = obj(v) ?? {};
    const vpath = [...base, "volumes", i];
    const byRef = (field: string) => {
      const ref = obj(obj(vol[field])?.secretRef);
      if (ref) add(ref.name, [...vpath, field, "secretRef", "name"]);
    };
    // One source per volume: the first present, as the switch in VisitPodSecretNames.
    if (obj(vol.azureFile)) add(obj(vol.azureFile)!.secretName, [...vpath, "azureFile", "secretName"]);
    else if (SECRET_REF_VOLUMES.some((f) => obj(vol[f]))) byRef(SECRET_REF_VOLUMES.find((f) => obj(vol[f]))!);
    else if (obj(vol.projected)) {
      list(obj(vol.projected)!.sources).forEach((s, j) => {
        const sec = obj(obj(s)?.secret);
        if (sec) add(sec.name, [...vpath, "projected", "sources", j, "secret", "name"]);
      });
    } else if (SECRET_REF_VOLUMES_LATE.some((f) => obj(vol[f]))) byRef("rbd");
    else if (obj(vol.secret)) add(obj(vol.secret)!.secretName, [...vpath, "secret", "secretName"]);
    else if (SECRET_REF_VOLUMES_LAST.some((f) => obj(vol[f]))) byRef(SECRET_REF_VOLUMES_LAST.find((f) => obj(vol[f]))!);
    else if (obj(vol.csi)) {
      const ref = obj(obj(vol.csi)!.nodePublishSecretRef);
      if (ref) add(ref.name, [...vpath, "csi", "nodePublishSecretRef", "name"]);
    }
  });
  return out;
}

function serviceAccounts(spec: JsonObject, base: NodePath): DependencyRef[] {
  const name = str(spec.serviceAccountName);
  return name !== "" && name !== "default" ? [{ kind: "ServiceAccount", name, path: [...base, "serviceAccountName"] }] : [];
}

function claims(spec: JsonObject, base: NodePath): DependencyRef[] {
  return list(spec.volumes).flatMap((v, i) => {
    const pvc = obj(obj(v)?.persistentVolumeClaim);
    return pvc ? [{ kind: "PersistentVolumeClaim" as const, name: str(pvc.claimName), path: [...base, "volumes", i, "persistentVolumeClaim", "claimName"] }] : [];
  });
}
