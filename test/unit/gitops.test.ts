import { describe, expect, it } from "vitest";
import { keepOnDeletionAnnotations } from "../../compiler/kube/gitops.js";

describe("keep-on-deletion annotations", () => {
  it("no sync options yet → Prune=false,Delete=false and Flux prune: disabled", () => {
    expect(keepOnDeletionAnnotations({})).toEqual({
      "argocd.argoproj.io/sync-options": "Prune=false,Delete=false",
      "kustomize.toolkit.fluxcd.io/prune": "disabled",
    });
  });
  it("other sync options keep their order; the template's Prune/Delete options give way", () => {
    const out = keepOnDeletionAnnotations({ "argocd.argoproj.io/sync-options": " Validate=false, Prune=confirm,Delete=confirm ,ServerSideApply=true" });
    expect(out["argocd.argoproj.io/sync-options"]).toBe("Validate=false,ServerSideApply=true,Prune=false,Delete=false");
  });
  it("a Flux prune annotation that says otherwise is replaced", () => {
    expect(keepOnDeletionAnnotations({ "kustomize.toolkit.fluxcd.io/prune": "enabled" })["kustomize.toolkit.fluxcd.io/prune"]).toBe("disabled");
  });
});
