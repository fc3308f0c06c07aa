// The GitHub Action, run as GitHub runs it: `node action/bundle/index.js` (the committed bundle that
// action.yml names) with INPUT_* variables, the event payload, the summary and output files, and
// GITHUB_API_URL pointing at a fake of GitHub's REST API on 127.0.0.1.
import { execFile } from "node:child_process";
import { chmod, cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyToTemp, fedc, ROOT } from "../support/cli.js";
import { changeQuickstart, commitAll, edit, git, initRepo, plantFakeRepository, QUICKSTART, quickstartRepo } from "./gitRepo.js";
import { startFakeGitHub, type FakeGitHub } from "./fakeGitHub.js";

const BUNDLE = path.join(ROOT, "action/bundle/index.js");
const MARKER = "<!-- fedc-diff -->";
const SECRET_VALUES = ["replace-me-with-a-sealed-secret", "s3cr3t-value-after"];

interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
}

interface RunOptions {
  workspace: string;
  base: string;
  api?: FakeGitHub;
  inputs?: Record<string, string>;
  eventName?: string;
  headRepo?: string;
  /** Directories put before PATH (a stand-in kubeconform). */
  pathPrefix?: string;
}

async function runAction(o: RunOptions): Promise<ActionRun> {
  const tmp = await mkdtemp(path.join(tmpdir(), "fedc-action-"));
  const event = path.join(tmp, "event.json");
  const summaryFile = path.join(tmp, "summary.md");
  const outputFile = path.join(tmp, "output.txt");
  await writeFile(summaryFile, "");
  await writeFile(outputFile, "");
  const eventName = o.eventName ?? "pull_request";
  const payload = eventName.startsWith("pull_request")
    ? {
        action: "synchronize",
        number: 7,
        pull_request: {
          number: 7,
          base: { ref: "main", sha: o.base, repo: { full_name: "acme/fleet" } },
          head: { ref: "feature", sha: "0".repeat(40), repo: { full_name: o.headRepo ?? "acme/fleet" } },
        },
        repository: { full_name: "acme/fleet" },
      }
    : { ref: "refs/heads/main", repository: { full_name: "acme/fleet" } };
  await writeFile(event, JSON.stringify(payload));
  const inputs = { directory: ".", base: "", comment: "true", "fail-on-stale": "false", "github-token": "test-token", ...o.inputs };
  const env: NodeJS.ProcessEnv = {
    PATH: o.pathPrefix ? `${o.pathPrefix}${path.delimiter}${process.env.PATH}` : process.env.PATH,
    HOME: tmp,
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: event,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_REPOSITORY: "acme/fleet",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_API_URL: o.api?.url ?? "http://127.0.0.1:9",
    GITHUB_RUN_ID: "42",
    GITHUB_RUN_ATTEMPT: "1",
  };
  // As the runner does: INPUT_ + the name upper-cased, spaces as underscores, hyphens kept.
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BUNDLE], { cwd: o.workspace, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
  const outputs = Object.fromEntries(
    (await readFile(outputFile, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return { code, stdout, stderr, summary: await readFile(summaryFile, "utf8"), outputs };
}

let api: FakeGitHub | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const stickyComments = (fake: FakeGitHub) => fake.comments.filter((c) => c.body.startsWith("<!-- fedc-diff"));
const writes = (fake: FakeGitHub) => fake.requests.filter((r) => r.method !== "GET" && r.path !== "/graphql").map((r) => `${r.method} ${r.path}`);

describe("GitHub Action", () => {
  it("creates one sticky comment, updates it on the next run, never duplicates it, and sets its outputs", async () => {
    const { dir, base } = await quickstartRepo();
    await changeQuickstart(dir);
    await commitAll(dir, "change the fleet");
    api = await startFakeGitHub("acme/fleet", 7, 120);

    const first = await runAction({ workspace: dir, base, api });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(writes(api)).toEqual(["POST /repos/acme/fleet/issues/7/comments"]);
    // 120 earlier comments: the search for fedc's comment pages through them.
    expect(api.requests.filter((r) => r.method === "GET").map((r) => r.path)).toEqual([
      "/user",
      "/repos/acme/fleet/issues/7/comments?per_page=100",
      "/repos/acme/fleet/issues/7/comments?per_page=100&page=2",
    ]);
    let [comment] = stickyComments(api);
    expect(comment!.body).toMatch(/^<!-- fedc-diff -->\n### fedc diff\n\n`main \([0-9a-f]{7}\)` → `#7 feature`\n/);
    expect(comment!.body).toContain("<details><summary><code>eu-west-prod</code>: 2 changed, 1 removed, 1 replica move</summary>");
    expect(comment!.body).toContain("| `eu-west-prod` | 0 | 2 | 1 | Deployment shop/storefront: 3 → 5 |");
    expect(first.summary).toContain("### fedc diff");
    expect(first.summary).toContain("| `ap-south-prod` (new cluster) | 8 | 0 | 0 |");
    expect(first.outputs).toEqual({
      "changed-clusters": "4",
      "changed-cluster-names": '["ap-south-prod","eu-west-prod","us-east-prod","us-east-staging"]',
      added: "8",
      changed: "4",
      removed: "3",
      stale: "false",
    });
    for (const v of SECRET_VALUES) for (const text of [comment!.body, first.summary, first.stdout]) expect(text).not.toContain(v);
    expect(first.stdout).toContain("::group::fedc diff\n");

    // A new push: the same comment is edited.
    await edit(path.join(dir, "federation/storefront.yaml"), "      replicas: 5\n", "      replicas: 7\n");
    await commitAll(dir, "more replicas");
    api.requests.length = 0;
    const second = await runAction({ workspace: dir, base, api });
    expect(second.code, second.stdout).toBe(0);
    expect(writes(api)).toEqual([`PATCH /repos/acme/fleet/issues/comments/${comment!.id}`]);
    expect(stickyComments(api)).toHaveLength(1);
    [comment] = stickyComments(api);
    expect(comment!.body).toContain("Deployment shop/storefront: 3 → 7");
    expect(second.stdout).toContain("fedc: updated the pull request comment");

    // Nothing new: nothing is written.
    api.requests.length = 0;
    const third = await runAction({ workspace: dir, base, api });
    expect(third.code).toBe(0);
    expect(writes(api)).toEqual([]);
    expect(stickyComments(api)).toHaveLength(1);
    expect(api.comments).toHaveLength(121);
  });

  it("trims the comment to GitHub's 65,536-character limit and points to the job summary, which has the full report", async () => {
    const dir = await copyToTemp(QUICKSTART);
    await initRepo(dir);
    const keys = (value: string) => Array.from({ length: 1500 }, (_, i) => `      KEY_${i}: ${value}-${i}`).join("\n");
    const big = (value: string) =>
      `apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap\nmetadata: {name: big, namespace: shop}\nspec:\n  template:\n    data:\n${keys(value)}\n  placement:\n    clusterSelector: {}\n`;
    await writeFile(path.join(dir, "federation/big.yaml"), big("before"));
    const base = await commitAll(dir, "big config");
    await writeFile(path.join(dir, "federation/big.yaml"), big("after"));
    await commitAll(dir, "change every key");
    api = await startFakeGitHub();

    const res = await runAction({ workspace: dir, base, api });
    expect(res.code, res.stdout).toBe(0);
    const [comment] = stickyComments(api);
    expect(comment!.body.length).toBeLessThanOrEqual(65_536);
    expect(comment!.body.length).toBeGreaterThan(30_000);
    expect(comment!.body).toContain("This report is trimmed to fit GitHub's 65,536-character comment limit");
    expect(comment!.body).toContain("The full report is in the [job summary](https://github.com/acme/fleet/actions/runs/42).");
    // The table is whole; every cluster is still there: the first with its diff cut, the others listed.
    for (const cluster of ["eu-west-prod", "us-east-prod", "us-east-staging"]) {
      expect(comment!.body).toContain(`| \`${cluster}\` | 0 | 1 | 0 |  |`);
      expect(comment!.body).toContain(`<details><summary><code>${cluster}</code>`);
    }
    expect(comment!.body).toMatch(/_Diff cut after \d+ of 3006 lines to fit the size limit\._/);
    expect(comment!.body).toContain("- `ConfigMap shop/big`\n\n_Diffs left out to fit the size limit._");
    // The job summary is not trimmed: every cluster's whole diff.
    expect(res.summary.length).toBeGreaterThan(65_536);
    expect(res.summary).not.toContain("trimmed");
    expect(res.summary.match(/^\+ {2}KEY_1499: after-1499$/gm)).toHaveLength(3);
  });

  it("log and markdown injection: manifest lines never become workflow commands or close the report's code blocks", async () => {
    const dir = await copyToTemp(QUICKSTART);
    await initRepo(dir);
    // A literal block whose lines, in the text diff, are blanks then "::" (a workflow command), and
    // "```" / "````" runs that would close a three-backtick fence in the comment.
    const hostile = (n: number) =>
      `apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap\nmetadata: {name: inject, namespace: shop}\nspec:\n  template:\n    data:\n      a: |\n        ::error title=forged::owned\n        ::add-mask::shop\n        ::stop-commands::x\n      revision: "${n}"\n      z: |\n        \`\`\`\n        a \`\`\`\` run\n  placement:\n    clusterSelector: {}\n`;
    await writeFile(path.join(dir, "federation/inject.yaml"), hostile(1));
    const base = await commitAll(dir, "notes");
    await writeFile(path.join(dir, "federation/inject.yaml"), hostile(2));
    await commitAll(dir, "next revision");
    api = await startFakeGitHub();

    const res = await runAction({ workspace: dir, base, api });
    expect(res.code, res.stdout).toBe(0);
    // The text diff is in the log, with commands off from before it to after it.
    const m = /^::stop-commands::([0-9a-f]{32})\n([\s\S]*?)^::\1::$/m.exec(res.stdout);
    expect(m, res.stdout).not.toBeNull();
    expect(m![2]).toContain("::error title=forged::owned");
    expect(m![2]).toMatch(/^\s+::add-mask::shop$/m);
    // Outside the raw block, no line is one of the manifest's commands.
    const outside = res.stdout.replace(m![0], "");
    expect(outside).not.toMatch(/^\s*::(?:add-mask|stop-commands::x|error title=forged)/m);
    // The comment and the summary fence the diff with more backticks than any run in it.
    const [comment] = stickyComments(api);
    for (const text of [comment!.body, res.summary]) {
      expect(text).toContain("a ```` run");
      const fences = [...text.matchAll(/^(`{3,})diff$/gm)].map((f) => f[1]!.length);
      expect(fences.length).toBeGreaterThan(0);
      for (const f of fences) expect(f).toBeGreaterThan(4);
    }
  });

  it("writes the summary and exits 0 when the token may not comment (403)", async () => {
    const { dir, base } = await quickstartRepo();
    await changeQuickstart(dir);
    await commitAll(dir, "change");
    api = await startFakeGitHub();
    api.refuseWrites = 403;
    const res = await runAction({ workspace: dir, base, api });
    expect(res.code, res.stdout).toBe(0);
    expect(writes(api)).toEqual(["POST /repos/acme/fleet/issues/7/comments"]);
    expect(api.comments).toHaveLength(0);
    expect(res.stdout).toMatch(/^::warning title=fedc COMMENT_NOT_POSTED::the pull request comment was not posted: the token may not write to this pull request \(POST \/repos\/acme\/fleet\/issues\/7\/comments: 403 Resource not accessible by integration\)/m);
    expect(res.summary).toContain("### fedc diff");
    expect(res.summary).toContain("> The pull request comment was not posted");
    expect(res.outputs["changed-clusters"]).toBe("4");
  });

  it("on a pull request from a fork, writes the summary only and calls no API", async () => {
    const { dir, base } = await quickstartRepo();
    await changeQuickstart(dir);
    await commitAll(dir, "change");
    api = await startFakeGitHub();
    const res = await runAction({ workspace: dir, base, api, headRepo: "someone/fleet" });
    expect(res.code, res.stdout).toBe(0);
    expect(api.requests).toEqual([]);
    expect(res.summary).toContain("the pull request comes from a fork, and its token cannot write");
    expect(res.summary).toContain("<details><summary><code>eu-west-prod</code>");
  });

  it("annotates errors at workspace-relative positions and fails, for a repository in a sub-directory", async () => {
    const workspace = await mkdtemp(path.join(tmpdir(), "fedc-ws-"));
    await initRepo(workspace);
    await cp(await copyToTemp(QUICKSTART), path.join(workspace, "fleet"), { recursive: true });
    const base = await commitAll(workspace, "fleet");
    await writeFile(path.join(workspace, "fleet/federation/extra.yaml"), "apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap\nmetadata: {name: x, namespace: shop}\nspec:\n  placment: {}\n");
    await commitAll(workspace, "typo");
    api = await startFakeGitHub();
    const res = await runAction({ workspace, base, api, inputs: { directory: "fleet" } });
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^::error file=fleet\/federation\/extra\.yaml,line=5,col=3,title=fedc UNKNOWN_FIELD::FederatedConfigMap has no field spec\.placment; did you mean "placement"\?$/m);
    const [comment] = stickyComments(api);
    expect(comment!.body).toContain("> #7 feature does not compile (1 error); there is nothing to compare.");
    expect(comment!.body).toMatch(/federation\/extra\.yaml:5:3: error UNKNOWN_FIELD/);
    expect(res.summary).toContain("does not compile");
  });

  it("keeps one comment per fleet directory: two fleets in one repository get two, each edited by its own runs", async () => {
    const workspace = await mkdtemp(path.join(tmpdir(), "fedc-ws-"));
    await initRepo(workspace);
    for (const fleet of ["fleets/eu", "fleets/us"]) await cp(await copyToTemp(QUICKSTART), path.join(workspace, fleet), { recursive: true });
    const base = await commitAll(workspace, "two fleets");
    for (const fleet of ["fleets/eu", "fleets/us"]) await edit(path.join(workspace, fleet, "federation/storefront.yaml"), "      replicas: 3\n", "      replicas: 6\n");
    await commitAll(workspace, "more replicas in both");
    api = await startFakeGitHub();
    for (const directory of ["fleets/eu", "fleets/us", "fleets/eu"]) {
      const res = await runAction({ workspace, base, api, inputs: { directory } });
      expect(res.code, res.stdout).toBe(0);
    }
    expect(api.comments.map((c) => c.body.split("\n")[0])).toEqual(["<!-- fedc-diff fleets/eu -->", "<!-- fedc-diff fleets/us -->"]);
    expect(writes(api).filter((w) => w.startsWith("POST /repos"))).toHaveLength(2);
    // A change in one fleet edits that fleet's comment only.
    await edit(path.join(workspace, "fleets/us/federation/storefront.yaml"), "      replicas: 6\n", "      replicas: 8\n");
    await commitAll(workspace, "us only");
    api.requests.length = 0;
    expect((await runAction({ workspace, base, api, inputs: { directory: "fleets/us" } })).code).toBe(0);
    expect(writes(api)).toEqual([`PATCH /repos/acme/fleet/issues/comments/${api.comments[1]!.id}`]);
    expect(api.comments[0]!.body).not.toContain("3 → 8");
  });

  it("never edits a comment it did not write, even when it starts with the marker", async () => {
    const { dir, base } = await quickstartRepo();
    await changeQuickstart(dir);
    await commitAll(dir, "change");
    api = await startFakeGitHub();
    const quoted = { id: 1, body: `${MARKER}\nsomeone quoting fedc`, user: { login: "reviewer", type: "User" }, html_url: "https://github.com/acme/fleet/pull/7#issuecomment-1" };
    const otherBot = { id: 2, body: `${MARKER}\nanother bot`, user: { login: "renovate[bot]", type: "Bot" }, html_url: "https://github.com/acme/fleet/pull/7#issuecomment-2" };
    api.comments.push(quoted, otherBot);
    expect((await runAction({ workspace: dir, base, api })).code).toBe(0);
    expect(writes(api)).toEqual(["POST /repos/acme/fleet/issues/7/comments"]);
    expect(api.comments.slice(0, 2).map((c) => c.body)).toEqual([`${MARKER}\nsomeone quoting fedc`, `${MARKER}\nanother bot`]);
    expect(api.comments[2]!.user.login).toBe("github-actions[bot]");
    // The next run finds its own comment, also when GraphQL does not say who the token is (GITHUB_TOKEN's login is assumed).
    api.viewerLogin = undefined;
    api.requests.length = 0;
    await edit(path.join(dir, "federation/storefront.yaml"), "      replicas: 5\n", "      replicas: 9\n");
    await commitAll(dir, "again");
    expect((await runAction({ workspace: dir, base, api })).code).toBe(0);
    expect(writes(api)).toEqual([`PATCH /repos/acme/fleet/issues/comments/${api.comments[2]!.id}`]);
  });

  it("with a user's token (GET /user answers), edits that user's comment", async () => {
    const { dir, base } = await quickstartRepo();
    await changeQuickstart(dir);
    await commitAll(dir, "change");
    api = await startFakeGitHub();
    api.identity = "fleet-bot";
    api.userLogin = "fleet-bot";
    api.comments.push({ id: 5, body: `${MARKER}\nold report`, user: { login: "github-actions[bot]", type: "Bot" }, html_url: "https://github.com/acme/fleet/pull/7#issuecomment-5" });
    expect((await runAction({ workspace: dir, base, api })).code).toBe(0);
    expect(writes(api)).toEqual(["POST /repos/acme/fleet/issues/7/comments"]); // github-actions' comment is not this token's
    api.requests.length = 0;
    await edit(path.join(dir, "federation/storefront.yaml"), "      replicas: 5\n", "      replicas: 9\n");
    await commitAll(dir, "again");
    expect((await runAction({ workspace: dir, base, api })).code).toBe(0);
    expect(writes(api)).toEqual([`PATCH /repos/acme/fleet/issues/comments/${api.comments[1]!.id}`]);
    expect(api.requests.some((r) => r.path === "/graphql")).toBe(false);
  });

  it("fail-on-stale fails while the committed output differs from a fresh render", async () => {
    const { dir } = await quickstartRepo();
    expect((await fedc(["render", dir])).code).toBe(0);
    const base = await commitAll(dir, "rendered");
    await edit(path.join(dir, "federation/config.yaml"), "CURRENCY: EUR", "CURRENCY: CHF");
    await commitAll(dir, "forgot to render");
    const stale = await runAction({ workspace: dir, base, inputs: { comment: "false", "fail-on-stale": "true" } });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/^::error title=fedc OUTPUT_STALE::rendered\/ is out of date \(1 file\); run "fedc render" and commit the result%0Anote: changed: eu-west-prod\/shop\/configmap-storefront-config\.yaml$/m);
    expect(stale.summary).toContain("`rendered/` is out of date: 1 file differs from a fresh render.");
    expect(stale.outputs.stale).toBe("true");

    expect((await fedc(["render", dir])).code).toBe(0);
    await commitAll(dir, "rendered");
    const fresh = await runAction({ workspace: dir, base, inputs: { comment: "false", "fail-on-stale": "true" } });
    expect(fresh.code, fresh.stdout).toBe(0);
    expect(fresh.outputs.stale).toBe("false");
    expect(fresh.outputs.changed).toBe("1");
  });

  it("fetches the base commit when the checkout is shallow", async () => {
    const { dir, base } = await quickstartRepo();
    await changeQuickstart(dir);
    await commitAll(dir, "change");
    const clone = await mkdtemp(path.join(tmpdir(), "fedc-shallow-"));
    await git(clone, "clone", "-q", "--depth=1", `file://${dir}`, "ws");
    const workspace = path.join(clone, "ws");
    await expect(git(workspace, "cat-file", "-e", `${base}^{commit}`)).rejects.toThrow();
    const res = await runAction({ workspace, base, inputs: { comment: "false" } });
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs["changed-clusters"]).toBe("4");
    expect(await git(workspace, "status", "--porcelain")).toBe("");
  });

  it("compares with the merge base: a shallow checkout of the PR's merge commit needs no more history", async () => {
    const { dir, base } = await quickstartRepo();
    await git(dir, "checkout", "-q", "-b", "feature");
    await changeQuickstart(dir);
    await commitAll(dir, "change");
    await git(dir, "checkout", "-q", "-b", "pull-7-merge", "main");
    await git(dir, "merge", "-q", "--no-ff", "-m", "Merge feature into main", "feature");
    const clone = await mkdtemp(path.join(tmpdir(), "fedc-merge-"));
    await git(clone, "clone", "-q", "--depth=1", "--branch", "pull-7-merge", `file://${dir}`, "ws");
    const workspace = path.join(clone, "ws");
    const res = await runAction({ workspace, base, inputs: { comment: "false" } });
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs["changed-clusters"]).toBe("4");
    expect((await git(workspace, "rev-parse", "--is-shallow-repository")).trim()).toBe("true");
  });

  it("without a pull request or base input, renders and checks the head only", async () => {
    const { dir, base } = await quickstartRepo();
    api = await startFakeGitHub();
    const res = await runAction({ workspace: dir, base, api, eventName: "push" });
    expect(res.code, res.stdout).toBe(0);
    expect(res.stdout).toMatch(/^::warning title=fedc NO_BASE_REVISION::no base revision/m);
    expect(res.summary).toContain("### fedc render");
    expect(res.summary).toContain("| `us-east-staging` | 7 |");
    expect(api.requests).toEqual([]);
    expect(res.outputs["changed-clusters"]).toBe("0");
  });

  it("kubeconform: true runs the kubeconform on PATH, annotates what it rejects at the source, and fails", async () => {
    const { dir, base } = await quickstartRepo();
    const bin = await mkdtemp(path.join(tmpdir(), "fedc-kubeconform-"));
    const report = {
      resources: [{ filename: "stdin", kind: "Deployment", name: "storefront", version: "apps/v1", status: "statusInvalid", msg: "", validationErrors: [{ path: "/spec/replicas", msg: "expected integer" }] }],
      summary: { valid: 8, invalid: 1, errors: 0, skipped: 0 },
    };
    await writeFile(path.join(bin, "kubeconform"), `#!/usr/bin/env node\nrequire("node:fs").readFileSync(0);\nprocess.stdout.write(${JSON.stringify(JSON.stringify(report))});\nprocess.exit(1);\n`);
    await chmod(path.join(bin, "kubeconform"), 0o755);
    const run = await runAction({ workspace: dir, base, inputs: { comment: "false", kubeconform: "true" }, pathPrefix: bin });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error file=federation\/storefront\.yaml,line=\d+,col=\d+,[^:]*title=fedc KUBECONFORM_FAILED::kubeconform rejects Deployment shop\/storefront in cluster "eu-west-prod": \/spec\/replicas: expected integer/);
    expect(run.stdout).toContain("kubeconform -strict (Kubernetes 1.33.0)");
    // Without the binary: a warning, and the step still passes.
    const missing = await runAction({ workspace: dir, base, inputs: { comment: "false", kubeconform: "true" }, pathPrefix: await mkdtemp(path.join(tmpdir(), "fedc-empty-")) });
    expect(missing.code, missing.stdout).toBe(0);
  });

  it("refuses a directory outside the workspace (.., absolute) before reading anything", async () => {
    const { dir, base } = await quickstartRepo();
    for (const directory of ["..", "../..", "/", "federation/../.."]) {
      const res = await runAction({ workspace: dir, base, inputs: { directory, comment: "false" } });
      expect(res.code, directory).toBe(1);
      expect(res.stdout, directory).toMatch(/^::error title=fedc::directory ".*" is outside the workspace/);
      expect(res.summary, directory).toBe("");
    }
  });

  it("rejects an input that is not a boolean with one error line", async () => {
    const { dir, base } = await quickstartRepo();
    const res = await runAction({ workspace: dir, base, inputs: { comment: "maybe" } });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('::error title=fedc::input "comment" must be true or false, not "maybe"\n');
  });
});

describe("GitHub Action: git runs nothing a pull request controls", () => {
  it("a fake git repository committed into `directory` (HEAD, config, objects/, refs/) is refused, and its uploadpack and fsmonitor never run", async () => {
    const workspace = await mkdtemp(path.join(tmpdir(), "fedc-ws-"));
    await initRepo(workspace);
    await cp(await copyToTemp(QUICKSTART), path.join(workspace, "fleet"), { recursive: true });
    const base = await commitAll(workspace, "fleet");
    const ran = path.join(await mkdtemp(path.join(tmpdir(), "fedc-ran-")), "ran");
    await plantFakeRepository(path.join(workspace, "fleet"), ran);
    await commitAll(workspace, "a pull request plants a repository");
    // A base the clone does not have: the Action fetches it, which would start the fake's upload-pack.
    const res = await runAction({ workspace, base: "1".repeat(40), inputs: { directory: "fleet", comment: "false" } });
    await expect(readFile(ran, "utf8")).rejects.toThrow();
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/::error title=fedc GIT_UNAVAILABLE::git run in .*fleet finds the repository .*; a directory that looks like a git repository/);
    const again = await runAction({ workspace, base, inputs: { directory: "fleet", comment: "false" } });
    expect(again.code).toBe(1);
    await expect(readFile(ran, "utf8")).rejects.toThrow();
  });
});

