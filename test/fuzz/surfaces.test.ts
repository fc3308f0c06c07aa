// Fuzzing the surfaces a pull request or a workflow controls besides the manifests: fedc.yaml's
// output/include/exclude, the repository's file names, and the GitHub Action's inputs. Whatever they
// hold, fedc never throws, never reads outside the repository or from hidden directories and
// node_modules, runs no program named by an input, and answers within the time bound.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, renderDiagnostics, type CompileResult } from "../../compiler/index.js";
import { run as runAction } from "../../compiler/action/run.js";
import { CLUSTERS, configMap } from "../hardening/repo.js";
import { changeQuickstart, commitAll, quickstartRepo } from "../delivery/gitRepo.js";
import { seed, UNLOCATED_ERRORS } from "./repos.js";

/** Runs of a property: `fixed` in `npm test`; in a long run, FUZZ_RUNS divided by the property's cost. */
function scaled(fixed: number, divisor: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? Math.max(fixed, Math.ceil(n / divisor)) : fixed;
}

/** No hostile input may take longer than this (the bound). */
const BOUND_MS = 10_000;
const OUTSIDE = "outside-canary";
const HIDDEN = "hidden-canary";

function everything(result: CompileResult): string {
  return result.files.map((f) => `${f.path}\n${f.content}`).join("\n") + renderDiagnostics(result.diagnostics, "json", result.sources);
}

function expectLocated(result: CompileResult): void {
  for (const d of result.diagnostics) {
    if (d.severity === "error" && !d.span) expect(UNLOCATED_ERRORS.has(d.code), `error ${d.code} has no location: ${d.message}`).toBe(true);
  }
}

const FRAGMENTS = [
  "..", ".", "", "/", "~", "*", "**", "{a,b}", "{a,b}{a,b}{a,b}", "{1..9}", "{1..99999}", "{..,x}", "{.,.}", ".git", "node_modules", ".hidden",
  "victim", "[.]", "\\", "C:", "é", "\u0000", "rendered", "x".repeat(300), "!", "@(a|b)", "+(a)", "{", "}", ",", "*.yaml", "**/*.yml", "$HOME", "%2e%2e",
];
const pattern = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 6 }).chain((parts) =>
  fc.array(fc.constantFrom("/", "", ","), { minLength: parts.length, maxLength: parts.length }).map((seps) => parts.map((p, i) => p + (i < parts.length - 1 ? seps[i] : "")).join("")),
);

describe("fuzz: fedc.yaml output, include and exclude", () => {
  it("never throws, never reads outside the repository or hidden directories, errors are located, within the bound", async () => {
    const parent = await mkdtemp(path.join(tmpdir(), "fedc-fuzz-config-"));
    const repo = path.join(parent, "repo");
    await mkdir(path.join(parent, "victim"), { recursive: true });
    await writeFile(path.join(parent, "victim/secret.yaml"), configMap(OUTSIDE));
    await mkdir(path.join(repo, ".hidden"), { recursive: true });
    await mkdir(path.join(repo, "node_modules/x"), { recursive: true });
    await writeFile(path.join(repo, "clusters.yaml"), CLUSTERS);
    await writeFile(path.join(repo, "app.yaml"), configMap("app"));
    await writeFile(path.join(repo, ".hidden/a.yaml"), configMap(HIDDEN));
    await writeFile(path.join(repo, "node_modules/x/a.yaml"), configMap(HIDDEN));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ output: fc.option(pattern, { nil: undefined }), include: fc.option(fc.array(pattern, { maxLength: 4 }), { nil: undefined }), exclude: fc.option(fc.array(pattern, { maxLength: 4 }), { nil: undefined }) }),
          async (config) => {
            const body = Object.entries(config).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("\n");
            await writeFile(path.join(repo, "fedc.yaml"), `apiVersion: fedc.io/v1alpha1\nkind: Config\n${body}\n`);
            const started = performance.now();
            const result = await compile({ repo });
            expect(performance.now() - started).toBeLessThan(BOUND_MS);
            expectLocated(result);
            const seen = everything(result);
            expect(seen).not.toContain(OUTSIDE);
            expect(seen).not.toContain(HIDDEN);
          },
        ),
        { numRuns: scaled(40, 20), seed: seed(1307) },
      );
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }, 600_000);
});

const NAME_PARTS = [".hidden", "node_modules", "..", ".", "a b", "é", "{a,b}", "*", "[x]", "x".repeat(200), ".fedc-output", "fedc.yaml", "rendered", "-", "#", "\u202e", "sub"];
const fileName = fc
  .tuple(fc.array(fc.oneof(fc.constantFrom(...NAME_PARTS), fc.string({ minLength: 1, maxLength: 5 })), { minLength: 1, maxLength: 4 }), fc.constantFrom(".yaml", ".yml", ".json", ""))
  .map(([parts, ext]) => parts.join("/") + ext);

describe("fuzz: file names", () => {
  it("whatever the repository's file names, compile never throws, reads nothing hidden, and errors are located", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fileName, { minLength: 1, maxLength: 6 }), async (names) => {
        const repo = await mkdtemp(path.join(tmpdir(), "fedc-fuzz-names-"));
        try {
          await writeFile(path.join(repo, "clusters.yaml"), CLUSTERS);
          for (const [i, name] of names.entries()) {
            const file = path.join(repo, name);
            if (!file.startsWith(repo + path.sep)) continue;
            const hidden = path.relative(repo, file).split(path.sep).some((p) => p.startsWith(".") || p === "node_modules");
            // Names the file system refuses (NUL, too long, a file where a directory is) are skipped.
            await mkdir(path.dirname(file), { recursive: true })
              .then(() => writeFile(file, configMap(hidden ? `${HIDDEN}-${i}` : `n${i}`)))
              .catch(() => undefined);
          }
          const started = performance.now();
          const result = await compile({ repo });
          expect(performance.now() - started).toBeLessThan(BOUND_MS);
          expectLocated(result);
          expect(everything(result)).not.toContain(HIDDEN);
        } finally {
          await rm(repo, { recursive: true, force: true });
        }
      }),
      { numRuns: scaled(40, 20), seed: seed(1308) },
    );
  }, 600_000);
});

const DIRECTORIES = ["", ".", "..", "../..", "/", "/nonexistent", "sub", "nonexistent", "clusters/../..", "federation", "clusters", "a\u0000b", "x".repeat(300)];
const BASES = ["", "HEAD", "HEAD~1", "--upload-pack=touch RAN", "-c", "main..HEAD", "$(touch RAN)", "`touch RAN`", "a".repeat(300), "0".repeat(40), "refs/../../x", "@{-1}", ":/quickstart", "--output=RAN", "HEAD^{tree}"];
const BOOLEANS = ["true", "false", "True", "FALSE", "", "yes", "maybe"];

describe("fuzz: the GitHub Action's inputs", () => {
  it("whatever the inputs, the Action never throws, exits 0 or 1, runs no program they name, within the bound", async () => {
    const { dir, base } = await quickstartRepo();
    await changeQuickstart(dir);
    await commitAll(dir, "change");
    const tmp = await mkdtemp(path.join(tmpdir(), "fedc-fuzz-action-"));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            directory: fc.constantFrom(...DIRECTORIES),
            base: fc.oneof(fc.constantFrom(...BASES), fc.constant(base)),
            comment: fc.constantFrom(...BOOLEANS),
            failOnStale: fc.constantFrom(...BOOLEANS),
            baseExact: fc.constantFrom(...BOOLEANS),
            pullRequest: fc.boolean(),
          }),
          async (i) => {
            const event = path.join(tmp, "event.json");
            await writeFile(event, JSON.stringify(i.pullRequest ? { pull_request: { number: 1, base: { sha: i.base, ref: "main", repo: { full_name: "a/b" } }, head: { ref: "f", repo: { full_name: "a/b" } } } } : {}));
            const env: NodeJS.ProcessEnv = {
              PATH: process.env.PATH,
              HOME: tmp,
              GITHUB_WORKSPACE: dir,
              GITHUB_EVENT_NAME: i.pullRequest ? "pull_request" : "push",
              GITHUB_EVENT_PATH: event,
              GITHUB_API_URL: "http://127.0.0.1:9",
              INPUT_DIRECTORY: i.directory,
              INPUT_BASE: i.pullRequest ? "" : i.base,
              INPUT_COMMENT: i.comment,
              "INPUT_FAIL-ON-STALE": i.failOnStale,
              "INPUT_BASE-EXACT": i.baseExact,
              "INPUT_GITHUB-TOKEN": "",
            };
            let log = "";
            const started = performance.now();
            const code = await runAction(env, (s) => (log += s));
            expect(performance.now() - started).toBeLessThan(BOUND_MS);
            expect([0, 1], log).toContain(code);
            await expect(readFile(path.join(dir, "RAN"))).rejects.toThrow();
            await expect(readFile(path.join(process.cwd(), "RAN"))).rejects.toThrow();
          },
        ),
        { numRuns: scaled(12, 200), seed: seed(1309) },
      );
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }, 600_000);
});
