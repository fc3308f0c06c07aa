// Temporary git repositories for the delivery tests: real commits, made with the git binary.
import { execFile } from "node:child_process";
import { appendFile, chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { copyToTemp, ROOT } from "../support/cli.js";

const exec = promisify(execFile);

export const QUICKSTART = path.join(ROOT, "examples/quickstart");

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec("git", args, { cwd, env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: cwd } });
  return stdout;
}

/** `git init` with an identity of its own, so commits work on any machine. */
export async function initRepo(dir: string): Promise<void> {
  await git(dir, "init", "-q", "-b", "main");
  await git(dir, "config", "user.name", "fedc test");
  await git(dir, "config", "user.email", "test@fedc.invalid");
  await git(dir, "config", "commit.gpgsign", "false");
}

/** Commits everything; returns the commit id. */
export async function commitAll(dir: string, message: string): Promise<string> {
  await git(dir, "add", "-A");
  await git(dir, "commit", "-q", "--allow-empty", "-m", message);
  return (await git(dir, "rev-parse", "HEAD")).trim();
}

/** A git repository holding a copy of examples/quickstart (without rendered/) as its first commit. */
export async function quickstartRepo(): Promise<{ dir: string; base: string }> {
  const dir = await copyToTemp(QUICKSTART);
  await initRepo(dir);
  return { dir, base: await commitAll(dir, "quickstart") };
}

export async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}: ${String(from)} not found`);
  await writeFile(file, next);
}

export const NEW_CLUSTER = `---
apiVersion: core.kubefed.io/v1beta1
kind: KubeFedCluster
metadata:
  name: ap-south-prod
  namespace: kube-federation-system
  labels: {env: prod, region: ap-south}
spec:
  apiEndpoint: https://ap-south-prod.k8s.example.com
  secretRef: {name: ap-south-prod}
status:
  region: ap-south
  zones: [ap-south-1a]
`;

/** The head of the main scenario: a Secret value changes, replicas move, a resource goes, a cluster comes. */
export async function changeQuickstart(dir: string): Promise<void> {
  await edit(path.join(dir, "federation/config.yaml"), "PAYMENT_API_KEY: replace-me-with-a-sealed-secret", "PAYMENT_API_KEY: s3cr3t-value-after");
  await edit(path.join(dir, "federation/storefront.yaml"), "      replicas: 3\n", "      replicas: 5\n");
  await edit(path.join(dir, "federation/rbac.yaml"), /^[\s\S]*?---\n/, "");
  await appendFile(path.join(dir, "clusters/clusters.yaml"), NEW_CLUSTER);
}

/**
 * What a pull request can commit into a sub-directory so that git takes it for a bare repository:
 * HEAD, config, objects/ and refs/, with a config whose programs would write `ran`.
 */
export async function plantFakeRepository(dir: string, ran: string): Promise<void> {
  const program = `sh -c 'echo ran >> ${ran}; exit 1'`;
  await writeFile(path.join(dir, "HEAD"), "ref: refs/heads/main\n");
  await writeFile(
    path.join(dir, "config"),
    `[core]\n\trepositoryformatversion = 0\n\tbare = true\n\tfsmonitor = "${program}"\n\thooksPath = hooks\n\tpager = "${program}"\n` +
      `[remote "origin"]\n\turl = file://${dir}\n\tuploadpack = "${program}"\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n` +
      `[diff]\n\texternal = "${program}"\n[credential]\n\thelper = "!${program}"\n`,
  );
  for (const sub of ["objects/info", "refs/heads", "hooks"]) await mkdir(path.join(dir, sub), { recursive: true });
  await writeFile(path.join(dir, "objects/info/packs"), "");
  await writeFile(path.join(dir, "refs/heads/.keep"), "");
  for (const hook of ["reference-transaction", "post-checkout", "pre-auto-gc"]) {
    await writeFile(path.join(dir, "hooks", hook), `#!/bin/sh\necho ran >> ${ran}\n`);
    await chmod(path.join(dir, "hooks", hook), 0o755);
  }
}
