// Fuzzing: every fixture's input, mutated the way a broken or hostile pull request would (keys
// deleted, renamed and retyped, YAML broken, documents swapped between files, files truncated,
// deleted and duplicated). compile() must never throw and must locate every error; the CLI must
// exit 0 or 1 and leave the output tree either untouched or complete, never half-written.
//
// `npm test` runs a fixed seed set; `npm run fuzz` runs longer (FUZZ_RUNS, default 2000 there) with
// random seeds. A failure prints the seed and the shrunk mutations: FUZZ_SEED=<seed> reproduces it.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, MemoryFileSystem } from "../../compiler/index.js";
import { run } from "../../compiler/cli/run.js";
import { parseMarker } from "../../compiler/cli/outputMarker.js";
import { FIXTURES } from "../support/golden.js";
import { applyMutations, mutations } from "./mutate.js";
import { expectWellFormed, fixtureRepos, readTree, runs, seed, timeout, UNLOCATED_ERRORS, writeRepo } from "./repos.js";

const repos = new Map(await fixtureRepos());
// Fixture names (not their files) are generated, so a counterexample prints short.
const fixture = fc.constantFrom(...repos.keys());

async function cli(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, cwd: process.cwd(), isTTY: false });
  return { code, stdout, stderr };
}

describe("fuzz: mutated fixture inputs", () => {
  it("compile() never throws, locates every error and writes only safe paths", async () => {
    await fc.assert(
      fc.asyncProperty(fixture, mutations, async (name, ms) => {
        const repo = repos.get(name)!;
        const mutated = applyMutations(repo, ms);
        const result = await compile({ repo: new MemoryFileSystem(mutated) });
        expectWellFormed(result, mutated);
      }),
      { numRuns: runs(150), seed: seed(20251126) },
    );
  }, timeout(runs(150)));

  it("render exits 0 or 1, locates every error, and leaves the output untouched or complete", async () => {
    await fc.assert(
      fc.asyncProperty(fixture, mutations, async (name, ms) => {
        const repo = repos.get(name)!;
        const dir = await mkdtemp(path.join(tmpdir(), "fedc-fuzz-"));
        try {
          await cp(path.join(FIXTURES, name, "input"), dir, { recursive: true });
          // A previous render, when the fixture renders: the mutated render must not break it.
          await cli(["render", dir]);
          const mutated = applyMutations(repo, ms);
          await writeRepo(dir, repo, mutated);
          const before = await readTree(dir);
          let res: { code: number; stdout: string; stderr: string };
          try {
            res = await cli(["render", dir, "--format", "json"]);
          } catch (e) {
            throw new Error(`render threw (the CLI would print "internal error"): ${(e as Error).stack}`);
          }
          expect([0, 1], res.stderr).toContain(res.code);
          const after = await readTree(dir);
          if (res.code === 1) {
            // --format json: the diagnostics are stdout's one JSON array.
            const diagnostics = JSON.parse(res.stdout) as { severity: string; code: string; file?: string; message: string }[];
            for (const d of diagnostics) {
              if (d.severity === "error" && !d.file) expect(UNLOCATED_ERRORS.has(d.code as never), `error ${d.code} has no location: ${d.message}`).toBe(true);
            }
            expect(after, "a failed render changes nothing").toEqual(before);
            return;
          }
          // Success: exactly the compiled tree, marked complete, and nothing else changed.
          const result = await compile({ repo: dir });
          expect(result.ok).toBe(true);
          const out = `${result.outDir}/`;
          const written = Object.fromEntries(Object.entries(after).filter(([f]) => f.startsWith(out)).map(([f, t]) => [f.slice(out.length), t]));
          const expected = Object.fromEntries(result.files.map((f) => [f.path, f.content]));
          const marker = parseMarker(written[".fedc-output"] ?? "");
          delete written[".fedc-output"];
          expect(marker?.complete).toBe(true);
          expect([...marker!.files.keys()].sort()).toEqual(Object.keys(written).sort());
          expect(written).toEqual(expected);
          const outside = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([f]) => !f.startsWith(out)));
          expect(outside(after)).toEqual(outside(before));
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: runs(25), seed: seed(4242) },
    );
  }, timeout(runs(25) * 4));
});
