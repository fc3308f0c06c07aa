// Plays Argo CD's part: the repo-server sidecar runs the plugin's generate command (as written in
// examples/argocd/plugin.yaml, without a shell) in the Application's path of an unpacked copy of
// the repository, with Argo CD's environment, and reads stdout as the manifests to sync.
import { execFile } from "node:child_process";
import { appendFile, chmod, cp, mkdir, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse, parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.js";
import { ROOT } from "../support/cli.js";
import { QUICKSTART } from "./gitRepo.js";

const ARGOCD = path.join(ROOT, "examples/argocd");

interface PluginYaml {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { version?: string; discover: { fileName: string }; generate: { command: string[]; args?: string[] }; parameters: { static: { name: string }[] } };
}

let plugin: PluginYaml;
let bin: string;
let repoRoot: string;
const APP_PATH = "examples/quickstart";

/** `fedc` on the sidecar's PATH: the CLI from this checkout's sources. */
async function fedcShim(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "fedc-bin-"));
  const loader = pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
  await writeFile(path.join(dir, "fedc"), `#!/bin/sh\nexec "${process.execPath}" --import "${loader}" "${path.join(ROOT, "compiler/cli/main.ts")}" "$@"\n`);
  await chmod(path.join(dir, "fedc"), 0o755);
  return dir;
}

/** The repository as the sidecar receives it: the whole tree, unpacked in a fresh directory. */
async function unpackedRepository(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "fedc-cmp-"));
  await mkdir(path.join(root, "examples"));
  await cp(QUICKSTART, path.join(root, APP_PATH), { recursive: true, filter: (src) => !src.includes(`${path.sep}rendered`) });
  return root;
}

async function generate(root: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const [command, ...rest] = [...plugin.spec.generate.command, ...(plugin.spec.generate.args ?? [])];
  const argocdEnv = {
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    HOME: root,
    ARGOCD_APP_NAME: "quickstart-test",
    ARGOCD_APP_NAMESPACE: "shop",
    ARGOCD_APP_PROJECT_NAME: "default",
    ARGOCD_APP_REVISION: "0123456789abcdef0123456789abcdef01234567",
    ARGOCD_APP_REVISION_SHORT: "0123456",
    ARGOCD_APP_SOURCE_PATH: APP_PATH,
    ARGOCD_APP_SOURCE_REPO_URL: "https://github.com/acme/fleet.git",
    ARGOCD_APP_SOURCE_TARGET_REVISION: "main",
    KUBE_VERSION: "1.33.2",
    KUBE_API_VERSIONS: "apps/v1,apps/v1/Deployment,v1,v1/ConfigMap,v1/Namespace,v1/Secret,v1/Service",
    ...env,
  };
  return new Promise((resolve) => {
    execFile(command!, rest, { cwd: path.join(root, APP_PATH), env: argocdEnv }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** What a sidecar hands Argo CD: the objects of a YAML stream, as "Kind namespace/name". */
function objectsOf(stream: string): string[] {
  return parseAllDocuments(stream).map((d) => {
    const o = d.toJS() as { kind: string; metadata: { name: string; namespace?: string } };
    return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
  });
}

beforeAll(async () => {
  plugin = parse(await readFile(path.join(ARGOCD, "plugin.yaml"), "utf8")) as PluginYaml;
  bin = await fedcShim();
  repoRoot = await unpackedRepository();
});

describe("Argo CD config management plugin", () => {
  it("is a valid ConfigManagementPlugin, discovered by fedc.yaml", async () => {
    expect(plugin.apiVersion).toBe("argoproj.io/v1alpha1");
    expect(plugin.kind).toBe("ConfigManagementPlugin");
    expect(plugin.metadata.name).toBeTruthy();
    expect(plugin.spec.generate.command.length).toBeGreaterThan(0);
    expect(plugin.spec.discover.fileName).toBe("./fedc.yaml");
    expect((await stat(path.join(repoRoot, APP_PATH, plugin.spec.discover.fileName))).isFile()).toBe(true);
    expect(plugin.spec.parameters.static.map((p) => p.name)).toEqual(["cluster"]);
  });

  it("generates exactly the cluster's objects as one YAML stream, in apply order, and writes nothing", async () => {
    const res = await generate(repoRoot, { ARGOCD_ENV_FEDC_CLUSTER: "us-east-staging" });
    expect(res.code, res.stderr).toBe(0);
    const expected = await compile({ repo: path.join(repoRoot, APP_PATH), clusters: ["us-east-staging"] });
    const wanted = expected.clusters[0]!.objects.map((o) => `${o.key.kind} ${o.key.namespace ? `${o.key.namespace}/` : ""}${o.key.name}`);
    expect(objectsOf(res.stdout)).toEqual(wanted);
    expect(wanted).toContain("Deployment shop/storefront");
    expect(wanted).not.toContain("Ingress shop/storefront"); // placed in prod clusters only
    expect(res.stdout).toBe(expected.clusters[0]!.objects.map((o) => o.yaml).join("---\n"));
    await expect(stat(path.join(repoRoot, APP_PATH, "rendered"))).rejects.toThrow();
  });

  it("takes the cluster from the plugin parameter when no plugin env names one", async () => {
    const res = await generate(repoRoot, { PARAM_CLUSTER: "eu-west-prod", ARGOCD_APP_PARAMETERS: '[{"name":"cluster","string":"eu-west-prod"}]' });
    expect(res.code, res.stderr).toBe(0);
    expect(objectsOf(res.stdout)).toContain("Ingress shop/storefront");
  });

  it("the parameter cluster overrides the plugin env, as the plugin documents", async () => {
    const res = await generate(repoRoot, { ARGOCD_ENV_FEDC_CLUSTER: "us-east-staging", PARAM_CLUSTER: "eu-west-prod" });
    expect(res.code, res.stderr).toBe(0);
    expect(objectsOf(res.stdout)).toContain("Ingress shop/storefront"); // eu-west-prod's, not us-east-staging's
    expect(plugin.spec.parameters.static[0]).toMatchObject({ name: "cluster" });
    expect(JSON.stringify(plugin.spec.parameters.static[0])).toContain("overrides the plugin env FEDC_CLUSTER");
  });

  it("builds the sidecar image from the source tree, multi-stage on node:24-slim, as Argo CD's user", async () => {
    const dockerfile = await readFile(path.join(ARGOCD, "Dockerfile"), "utf8");
    const from = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(from).toEqual(["node:24-slim", "node:24-slim"]);
    expect(dockerfile).toMatch(/^COPY \. \.$/m);
    expect(dockerfile).toMatch(/npm pack/);
    expect(dockerfile).toMatch(/^COPY --from=build /m);
    expect(dockerfile).not.toMatch(/fedc@/); // not from the registry: fedc is not published
    expect(dockerfile).toMatch(/^USER 999$/m);
  });

  it("exits non-zero with nothing on stdout for an unknown cluster, no cluster, or a broken repository", async () => {
    const unknown = await generate(repoRoot, { ARGOCD_ENV_FEDC_CLUSTER: "mars-prod" });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain('error UNKNOWN_CLUSTER_ARGUMENT: cluster "mars-prod" is not registered in this repository; registered clusters: eu-west-prod, us-east-prod, us-east-staging');

    const none = await generate(repoRoot, {});
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toMatch(/^fedc: --stdout needs exactly one --cluster NAME/);

    const broken = await unpackedRepository();
    await appendFile(path.join(broken, APP_PATH, "federation/config.yaml"), "---\napiVersion: v1\n  kind: [broken\n");
    const res = await generate(broken, { ARGOCD_ENV_FEDC_CLUSTER: "us-east-staging" });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/^federation\/config\.yaml:\d+:\d+: error YAML_SYNTAX: /m);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("Argo CD ApplicationSet and repo-server patch", () => {
  it("creates one Application per quickstart cluster, each rendered by the plugin for its cluster", async () => {
    const set = parse(await readFile(path.join(ARGOCD, "applicationset.yaml"), "utf8")) as {
      kind: string;
      spec: {
        generators: { list: { elements: { cluster: string; app: string; destination: string }[] } }[];
        template: { metadata: { name: string }; spec: { source: { path: string; plugin: { name: string; env: { name: string; value: string }[] } }; destination: { name: string } } };
      };
    };
    expect(set.kind).toBe("ApplicationSet");
    const registry = (await compile({ repo: QUICKSTART })).registry.map((c) => c.name);
    expect(set.spec.generators[0]!.list.elements.map((e) => e.cluster)).toEqual(registry);
    expect(set.spec.generators[0]!.list.elements.map((e) => e.destination)).toEqual(registry);
    const tpl = set.spec.template;
    expect(tpl.metadata.name).toBe("{{.app}}");
    expect(tpl.spec.destination.name).toBe("{{.destination}}");
    expect(tpl.spec.source.path).toBe(APP_PATH);
    expect(tpl.spec.source.plugin.name).toBe(`${plugin.metadata.name}-${plugin.spec.version}`);
    // Argo CD prefixes plugin env names with ARGOCD_ENV_; that is the variable fedc reads.
    expect(tpl.spec.source.plugin.env).toEqual([{ name: "FEDC_CLUSTER", value: "{{.cluster}}" }]);
  });

  it("runs the sidecar as Argo CD requires, with plugin.yaml where the CMP server reads it", async () => {
    const patch = parse(await readFile(path.join(ARGOCD, "repo-server-patch.yaml"), "utf8")) as {
      metadata: { name: string };
      spec: { template: { spec: { containers: { command: string[]; securityContext: object; volumeMounts: { name: string; mountPath: string; subPath?: string }[] }[]; volumes: { name: string; configMap?: { name: string } }[] } } };
    };
    expect(patch.metadata.name).toBe("argocd-repo-server");
    const [sidecar] = patch.spec.template.spec.containers;
    expect(sidecar!.command).toEqual(["/var/run/argocd/argocd-cmp-server"]);
    // The stock Argo CD sidecar hardening, which the "restricted" Pod Security level requires.
    expect(sidecar!.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 999,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    const mounts = Object.fromEntries(sidecar!.volumeMounts.map((m) => [m.mountPath, m]));
    expect(mounts["/var/run/argocd"]!.name).toBe("var-files");
    expect(mounts["/home/argocd/cmp-server/plugins"]!.name).toBe("plugins");
    expect(mounts["/home/argocd/cmp-server/config/plugin.yaml"]!.subPath).toBe("plugin.yaml");
    expect(mounts["/tmp"]).toBeDefined();
    const config = patch.spec.template.spec.volumes.find((v) => v.name === mounts["/home/argocd/cmp-server/config/plugin.yaml"]!.name);
    expect(config?.configMap?.name).toBe("fedc-cmp-plugin");
    expect(await readFile(path.join(ARGOCD, "plugin.yaml"), "utf8")).toContain("kubectl -n argocd create configmap fedc-cmp-plugin --from-file=plugin.yaml=examples/argocd/plugin.yaml");
  });
});
