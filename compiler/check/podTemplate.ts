// Pod templates as pkg/apis/core/validation's ValidatePodTemplateSpec checks them: container and
// init container names (DNS labels, unique across both), ports, environment variable names, volume
// names and the mounts that refer to them, the restart policy the owning kind allows.
import type { JsonObject } from "../model.js";
import { isDns1123Label, isEnvVarName, isValidPortName, isValidPortNum } from "../kube/validation.js";
import { checkMetaMaps } from "./objectMeta.js";
import { FieldErrors, list, num, obj, str } from "./fieldErrors.js";

export interface PodRules {
  /** Restart policies the owner accepts (Deployment: Always; Job: OnFailure, Never); the default is Always. */
  restartPolicies?: readonly string[];
  /** Kubernetes ≥ 1.32 accepts any printable ASCII but '=' in environment variable names. */
  relaxedEnvNames: boolean;
}

function checkContainer(c: JsonObject, at: string[], volumes: ReadonlySet<string>, rules: PodRules, errors: FieldErrors): void {
  const portNames = new Set<string>();
  list(c.ports).forEach((p, i) => {
    const port = obj(p);
    if (!port) return;
    const pat = [...at, "ports", String(i)];
    const name = str(port.name);
    if (name !== undefined && name !== "") {
      errors.each(() => [...pat, "name"], name, isValidPortName(name));
      if (portNames.has(name)) errors.duplicate([...pat, "name"], name);
      portNames.add(name);
    }
    const containerPort = num(port.containerPort);
    if (containerPort !== undefined) for (const m of isValidPortNum(containerPort)) errors.invalid([...pat, "containerPort"], containerPort, m);
    const hostPort = num(port.hostPort);
    if (hostPort !== undefined && hostPort !== 0) for (const m of isValidPortNum(hostPort)) errors.invalid([...pat, "hostPort"], hostPort, m);
  });
  list(c.env).forEach((e, i) => {
    const name = str(obj(e)?.name);
    if (name !== undefined) errors.each(() => [...at, "env", String(i), "name"], name, isEnvVarName(name, rules.relaxedEnvNames));
  });
  const mountPaths = new Set<string>();
  list(c.volumeMounts).forEach((vm, i) => {
    const mount = obj(vm);
    if (!mount) return;
    const mat = [...at, "volumeMounts", String(i)];
    const name = str(mount.name);
    if (name !== undefined && !volumes.has(name)) errors.notFound([...mat, "name"], name);
    const mountPath = str(mount.mountPath);
    if (mountPath) {
      if (mountPaths.has(mountPath)) errors.invalid([...mat, "mountPath"], mountPath, "must be unique");
      mountPaths.add(mountPath);
    }
  });
}

/** A PodSpec at `base` (e.g. ["spec", "template", "spec"]). */
export function checkPodSpec(spec: JsonObject, base: readonly string[], rules: PodRules, errors: FieldErrors): void {
  const volumes = new Set<string>();
  list(spec.volumes).forEach((v, i) => {
    const name = str(obj(v)?.name);
    if (name === undefined) return;
    const at = [...base, "volumes", String(i), "name"];
    errors.each(at, name, isDns1123Label(name));
    if (volumes.has(name)) errors.duplicate(at, name);
    volumes.add(name);
  });
  const containers = list(spec.containers);
  if (containers.length === 0) errors.required([...base, "containers"]);
  const names = new Set<string>();
  for (const field of ["containers", "initContainers"] as const) {
    list(spec[field]).forEach((c, i) => {
      const container = obj(c);
      if (!container) return;
      const at = [...base, field, String(i)];
      const name = str(container.name);
      if (name !== undefined) {
        errors.each(() => [...at, "name"], name, isDns1123Label(name));
        if (names.has(name)) errors.duplicate([...at, "name"], name);
        names.add(name);
      }
      checkContainer(container, at, volumes, rules, errors);
    });
  }
  if (rules.restartPolicies) {
    const policy = str(spec.restartPolicy) ?? "Always";
    if (!rules.restartPolicies.includes(policy)) errors.notSupported([...base, "restartPolicy"], policy, rules.restartPolicies);
  }
}

/** A PodTemplateSpec at `base` (e.g. ["spec", "template"]): its labels, annotations and spec. */
export function checkPodTemplate(template: JsonObject | undefined, base: readonly string[], rules: PodRules, errors: FieldErrors): void {
  if (!template) return;
  checkMetaMaps(obj(template.metadata), [...base, "metadata"], errors);
  const spec = obj(template.spec);
  if (spec) checkPodSpec(spec, [...base, "spec"], rules, errors);
}
