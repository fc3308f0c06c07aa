import { parseArgs } from "node:util";
import type { DiagnosticFormat } from "../index.js";

export type Command = "render" | "validate" | "plan" | "diff";

export interface CliOptions {
  command: Command;
  repo: string;
  out?: string;
  clusters: string[];
  stdout: boolean;
  check: boolean;
  format: DiagnosticFormat;
  /** diff: the git revision to compare with, and how the report is printed. */
  base?: string;
  reportFormat: "text" | "markdown";
  /** diff: compare with `base` itself (`--base-exact REF`), not with its merge base with HEAD. */
  baseExact?: boolean;
  /** diff: exit 1 when the render changes. */
  exitCode: boolean;
  /** render, plan: --no-validate skips the output schema check. */
  noValidate?: boolean;
  /** validate: --kubeconform also runs the kubeconform binary. */
  kubeconform?: boolean;
}

export class UsageError extends Error {}

export const USAGE = `fedc — federation as a compiler

Usage:
  fedc render   [REPO] [--out DIR] [--cluster NAME]... [--stdout] [--check] [--no-validate] [--format text|json|github]
  fedc plan     [REPO] [--cluster NAME]... [--no-validate] [--format text|json]
  fedc validate [REPO] [--kubeconform] [--format text|json|github]
  fedc diff     [REPO] --base REF | --base-exact REF [--format text|markdown] [--exit-code]
  fedc --help | --version

render     compile the repository and write <output>/<cluster>/ (default output: rendered/)
  --out DIR        output directory, relative to the current directory; may be outside the
                   repository, never containing it (default: fedc.yaml "output", else rendered)
  --cluster NAME   only these clusters (repeatable); with --stdout exactly one.
                   Defaults to $ARGOCD_ENV_FEDC_CLUSTER or $PARAM_CLUSTER (Argo CD plugin) with --stdout
  --stdout         print one cluster's manifests as a YAML stream; write nothing
  --check          write nothing; exit 1 when the committed output differs from a fresh render
  --no-validate    skip checking every emitted object against the Kubernetes and CRD schemas
plan       table of resources × clusters: replicas, or why a cluster was not chosen; --format json
           prints the same data as fedc-plan.json
validate   compile everything and report problems; write nothing
  --kubeconform    also run kubeconform -strict (when it is on PATH) on every cluster's output
  --format         diagnostics as text (default), json, or GitHub workflow annotations
diff       render the git revision REF and the working tree, and report per cluster the resources
           added, removed and changed (with diffs), replica moves, clusters added or removed.
           Secret values are masked. Never touches the working tree or the index
  --base REF       compare with the merge base of REF and HEAD (branch, tag, commit), as a
                   pull request's diff does
  --base-exact REF compare with REF itself
  --format         the report as text (default) or markdown (collapsible per cluster)
  --exit-code      exit 1 when anything changes (default: 0 whether or not it does)

Exit codes: 0 success, 1 errors in the input or output, 2 usage error.
`;

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: "string" },
        cluster: { type: "string", multiple: true },
        stdout: { type: "boolean" },
        check: { type: "boolean" },
        format: { type: "string" },
        base: { type: "string" },
        "base-exact": { type: "string" },
        "exit-code": { type: "boolean" },
        "no-validate": { type: "boolean" },
        kubeconform: { type: "boolean" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const [command, repo, ...extra] = parsed.positionals;
  if (command !== "render" && command !== "validate" && command !== "plan" && command !== "diff") {
    throw new UsageError(command ? `unknown command "${command}"` : "missing command");
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const v = parsed.values;
  if (command !== "render" && command !== "plan" && v["no-validate"]) throw new UsageError("--no-validate is an option of fedc render and fedc plan");
  if (command !== "validate" && v.kubeconform) throw new UsageError("--kubeconform is an option of fedc validate");
  if (command === "diff") return parseDiff(repo, v);
  if (v.base !== undefined || v["base-exact"] !== undefined || v["exit-code"]) throw new UsageError("--base, --base-exact and --exit-code are options of fedc diff");
  const format = (parsed.values.format ?? "text") as DiagnosticFormat;
  if (!["text", "json", "github"].includes(format)) throw new UsageError(`--format must be text, json or github, not "${format}"`);
  if (command === "validate" && (v.out || v.stdout || v.check || v.cluster)) {
    throw new UsageError("validate takes only REPO, --kubeconform and --format");
  }
  if (command === "plan" && (v.out || v.stdout || v.check)) throw new UsageError("plan takes only REPO, --cluster and --format");
  if (command === "plan" && format === "github") throw new UsageError("plan --format must be text or json");
  const clusters = [...(v.cluster ?? [])];
  const stdout = v.stdout === true;
  if (stdout && clusters.length === 0) {
    // Argo CD passes the plugin's environment as ARGOCD_ENV_* and parameters as PARAM_*.
    const fromEnv = env.ARGOCD_ENV_FEDC_CLUSTER || env.PARAM_CLUSTER;
    if (fromEnv) clusters.push(fromEnv);
  }
  if (stdout && clusters.length !== 1) throw new UsageError("--stdout needs exactly one --cluster NAME (or ARGOCD_ENV_FEDC_CLUSTER)");
  if (stdout && v.check) throw new UsageError("--stdout and --check cannot be combined");
  return {
    command, repo: repo ?? ".", out: v.out, clusters, stdout, check: v.check === true, format, reportFormat: "text", exitCode: false,
    noValidate: v["no-validate"] === true, kubeconform: v.kubeconform === true,
  };
}

function parseDiff(
  repo: string | undefined,
  v: { out?: string; cluster?: string[]; stdout?: boolean; check?: boolean; format?: string; base?: string; "base-exact"?: string; "exit-code"?: boolean },
): CliOptions {
  if (v.out !== undefined || v.cluster || v.stdout || v.check) throw new UsageError("diff takes only REPO, --base (or --base-exact), --format and --exit-code");
  if (v.base && v["base-exact"]) throw new UsageError("give --base REF (the merge base with HEAD) or --base-exact REF, not both");
  const base = v.base || v["base-exact"];
  if (!base) throw new UsageError("diff needs --base REF, the git revision to compare with (e.g. --base main)");
  const reportFormat = v.format ?? "text";
  if (reportFormat !== "text" && reportFormat !== "markdown") throw new UsageError(`diff --format must be text or markdown, not "${reportFormat}"`);
  return { command: "diff", repo: repo ?? ".", clusters: [], stdout: false, check: false, format: "text", base, baseExact: !v.base, reportFormat, exitCode: v["exit-code"] === true };
}
