// What the command line shows besides manifests: per-command help, JSON diagnostics a pipe can read,
// and GitHub annotations whose paths GitHub can place on the pull request's diff.
import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { copyToTemp, fedc, ROOT } from "../support/cli.js";

const QUICKSTART = path.join(ROOT, "examples/quickstart");

/** A git checkout (a `.git` entry is enough) with the quickstart, broken, in `fleet/`. */
async function checkoutWithFleet(): Promise<{ top: string; fleet: string }> {
  const top = await mkdtemp(path.join(tmpdir(), "fedc-checkout-"));
  await mkdir(path.join(top, ".git"));
  const fleet = path.join(top, "fleet");
  await cp(QUICKSTART, fleet, { recursive: true, filter: (src) => !src.includes(`${path.sep}rendered`) });
  await writeFile(path.join(fleet, "federation/bad.yaml"), "apiVersion: v1\n");
  return { top, fleet };
}

describe("fedc <command> --help", () => {
  it.each([
    ["render", ["--out DIR", "--stdout", "--check", "--format FORMAT", "_dns"]],
    ["plan", ["--cluster NAME", "fedc-plan.json"]],
    ["validate", ["--kubeconform"]],
    ["diff", ["--base REF", "--exit-code"]],
  ])("fedc %s --help prints that command's options and exits 0", async (command, options) => {
    for (const args of [[command, "--help"], [command, "-h"], ["--help", command]]) {
      const res = await fedc(args);
      expect(res.code).toBe(0);
      expect(res.stdout.startsWith(`fedc ${command} [REPO]`)).toBe(true);
      for (const o of options) expect(res.stdout).toContain(o);
    }
  });

  it("fedc --help lists the commands and how to get a command's help", async () => {
    const res = await fedc(["--help"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("fedc <command> --help");
    for (const c of ["render", "plan", "validate", "diff"]) expect(res.stdout).toContain(`fedc ${c} `);
  });
});

describe("--format json", () => {
  it("writes the diagnostics to stdout as one JSON array (render, validate), the summary to stderr", async () => {
    const repo = await copyToTemp(QUICKSTART);
    for (const command of ["render", "validate"]) {
      const res = await fedc([command, repo, "--format", "json"]);
      expect(res.code).toBe(0);
      const diagnostics = JSON.parse(res.stdout) as { code: string }[];
      expect(diagnostics.map((d) => d.code)).toEqual(["OUTPUT_SCHEMA_SKIPPED"]);
    }
  });

  it("with --stdout the manifests own stdout, so the diagnostics stay on stderr", async () => {
    const repo = await copyToTemp(QUICKSTART);
    const res = await fedc(["render", repo, "--stdout", "--cluster", "eu-west-prod", "--format", "json"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^apiVersion: v1\nkind: Namespace/);
    expect((JSON.parse(res.stderr) as { code: string }[]).map((d) => d.code)).toEqual(["OUTPUT_SCHEMA_SKIPPED"]);
  });

  it("errors are on stdout too, with the exit code 1", async () => {
    const { fleet } = await checkoutWithFleet();
    const res = await fedc(["render", fleet, "--format", "json"]);
    expect(res.code).toBe(1);
    expect((JSON.parse(res.stdout) as { code: string; file: string }[])[0]).toMatchObject({ code: "INCOMPLETE_OBJECT", file: "federation/bad.yaml" });
  });
});

describe("--format github", () => {
  it("gives paths from the git top level when the fleet is a sub-directory", async () => {
    const { fleet } = await checkoutWithFleet();
    const res = await fedc(["validate", fleet, "--format", "github"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("::error file=fleet/federation/bad.yaml,line=1,col=1,title=fedc INCOMPLETE_OBJECT::");
  });

  it("gives paths from $GITHUB_WORKSPACE when the fleet is inside it", async () => {
    const { top, fleet } = await checkoutWithFleet();
    const res = await fedc(["render", fleet, "--format", "github"], { GITHUB_WORKSPACE: top });
    expect(res.stderr).toContain("::error file=fleet/federation/bad.yaml,line=1,col=1,");
    const outside = await fedc(["render", fleet, "--format", "github"], { GITHUB_WORKSPACE: path.join(top, "elsewhere") });
    expect(outside.stderr).toContain("::error file=fleet/federation/bad.yaml,"); // falls back to the git top level
  });
});
