// What the API server validates beyond the OpenAPI schema, for one emitted object: its metadata
// (every kind, custom resources included) and the rules of the common built-in kinds. Called once per
// distinct object, after the object passed its schema (so fields have the types the rules expect).
import type { Json, JsonObject } from "../model.js";
import { checkConfigMap, checkPersistentVolumeClaim, checkSecret, checkService } from "./coreKinds.js";
import { FieldErrors, type FieldProblem } from "./fieldErrors.js";
import { checkObjectMeta } from "./objectMeta.js";
import { checkPodSpec, checkPodTemplate, type PodRules } from "./podTemplate.js";
import {
  checkHorizontalPodAutoscaler,
  checkIngress,
  checkNetworkPolicy,
  checkPodDisruptionBudget,
  checkRole,
  checkRoleBinding,
} from "./policyKinds.js";
import { checkAppsWorkload, checkCronJob, checkJob } from "./workloads.js";

export interface ApiRuleOptions {
  /** The configured Kubernetes minor version (33 for "1.33"). */
  minor: number;
  /** The object is a built-in kind (its schema comes from Kubernetes), not a custom resource. */
  builtIn: boolean;
}

const INT64_MAX = 2 ** 63;

/**
 * Integers an int64 cannot hold (the API server's JSON decoder refuses them); built-in kinds have no
 * float fields outside quantities. Every number of an emitted object comes from its template, an
 * override's value or the replica planner (which plans safe integers), so the caller checks templates
 * and override values once each instead of walking every per-cluster copy.
 */
export function integerProblems(value: Json, at: readonly string[] = []): FieldProblem[] {
  const errors = new FieldErrors();
  checkIntegers(value, [...at], errors);
  return errors.problems;
}

function checkIntegers(v: Json, path: string[], errors: FieldErrors): void {
  // The path is one stack, copied only when a value is out of range: this walks every field of every object.
  if (typeof v === "number") {
    if (Math.abs(v) >= INT64_MAX && Number.isFinite(v)) errors.invalid([...path], v, "is out of range: an integer field holds at most 9223372036854775807");
    return;
  }
  if (v === null || typeof v !== "object") return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (x === null || (typeof x !== "object" && typeof x !== "number")) continue;
      path.push(String(i));
      checkIntegers(x, path, errors);
      path.pop();
    }
    return;
  }
  for (const k in v) {
    const x = v[k]!;
    if (x === null || (typeof x !== "object" && typeof x !== "number")) continue;
    path.push(k);
    checkIntegers(x, path, errors);
    path.pop();
  }
}

export function apiProblems(o: JsonObject, group: string, kind: string, options: ApiRuleOptions): FieldProblem[] {
  const errors = new FieldErrors();
  checkObjectMeta(o, group, errors);
  if (!options.builtIn) return errors.problems;
  const pod: PodRules = { relaxedEnvNames: options.minor >= 32 };
  switch (`${group}/${kind}`) {
    case "/Service":
      checkService(o, errors);
      break;
    case "/ConfigMap":
      checkConfigMap(o, errors);
      break;
    case "/Secret":
      checkSecret(o, errors);
      break;
    case "/PersistentVolumeClaim":
      checkPersistentVolumeClaim(o, errors);
      break;
    case "/Pod":
      if (o.spec && typeof o.spec === "object" && !Array.isArray(o.spec)) checkPodSpec(o.spec, ["spec"], pod, errors);
      break;
    case "/PodTemplate":
      checkPodTemplate(o.template as JsonObject | undefined, ["template"], pod, errors);
      break;
    case "/ReplicationController":
      checkPodTemplate((o.spec as JsonObject | undefined)?.template as JsonObject | undefined, ["spec", "template"], { ...pod, restartPolicies: ["Always"] }, errors);
      break;
    case "apps/Deployment":
    case "apps/StatefulSet":
    case "apps/DaemonSet":
    case "apps/ReplicaSet":
      checkAppsWorkload(o, kind, pod, errors);
      break;
    case "batch/Job":
      checkJob(o, pod, errors);
      break;
    case "batch/CronJob":
      checkCronJob(o, pod, errors);
      break;
    case "networking.k8s.io/Ingress":
      checkIngress(o, errors);
      break;
    case "networking.k8s.io/NetworkPolicy":
      checkNetworkPolicy(o, errors);
      break;
    case "autoscaling/HorizontalPodAutoscaler":
      checkHorizontalPodAutoscaler(o, errors);
      break;
    case "policy/PodDisruptionBudget":
      checkPodDisruptionBudget(o, errors);
      break;
    case "rbac.authorization.k8s.io/Role":
    case "rbac.authorization.k8s.io/ClusterRole":
      checkRole(o, kind === "ClusterRole", errors);
      break;
    case "rbac.authorization.k8s.io/RoleBinding":
    case "rbac.authorization.k8s.io/ClusterRoleBinding":
      checkRoleBinding(o, kind === "ClusterRoleBinding", errors);
      break;
  }
  return errors.problems;
}
