// `fedc diff`: renders a git revision and the working tree, and reports per cluster what changes
// (resources added, removed and changed with their diffs, replica moves, clusters added or removed).
// The GitHub Action uses the same comparison.
import { compile, renderDiagnostics, type CompileResult, type Diagnostic } from "../index.js";
import { mergeBase, readGitRevision, type GitOptions } from "../load/index.js";
import { diffResults, hasChanges, renderMarkdown, renderText, type FleetDiff } from "../report/index.js";
import type { CliOptions } from "./args.js";

export interface RevisionComparison {
  base: CompileResult;
  head: CompileResult;
  diff: FleetDiff;
  /** The base revision's full commit id. */
  commit: string;
}

/** "main (1a2b3c4)"; just the short id when the revision was named by its id. */
export function revisionLabel(ref: string, commit: string): string {
  const short = commit.slice(0, 7);
  return /^[0-9a-f]{4,40}$/i.test(ref) && commit.startsWith(ref.toLowerCase()) ? short : `${ref} (${short})`;
}

export interface CompareOptions extends GitOptions {
  /** Compare with `ref` itself, not with the merge base of `ref` and HEAD (`--base-exact`). */
  exact?: boolean;
}

/**
 * Compiles `repo` at the merge base of the git revision `ref` and HEAD (as GitHub's pull-request
 * diff does, so a branch behind `ref` does not show `ref`'s later changes as reverts; `exact`: at
 * `ref` itself) and as it is on disk, and compares the two. `names` are how the report calls the
 * sides (default: the ref as given, and "working tree").
 */
export async function compareWithRevision(
  repo: string,
  ref: string,
  names: { base?: string; head?: string } = {},
  options: CompareOptions = {},
): Promise<RevisionComparison | Diagnostic> {
  const fail = (p: { code: Diagnostic["code"]; message: string }): Diagnostic => ({ code: p.code, severity: "error", message: p.message, notes: [] });
  const merged = options.exact ? undefined : await mergeBase(repo, ref, options);
  if (merged && "code" in merged) return fail(merged);
  const revision = await readGitRevision(repo, merged?.commit ?? ref, options);
  if ("code" in revision) return fail(revision);
  const base = await compile({ repo: revision.fs });
  const head = await compile({ repo });
  const label = !merged || merged.refCommit === merged.commit ? revisionLabel(names.base ?? ref, revision.commit) : `${names.base ?? ref} (merge base ${revision.commit.slice(0, 7)})`;
  const diff = diffResults(base, head, { base: label, head: names.head ?? "working tree" });
  return { base, head, diff, commit: revision.commit };
}

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Runs `fedc diff`; returns the exit code. */
export async function runDiff(options: CliOptions, io: Io): Promise<number> {
  const comparison = await compareWithRevision(options.repo, options.base!, {}, { exact: options.baseExact });
  if ("code" in comparison) {
    io.stderr(renderDiagnostics([comparison], "text", () => undefined));
    return 1;
  }
  const { base, head, diff } = comparison;
  const extra: Diagnostic[] = [];
  if (!base.ok && head.ok) {
    extra.push({
      code: "BASE_NOT_COMPILED",
      severity: "warning",
      message: `the base ${diff.base.label} does not compile (${diff.base.errorCount} error${diff.base.errorCount === 1 ? "" : "s"}, quoted in the report); only the working tree is shown`,
      notes: [],
    });
  }
  io.stderr(renderDiagnostics([...head.diagnostics, ...extra], "text", head.sources));
  io.stdout(options.reportFormat === "markdown" ? renderMarkdown(diff) : renderText(diff));
  if (!head.ok) {
    const n = diff.head.errorCount;
    io.stderr(`fedc: ${n} error${n === 1 ? "" : "s"} in the working tree; nothing to compare\n`);
    return 1;
  }
  // --exit-code: 1 when the render changes, or when the base cannot tell (it does not compile).
  return options.exitCode && (hasChanges(diff) || !base.ok) ? 1 : 0;
}
