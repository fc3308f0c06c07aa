import path from "node:path";
import { describe, expect, it } from "vitest";
import { fedc, ROOT } from "../support/cli.js";

describe("fedc plan", () => {
  it("shows replicas per cluster and why a cluster was not chosen", async () => {
    const res = await fedc(["plan", path.join(ROOT, "fixtures/rsp-not-ready/input")]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(
      [
        "RESOURCE                            a    b            c",
        "Namespace test-ns                   yes  yes          yes",
        "Deployment test-ns/test-deployment  30   - not ready  20 (max reached, beyond placement)",
        "",
        "not ready: b (no replicas are planned there)",
        "",
      ].join("\n"),
    );
  });

  it("lists the resources whose member objects are kept when their definition is deleted", async () => {
    const res = await fedc(["plan", path.join(ROOT, "fixtures/deletion-intent/input")]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(
      [
        "Deployment shop/db                  1        - not listed",
        "",
        "kept when deleted from the repository (Argo CD Prune=false,Delete=false; Flux prune: disabled):",
        "  PersistentVolumeClaim data/archive (preserveResourcesOnDeletion)",
        "  Deployment shop/db (kubefed.io/orphan)",
        "",
      ].join("\n"),
    );
  });

  it("--cluster narrows the columns and --format json gives the plan data", async () => {
    const res = await fedc(["plan", path.join(ROOT, "fixtures/fedv1-annotations/input"), "--cluster", "us-a", "--format", "json"]);
    expect(res.code).toBe(0);
    const plan = JSON.parse(res.stdout) as { clusters: { name: string }[]; resources: { name: string; clusters: Record<string, unknown> }[] };
    expect(plan.clusters.map((c) => c.name)).toEqual(["us-a"]);
    const job = plan.resources.find((r) => r.name === "migrate")!;
    expect(job.clusters).toEqual({ "us-a": { placed: true, replicas: 1, fields: { "/spec/parallelism": 1, "/spec/completions": 3 }, file: "prod/job-migrate.yaml" } });
  });

  it("switches to one line per resource and cluster when the matrix is too wide", async () => {
    const { formatPlanTable } = await import("../../compiler/cli/planTable.js");
    const clusters = Array.from({ length: 30 }, (_, i) => `cluster-${i}`);
    const plan = {
      apiVersion: "fedc.io/v1alpha1",
      kind: "Plan",
      clusters: clusters.map((name) => ({ name, ready: true, labels: {} })),
      resources: [{ apiVersion: "v1", kind: "ConfigMap", namespace: "ns", name: "cm", source: "x.yaml:1", clusters: Object.fromEntries(clusters.map((c) => [c, { placed: true }])) }],
      unclaimed: [],
    };
    const text = formatPlanTable(plan, clusters);
    expect(text.split("\n")[0]).toMatch(/^RESOURCE\s+CLUSTER\s+RESULT$/);
    expect(text).toContain("ConfigMap ns/cm  cluster-29  yes");
  });
});
