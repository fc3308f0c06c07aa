// Karmada spreadConstraints: webhook defaulting (`SetDefaultSpreadConstraints`) and validation
// (`validation.go:ValidateSpreadConstraint`).
import type { PolicySpreadConstraint, SourceDoc } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";

interface SpreadInput {
  spreadByField?: "cluster" | "region" | "zone" | "provider";
  spreadByLabel?: string;
  minGroups?: number;
  maxGroups?: number;
}

/** Defaulted constraints, or undefined when Karmada would reject them (errors reported). */
export function readSpreadConstraints(doc: SourceDoc, raw: readonly unknown[], diagnostics: DiagnosticBag): PolicySpreadConstraint[] | undefined {
  let ok = true;
  const at = (i: number, ...rest: string[]) => doc.locate(["spec", "placement", "spreadConstraints", i, ...rest]);
  const out: PolicySpreadConstraint[] = [];
  const fields = new Set<string>();
  (raw as SpreadInput[]).forEach((c, i) => {
    if (c.spreadByField && c.spreadByLabel) {
      diagnostics.error("KARMADA_POLICY_INVALID", "spreadByField and spreadByLabel cannot both be set", at(i, "spreadByLabel"));
      ok = false;
      return;
    }
    const minGroups = c.minGroups || 1;
    const maxGroups = c.maxGroups ?? 0;
    if (maxGroups > 0 && maxGroups < minGroups) {
      diagnostics.error("KARMADA_POLICY_INVALID", `maxGroups (${maxGroups}) must not be lower than minGroups (${minGroups})`, at(i, "maxGroups"));
      ok = false;
    }
    const field = c.spreadByLabel ? undefined : (c.spreadByField ?? "cluster");
    if (field) {
      if (fields.has(field)) {
        diagnostics.error("KARMADA_POLICY_INVALID", `spreadByField "${field}" is used twice`, at(i, "spreadByField"));
        ok = false;
      }
      fields.add(field);
    }
    if (field === "cluster" && c.maxGroups === undefined) {
      // Karmada does not default maxGroups: n = min(#clusters, 0) selects no cluster at all.
      diagnostics.warning(
        "KARMADA_SPREAD_IGNORED",
        "this cluster spread constraint has no maxGroups; Karmada does not default it and selects no cluster (set maxGroups)",
        at(i),
      );
    }
    out.push({ ...(field ? { spreadByField: field } : { spreadByLabel: c.spreadByLabel! }), minGroups, maxGroups, span: at(i) });
  });
  if (ok && fields.size > 0 && !fields.has("cluster")) {
    diagnostics.error("KARMADA_POLICY_INVALID", "a spreadByField other than cluster needs a cluster spread constraint too", at(0));
    ok = false;
  }
  return ok ? out : undefined;
}
