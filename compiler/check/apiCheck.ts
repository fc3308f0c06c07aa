// Runs the API server's rules (apiRules.ts) over the emitted objects as cheaply as they can be run:
// every distinct object once, and the per-cluster copies of a template that differ from each other
// only where no rule looks (an image, resources, command lines: the overrides fleets write most)
// once per template. 50 clusters × 200 resources: 1,867 distinct objects, most of them Deployments
// whose image registry is overridden per cluster, checked as ~250.
import type { Json, JsonObject, MemberObject, PatchOp, Span, Template } from "../model.js";
import type { Note } from "../diagnostics/index.js";
import { parsePointer } from "../kube/fieldPaths.js";
import { apiProblems, integerProblems } from "./apiRules.js";
import type { FieldProblem } from "./fieldErrors.js";
import { problemSpan } from "./problemSource.js";

export interface ApiFinding {
  message: string;
  span: Span;
  notes: Note[];
}

/** Fields no rule reads, when written outside metadata and data maps. */
const UNREAD_FIELDS = new Set(["image", "imagePullPolicy", "resources", "limits", "requests", "cpu", "memory", "command", "args", "workingDir", "value"]);
/** Segments under which any key can matter (labels, annotations, data keys, selectors). */
const READ_CONTEXTS = new Set(["metadata", "labels", "annotations", "data", "binaryData", "stringData", "selector", "matchLabels", "finalizers"]);
/** Fields the replica planners write without an override op. */
const PLANNED = ["replicas", "parallelism", "completions", "minReplicas", "maxReplicas"];

/** Per distinct op path (every cluster's override of a template writes the same few paths). */
const unreadPaths = new Map<string, boolean>();

function unread(op: PatchOp): boolean {
  if (op.op === "remove") return false;
  let known = unreadPaths.get(op.path);
  if (known === undefined) {
    const path = parsePointer(op.path);
    const last = path[path.length - 1];
    known = last !== undefined && UNREAD_FIELDS.has(last) && !path.some((s) => READ_CONTEXTS.has(s));
    if (unreadPaths.size >= 10_000) unreadPaths.clear();
    unreadPaths.set(op.path, known);
  }
  return known;
}

function plannedFields(o: JsonObject): string {
  const spec = o.spec;
  if (!spec || typeof spec !== "object" || Array.isArray(spec)) return "";
  return PLANNED.map((f) => JSON.stringify(spec[f] ?? null)).join(",");
}

interface IntegerFindings {
  template: FieldProblem[];
  overrides: { op: PatchOp; cluster: string; problems: FieldProblem[] }[];
}
const NONE: readonly ApiFinding[] = [];

interface TemplateEntry {
  /** The override ops by cluster, indexed once a second cluster of the template is checked. */
  ops?: Map<string, PatchOp[]>;
  onlyUnread: Map<string, boolean>;
  shared?: { planned: string; problems: FieldProblem[] };
}

/** One cluster's override ops of a template: a scan for the first cluster asked (--cluster asks one), an index after. */
function clusterOps(t: Template, entry: TemplateEntry, cluster: string): readonly PatchOp[] {
  if (!entry.ops && entry.onlyUnread.size === 0) return t.overrides.filter((o) => o.clusterName === cluster).flatMap((o) => o.ops);
  if (!entry.ops) {
    entry.ops = new Map();
    for (const o of t.overrides) {
      const list = entry.ops.get(o.clusterName);
      if (list) list.push(...o.ops);
      else entry.ops.set(o.clusterName, [...o.ops]);
    }
  }
  return entry.ops.get(cluster) ?? [];
}
const NO_INTEGERS: IntegerFindings = { template: [], overrides: [] };

export class ApiChecker {
  private readonly byObject = new WeakMap<JsonObject, FieldProblem[]>();
  /** Per template: does each cluster's override set touch only unread fields, and the problems of the first such copy. */
  private readonly byTemplate = new WeakMap<Template, TemplateEntry>();
  private readonly integers = new WeakMap<Template, IntegerFindings>();

  constructor(private readonly minor: number) {}

  /** What the API server would reject in member `m` (most often nothing: then no allocation at all). */
  findings(m: MemberObject, group: string, kind: string, builtIn: boolean, nameOf: (o: JsonObject) => string): readonly ApiFinding[] {
    const problems = this.problems(m, group, kind, builtIn);
    const ints = builtIn ? this.integerFindings(m.template) : NO_INTEGERS;
    if (problems.length === 0 && ints.template.length === 0 && ints.overrides.length === 0) return NONE;
    const t = m.template;
    const name = nameOf(m.object);
    const declared = (): Note[] => [{ message: `${name} is declared here`, span: t.source.locate(t.templatePath) }];
    const out: ApiFinding[] = [];
    for (const p of problems) {
      const { span, override } = problemSpan(m, p.path, p.part);
      out.push({ message: `${name}: ${p.message}`, span, notes: override ? declared() : [] });
    }
    for (const p of ints.template) out.push({ message: `${name}: ${p.message}`, span: t.source.locate([...t.templatePath, ...p.path]), notes: [] });
    for (const { op, cluster, problems: found } of ints.overrides) {
      if (cluster === m.cluster) for (const p of found) out.push({ message: `${name}: ${p.message}`, span: op.span, notes: declared() });
    }
    return out;
  }

  private problems(m: MemberObject, group: string, kind: string, builtIn: boolean): FieldProblem[] {
    const o = m.object;
    const known = this.byObject.get(o);
    if (known) return known;
    const t = m.template;
    let entry = this.byTemplate.get(t);
    if (!entry) {
      this.byTemplate.set(t, (entry = { onlyUnread: new Map() }));
    }
    // A copy whose overrides write only unread fields has the problems of any other such copy
    // (same template, same planned replica fields). Decided per cluster when it is first checked:
    // --cluster checks one cluster of a thousand.
    let shareable = entry.onlyUnread.get(m.cluster);
    if (shareable === undefined) entry.onlyUnread.set(m.cluster, (shareable = clusterOps(t, entry, m.cluster).every(unread)));
    const planned = shareable ? plannedFields(o) : "";
    if (shareable && entry.shared && entry.shared.planned === planned) {
      this.byObject.set(o, entry.shared.problems);
      return entry.shared.problems;
    }
    const problems = apiProblems(o, group, kind, { minor: this.minor, builtIn });
    this.byObject.set(o, problems);
    if (shareable && !entry.shared) entry.shared = { planned, problems };
    return problems;
  }

  /** Integers out of range, once per template and per override value (see integerProblems). */
  private integerFindings(t: Template): IntegerFindings {
    let found = this.integers.get(t);
    if (found) return found;
    found = { template: integerProblems(t.object), overrides: [] };
    for (const o of t.overrides) {
      for (const op of o.ops) {
        const v: Json | undefined = op.value;
        if (v === undefined || v === null || typeof v === "string" || typeof v === "boolean") continue;
        // The pointer is parsed only for a value that has a problem.
        if (integerProblems(v).length) found.overrides.push({ op, cluster: o.clusterName, problems: integerProblems(v, parsePointer(op.path)) });
      }
    }
    this.integers.set(t, found);
    return found;
  }
}
