// Secret values appear in the rendered manifests and nowhere else: not in diagnostics (text, JSON,
// GitHub annotations), fedc-plan.json, `fedc plan`, `fedc diff` (text and markdown), the Action's
// job summary, log and PR comment — also when an error happens right next to one. Each of the four
// ways a Secret enters a repository carries a recognizable value (plain and base64) that is checked
// for in everything fedc prints or writes besides the manifests.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { run as runAction } from "../../compiler/action/run.js";
import { diffResults, renderMarkdown, renderText } from "../../compiler/report/index.js";
import { fedc } from "../support/cli.js";
import { commitAll, initRepo } from "../delivery/gitRepo.js";
import { startFakeGitHub, type FakeGitHub } from "../delivery/fakeGitHub.js";
import { CLUSTERS, compileFiles, everyRendering, snapshot, tempDir, writeFiles, type Files } from "./repo.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");

/** One recognizable value per way in, and a second one for the revision a diff compares with. */
const VALUES = {
  template: "tmpl-s3cret-Aq7",
  override: "ovr-s3cret-Bq7",
  karmada: "kmd-s3cret-Cq7",
  fedv1: "fv1-s3cret-Dq7",
};
const before = (v: string) => `${v}-before`;
const FORBIDDEN = Object.values(VALUES).flatMap((v) => [v, before(v)]).flatMap((v) => [v, b64(v)]);

function expectNoSecret(where: string, text: string): void {
  for (const v of FORBIDDEN) expect(text.includes(v), `${where} shows the secret value ${v}`).toBe(false);
}

/** The four ways a Secret enters a repository, each holding `value(kind)` in data and stringData. */
function secrets(value: (k: keyof typeof VALUES) => string, extra: Partial<Record<keyof typeof VALUES, string>> = {}): Files {
  return {
    "kubefed.yaml": `apiVersion: types.kubefed.io/v1beta1
kind: FederatedSecret
metadata: {name: kubefed, namespace: ns}
spec:
  template:
    type: Opaque
    data: {password: ${b64(value("template"))}}
    stringData: {token: ${value("template")}}
  placement: {clusterSelector: {}}
  overrides:
  - clusterName: c2
    clusterOverrides:
    - {path: /stringData/token, value: ${value("override")}}
    - {path: /data/password, value: ${b64(value("override"))}}
${extra.override ?? ""}${extra.template ?? ""}`,
    "karmada.yaml": `apiVersion: v1
kind: Secret
metadata: {name: karmada, namespace: ns}
data: {password: ${b64(value("karmada"))}}
stringData: {config.json: '{"password": "${value("karmada")}"}'}
${extra.karmada ?? ""}---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: secrets, namespace: ns}
spec:
  resourceSelectors: [{apiVersion: v1, kind: Secret, name: karmada}]
  placement: {clusterAffinity: {clusterNames: [c1, c2]}}
---
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: secrets, namespace: ns}
spec:
  resourceSelectors: [{apiVersion: v1, kind: Secret, name: karmada}]
  overrideRules:
  - targetCluster: {clusterNames: [c2]}
    overriders:
      plaintext: [{path: /stringData/extra, operator: add, value: ${value("karmada")}}]
`,
    "fedv1.yaml": `apiVersion: v1
kind: Secret
metadata:
  name: fedv1
  namespace: ns
  annotations: {federation.alpha.kubernetes.io/cluster-selector: '[{"key": "x", "operator": "DoesNotExist"}]'}
data: {password: ${b64(value("fedv1"))}}
stringData: {token: ${value("fedv1")}}
${extra.fedv1 ?? ""}`,
  };
}

const good = secrets((k) => VALUES[k]);

/** Errors right next to a Secret value, one per way in (and one more for YAML itself). */
const BROKEN: [string, Files, string][] = [
  ["an override that fails on a Secret path", secrets((k) => VALUES[k], { override: `    - {path: /stringData/missing/deeper, value: ${VALUES.override}}\n` }), "OVERRIDE_FAILED"],
  ["a FederatedSecret template that is not base64 where it must be", { ...good, "kubefed.yaml": good["kubefed.yaml"]!.replace(`password: ${b64(VALUES.template)}`, `password: "${VALUES.template}!"`) }, "OUTPUT_SCHEMA_VIOLATION"],
  ["a FederatedSecret override value of the wrong type", secrets((k) => VALUES[k], { override: `  - clusterName: c1\n    clusterOverrides: [{path: /immutable, value: ${VALUES.override}}]\n` }), "OUTPUT_SCHEMA_VIOLATION"],
  ["a FederatedSecret whose template is a string", { ...good, "kubefed.yaml": `apiVersion: types.kubefed.io/v1beta1\nkind: FederatedSecret\nmetadata: {name: kubefed, namespace: ns}\nspec: {template: ${VALUES.template}, placement: {clusterSelector: {}}}\n` }, "SCHEMA_VIOLATION"],
  ["a Karmada Secret field overrider on invalid JSON", { ...good, "karmada.yaml": good["karmada.yaml"]!.replace(`{"password": "${VALUES.karmada}"}`, `{"password": ${VALUES.karmada}}`).replace("plaintext:", "fieldOverrider: [{fieldPath: /stringData/config.json, json: [{subPath: /password, operator: replace, value: x}]}]\n      plaintext:") }, "OVERRIDE_FAILED"],
  ["a Karmada plaintext override of the wrong type", { ...good, "karmada.yaml": good["karmada.yaml"]!.replace("path: /stringData/extra, operator: add", "path: /immutable, operator: add") }, "OUTPUT_SCHEMA_VIOLATION"],
  ["a federation-v1 Secret with data that is not base64", { ...good, "fedv1.yaml": good["fedv1.yaml"]!.replace(`password: ${b64(VALUES.fedv1)}`, `password: "${VALUES.fedv1}"`) }, "OUTPUT_SCHEMA_VIOLATION"],
  ["a federation-v1 Secret with a value of the wrong type", secrets((k) => VALUES[k], { fedv1: `immutable: ${VALUES.fedv1}\n` }), "OUTPUT_SCHEMA_VIOLATION"],
  ["a YAML alias named like the value", { ...good, "fedv1.yaml": good["fedv1.yaml"]!.replace(`token: ${VALUES.fedv1}`, `token: *${VALUES.fedv1}`) }, "YAML_SYNTAX"],
  ["a YAML escape inside the value", { ...good, "fedv1.yaml": good["fedv1.yaml"]!.replace(`token: ${VALUES.fedv1}`, `token: "\\q${VALUES.fedv1}"`) }, "YAML_SYNTAX"],
];

async function diskRepo(files: Files): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, { "clusters.yaml": CLUSTERS, ...files });
  return dir;
}

describe("Secret values", () => {
  it("the repository renders, and the values are where they belong: in the manifests", async () => {
    const result = await compileFiles(good);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const manifests = result.files.filter((f) => f.path.endsWith(".yaml")).map((f) => f.content).join("\n");
    for (const v of Object.values(VALUES)) expect(manifests).toContain(v);
  });

  it.each(BROKEN)("%s: the error is reported without the value, in every format", async (_, files, code) => {
    const result = await compileFiles(files);
    expect(result.ok, "the case must produce an error").toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toContain(code);
    expectNoSecret("diagnostics", everyRendering(result));
    const repo = await diskRepo(files);
    for (const format of ["text", "json", "github"]) {
      const res = await fedc(["render", repo, "--format", format]);
      expect(res.code).toBe(1);
      expectNoSecret(`render --format ${format}`, res.stdout + res.stderr);
    }
    for (const format of ["text", "json"]) {
      const res = await fedc(["plan", repo, "--format", format]);
      expectNoSecret(`plan --format ${format}`, res.stdout + res.stderr);
    }
  });

  it("fedc-plan.json, fedc plan (text and JSON) and render's output show no value", async () => {
    const repo = await diskRepo(good);
    const res = await fedc(["render", repo]);
    expect(res.code, res.stderr).toBe(0);
    expectNoSecret("render", res.stdout + res.stderr);
    const tree = await snapshot(path.join(repo, "rendered"));
    expectNoSecret("fedc-plan.json", tree["fedc-plan.json"]!);
    expect(tree["c2/ns/secret-kubefed.yaml"]).toContain(VALUES.override);
    for (const format of ["text", "json"]) {
      const plan = await fedc(["plan", repo, "--format", format]);
      expect(plan.code).toBe(0);
      expect(plan.stdout).toMatch(format === "json" ? /"name": "kubefed"/ : /Secret ns\/kubefed/);
      expectNoSecret(`plan --format ${format}`, plan.stdout + plan.stderr);
    }
  });

  it("a diff of changed Secrets (text and markdown) says which keys changed, never the values", async () => {
    const base = await compileFiles(secrets((k) => before(VALUES[k])));
    const head = await compileFiles(good);
    const diff = diffResults(base, head, { base: "main", head: "working tree" });
    const text = renderText(diff);
    const markdown = renderMarkdown(diff);
    expect(text).toContain("~ Secret ns/kubefed");
    expect(text).toContain("********");
    expectNoSecret("diff text", text);
    expectNoSecret("diff markdown", markdown);
    expectNoSecret("diff markdown, trimmed", renderMarkdown(diff, { limit: 2000 }));
  });

  it.each(BROKEN)("%s: a diff against it quotes the error, not the value", async (_, files) => {
    const base = await compileFiles(good);
    const head = await compileFiles(files);
    for (const diff of [diffResults(base, head, { base: "main", head: "pr" }), diffResults(head, base, { base: "main", head: "pr" })]) {
      expect(diff.head.ok && diff.base.ok).toBe(false);
      expectNoSecret("diff text", renderText(diff));
      expectNoSecret("diff markdown", renderMarkdown(diff));
    }
  });
});

describe("Secret values through git: fedc diff and the GitHub Action", () => {
  let api: FakeGitHub | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function history(head: Files): Promise<{ dir: string; base: string }> {
    const dir = await diskRepo(secrets((k) => before(VALUES[k])));
    await initRepo(dir);
    const base = await commitAll(dir, "base");
    await writeFiles(dir, head);
    await commitAll(dir, "head");
    return { dir, base };
  }

  async function action(dir: string, base: string): Promise<string> {
    api = await startFakeGitHub("acme/fleet", 7, 0);
    const tmp = await mkdtemp(path.join(tmpdir(), "fedc-action-"));
    const files = { event: path.join(tmp, "event.json"), summary: path.join(tmp, "summary.md"), output: path.join(tmp, "output.txt") };
    await writeFile(files.event, JSON.stringify({
      pull_request: { number: 7, base: { ref: "main", sha: base, repo: { full_name: "acme/fleet" } }, head: { ref: "feature", repo: { full_name: "acme/fleet" } } },
      repository: { full_name: "acme/fleet" },
    }));
    await writeFile(files.summary, "");
    await writeFile(files.output, "");
    let log = "";
    await runAction(
      {
        GITHUB_WORKSPACE: dir,
        GITHUB_EVENT_NAME: "pull_request",
        GITHUB_EVENT_PATH: files.event,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_OUTPUT: files.output,
        GITHUB_REPOSITORY: "acme/fleet",
        GITHUB_API_URL: api.url,
        "INPUT_GITHUB-TOKEN": "test-token",
        INPUT_COMMENT: "true",
      },
      (s) => (log += s),
    );
    return [log, await readFile(files.summary, "utf8"), await readFile(files.output, "utf8"), ...api.comments.map((c) => c.body)].join("\n");
  }

  it("changed values: fedc diff (text, markdown) and the Action's comment, summary and log show none", async () => {
    const { dir, base } = await history(good);
    for (const format of ["text", "markdown"]) {
      const res = await fedc(["diff", dir, "--base", base, "--format", format]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain("Secret ns/kubefed");
      expectNoSecret(`fedc diff --format ${format}`, res.stdout + res.stderr);
    }
    const everything = await action(dir, base);
    expect(everything).toContain("Secret ns/kubefed");
    expectNoSecret("the Action", everything);
  });

  it("an error next to a Secret in the pull request: fedc diff and the Action quote it without the value", async () => {
    const [, broken] = BROKEN[1]!;
    const { dir, base } = await history(broken);
    for (const format of ["text", "markdown"]) {
      const res = await fedc(["diff", dir, "--base", base, "--format", format]);
      expect(res.code).toBe(1);
      expect(res.stdout + res.stderr).toContain("OUTPUT_SCHEMA_VIOLATION");
      expectNoSecret(`fedc diff --format ${format}`, res.stdout + res.stderr);
    }
    const everything = await action(dir, base);
    expect(everything).toContain("OUTPUT_SCHEMA_VIOLATION");
    expectNoSecret("the Action", everything);
  });
});
