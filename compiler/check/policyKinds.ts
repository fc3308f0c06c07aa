// Ingress, NetworkPolicy, HorizontalPodAutoscaler, PodDisruptionBudget and RBAC as
// pkg/apis/{networking,autoscaling,policy,rbac}/validation check them (the rules users trip over:
// hosts, paths, ports, replica bounds, percentages, role references, subjects, rule verbs).
import type { Json, JsonObject, LabelSelector } from "../model.js";
import { validateLabelSelector } from "../kube/labels.js";
import { isDns1035Label, isDns1123Subdomain, isPathSegmentName } from "../kube/validation.js";
import { checkIntOrStringPort } from "./coreKinds.js";
import { FieldErrors, list, num, obj, str } from "./fieldErrors.js";

function checkSelector(raw: Json | undefined, at: readonly string[], errors: FieldErrors): void {
  const selector = obj(raw);
  if (!selector) return;
  for (const p of validateLabelSelector(selector as unknown as LabelSelector)) errors.invalid([...at, ...p.path.map(String)], selector, p.message);
}

function checkHost(host: string, at: readonly string[], errors: FieldErrors): void {
  const bare = host.startsWith("*.") ? host.slice(2) : host;
  errors.each(at, host, isDns1123Subdomain(bare));
}

function checkBackend(backend: JsonObject | undefined, at: readonly string[], errors: FieldErrors): void {
  const service = obj(backend?.service);
  if (!service) return;
  const name = str(service.name);
  if (name !== undefined) errors.each(() => [...at, "service", "name"], name, isDns1035Label(name));
  const port = obj(service.port);
  if (!port) return;
  const hasName = str(port.name) !== undefined && port.name !== "";
  const hasNumber = num(port.number) !== undefined && port.number !== 0;
  if (hasName && hasNumber) errors.invalid([...at, "service", "port"], port, "cannot set both port name & port number");
  else if (hasName) checkIntOrStringPort([...at, "service", "port", "name"], port.name, errors);
  else if (hasNumber) checkIntOrStringPort([...at, "service", "port", "number"], port.number, errors);
  else errors.required([...at, "service", "port"], "port name or number is required");
}

export function checkIngress(o: JsonObject, errors: FieldErrors): void {
  const spec = obj(o.spec) ?? {};
  const rules = list(spec.rules);
  if (!obj(spec.defaultBackend) && rules.length === 0) errors.invalid(["spec"], "", "either `defaultBackend` or `rules` must be specified", { display: "spec" });
  checkBackend(obj(spec.defaultBackend), ["spec", "defaultBackend"], errors);
  list(spec.tls).forEach((t, i) => {
    list(obj(t)?.hosts).forEach((h, j) => {
      if (typeof h === "string") checkHost(h, ["spec", "tls", String(i), "hosts", String(j)], errors);
    });
  });
  rules.forEach((r, i) => {
    const rule = obj(r);
    if (!rule) return;
    const at = ["spec", "rules", String(i)];
    const host = str(rule.host);
    if (host) checkHost(host, [...at, "host"], errors);
    list(obj(rule.http)?.paths).forEach((p, j) => {
      const path = obj(p);
      if (!path) return;
      const pat = [...at, "http", "paths", String(j)];
      const type = str(path.pathType);
      const value = str(path.path) ?? "";
      if ((type === "Prefix" || type === "Exact") && !value.startsWith("/")) errors.invalid([...pat, "path"], value, "must be an absolute path");
      checkBackend(obj(path.backend), [...pat, "backend"], errors);
    });
  });
}

export function checkNetworkPolicy(o: JsonObject, errors: FieldErrors): void {
  const spec = obj(o.spec) ?? {};
  checkSelector(spec.podSelector, ["spec", "podSelector"], errors);
  for (const direction of ["ingress", "egress"] as const) {
    list(spec[direction]).forEach((r, i) => {
      const rule = obj(r);
      if (!rule) return;
      const at = ["spec", direction, String(i)];
      list(rule.ports).forEach((p, j) => {
        const port = obj(p);
        if (!port || port.port === undefined) return;
        const pat = [...at, "ports", String(j)];
        checkIntOrStringPort([...pat, "port"], port.port, errors);
        const end = num(port.endPort);
        if (end !== undefined) {
          if (typeof port.port !== "number") errors.invalid([...pat, "endPort"], end, "may not be specified when `port` is non-numeric");
          else if (end < port.port) errors.invalid([...pat, "endPort"], end, "must be greater than or equal to `port`");
        }
      });
      list(rule[direction === "ingress" ? "from" : "to"]).forEach((peer, j) => {
        const p = obj(peer);
        if (!p) return;
        const pat = [...at, direction === "ingress" ? "from" : "to", String(j)];
        checkSelector(p.podSelector, [...pat, "podSelector"], errors);
        checkSelector(p.namespaceSelector, [...pat, "namespaceSelector"], errors);
        const cidr = str(obj(p.ipBlock)?.cidr);
        if (cidr !== undefined && !/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(cidr)) {
          errors.invalid([...pat, "ipBlock", "cidr"], cidr, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
        }
      });
    });
  }
}

export function checkHorizontalPodAutoscaler(o: JsonObject, errors: FieldErrors): void {
  const spec = obj(o.spec) ?? {};
  const min = num(spec.minReplicas);
  const max = num(spec.maxReplicas);
  if (min !== undefined && min < 1) errors.invalid(["spec", "minReplicas"], min, "must be greater than or equal to 1");
  if (max !== undefined && max < 1) errors.invalid(["spec", "maxReplicas"], max, "must be greater than 0");
  if (max !== undefined && max >= 1 && max < (min ?? 1)) errors.invalid(["spec", "maxReplicas"], max, "must be greater than or equal to `minReplicas`");
  const target = obj(spec.scaleTargetRef);
  const name = str(target?.name);
  if (name !== undefined) errors.each(["spec", "scaleTargetRef", "name"], name, isPathSegmentName(name));
}

function checkIntOrPercent(v: Json | undefined, at: readonly string[], errors: FieldErrors): void {
  if (typeof v === "number" && v < 0) errors.invalid(at, v, "must be greater than or equal to 0");
  else if (typeof v === "string") {
    const m = /^(\d+)%$/.exec(v);
    if (!m) errors.invalid(at, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
    else if (Number(m[1]) > 100) errors.invalid(at, v, "must not be greater than 100%");
  }
}

export function checkPodDisruptionBudget(o: JsonObject, errors: FieldErrors): void {
  const spec = obj(o.spec) ?? {};
  if (spec.minAvailable !== undefined && spec.minAvailable !== null && spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    errors.invalid(["spec"], { minAvailable: spec.minAvailable, maxUnavailable: spec.maxUnavailable }, "minAvailable and maxUnavailable cannot be both set", { display: "spec" });
  }
  checkIntOrPercent(spec.minAvailable, ["spec", "minAvailable"], errors);
  checkIntOrPercent(spec.maxUnavailable, ["spec", "maxUnavailable"], errors);
  checkSelector(spec.selector, ["spec", "selector"], errors);
}

const RBAC_GROUP = "rbac.authorization.k8s.io";

export function checkRole(o: JsonObject, clusterScoped: boolean, errors: FieldErrors): void {
  list(o.rules).forEach((r, i) => {
    const rule = obj(r);
    if (!rule) return;
    const at = ["rules", String(i)];
    if (list(rule.verbs).length === 0) errors.required([...at, "verbs"], "verbs must contain at least one value");
    const nonResource = list(rule.nonResourceURLs).length > 0;
    if (nonResource) {
      if (!clusterScoped) errors.invalid([...at, "nonResourceURLs"], rule.nonResourceURLs, "namespaced rules cannot apply to non-resource URLs");
      else if (list(rule.resources).length > 0 || list(rule.apiGroups).length > 0) {
        errors.invalid([...at, "nonResourceURLs"], rule.nonResourceURLs, "rules cannot apply to both regular resources and non-resource URLs");
      }
    } else {
      if (list(rule.apiGroups).length === 0) errors.required([...at, "apiGroups"], "resource rules must supply at least one api group");
      if (list(rule.resources).length === 0) errors.required([...at, "resources"], "resource rules must supply at least one resource");
    }
  });
}

export function checkRoleBinding(o: JsonObject, clusterScoped: boolean, errors: FieldErrors): void {
  const ref = obj(o.roleRef) ?? {};
  const kind = str(ref.kind) ?? "";
  const allowed = clusterScoped ? ["ClusterRole"] : ["ClusterRole", "Role"];
  if (!allowed.includes(kind)) errors.notSupported(["roleRef", "kind"], kind, allowed);
  if (str(ref.apiGroup) !== RBAC_GROUP) errors.notSupported(["roleRef", "apiGroup"], str(ref.apiGroup) ?? "", [RBAC_GROUP]);
  const name = str(ref.name) ?? "";
  if (name === "") errors.required(["roleRef", "name"]);
  else errors.each(["roleRef", "name"], name, isPathSegmentName(name));
  list(o.subjects).forEach((s, i) => {
    const subject = obj(s);
    if (!subject) return;
    const at = ["subjects", String(i)];
    const sname = str(subject.name) ?? "";
    if (sname === "") errors.required([...at, "name"]);
    const skind = str(subject.kind);
    if (skind === "ServiceAccount") {
      if (sname) errors.each(() => [...at, "name"], sname, isDns1123Subdomain(sname));
      if ((str(subject.apiGroup) ?? "") !== "") errors.notSupported([...at, "apiGroup"], str(subject.apiGroup)!, [""]);
      if (clusterScoped && !str(subject.namespace)) errors.required([...at, "namespace"]);
    } else if (skind === "User" || skind === "Group") {
      if (str(subject.apiGroup) !== RBAC_GROUP) errors.notSupported([...at, "apiGroup"], str(subject.apiGroup) ?? "", [RBAC_GROUP]);
    } else errors.notSupported([...at, "kind"], skind ?? "", ["ServiceAccount", "User", "Group"]);
  });
}
