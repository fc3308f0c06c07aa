// examples/flux: one Flux Kustomization per quickstart cluster, each pointing at a directory that
// `fedc render` writes (with the kustomization.yaml Flux builds), plus the GitRepository they read.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.js";
import { copyToTemp, fedc, ROOT } from "../support/cli.js";
import { QUICKSTART } from "./gitRepo.js";

const FLUX = path.join(ROOT, "examples/flux");

interface FluxObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  spec: { interval: string; prune?: boolean; path?: string; sourceRef?: { kind: string; name: string }; url?: string; ref?: { branch: string } };
}

async function fluxObjects(): Promise<Map<string, FluxObject>> {
  const out = new Map<string, FluxObject>();
  for (const file of (await readdir(FLUX)).sort()) if (file !== "fedc-delivery.yaml") out.set(file, parse(await readFile(path.join(FLUX, file), "utf8")) as FluxObject);
  return out;
}

describe("Flux example", () => {
  it("has a GitRepository and one Kustomization per quickstart cluster, at the directory fedc renders for it", async () => {
    const objects = await fluxObjects();
    const source = objects.get("gitrepository.yaml")!;
    expect(source.apiVersion).toBe("source.toolkit.fluxcd.io/v1");
    expect(source.kind).toBe("GitRepository");
    expect(source.spec.interval).toBeTruthy();
    expect(source.spec.url).toMatch(/^https:\/\//);

    const registry = (await compile({ repo: QUICKSTART })).registry.map((c) => c.name);
    const kustomizations = [...objects.values()].filter((o) => o.kind === "Kustomization");
    expect(kustomizations.map((k) => k.metadata.name)).toEqual(registry.map((c) => `fedc-${c}`));

    const repo = await copyToTemp(QUICKSTART);
    expect((await fedc(["render", repo])).code).toBe(0);
    for (const cluster of registry) {
      const k = objects.get(`${cluster}.yaml`)!;
      expect(k.apiVersion).toBe("kustomize.toolkit.fluxcd.io/v1");
      // interval and prune are required by the Kustomization API.
      expect(k.spec.interval).toBeTruthy();
      expect(k.spec.prune).toBe(true);
      expect(k.spec.sourceRef).toEqual({ kind: "GitRepository", name: source.metadata.name });
      expect(k.metadata.namespace).toBe(source.metadata.namespace);
      expect(k.spec.path).toBe(`./examples/quickstart/rendered/${cluster}`);
      const dir = path.join(repo, "rendered", cluster);
      expect((await stat(path.join(dir, "kustomization.yaml"))).isFile()).toBe(true);
    }
  });
});
