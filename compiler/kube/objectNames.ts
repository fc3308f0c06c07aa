// Which name rule the API server applies to each kind's metadata.name (the ValidateXName functions
// of pkg/apis/*/validation). Every other kind, custom resources included, takes a DNS-1123 subdomain.
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isPathSegmentName, maxLenError } from "./validation.js";

export type NameRule = (name: string) => readonly string[];

/** A CronJob's Jobs are named <cronjob>-<11-digit timestamp>, which must stay a 63-character label. */
const CRONJOB_NAME_MAX = 52;

const cronJobName: NameRule = (name) => {
  const errs = isDns1123Subdomain(name);
  return name.length > CRONJOB_NAME_MAX ? [...errs, maxLenError(CRONJOB_NAME_MAX)] : errs;
};

const RULES: Record<string, NameRule> = {
  "/Namespace": isDns1123Label,
  "/Service": isDns1035Label,
  "batch/CronJob": cronJobName,
  "rbac.authorization.k8s.io/Role": isPathSegmentName,
  "rbac.authorization.k8s.io/ClusterRole": isPathSegmentName,
  "rbac.authorization.k8s.io/RoleBinding": isPathSegmentName,
  "rbac.authorization.k8s.io/ClusterRoleBinding": isPathSegmentName,
  "flowcontrol.apiserver.k8s.io/FlowSchema": isPathSegmentName,
  "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration": isPathSegmentName,
  "/Event": isPathSegmentName,
  "events.k8s.io/Event": isPathSegmentName,
};

/** The rule for a kind of an API group ("" is the core group). */
export function nameRule(group: string, kind: string): NameRule {
  return RULES[`${group}/${kind}`] ?? isDns1123Subdomain;
}

/** The name a Namespace must have: what every dialect checks a namespace name against. */
export const namespaceNameProblems: NameRule = isDns1123Label;
