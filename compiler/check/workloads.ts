// Workload kinds as pkg/apis/apps/validation and pkg/apis/batch/validation check them: a selector
// that is valid, not empty and matches the pod template's labels; counts that are not negative; the
// restart policy each kind allows; a CronJob's schedule.
import type { JsonObject, LabelSelector } from "../model.js";
import { selectorMatches, validateLabelSelector } from "../kube/labels.js";
import { checkPodTemplate, type PodRules } from "./podTemplate.js";
import { FieldErrors, num, obj, str } from "./fieldErrors.js";

const NON_NEGATIVE = "must be greater than or equal to 0";

function nonNegative(spec: JsonObject, base: readonly string[], fields: readonly string[], errors: FieldErrors): void {
  for (const f of fields) {
    const v = num(spec[f]);
    if (v !== undefined && v < 0) errors.invalid([...base, f], v, NON_NEGATIVE);
  }
}

function templateLabels(template: JsonObject | undefined): Record<string, string> {
  const labels = obj(obj(template?.metadata)?.labels) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (typeof v === "string") out[k] = v;
  return out;
}

/** A selector that must be set, valid, not empty, and match the template (apps/v1 kinds; a Job's, when given). */
function checkSelector(spec: JsonObject, base: readonly string[], kind: string, required: boolean, errors: FieldErrors): void {
  const raw = obj(spec.selector);
  const at = [...base, "selector"];
  if (!raw) {
    if (required) errors.required(at);
    return;
  }
  const selector = raw as unknown as LabelSelector;
  const problems = validateLabelSelector(selector);
  for (const p of problems) errors.invalid([...at, ...p.path.map(String)], raw, p.message);
  if (problems.length > 0) return;
  const empty = Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
  if (empty) {
    errors.invalid(at, raw, `empty selector is invalid for ${kind.toLowerCase()}`);
    return;
  }
  const template = obj(spec.template);
  const labels = templateLabels(template);
  if (!selectorMatches(selector, labels)) {
    errors.invalid([...base, "template", "metadata", "labels"], labels, "`selector` does not match template `labels`");
  }
}

export function checkAppsWorkload(o: JsonObject, kind: string, rules: PodRules, errors: FieldErrors): void {
  const spec = obj(o.spec);
  if (!spec) return;
  nonNegative(spec, ["spec"], ["replicas", "minReadySeconds", "revisionHistoryLimit"], errors);
  checkSelector(spec, ["spec"], kind, true, errors);
  checkPodTemplate(obj(spec.template), ["spec", "template"], { ...rules, restartPolicies: ["Always"] }, errors);
  if (kind === "Deployment") {
    const progress = num(spec.progressDeadlineSeconds);
    const minReady = num(spec.minReadySeconds) ?? 0;
    if (progress !== undefined && progress <= minReady) {
      errors.invalid(["spec", "progressDeadlineSeconds"], progress, "must be greater than minReadySeconds");
    }
    const rolling = obj(obj(spec.strategy)?.rollingUpdate);
    if (rolling && isZero(rolling.maxUnavailable) && isZero(rolling.maxSurge)) {
      errors.invalid(["spec", "strategy", "rollingUpdate", "maxUnavailable"], rolling.maxUnavailable ?? 0, "may not be 0 when `maxSurge` is 0");
    }
  }
}

function isZero(v: unknown): boolean {
  return v === 0 || v === "0%" || v === "0";
}

const JOB_RESTART = ["OnFailure", "Never"];

function checkJobSpec(spec: JsonObject, base: readonly string[], rules: PodRules, errors: FieldErrors): void {
  nonNegative(spec, base, ["parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished"], errors);
  const deadline = num(spec.activeDeadlineSeconds);
  if (deadline !== undefined && deadline <= 0) errors.invalid([...base, "activeDeadlineSeconds"], deadline, "must be greater than 0");
  // Without manualSelector the API server generates the selector (and compares it with one that is given).
  if (spec.manualSelector === true) checkSelector(spec, base, "Job", true, errors);
  checkPodTemplate(obj(spec.template), [...base, "template"], { ...rules, restartPolicies: JOB_RESTART }, errors);
}

export function checkJob(o: JsonObject, rules: PodRules, errors: FieldErrors): void {
  const spec = obj(o.spec);
  if (spec) checkJobSpec(spec, ["spec"], rules, errors);
}

export function checkCronJob(o: JsonObject, rules: PodRules, errors: FieldErrors): void {
  const spec = obj(o.spec);
  if (!spec) return;
  if (!str(spec.schedule)) errors.required(["spec", "schedule"]);
  nonNegative(spec, ["spec"], ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"], errors);
  const jobSpec = obj(obj(spec.jobTemplate)?.spec);
  if (jobSpec) checkJobSpec(jobSpec, ["spec", "jobTemplate", "spec"], rules, errors);
}
