// One rule for what is secret (compiler/kube/secrets.ts), held by the diff, the Action's report and
// every diagnostic format alike: every kind named …Secret (not only v1 Secret), plus what fedc.yaml
// `mask` adds; and no rendered diagnostic quotes a value of a Secret-like object, however the
// message was built (a property test sends random Secret-like objects through failing overrides and
// parse errors).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffResults, renderMarkdown, renderRevisionMarkdown, renderText, summarizeResult } from "../../compiler/report/index.js";
import { compileFiles, everyRendering, type Files } from "./repo.js";

const KARMADA_CLUSTER = `apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: m1}
spec: {region: r1}
`;

/** A plain object of `kind` (a CRD-less custom kind or a Secret) propagated by Karmada to m1. */
function propagated(kind: string, apiVersion: string, body: string, extra = ""): Files {
  return {
    "karmada.yaml": `${KARMADA_CLUSTER}---
apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: creds, namespace: ns}
${body}
---
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors: [{apiVersion: ${apiVersion}, kind: ${kind}}]
  placement: {clusterAffinity: {clusterNames: [m1]}}
${extra}`,
  };
}

async function diffOf(kind: string, apiVersion: string, before: string, after: string, config = "", baseConfig = config) {
  const withConfig = (files: Files, c: string) => (c ? { ...files, "fedc.yaml": `apiVersion: fedc.io/v1alpha1\nkind: Config\n${c}` } : files);
  const base = await compileFiles(withConfig(propagated(kind, apiVersion, before), baseConfig));
  const head = await compileFiles(withConfig(propagated(kind, apiVersion, after), config));
  expect(base.ok && head.ok, JSON.stringify([...base.diagnostics, ...head.diagnostics].map((d) => d.message))).toBe(true);
  const diff = diffResults(base, head, { base: "main", head: "pr" });
  return renderText(diff) + renderMarkdown(diff);
}

describe("one masking rule", () => {
  it.each([
    ["SealedSecret", "bitnami.com/v1alpha1", "spec:\n  encryptedData: {password: AgBy-old-cipher-1}", "spec:\n  encryptedData: {password: AgBy-new-cipher-2}"],
    ["DatabaseSecret", "db.example.com/v1", "spec:\n  password: db-pass-old-1", "spec:\n  password: db-pass-new-2"],
    ["ExternalSecret", "external-secrets.io/v1beta1", "spec:\n  target:\n    template:\n      data: {dsn: 'postgres://u:pw-old-1@db'}", "spec:\n  target:\n    template:\n      data: {dsn: 'postgres://u:pw-new-2@db'}"],
  ])("a %s is masked in fedc diff like a v1 Secret", async (kind, apiVersion, before, after) => {
    const text = await diffOf(kind, apiVersion, before, after);
    expect(text).toContain(`~ ${kind} ns/creds`);
    expect(text).toContain("******** (after)");
    for (const v of ["old-cipher-1", "new-cipher-2", "db-pass-old-1", "db-pass-new-2", "pw-old-1", "pw-new-2"]) expect(text).not.toContain(v);
  });

  it("fedc.yaml mask adds kinds and paths; a pull request that drops them from fedc.yaml still sees them masked", async () => {
    const cm = (v: string) => `data: {password: ${v}, color: blue-${v}}`;
    const config = "mask:\n  paths: [{kind: ConfigMap, path: /data/password}]\n";
    const masked = await diffOf("ConfigMap", "v1", cm("cm-pass-old-1"), cm("cm-pass-new-2"), config);
    expect(masked).toContain(`password: "******** (after)"`);
    expect(masked).toContain("color: blue-cm-pass-new-2");
    expect(masked).not.toMatch(/password: cm-pass/);
    const dropped = await diffOf("ConfigMap", "v1", cm("cm-pass-old-1"), cm("cm-pass-new-2"), "", config);
    expect(dropped).toContain(`password: "******** (after)"`);
    const kinds = await diffOf("Credentials", "example.com/v1", "spec: {token: tok-old-1}", "spec: {token: tok-new-2}", "mask:\n  kinds: [Credentials]\n");
    expect(kinds).toContain(`token: "******** (after)"`);
    expect(kinds).not.toContain("tok-new-2");
  });

  it("without a mask a ConfigMap is shown (secrets kept in ConfigMaps are not recognized)", async () => {
    const text = await diffOf("ConfigMap", "v1", "data: {a: shown-old-1}", "data: {a: shown-new-2}");
    expect(text).toContain("shown-new-2");
  });

  it("a malformed mask path is an error at fedc.yaml", async () => {
    const result = await compileFiles({ "fedc.yaml": "apiVersion: fedc.io/v1alpha1\nkind: Config\nmask:\n  paths: [{kind: ConfigMap, path: data/password}]\n" });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]!.span?.file).toBe("fedc.yaml");
  });
});

/** Distinctive values that no message would contain by chance. */
const secretValue = fc.stringMatching(/^[a-z]{3}[0-9][A-Za-z0-9._/:-]{6,20}$/).map((s) => `zq${s}`);
const secretKind = fc.constantFrom(["Secret", "v1"], ["SealedSecret", "bitnami.com/v1alpha1"], ["DatabaseSecret", "db.example.com/v1"]);

/** Repositories whose compile fails right next to a Secret-like object holding `value`. */
const hostile = fc.oneof(
  // an image overrider whose predicate points into the object: the overrider quotes what it read
  fc.tuple(secretKind, secretValue).map(([[kind, apiVersion], value]) => ({
    value,
    files: propagated(kind, apiVersion, `stringData: {image: "Reg.Example/${value}:1"}`, `---
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata: {name: leak}
spec:
  resourceSelectors: [{apiVersion: ${apiVersion}, kind: ${kind}, name: creds}]
  overrideRules:
    - overriders:
        imageOverrider: [{predicate: {path: /stringData/image}, component: Tag, operator: replace, value: "2"}]
`),
  })),
  // !!omap with a duplicate key taken from the secret: the parser quotes the key
  fc.tuple(secretKind, secretValue).map(([[kind, apiVersion], value]) => ({
    value,
    files: propagated(kind, apiVersion, `stringData: !!omap\n  - ${value}: a\n  - ${value}: b`),
  })),
  // a duplicate key in a plain map
  fc.tuple(secretKind, secretValue).map(([[kind, apiVersion], value]) => ({
    value,
    files: propagated(kind, apiVersion, `stringData:\n  ${value}: a\n  ${value}: b`),
  })),
  // a KubeFed override of a missing path on a FederatedSecret, next to the value
  secretValue.map((value) => ({
    value,
    files: {
      "kubefed.yaml": `apiVersion: types.kubefed.io/v1beta1
kind: FederatedSecret
metadata: {name: s, namespace: ns}
spec:
  template: {stringData: {token: ${value}}}
  placement: {clusterSelector: {}}
  overrides:
  - clusterName: c1
    clusterOverrides:
    - {op: remove, path: /stringData/missing}
    - {path: /stringData/token, value: "${value}-2"}
`,
    },
  })),
);

describe("no rendered diagnostic quotes a Secret-like object's value", () => {
  it("random Secret-like objects through failing overrides and parse errors, in every format", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async ({ value, files }) => {
        const result = await compileFiles(files);
        expect(result.ok).toBe(false);
        const shown = [
          everyRendering(result),
          renderRevisionMarkdown(summarizeResult(result, "pr")),
          renderText(diffResults(result, result, { base: "main", head: "pr" })),
          renderMarkdown(diffResults(result, result, { base: "main", head: "pr" })),
        ].join("\n");
        expect(shown.includes(value), `${value} in:\n${shown}`).toBe(false);
      }),
      { numRuns: 60, seed: 13 },
    );
  });
});
