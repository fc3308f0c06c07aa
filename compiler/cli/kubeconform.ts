// `fedc validate --kubeconform`: a second opinion from the kubeconform binary, when it is on PATH.
// Each cluster's rendered stream goes to `kubeconform -strict -summary` on stdin, and what it
// rejects comes back as diagnostics at the object's source. Missing schemas are skipped
// (-ignore-missing-schemas): kubeconform knows no CRDs unless told where they are, and fedc has
// already checked custom resources against the CRDs in the repository.
import { spawn } from "node:child_process";
import { clusterStream, type ClusterOutput, type Diagnostic } from "../index.js";

/** kubeconform's JSON output (pkg/output/json.go, with -summary). */
interface KubeconformReport {
  resources?: Array<{
    kind: string;
    name: string;
    version: string;
    status: string;
    msg?: string;
    validationErrors?: Array<{ path: string; msg: string }>;
  }>;
  summary?: { valid: number; invalid: number; errors: number; skipped: number };
}

export interface KubeconformOutcome {
  diagnostics: Diagnostic[];
  /** "kubeconform: 120 resources, 118 valid, 1 invalid, 0 errors, 1 skipped" — undefined when it did not run. */
  summary?: string;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  missing: boolean;
}

function runOnce(binary: string, args: string[], input: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (e: NodeJS.ErrnoException) => resolve({ code: null, stdout, stderr: e.message, missing: e.code === "ENOENT" }));
    child.on("close", (code) => resolve({ code, stdout, stderr, missing: false }));
    child.stdin.on("error", () => {}); // kubeconform may exit before reading everything
    child.stdin.end(input);
  });
}

/** kubeconform wants a full version ("1.33.0"); fedc.yaml may say "1.33". */
export function kubeconformVersion(kubernetesVersion: string): string {
  const v = kubernetesVersion.replace(/^v/, "");
  return /^\d+\.\d+$/.test(v) ? `${v}.0` : v;
}

export async function runKubeconform(clusters: readonly ClusterOutput[], kubernetesVersion: string, env: NodeJS.ProcessEnv): Promise<KubeconformOutcome> {
  const args = ["-strict", "-summary", "-ignore-missing-schemas", "-output", "json", "-kubernetes-version", kubeconformVersion(kubernetesVersion)];
  const diagnostics: Diagnostic[] = [];
  const total = { resources: 0, valid: 0, invalid: 0, errors: 0, skipped: 0 };
  const unchecked: string[] = [];
  for (const cluster of clusters) {
    if (cluster.objects.length === 0) continue;
    const run = await runOnce("kubeconform", args, clusterStream(cluster), env);
    if (run.missing) {
      return {
        diagnostics: [{
          code: "KUBECONFORM_UNAVAILABLE",
          severity: "warning",
          message: "--kubeconform: kubeconform is not on PATH, so it did not run (only fedc's own validation did); install it from github.com/yannh/kubeconform/releases",
          notes: [],
        }],
      };
    }
    let report: KubeconformReport;
    try {
      report = JSON.parse(run.stdout) as KubeconformReport;
    } catch {
      diagnostics.push({
        code: "KUBECONFORM_UNAVAILABLE",
        severity: "warning",
        message: `--kubeconform: kubeconform failed on cluster "${cluster.cluster}" (exit ${run.code ?? "?"}): ${(run.stderr || run.stdout).trim().split("\n")[0] ?? ""}`,
        notes: [],
      });
      continue;
    }
    const s = report.summary;
    if (s) {
      total.valid += s.valid;
      total.invalid += s.invalid;
      total.errors += s.errors;
      total.skipped += s.skipped;
      total.resources += s.valid + s.invalid + s.errors + s.skipped;
    }
    for (const r of report.resources ?? []) {
      const object = cluster.objects.find((o) => o.key.kind === r.kind && String(o.member.object.apiVersion) === r.version && o.key.name === r.name);
      const label = `${r.kind} ${object?.key.namespace ? `${object.key.namespace}/` : ""}${r.name}`;
      if (r.status === "statusInvalid") {
        const problems = r.validationErrors?.length ? r.validationErrors.map((e) => `${e.path}: ${e.msg}`) : [r.msg ?? "invalid"];
        const span = object ? object.member.template.source.locate(object.member.template.templatePath) : undefined;
        diagnostics.push({
          code: "KUBECONFORM_FAILED",
          severity: "error",
          message: `kubeconform rejects ${label} in cluster "${cluster.cluster}": ${problems.join("; ")}`,
          span,
          notes: [],
        });
      } else if (r.status === "statusError") {
        unchecked.push(`${label} (cluster "${cluster.cluster}"): ${r.msg ?? "error"}`);
      }
    }
  }
  if (unchecked.length > 0) {
    diagnostics.push({
      code: "KUBECONFORM_UNAVAILABLE",
      severity: "warning",
      message: `--kubeconform: kubeconform could not check ${unchecked.length} object${unchecked.length > 1 ? "s" : ""} (schemas not reachable?)`,
      notes: unchecked.slice(0, 10).map((message) => ({ message })),
    });
  }
  const summary =
    `kubeconform -strict (Kubernetes ${kubeconformVersion(kubernetesVersion)}): ${total.resources} resources, ` +
    `${total.valid} valid, ${total.invalid} invalid, ${total.errors} errors, ${total.skipped} skipped`;
  return { diagnostics, summary };
}
