// The `fedc` executable is an esbuild bundle (scripts/build-cli.mjs → dist/bin/fedc.cjs) and the
// launcher that loads it (dist/bin/fedc.js): they must need nothing from node_modules, find the
// schemas and package.json two levels up as the sources and dist/ do, read the schemas at run time
// rather than carry them, and render what the sources render; the build's code cache must be one
// this Node accepts.
import { execFile } from "node:child_process";
import { builtinModules } from "node:module";
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import * as esbuild from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyToTemp, fedc, ROOT } from "../support/cli.js";
import { QUICKSTART } from "./gitRepo.js";
import { loadBundle } from "../../compiler/cli/launcher.js";
import { CODE_CACHE_SUFFIX } from "../../compiler/load/ownScript.js";

const exec = promisify(execFile);

type Options = esbuild.BuildOptions & { outfile: string };
let bundleOptions: Options;
let binOptions: Options;
let result: esbuild.BuildResult & { outputFiles: esbuild.OutputFile[]; metafile: esbuild.Metafile };
let text: string;
let binText: string;
let pkg: string;

beforeAll(async () => {
  ({ bundleOptions, binOptions } = (await import(pathToFileURL(path.join(ROOT, "scripts/build-cli.mjs")).href)) as { bundleOptions: Options; binOptions: Options });
  result = await esbuild.build({ ...bundleOptions, write: false, metafile: true });
  text = result.outputFiles[0]!.text;
  binText = (await esbuild.build({ ...binOptions, write: false })).outputFiles[0]!.text;
  // A package of its own, without node_modules (and without a code cache): the two files, and the
  // schemas and package.json they read.
  pkg = await mkdtemp(path.join(tmpdir(), "fedc-cli-bundle-"));
  await mkdir(path.join(pkg, path.dirname(bundleOptions.outfile)), { recursive: true });
  await writeFile(path.join(pkg, bundleOptions.outfile), text);
  await writeFile(path.join(pkg, binOptions.outfile), binText);
  await symlink(path.join(ROOT, "schemas"), path.join(pkg, "schemas"));
  await copyFile(path.join(ROOT, "package.json"), path.join(pkg, "package.json"));
}, 60_000);

afterAll(async () => {
  await rm(pkg, { recursive: true, force: true });
});

describe("CLI bundle", () => {
  it("is package.json's bin, an executable script", async () => {
    const manifest = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(manifest.bin).toEqual({ fedc: binOptions.outfile });
    expect(binOptions.outfile.split("/")).toHaveLength(3);
    expect(path.dirname(bundleOptions.outfile)).toBe(path.dirname(binOptions.outfile));
    expect(binText.startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("imports only Node built-ins, carries no schema module, and finds its files two levels up", () => {
    const output = Object.values(result.metafile.outputs)[0]!;
    const builtins = new Set(builtinModules);
    const external = output.imports.filter((i) => i.external).map((i) => i.path);
    expect(external.filter((p) => !p.startsWith("node:") && !builtins.has(p))).toEqual([]);
    expect(Object.keys(output.inputs).filter((f) => f.startsWith("schemas/"))).toEqual([]);
    const urls = [...text.matchAll(/new URL\("([^"]+)", __fedcImportMetaUrl\)/g)].map((m) => m[1]!);
    expect([...new Set(urls)].sort()).toEqual(["../../package.json", "../../schemas/", "../../schemas/kubernetes/"]);
    for (const u of urls) expect(existsSync(new URL(u, pathToFileURL(path.join(ROOT, bundleOptions.outfile))))).toBe(true);
  });

  it("renders what the sources render", async () => {
    const repo = await copyToTemp(QUICKSTART);
    const args = ["render", repo, "--stdout", "--cluster", "eu-west-prod"];
    const expected = await fedc(args);
    expect(expected.code, expected.stderr).toBe(0);
    const bin = path.join(pkg, binOptions.outfile);
    const res = await exec(process.execPath, [bin, ...args], { cwd: pkg, maxBuffer: 64 * 1024 * 1024 });
    expect(res.stdout).toBe(expected.stdout);
    expect(res.stderr).toBe(expected.stderr);
    expect((await exec(process.execPath, [bin, "--version"])).stdout).toMatch(/^fedc \d+\.\d+\.\d+/);
  });

  it("reports input schema errors as the sources do", async () => {
    const repo = await copyToTemp(path.join(ROOT, "fixtures/kubefed-errors-schema/input"));
    const expected = await fedc(["render", repo, "--stdout", "--cluster", "cluster1"]);
    expect(expected.code).toBe(1);
    const res = await exec(process.execPath, [path.join(pkg, binOptions.outfile), "render", repo, "--stdout", "--cluster", "cluster1"], { cwd: pkg }).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(res).toMatchObject({ code: 1, stdout: expected.stdout, stderr: expected.stderr });
  });

  it("loads with the code cache the build wrote (when built)", () => {
    const file = path.join(ROOT, bundleOptions.outfile);
    if (!existsSync(file + CODE_CACHE_SUFFIX)) return; // a source checkout that was not built
    // `npm run test:node24` may run these tests on another Node than the build's: V8 then rejects
    // the cache, which only costs time, and the bundle still loads.
    const { cache, exports } = loadBundle(file);
    expect(typeof exports.run).toBe("function");
    if (process.env.FEDC_TEST_OTHER_NODE === "1") expect(["accepted", "rejected"]).toContain(cache);
    else expect(cache).toBe("accepted");
  });
});
