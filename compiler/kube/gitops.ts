// What the GitOps engines that sync fedc's output read from an object's annotations.

/** Argo CD's per-resource sync options: comma-separated `Key=value`, whitespace trimmed. */
export const ARGOCD_SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
/** Flux kustomize-controller: `disabled` keeps the object when it leaves the source or the Kustomization is deleted. */
export const FLUX_PRUNE = "kustomize.toolkit.fluxcd.io/prune";

/**
 * Annotations that keep an object when its definition goes away. Argo CD: `Prune=false` (not deleted
 * when it is no longer in the rendered output) and `Delete=false` (not deleted with its Application);
 * Flux's `prune: disabled` covers both cases. Other sync options of an existing annotation are kept in
 * their order; its own Prune/Delete options give way, since keeping the object is what was asked for.
 */
export function keepOnDeletionAnnotations(existing: Readonly<Record<string, unknown>>): Record<string, string> {
  const current = typeof existing[ARGOCD_SYNC_OPTIONS] === "string" ? (existing[ARGOCD_SYNC_OPTIONS] as string) : "";
  const others = current
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o !== "" && !/^(Prune|Delete)=/.test(o));
  return { [ARGOCD_SYNC_OPTIONS]: [...others, "Prune=false", "Delete=false"].join(","), [FLUX_PRUNE]: "disabled" };
}
