// go-yaml (what kustomize, kubectl, Argo CD and Flux read manifests with) refuses DEL and the C1
// controls in a stream and reads NEL, LS and PS as line breaks: a string holding one of them must be
// written with escapes, or the member cluster gets another value (or kustomize fails). Each string
// below goes through fedc's writer and `kubectl kustomize`, and must come back unchanged.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { manifestToYaml, manifestToYamlWithLibrary, plainYaml } from "../../compiler/emit/yaml.js";
import type { JsonObject } from "../../compiler/model.js";

const run = promisify(execFile);

const STRINGS: Record<string, string> = {
  ls: "a\u2028b",
  ps: "a\u2029b",
  nel: "a\u0085b",
  del: "a\u007fb",
  c1: "a\u0080\u009fb",
  bom: "a\ufeffb",
  multiline: "line one\nx\u2028y\u0085z\u007f\n",
  only: "\u2028",
  edges: " \u2029 ",
  quotes: "say \"\u2028\" 'x'",
};

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** What `kubectl kustomize` prints for one manifest file (or its error: go-yaml prints the map it read). */
async function kustomize(manifest: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "fedc-goyaml-"));
  dirs.push(dir);
  await writeFile(path.join(dir, "cm.yaml"), manifest);
  await writeFile(path.join(dir, "kustomization.yaml"), plainYaml({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: ["cm.yaml"] }));
  return run("kubectl", ["kustomize", dir]).then(
    (r) => r.stdout,
    (e: { stderr?: string }) => `error: ${(e.stderr ?? "").replace(/^.*?run\.go:\d+\]\s*/s, "")}`,
  );
}

/** The object as JSON with every non-ASCII character escaped: what go-yaml reads exactly. */
const asciiJson = (object: JsonObject) => JSON.stringify(object).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/**
 * kustomize reads ASCII JSON exactly (every character is an escape or itself), so the YAML fedc writes is
 * read right when kustomize prints the same for it as for the object written as JSON. (kustomize's
 * own writer refuses DEL and C1 controls: then both fail with the same message, which shows the map
 * go-yaml read.)
 */
async function expectReadAsJson(text: string, object: JsonObject, label: string): Promise<void> {
  expect(text, label).not.toMatch(/[\u007f-\u009f\u2028\u2029\ufeff]/);
  expect(parseAllDocuments(text)[0]!.toJS(), label).toEqual(object);
  expect(await kustomize(text), label).toBe(await kustomize(asciiJson(object)));
}

describe("strings go-yaml would refuse or change round-trip through kubectl kustomize", () => {
  const object: JsonObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "unusual", annotations: { "note\u2028key": "v" } }, data: STRINGS };

  it("the manifest writer escapes DEL, C1 controls, NEL, LS, PS and a byte-order mark", async () => {
    const text = manifestToYaml(object);
    expect(text).toContain('"a\\Lb"');
    expect(text).toContain('"a\\Nb"');
    await expectReadAsJson(text, object, "all");
  });

  it("the yaml package path writes the same escapes", () => {
    expect(manifestToYamlWithLibrary(object)).toBe(manifestToYaml(object));
  });

  it("each string on its own, as a value and as a key", async () => {
    for (const [name, value] of Object.entries(STRINGS)) {
      const one: JsonObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name, annotations: { [value]: value } }, data: { [name]: value } };
      await expectReadAsJson(manifestToYaml(one), one, name);
    }
  });

  it("written raw, as before, kustomize reads another value", async () => {
    const raw = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: raw\ndata:\n  ls: ${STRINGS.ls}\n`;
    expect(await kustomize(raw)).not.toBe(await kustomize(asciiJson({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "raw" }, data: { ls: STRINGS.ls } })));
  });
});
