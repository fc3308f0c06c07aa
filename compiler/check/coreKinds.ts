// The kind-specific rules of the core group's configuration and networking kinds, as
// pkg/apis/core/validation (config_maps.go, secrets.go, services.go, ValidatePersistentVolumeClaim) has them.
import type { Json, JsonObject } from "../model.js";
import { isConfigMapKey, isDns1123Label, isDns1123Subdomain, isValidPortName, isValidPortNum } from "../kube/validation.js";
import { checkLabels } from "./objectMeta.js";
import { FieldErrors, keyed, list, num, obj, str } from "./fieldErrors.js";

/** core.MaxSecretSize: ConfigMaps and Secrets hold at most 1 MiB of data. */
export const MAX_DATA_SIZE = 1024 * 1024;

function base64Length(s: string): number {
  const clean = s.replace(/\s+/g, "");
  const pad = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - pad);
}

export function checkConfigMap(o: JsonObject, errors: FieldErrors): void {
  const data = obj(o.data) ?? {};
  const binary = obj(o.binaryData) ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    if (isConfigMapKey(k).length) errors.each(["data", k], k, isConfigMapKey(k), { display: keyed("data", k), part: "key" });
    if (Object.hasOwn(binary, k)) errors.invalid(["data", k], k, "duplicate of key present in binaryData", { display: keyed("data", k), part: "key" });
    if (typeof v === "string") total += Buffer.byteLength(v, "utf8");
  }
  for (const [k, v] of Object.entries(binary)) {
    if (isConfigMapKey(k).length) errors.each(["binaryData", k], k, isConfigMapKey(k), { display: keyed("binaryData", k), part: "key" });
    if (typeof v === "string") total += base64Length(v);
  }
  if (total > MAX_DATA_SIZE) errors.tooLong(["data"], MAX_DATA_SIZE, "data");
}

/** Keys each typed Secret must carry (secrets.go); basic-auth needs one of its two. */
const REQUIRED_KEYS: Record<string, string[]> = {
  "kubernetes.io/tls": ["tls.crt", "tls.key"],
  "kubernetes.io/dockercfg": [".dockercfg"],
  "kubernetes.io/dockerconfigjson": [".dockerconfigjson"],
  "kubernetes.io/ssh-auth": ["ssh-privatekey"],
};

export function checkSecret(o: JsonObject, errors: FieldErrors): void {
  const data = obj(o.data) ?? {};
  const stringData = obj(o.stringData) ?? {};
  // The API server merges stringData into data (stringData wins) before it validates.
  const sizes = new Map<string, number>();
  for (const [k, v] of Object.entries(data)) {
    if (isConfigMapKey(k).length) errors.each(["data", k], k, isConfigMapKey(k), { display: keyed("data", k), part: "key" });
    sizes.set(k, typeof v === "string" ? base64Length(v) : 0);
  }
  for (const [k, v] of Object.entries(stringData)) {
    if (!Object.hasOwn(data, k) && isConfigMapKey(k).length) errors.each(["stringData", k], k, isConfigMapKey(k), { display: keyed("data", k), part: "key" });
    sizes.set(k, typeof v === "string" ? Buffer.byteLength(v, "utf8") : 0);
  }
  let total = 0;
  for (const n of sizes.values()) total += n;
  if (total > MAX_DATA_SIZE) errors.tooLong(["data"], MAX_DATA_SIZE, "data");
  const type = str(o.type) ?? "Opaque";
  for (const key of REQUIRED_KEYS[type] ?? []) {
    if (!sizes.has(key)) errors.required(["data"], `a ${type} Secret needs the key ${JSON.stringify(key)}`, `data[${key}]`);
  }
  if (type === "kubernetes.io/basic-auth" && !sizes.has("username") && !sizes.has("password")) {
    errors.required(["data"], `a ${type} Secret needs the key "username" or "password"`, "data[username]");
  }
  if (type === "kubernetes.io/service-account-token") {
    const annotations = obj(obj(o.metadata)?.annotations);
    if (!str(annotations?.["kubernetes.io/service-account.name"])) {
      errors.required(["metadata", "annotations"], "", "metadata.annotations[kubernetes.io/service-account.name]");
    }
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** net.ParseIP: dotted IPv4 or an IPv6 address (with an optional trailing IPv4). */
export function isIp(s: string): boolean {
  if (IPV4.test(s)) return true;
  if (!s.includes(":") || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  try {
    return new URL(`http://[${s}]/`).hostname.length > 0;
  } catch {
    return false;
  }
}

export function checkIntOrStringPort(path: readonly string[], port: Json | undefined, errors: FieldErrors): void {
  if (typeof port === "number") for (const m of isValidPortNum(port)) errors.invalid(path, port, m);
  else if (typeof port === "string") errors.each(path, port, isValidPortName(port));
}

export function checkService(o: JsonObject, errors: FieldErrors): void {
  const spec = obj(o.spec) ?? {};
  const type = str(spec.type) ?? "ClusterIP";
  const clusterIP = str(spec.clusterIP) ?? "";
  const headless = clusterIP === "None";
  const ports = list(spec.ports);
  if (ports.length === 0 && !headless && type !== "ExternalName") errors.required(["spec", "ports"]);
  if ((type === "LoadBalancer" || type === "NodePort") && headless) {
    errors.invalid(["spec", "clusterIP"], clusterIP, `may not be set to 'None' for ${type} services`);
  }
  if (type === "ExternalName") {
    if (clusterIP !== "") errors.forbidden(["spec", "clusterIP"], "may not be set for ExternalName services");
    const name = str(spec.externalName);
    if (!name) errors.required(["spec", "externalName"]);
    else errors.each(["spec", "externalName"], name, isDns1123Subdomain(name.replace(/\.$/, "")));
  } else if (clusterIP !== "" && !headless && !isIp(clusterIP)) {
    errors.invalid(["spec", "clusterIP"], clusterIP, "must be empty, 'None', or a valid IP address");
  }
  const names = new Set<string>();
  const numbers = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const port = obj(p);
    if (!port) return;
    const at = ["spec", "ports", String(i)];
    const name = str(port.name) ?? "";
    if (ports.length > 1 && name === "") errors.required([...at, "name"]);
    else if (name !== "") {
      errors.each(() => [...at, "name"], name, isDns1123Label(name));
      if (names.has(name)) errors.duplicate([...at, "name"], name);
      names.add(name);
    }
    const n = num(port.port);
    if (n !== undefined && isValidPortNum(n).length) errors.invalid([...at, "port"], n, isValidPortNum(n)[0]!);
    if (port.targetPort !== undefined) checkIntOrStringPort([...at, "targetPort"], port.targetPort, errors);
    const protocol = str(port.protocol) ?? "TCP";
    const key = `${protocol}/${String(n)}`;
    if (numbers.has(key)) errors.duplicate(at, { protocol, port: n ?? null });
    numbers.add(key);
    const nodePort = num(port.nodePort);
    if (nodePort !== undefined && nodePort !== 0) {
      if (type === "ClusterIP" || type === "ExternalName") errors.forbidden([...at, "nodePort"], `may not be used when \`type\` is '${type}'`);
      else if (isValidPortNum(nodePort).length) errors.invalid([...at, "nodePort"], nodePort, isValidPortNum(nodePort)[0]!);
      const nk = `${protocol}/${nodePort}`;
      if (nodePorts.has(nk)) errors.duplicate([...at, "nodePort"], nodePort);
      nodePorts.add(nk);
    }
  });
  const selector = obj(spec.selector);
  if (selector) checkLabels(selector, ["spec", "selector"], errors);
  list(spec.externalIPs).forEach((ip, i) => {
    if (typeof ip === "string" && !isIp(ip)) errors.invalid(["spec", "externalIPs", String(i)], ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
  });
  const etp = str(spec.externalTrafficPolicy);
  if (etp && type !== "NodePort" && type !== "LoadBalancer" && list(spec.externalIPs).length === 0) {
    errors.invalid(["spec", "externalTrafficPolicy"], etp, "may only be set for externally-accessible services");
  }
}

export function checkPersistentVolumeClaim(o: JsonObject, errors: FieldErrors): void {
  const spec = obj(o.spec) ?? {};
  if (list(spec.accessModes).length === 0) errors.required(["spec", "accessModes"], "at least 1 access mode is required");
  const requests = obj(obj(spec.resources)?.requests);
  if (!requests || requests.storage === undefined) errors.required(["spec", "resources", "requests"], "", "spec.resources[storage]");
}
