// Every rendered cluster directory must be a kustomization that `kubectl kustomize` builds, with
// exactly the objects fedc emitted for that cluster: Argo CD and Flux read these directories
// through kustomize, so a file missing from kustomization.yaml (or listed twice, or unparsable)
// would silently drop or break a resource in a member cluster.
// Runs on every golden fixture whose expected tree has cluster directories, and on the examples.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { compile } from "../compiler/index.js";
import { FIXTURES, fixtureNames, listTree } from "./support/golden.js";

const run = promisify(execFile);
const EXAMPLES = path.resolve(import.meta.dirname, "../examples");

/** Fixtures whose expected tree holds at least one `<cluster>/kustomization.yaml`. */
async function renderedFixtures(): Promise<string[]> {
  const out: string[] = [];
  for (const name of await fixtureNames()) {
    const files = await listTree(path.join(FIXTURES, name, "expected"));
    if (files.some((f) => /^[^/]+\/kustomization\.yaml$/.test(f))) out.push(name);
  }
  return out;
}

/** Every example repository (a directory with a fedc.yaml). */
async function examples(): Promise<string[]> {
  const entries = await readdir(EXAMPLES, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) if (e.isDirectory() && (await stat(path.join(EXAMPLES, e.name, "fedc.yaml")).catch(() => undefined))) out.push(e.name);
  return out.sort();
}

const cases: { name: string; repo: string }[] = [
  ...(await renderedFixtures()).map((name) => ({ name: `fixtures/${name}`, repo: path.join(FIXTURES, name, "input") })),
  ...(await examples()).map((name) => ({ name: `examples/${name}`, repo: path.join(EXAMPLES, name) })),
];

/** Number of objects in a YAML stream (empty documents do not count). */
function objectCount(stream: string): number {
  return parseAllDocuments(stream).filter((d) => d.contents !== null).length;
}

/** Fails (never skips) every case when kubectl is missing: the check is part of the test. */
let kubectlChecked: Promise<void> | undefined;
function requireKubectl(): Promise<void> {
  kubectlChecked ??= run("kubectl", ["version", "--client"]).then(
    () => undefined,
    (e: NodeJS.ErrnoException) => {
      throw new Error(
        e.code === "ENOENT"
          ? "kubectl is not on PATH: these tests run `kubectl kustomize` on every rendered cluster directory; install kubectl (it is required locally and in CI)"
          : `kubectl version --client failed: ${e.message}`,
      );
    },
  );
  return kubectlChecked;
}

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "fedc-kustomize-"));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("kubectl kustomize builds every rendered cluster", () => {
  it("has cases", () => {
    expect(cases.length).toBeGreaterThan(1);
  });

  it("kubectl is installed", async () => {
    await requireKubectl();
  });

  for (const c of cases) {
    it(c.name, async () => {
      await requireKubectl();
      const result = await compile({ repo: c.repo });
      expect(result.ok, `${c.name} compiles without errors`).toBe(true);
      expect(result.clusters.length, `${c.name} renders clusters`).toBeGreaterThan(0);

      const out = path.join(work, c.name.replace(/[/\\]/g, "_"));
      for (const f of result.files) {
        const file = path.join(out, f.path);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, f.content);
      }

      for (const cluster of result.clusters) {
        const dir = path.join(out, cluster.cluster);
        let stdout: string;
        try {
          ({ stdout } = await run("kubectl", ["kustomize", dir], { maxBuffer: 256 * 1024 * 1024 }));
        } catch (e) {
          const err = e as { code?: number; stderr?: string; message: string };
          throw new Error(`kubectl kustomize ${c.name}/${cluster.cluster} exited ${err.code ?? "?"}: ${err.stderr || err.message}`);
        }
        expect(objectCount(stdout), `objects built by kubectl kustomize for ${c.name}/${cluster.cluster}`).toBe(cluster.objects.length);
      }
      // The _dns directory (DNSEndpoints when fedc.yaml sets no dns.cluster) is a kustomization too.
      const dnsFiles = result.files.filter((f) => f.path.startsWith("_dns/") && f.path !== "_dns/kustomization.yaml");
      if (dnsFiles.length > 0) {
        const { stdout } = await run("kubectl", ["kustomize", path.join(out, "_dns")], { maxBuffer: 64 * 1024 * 1024 });
        expect(objectCount(stdout)).toBe(dnsFiles.reduce((n, f) => n + objectCount(f.content), 0));
      }
    });
  }
});
