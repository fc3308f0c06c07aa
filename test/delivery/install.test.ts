// fedc installed the way the README's "Install" section says, in a clean directory: `npm pack` of
// this checkout (what the release workflow attaches to a GitHub release), `npm install` of the
// tarball, then the installed `fedc` renders the quickstart and `import "fedc"` works. The tarball
// must carry its build (no install-time build) and nothing of the development tree.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.js";
import { QUICKSTART } from "./gitRepo.js";

const exec = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

let work: string;
let tarball: string;
let files: string[];

/** npm with the environment of a user's shell, not of the `npm test` that runs this file. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  // The Node running the tests first on PATH, so the installed `fedc` runs on it (Node 24 under test:node24).
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`;
  return env;
}

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, "dist/bin/fedc.js"))) throw new Error("dist/ is missing: run `npm run build` (npm ci does) before this test");
  work = await mkdtemp(path.join(tmpdir(), "fedc-install-"));
  const pack = await exec(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: ROOT, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 });
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, info!.filename);
  files = info!.files.map((f) => f.path).sort();
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("install from the release tarball (npm pack)", () => {
  it("ships the build, the schemas, the README and the LICENSE, and nothing of the development tree", () => {
    for (const f of ["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts", "dist/bin/fedc.js", "dist/bin/fedc.cjs", "schemas/fedc.Config.json", "schemas/input.validators.js"]) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => f.startsWith("schemas/kubernetes/") && f.endsWith(".validators.js"))).toBe(true);
    const junk = files.filter((f) => /^(test|fixtures|compiler|bench|scripts|examples|action|node_modules|\.ci|\.github)\//.test(f) || /\.test\.|\.tgz$|\.fedc-/.test(f));
    expect(junk).toEqual([]);
  });

  it("installs into a clean directory without building, and the installed fedc renders the quickstart", async () => {
    const project = path.join(work, "project");
    await cp(QUICKSTART, project, { recursive: true, filter: (src) => !src.includes(`${path.sep}rendered`) });
    await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "fleet", private: true }) + "\n");
    // As the README says: npm install -D ./fedc-<version>.tgz (dependencies from the cache when it has them).
    await exec(NPM, ["install", "-D", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: project, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 });
    const installed = path.join(project, "node_modules/fedc");
    expect(await readdir(installed)).toContain("dist");
    const bin = await exec(NPM, ["exec", "--", "fedc", "render"], { cwd: project, env: npmEnv() });
    expect(bin.stderr).toMatch(/rendered 25 objects for 3 clusters into rendered\//);
    expect((await readdir(path.join(project, "rendered"))).sort()).toEqual([".fedc-output", "eu-west-prod", "fedc-plan.json", "us-east-prod", "us-east-staging"]);
    const stream = await exec(path.join(project, "node_modules/.bin/fedc"), ["render", "--stdout", "--cluster", "us-east-staging"], { cwd: project, env: npmEnv() });
    expect(stream.stdout).toContain("kind: Deployment");
    const lib = await exec(process.execPath, ["--input-type=module", "-e", `import { compile } from "fedc"; const r = await compile({ repo: "." }); console.log(r.ok, r.clusters.length);`], { cwd: project, env: npmEnv() });
    expect(lib.stdout.trim()).toBe("true 3");
  }, 180_000);
});

describe("release workflow", () => {
  it("packs without scripts after the test run and attaches the tarball to the release", async () => {
    const text = await readFile(path.join(ROOT, ".github/workflows/release.yml"), "utf8");
    const workflow = parse(text) as { on: { push: { tags: string[] } }; jobs: { release: { steps: { run?: string; uses?: string }[] } } };
    const runs = workflow.jobs.release.steps.map((s) => s.run ?? s.uses ?? "");
    expect(workflow.on.push.tags).toEqual(["v*"]);
    expect(runs).toContain("actions/checkout@v5");
    const test = runs.indexOf(".ci/run");
    const pack = runs.findIndex((r) => r.startsWith("npm pack"));
    const release = runs.findIndex((r) => r.includes("gh release create") && r.includes("fedc-*.tgz"));
    expect(test).toBeGreaterThanOrEqual(0);
    expect(pack).toBeGreaterThan(test);
    expect(release).toBeGreaterThan(pack);
  });

  it("the README gives these install paths and the one publishing step", async () => {
    const readme = await readFile(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Install"), readme.indexOf("## Inputs"));
    expect(section).toContain("npm install -D ./fedc-0.1.0.tgz");
    expect(section).toContain("releases/download/v0.1.0/fedc-0.1.0.tgz");
    expect(section).toContain("npm ci");
    expect(section).toContain("npm publish");
  });
});
