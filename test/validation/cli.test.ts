// The command line around output validation: render validates unless --no-validate, and
// `fedc validate --kubeconform` runs kubeconform when it is on PATH (a stand-in script here, which
// answers in kubeconform's JSON format and records how it was called) and says so when it is not.
import { chmod, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fedc } from "../support/cli.js";
import { caseFiles, readCase } from "./harness.js";

async function repoOnDisk(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "fedc-validation-"));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}

/** A `kubeconform` on PATH that records its arguments and stdin and prints `report` (JSON). */
async function fakeKubeconform(report: object): Promise<{ bin: string; calls: string }> {
  const bin = await mkdtemp(path.join(tmpdir(), "fedc-kubeconform-"));
  const calls = path.join(bin, "calls.jsonl");
  const script = `#!/usr/bin/env node
const fs = require("node:fs");
const input = fs.readFileSync(0, "utf8");
fs.appendFileSync(${JSON.stringify(calls)}, JSON.stringify({ args: process.argv.slice(2), input }) + "\\n");
const report = ${JSON.stringify(report)};
process.stdout.write(JSON.stringify(report));
process.exit(report.summary.invalid > 0 ? 1 : 0);
`;
  await writeFile(path.join(bin, "kubeconform"), script);
  await chmod(path.join(bin, "kubeconform"), 0o755);
  return { bin, calls };
}

const VALID_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: app, image: registry.example.com/web:1.0}
`;

describe("render", () => {
  it("refuses to write output that fails validation, and writes it with --no-validate", async () => {
    const repo = await repoOnDisk(caseFiles(await readCase("type-replicas-string")));
    const failed = await fedc(["render", repo]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('case.yaml:8:13: error OUTPUT_SCHEMA_VIOLATION: Deployment shop/web: spec.replicas must be an integer, not string "2"');
    expect(failed.stderr).toContain("nothing was written");
    const skipped = await fedc(["render", repo, "--no-validate"]);
    expect(skipped.code).toBe(0);
    expect(await readFile(path.join(repo, "rendered/a/shop/deployment-web.yaml"), "utf8")).toContain('replicas: "2"');
  });

  it("takes --no-validate for render and plan only, and --kubeconform for validate only", async () => {
    expect((await fedc(["validate", ".", "--no-validate"])).code).toBe(2);
    expect((await fedc(["render", ".", "--kubeconform"])).code).toBe(2);
    expect((await fedc(["render", ".", "--kubeconform"])).stderr).toContain("--kubeconform is an option of fedc validate");
  });
});

describe("validate --kubeconform", () => {
  it("says clearly that kubeconform did not run when it is not on PATH", async () => {
    const repo = await repoOnDisk(caseFiles(VALID_DEPLOYMENT));
    const empty = await mkdtemp(path.join(tmpdir(), "fedc-empty-path-"));
    const r = await fedc(["validate", repo, "--kubeconform"], { PATH: empty });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning KUBECONFORM_UNAVAILABLE: --kubeconform: kubeconform is not on PATH, so it did not run (only fedc's own validation did)");
  });

  it("feeds each cluster's stream to kubeconform -strict -summary and reports what it rejects at the source", async () => {
    const report = {
      resources: [{ filename: "stdin", kind: "Deployment", name: "web", version: "apps/v1", status: "statusInvalid", msg: "", validationErrors: [{ path: "/spec/replicas", msg: "expected integer, but got string" }] }],
      summary: { valid: 1, invalid: 1, errors: 0, skipped: 0 },
    };
    const { bin, calls } = await fakeKubeconform(report);
    const repo = await repoOnDisk(caseFiles(VALID_DEPLOYMENT, { "fedc.yaml": 'apiVersion: fedc.io/v1alpha1\nkind: Config\nkubernetesVersion: "1.33"\n' }));
    const r = await fedc(["validate", repo, "--kubeconform"], { PATH: `${bin}:${process.env.PATH}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('case.yaml:1:1: error KUBECONFORM_FAILED: kubeconform rejects Deployment shop/web in cluster "a": /spec/replicas: expected integer, but got string');
    expect(r.stderr).toContain("fedc: kubeconform -strict (Kubernetes 1.33.0): 4 resources, 2 valid, 2 invalid, 0 errors, 0 skipped");
    const invocations = (await readFile(calls, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { args: string[]; input: string });
    expect(invocations).toHaveLength(2); // clusters a and b
    for (const call of invocations) {
      expect(call.args).toEqual(["-strict", "-summary", "-ignore-missing-schemas", "-output", "json", "-kubernetes-version", "1.33.0"]);
      expect(call.input).toContain("kind: Deployment");
      expect(call.input).toContain("kind: Namespace");
    }
  });
});
