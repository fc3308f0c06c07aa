// action.yml runs a committed bundle: it must be what the sources build today, and action.yml,
// the code and the README must agree on the inputs and outputs.
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.js";

const exec = promisify(execFile);

interface ActionYaml {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

describe("GitHub Action definition", () => {
  it("the committed bundle is what `npm run build:action` makes from the sources", async () => {
    const res = await exec(process.execPath, [path.join(ROOT, "action/build.mjs"), "--check"], { cwd: ROOT }).catch((e: { stderr: string; code: number }) => e);
    expect(res.stderr, "run `npm run build:action` and commit action/bundle/index.js").toBe("");
  });

  it("runs on node24 from the bundle, with the inputs and outputs the code reads and writes and the README documents", async () => {
    const action = parse(await readFile(path.join(ROOT, "action.yml"), "utf8")) as ActionYaml;
    expect(action.runs).toEqual({ using: "node24", main: "action/bundle/index.js" });
    expect((await stat(path.join(ROOT, action.runs.main))).isFile()).toBe(true);
    expect(Object.keys(action.inputs)).toEqual(["directory", "base", "base-exact", "comment", "fail-on-stale", "github-token", "kubeconform"]);
    expect(action.inputs["github-token"]!.default).toBe("${{ github.token }}");
    expect(Object.keys(action.outputs)).toEqual(["changed-clusters", "changed-cluster-names", "added", "changed", "removed", "stale"]);
    const run = await readFile(path.join(ROOT, "compiler/action/run.ts"), "utf8");
    for (const name of Object.keys(action.inputs)) expect(run).toMatch(new RegExp(`Input\\(env, "${name}"`));
    for (const name of Object.keys(action.outputs)) expect(run).toMatch(new RegExp(`"?${name}"?: `));
    const readme = await readFile(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## GitHub Action"), readme.indexOf("## Argo CD"));
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(section).toContain(`\`${name}\``);
  });
});
