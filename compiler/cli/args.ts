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

const RENDER_HELP = `fedc render [REPO] [--out DIR] [--cluster NAME]... [--stdout] [--check] [--no-validate] [--format text|json|github]

Compile the repository (default: .) and write <output>/<cluster>/ (default output: rendered/).
  --out DIR        output directory, relative to the current directory; may be outside the
                   repository, never containing it (default: fedc.yaml "output", else rendered)
  --cluster NAME   only these clusters (repeatable); with --stdout exactly one. "_dns" names the
                   DNSEndpoints' directory when fedc.yaml sets no dns.cluster
  --stdout         print one cluster's manifests as a YAML stream; write nothing. Without --cluster,
                   the cluster is $PARAM_CLUSTER, else $ARGOCD_ENV_FEDC_CLUSTER (the Argo CD plugin's
                   parameter "cluster", else its env FEDC_CLUSTER)
  --check          write nothing; exit 1 when the committed output differs from a fresh render
  --no-validate    skip checking every emitted object against the Kubernetes and CRD schemas
  --format FORMAT  diagnostics as text (stderr, default), json (stdout, one array; on stderr with
                   --stdout, whose stdout is the manifests) or github (workflow annotations, paths
                   relative to $GITHUB_WORKSPACE or the git top level)
`;

const PLAN_HELP = `fedc plan [REPO] [--cluster NAME]... [--no-validate] [--format text|json]

Table of resources × clusters: replicas, or why a cluster was not chosen. Writes nothing.
  --cluster NAME   only these clusters' columns (repeatable)
  --no-validate    skip the output schema check
  --format FORMAT  text (default) or json: the data of fedc-plan.json on stdout (diagnostics on stderr)
`;

const VALIDATE_HELP = `fedc validate [REPO] [--kubeconform] [--format text|json|github]

Compile everything and report every problem, output validation included; write nothing.
  --kubeconform    also run kubeconform -strict (when it is on PATH) on every cluster's output
  --format FORMAT  diagnostics as text (stderr, default), json (stdout) or github (workflow annotations)
`;

const DIFF_HELP = `fedc diff [REPO] --base REF | --base-exact REF [--format text|markdown] [--exit-code]

Render the git revision REF and the working tree, and report per cluster the resources added,
removed and changed (with diffs), replica moves, clusters added or removed. Secret values are
masked. Never touches the working tree or the index.
  --base REF       compare with the merge base of REF and HEAD (branch, tag, commit), as a
                   pull request's diff does
  --base-exact REF compare with REF itself
  --format FORMAT  the report as text (default) or markdown (collapsible per cluster)
  --exit-code      exit 1 when anything changes (default: 0 whether or not it does)
`;

/** `fedc <command> --help`. */
export const COMMAND_HELP: Record<Command, string> = { render: RENDER_HELP, plan: PLAN_HELP, validate: VALIDATE_HELP, diff: DIFF_HELP };

export const USAGE = `fedc — federation as a compiler

Usage:
  fedc render   [REPO] [--out DIR] [--cluster NAME]... [--stdout] [--check] [--no-validate] [--format text|json|github]
  fedc plan     [REPO] [--cluster NAME]... [--no-validate] [--format text|json]
  fedc validate [REPO] [--kubeconform] [--format text|json|github]
  fedc diff     [REPO] --base REF | --base-exact REF [--format text|markdown] [--exit-code]
  fedc --help | --version
  fedc <command> --help     the options of one command

render     compile the repository and write <output>/<cluster>/ (default output: rendered/)
plan       table of resources × clusters: replicas, or why a cluster was not chosen
validate   compile everything and report problems; write nothing
diff       report per cluster what changes between the git revision REF and the working tree

Exit codes: 0 success, 1 errors in the input or output, 2 usage error.
`;

/** The help text for arguments that ask for it: a command's own, else the overview. */
export function helpText(argv: readonly string[]): string {
  const command = argv.find((a) => !a.startsWith("-"));
  return command && command in COMMAND_HELP ? COMMAND_HELP[command as Command] : USAGE;
}

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
    // Argo CD passes the plugin's parameters as PARAM_* and its environment as ARGOCD_ENV_*. The
    // parameter is the Application's explicit choice, so it beats the env (as the plugin documents).
    const fromEnv = env.PARAM_CLUSTER || env.ARGOCD_ENV_FEDC_CLUSTER;
    if (fromEnv) clusters.push(fromEnv);
  }
  if (stdout && clusters.length !== 1) throw new UsageError("--stdout needs exactly one --cluster NAME (or PARAM_CLUSTER / ARGOCD_ENV_FEDC_CLUSTER)");
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
