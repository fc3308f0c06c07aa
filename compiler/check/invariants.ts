import type { JsonObject, MemberObject } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { invalidLabel, invalidObjectName } from "../kube/names.js";
import { MAX_NESTING_DEPTH, nestingExceeds } from "../kube/yamlLimits.js";

function identity(m: MemberObject): string {
  const o = m.object;
  const apiVersion = String(o.apiVersion ?? "");
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  const meta = (o.metadata ?? {}) as JsonObject;
  return `${group}\0${String(o.kind)}\0${String(meta.namespace ?? "")}\0${String(meta.name)}`;
}

function cached(cache: Map<string, string | undefined>, s: string, check: (s: string) => string | undefined): string | undefined {
  if (cache.has(s)) return cache.get(s);
  const p = check(s);
  cache.set(s, p);
  return p;
}

/**
 * What must hold for every emitted object whatever the input: an apiVersion, a kind, a name that can
 * be a file name, the namespace its scope needs, and at most one source per object and cluster.
 */
export function checkInvariants(members: readonly MemberObject[], diagnostics: DiagnosticBag): MemberObject[] {
  const ok: MemberObject[] = [];
  const owners = new Map<string, MemberObject>();
  const collisions = new Map<string, Collision>();
  // Objects shared by clusters without overrides are measured once.
  const shallow = new WeakSet<JsonObject>();
  const identities = new Map<JsonObject, string>();
  const templateOf = new Map<string, MemberObject["template"]>();
  const contested = new Set<string>();
  // Every cluster repeats the same names: each distinct one is checked once.
  const nameProblems = new Map<string, string | undefined>();
  const labelProblems = new Map<string, string | undefined>();
  for (const m of members) {
    const o = m.object;
    const meta = o.metadata && typeof o.metadata === "object" && !Array.isArray(o.metadata) ? (o.metadata as JsonObject) : undefined;
    const problems: string[] = [];
    if (typeof o.apiVersion !== "string" || o.apiVersion === "") problems.push("apiVersion must be a non-empty string");
    if (typeof o.kind !== "string" || o.kind === "") problems.push("kind must be a non-empty string");
    const name = meta?.name;
    if (typeof name !== "string") problems.push("metadata.name is missing");
    else {
      const p = cached(nameProblems, name, invalidObjectName);
      if (p) problems.push(`metadata.name ${JSON.stringify(name)} ${p}`);
    }
    if (m.template.target.namespaced) {
      const ns = meta?.namespace;
      const p = typeof ns === "string" ? cached(labelProblems, ns, invalidLabel) : "is missing";
      if (p) problems.push(`metadata.namespace ${p}`);
    }
    // Inputs are at most MAX_NESTING_DEPTH deep, but overrides can stack values inside each other.
    if (!shallow.has(o)) {
      if (nestingExceeds(o)) problems.push(`its overrides nest maps and lists more than ${MAX_NESTING_DEPTH} levels deep`);
      else shallow.add(o);
    }
    if (problems.length > 0) {
      diagnostics.error("INVALID_OBJECT", `the ${String(o.kind)} for cluster "${m.cluster}" is invalid: ${problems.join("; ")}`, m.template.source.locate(m.template.templatePath));
      continue;
    }
    // Two inputs collide when different templates emit the same object into one cluster. Most
    // identities have one template: only those with more are checked cluster by cluster.
    let ident = identities.get(o);
    if (ident === undefined) identities.set(o, (ident = identity(m)));
    const firstTemplate = templateOf.get(ident);
    if (firstTemplate === undefined) templateOf.set(ident, m.template);
    else if (firstTemplate !== m.template) contested.add(ident);
    ok.push(m);
  }
  if (contested.size === 0) return ok;
  const kept: MemberObject[] = [];
  for (const m of ok) {
    const ident = identities.get(m.object)!;
    if (!contested.has(ident)) {
      kept.push(m);
      continue;
    }
    const id = `${m.cluster}\0${ident}`;
    const prev = owners.get(id);
    if (prev) {
      if (prev.template !== m.template) {
        // One error per object, naming every cluster once and every input that emits it.
        let c = collisions.get(ident);
        if (!c) collisions.set(ident, (c = { members: new Map(), clusters: new Set() }));
        c.members.set(prev.template, prev);
        c.members.set(m.template, m);
        c.clusters.add(m.cluster);
      }
      continue;
    }
    owners.set(id, m);
    kept.push(m);
  }
  reportCollisions(collisions, diagnostics);
  return kept;
}

interface Collision {
  members: Map<MemberObject["template"], MemberObject>;
  clusters: Set<string>;
}

function reportCollisions(collisions: Map<string, Collision>, diagnostics: DiagnosticBag): void {
  for (const { members, clusters } of collisions.values()) {
    // Reported at the input that comes last in the repository, the others as notes: the same whatever the file order.
    const inputs = [...members.values()].sort((a, b) => {
      const sa = a.template.source;
      const sb = b.template.source;
      return sa.file !== sb.file ? (sa.file < sb.file ? -1 : 1) : sa.offset - sb.offset;
    });
    const last = inputs[inputs.length - 1]!;
    const meta = last.object.metadata as JsonObject;
    const ns = meta.namespace ? `${String(meta.namespace)}/` : "";
    const names = [...clusters].sort();
    diagnostics.error(
      "OBJECT_COLLISION",
      `${String(last.object.kind)} ${ns}${String(meta.name)} would be emitted ${inputs.length === 2 ? "twice" : `by ${inputs.length} inputs`} into cluster${names.length > 1 ? "s" : ""} ${names.map((c) => `"${c}"`).join(", ")}; ${inputs.length === 2 ? "remove one of the two inputs" : "keep one of them"}`,
      last.template.source.locate(last.template.templatePath),
      inputs.slice(0, -1).map((o) => ({ message: "also emitted by", span: o.template.source.locate(o.template.templatePath) })),
    );
  }
}
