// fedc's RSP-on-FederatedJob keeps the completion sum whatever the preferences (README "Replica
// scheduling"); federation-v1 preferences keep v1's result and say how many completions are lost.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, MemoryFileSystem } from "../../compiler/index.js";

const clusters = ["c1", "c2", "c3", "c4"];
const registry = clusters
  .map((c) => `apiVersion: core.kubefed.io/v1beta1\nkind: KubeFedCluster\nmetadata: {name: ${c}, labels: {env: prod}}\nspec: {apiEndpoint: https://${c}.example, secretRef: {name: ${c}}}\n`)
  .join("---\n");

function emitted(result: Awaited<ReturnType<typeof compile>>): { parallelism: number; completions: number } {
  let parallelism = 0;
  let completions = 0;
  for (const c of result.clusters) {
    for (const o of c.objects) {
      const spec = o.member.object.spec as { parallelism?: number; completions?: number };
      if (o.member.object.kind !== "Job") continue;
      parallelism += spec.parallelism ?? 0;
      completions += spec.completions ?? 0;
    }
  }
  return { parallelism, completions };
}

const preference = fc.record({ weight: fc.integer({ min: 0, max: 3 }), maxReplicas: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }) });

describe("Job completion sums", () => {
  it("RSP on a FederatedJob: Σcompletions = completions wherever a Job runs", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 40 }), fc.array(preference, { minLength: 4, maxLength: 4 }), async (total, completions, prefs) => {
        const clusterPrefs = clusters.map((c, i) => `    ${c}: {weight: ${prefs[i]!.weight}${prefs[i]!.maxReplicas !== undefined ? `, maxReplicas: ${prefs[i]!.maxReplicas}` : ""}}`).join("\n");
        const repo = `${registry}---
apiVersion: types.kubefed.io/v1beta1
kind: FederatedNamespace
metadata: {name: batch, namespace: batch}
spec: {placement: {clusterSelector: {}}}
---
apiVersion: types.kubefed.io/v1beta1
kind: FederatedJob
metadata: {name: job, namespace: batch}
spec:
  template:
    spec:
      completions: ${completions}
      template:
        spec:
          restartPolicy: Never
          containers: [{name: job, image: "job:1"}]
  placement: {clusterSelector: {}}
---
apiVersion: scheduling.kubefed.io/v1alpha1
kind: ReplicaSchedulingPreference
metadata: {name: job, namespace: batch}
spec:
  targetKind: FederatedJob
  totalReplicas: ${total}
  clusters:
${clusterPrefs}
`;
        const result = await compile({ repo: new MemoryFileSystem({ "repo.yaml": repo }), validate: false });
        expect(result.ok).toBe(true);
        const sums = emitted(result);
        if (sums.parallelism > 0) expect(sums.completions).toBe(completions);
      }),
      { numRuns: 60 },
    );
  });

  it("federation-v1 job-preferences: completions lost only with a warning that counts them", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 40 }), async (parallelism, completions) => {
        const repo = `${registry}---
apiVersion: batch/v1
kind: Job
metadata:
  name: job
  namespace: default
  annotations:
    federation.alpha.kubernetes.io/cluster-selector: '[{"key": "env", "operator": "in", "values": ["prod"]}]'
spec:
  parallelism: ${parallelism}
  completions: ${completions}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: job, image: "job:1"}]
`;
        const result = await compile({ repo: new MemoryFileSystem({ "repo.yaml": repo }), validate: false });
        const sums = emitted(result);
        const warning = result.diagnostics.find((d) => d.code === "FEDV1_COMPLETIONS_DROPPED");
        if (sums.completions === completions) expect(warning).toBeUndefined();
        else expect(warning?.message).toContain(`${completions - sums.completions} of ${completions} completions`);
      }),
      { numRuns: 40 },
    );
  });
});
