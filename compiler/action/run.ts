// The GitHub Action: renders the pull request's base revision and its head (the checked-out working
// tree), writes the per-cluster report to the job summary, annotates errors, keeps one sticky PR
// comment up to date, and can fail when the committed output is stale. A thin entry point: the
// comparison is `fedc diff`'s, the rendering of the report is compiler/report's.
import path from "node:path";
import { compile, renderDiagnostics, withPathPrefix, type CompileResult, type Diagnostic } from "../index.js";
import { ensureGitCommit } from "../load/index.js";
import { renderMarkdown, renderRevisionMarkdown, renderText, summarizeResult, type FleetDiff } from "../report/index.js";
import { compareWithRevision } from "../cli/diff.js";
import { compareOutputTree } from "../cli/outputTree.js";
import { runKubeconform } from "../cli/kubeconform.js";
import { COMMENT_LIMIT, commentMarker, GitHubApiError, upsertComment } from "./comment.js";
import { appendSummary, escapeData, rawLog, getBooleanInput, getInput, InputError, readEvent, runUrl, setOutputs, type ActionEvent, type Env } from "./github.js";

/** GitHub's limit on one step's job summary is 1 MiB; this leaves room for other steps' lines. */
const SUMMARY_LIMIT_BYTES = 1_000_000;

interface Inputs {
  directory: string;
  base: string;
  baseExact: boolean;
  comment: boolean;
  failOnStale: boolean;
  kubeconform: boolean;
  token: string;
}

function readInputs(env: Env): Inputs {
  return {
    directory: getInput(env, "directory") || ".",
    base: getInput(env, "base"),
    baseExact: getBooleanInput(env, "base-exact", false),
    comment: getBooleanInput(env, "comment", true),
    failOnStale: getBooleanInput(env, "fail-on-stale", false),
    kubeconform: getBooleanInput(env, "kubeconform", false),
    token: getInput(env, "github-token"),
  };
}

function problem(code: Diagnostic["code"], severity: Diagnostic["severity"], message: string, notes: string[] = []): Diagnostic {
  return { code, severity, message, notes: notes.map((n) => ({ message: n })) };
}

/**
 * Workflow annotations for diagnostics whose paths are relative to the fedc repository, which may
 * be a sub-directory of the workspace: GitHub places an annotation by workspace-relative path.
 */
function annotations(diagnostics: readonly Diagnostic[], sources: CompileResult["sources"], prefix: string): string {
  const moved = withPathPrefix(diagnostics, sources, prefix);
  return renderDiagnostics(moved.diagnostics, "github", moved.sources);
}

function headName(event: ActionEvent, env: Env): string {
  const pr = event.pullRequest;
  if (pr) return `#${pr.number}${pr.headRef ? ` ${pr.headRef}` : ""}`;
  return env.GITHUB_REF_NAME || "working tree";
}

/** Runs the Action; returns the process exit code. `log` is the step's stdout (workflow commands). */
export async function run(env: Env, log: (s: string) => void): Promise<number> {
  const failures: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  let inputs: Inputs;
  let event: ActionEvent;
  try {
    inputs = readInputs(env);
    event = await readEvent(env);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    log(`::error title=fedc::${escapeData(e.message)}\n`);
    return 1;
  }
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const repo = path.resolve(workspace, inputs.directory);
  const rel = path.relative(workspace, repo).split(path.sep).join("/");
  // The fleet is in the workspace: `..` or an absolute path would render (and read) other checkouts.
  if (rel === ".." || rel.startsWith("../") || path.isAbsolute(rel)) {
    log(`::error title=fedc::${escapeData(`directory ${JSON.stringify(inputs.directory)} is outside the workspace (${workspace}); give a path inside it, relative to it`)}\n`);
    return 1;
  }
  const prefix = rel;
  const pr = event.pullRequest;
  const baseRef = inputs.base || pr?.baseSha || "";

  // Render: the base and the head when there is a base, else the head alone.
  let head: CompileResult;
  let diff: FleetDiff | undefined;
  let baseCommit: string | undefined;
  if (baseRef) {
    // Every git call uses the workspace's repository, never one git would discover in `directory`.
    const git = { top: workspace };
    const resolved = await ensureGitCommit(repo, baseRef, git);
    if ("code" in resolved) {
      log(renderDiagnostics([problem(resolved.code, "error", resolved.message)], "github", () => undefined));
      return 1;
    }
    baseCommit = resolved.commit;
    const names = { base: inputs.base || pr?.baseRef || baseRef, head: headName(event, env) };
    const comparison = await compareWithRevision(repo, resolved.commit, names, { ...git, exact: inputs.baseExact, deepen: true });
    if ("code" in comparison) {
      log(renderDiagnostics([comparison], "github", () => undefined));
      return 1;
    }
    head = comparison.head;
    diff = comparison.diff;
    if (!comparison.base.ok && head.ok) {
      warnings.push(problem("BASE_NOT_COMPILED", "warning", `the base ${diff.base.label} does not compile (${diff.base.errorCount} errors); the report shows the head only`));
    }
  } else {
    warnings.push(problem("NO_BASE_REVISION", "warning", "no base revision (the event is not a pull request and the base input is empty): rendering and checking the head only"));
    head = await compile({ repo });
  }

  // fail-on-stale: the committed output must be what a fresh render writes.
  const notes: string[] = [];
  let stale = false;
  if (inputs.failOnStale && head.ok) {
    const tree = await compareOutputTree(repo, head.outDir, head.files);
    const files = [...tree.added.map((f) => `added: ${f}`), ...tree.changed.map((f) => `changed: ${f}`), ...tree.removed.map((f) => `removed: ${f}`)];
    if (files.length > 0) {
      stale = true;
      const out = prefix ? `${prefix}/${head.outDir}` : head.outDir;
      failures.push(problem("OUTPUT_STALE", "error", `${out}/ is out of date (${files.length} file${files.length === 1 ? "" : "s"}); run "fedc render" and commit the result`, files));
      notes.push(`> [!CAUTION]\n> \`${out}/\` is out of date: ${files.length} file${files.length === 1 ? " differs" : "s differ"} from a fresh render. Run \`fedc render\` and commit the result.`);
    }
  }

  // kubeconform: a second opinion on the head's output, located at the sources like fedc's own.
  const checked: Diagnostic[] = [];
  if (inputs.kubeconform && head.ok) {
    const outcome = await runKubeconform(head.clusters, head.config.kubernetesVersion, env);
    checked.push(...outcome.diagnostics);
    if (outcome.summary) log(`fedc: ${outcome.summary}\n`);
  }
  const kubeconformFailed = checked.some((d) => d.severity === "error");

  // The PR comment, before the summary, so the summary can say when it was not posted.
  if (inputs.comment && pr) {
    const markdown = (limit?: number) =>
      diff
        ? renderMarkdown(diff, { notes, limit, limitName: "GitHub's 65,536-character comment limit", fullReport: summaryLink(env) })
        : renderRevisionMarkdown(summarizeResult(head, headName(event, env)), { notes });
    const marker = commentMarker(prefix);
    const body = `${marker}\n${markdown(COMMENT_LIMIT - marker.length - 1)}`;
    const notPosted = (why: string) => warnings.push(problem("COMMENT_NOT_POSTED", "warning", `the pull request comment was not posted: ${why}; the report is in the job summary`));
    if (pr.fromFork && event.name === "pull_request") notPosted("the pull request comes from a fork, and its token cannot write");
    else if (!inputs.token) notPosted("the github-token input is empty");
    else if (!event.repository) notPosted("GITHUB_REPOSITORY is not set");
    else {
      try {
        const apiUrl = (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
        const result = await upsertComment({ apiUrl, token: inputs.token, repository: event.repository, issue: pr.number }, marker, body);
        log(`fedc: ${result.action} the pull request comment${result.url ? ` ${result.url}` : ""}\n`);
      } catch (e) {
        if (!(e instanceof GitHubApiError)) throw e;
        // 403: a read-only token (a fork, or permissions: contents: read only); never a reason to fail the check.
        if (e.status === 403) notPosted(`the token may not write to this pull request (${e.message}); grant "pull-requests: write"`);
        else failures.push(problem("GITHUB_API_FAILED", "error", e.message));
      }
    }
  }

  // The job summary gets the full report (within GitHub's 1 MiB).
  const summaryNotes = [...notes, ...warnings.filter((w) => w.code === "COMMENT_NOT_POSTED").map((w) => `> [!NOTE]\n> ${w.message.charAt(0).toUpperCase()}${w.message.slice(1)}.`)];
  const summary = diff
    ? renderMarkdown(diff, {
        notes: summaryNotes,
        limit: SUMMARY_LIMIT_BYTES,
        measure: (s) => Buffer.byteLength(s),
        limitName: "GitHub's 1 MiB job summary limit",
        fullReport: baseCommit ? `the output of \`fedc diff ${inputs.baseExact ? "--base-exact" : "--base"} ${baseCommit}\`` : undefined,
      })
    : renderRevisionMarkdown(summarizeResult(head, headName(event, env)), { notes: summaryNotes });
  if (!(await appendSummary(env, summary))) log("fedc: GITHUB_STEP_SUMMARY is not set; the report follows\n" + rawLog(summary));

  // The log: annotations for every diagnostic, and the text report in a collapsed group.
  log(annotations([...head.diagnostics, ...checked], head.sources, prefix));
  log(renderDiagnostics([...warnings, ...failures], "github", () => undefined));
  if (diff) log(`::group::fedc diff\n${rawLog(renderText(diff))}::endgroup::\n`);

  const totals = diff?.totals;
  await setOutputs(env, {
    "changed-clusters": String(diff?.changedClusters.length ?? 0),
    "changed-cluster-names": JSON.stringify(diff?.changedClusters ?? []),
    added: String(totals?.added ?? 0),
    changed: String(totals?.changed ?? 0),
    removed: String(totals?.removed ?? 0),
    stale: String(stale),
  });
  return !head.ok || kubeconformFailed || failures.length > 0 ? 1 : 0;
}

function summaryLink(env: Env): string {
  const url = runUrl(env);
  return url ? `the [job summary](${url})` : "the job summary";
}
