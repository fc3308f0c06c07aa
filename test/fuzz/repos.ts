// The fuzz tests' inputs and their assertions, shared by the fixed-seed run in `npm test` and the
// long run of `npm run fuzz`.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";
import type { CompileResult, DiagnosticCode } from "../../compiler/index.js";
import { FIXTURES } from "../support/golden.js";
import type { Repo } from "./mutate.js";

/**
 * Error codes that legitimately have no file location: they are about the command line, the output
 * directory or git, not about a line of the repository. Every other error points at its input.
 */
export const UNLOCATED_ERRORS: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  "UNKNOWN_CLUSTER_ARGUMENT", // a --cluster argument
  "REPOSITORY_NOT_FOUND", // the REPO argument
  "OUTPUT_NOT_OWNED", // the output directory …
  "OUTPUT_UNSAFE",
  "OUTPUT_LOCKED",
  "OUTPUT_WRITE_FAILED",
  "OUTPUT_STALE",
  "GIT_UNAVAILABLE", // fedc diff / the Action: git and GitHub
  "GIT_REVISION_NOT_FOUND",
  "GITHUB_API_FAILED",
  "KUBECONFORM_FAILED", // an external validator's verdict on the rendered tree
]);

/** How many runs: small and fixed in `npm test`, FUZZ_RUNS (set by `npm run fuzz`) for a long run. */
export function runs(fixed: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : fixed;
}

/** A test's time limit for `n` runs (a long run takes as long as it needs). */
export function timeout(n: number): number {
  return Math.max(60_000, n * 100);
}

/** A seed per property: fixed in `npm test` (reproducible), random in a long run unless FUZZ_SEED is set. */
export function seed(fixed: number): number | undefined {
  if (process.env.FUZZ_SEED) return Number(process.env.FUZZ_SEED);
  return process.env.FUZZ_RUNS ? undefined : fixed;
}

async function readTree(dir: string, prefix = ""): Promise<Repo> {
  const out: Repo = {};
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, await readTree(path.join(dir, e.name), rel));
    else if (e.isFile()) out[rel] = await readFile(path.join(dir, e.name), "utf8");
  }
  return out;
}

/** Every fixture's input repository, by fixture name. */
export async function fixtureRepos(): Promise<[string, Repo][]> {
  const names = (await readdir(FIXTURES, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(names.map(async (n): Promise<[string, Repo]> => [n, await readTree(path.join(FIXTURES, n, "input"))]));
}

/** Writes `repo` as the input files of `dir`, leaving everything else (the output tree) in place. */
export async function writeRepo(dir: string, before: Repo, repo: Repo): Promise<void> {
  for (const f of Object.keys(before)) if (!(f in repo)) await rm(path.join(dir, f), { force: true });
  for (const [f, text] of Object.entries(repo)) {
    await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await writeFile(path.join(dir, f), text);
  }
}

export { readTree };

/** True when a path written into the output directory stays inside it. */
export function safeOutputPath(p: string): boolean {
  return p !== "" && !p.startsWith("/") && !p.includes("\\") && !p.includes("\0") && p.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}

/** What must hold for any compile of any repository, however broken. */
export function expectWellFormed(result: CompileResult, repo: Repo): void {
  for (const d of result.diagnostics) {
    if (d.span) {
      const text = repo[d.span.file];
      expect(text, `${d.code} points at ${d.span.file}, which is not a repository file`).toBeDefined();
      expect(d.span.start, `${d.code}: ${d.message}`).toBeLessThanOrEqual(text!.length);
    } else if (d.severity === "error") {
      expect(UNLOCATED_ERRORS.has(d.code), `error ${d.code} has no location: ${d.message}`).toBe(true);
    }
  }
  const paths = result.files.map((f) => f.path);
  expect(new Set(paths).size, "output paths are unique").toBe(paths.length);
  for (const p of paths) expect(safeOutputPath(p), `unsafe output path ${JSON.stringify(p)}`).toBe(true);
  if (!result.ok) expect(result.files).toEqual([]);
}
