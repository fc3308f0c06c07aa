export { applyOverrides, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from "./kubefed.js";
export { applyJsonPatch, type RawPatchOp, type PatchResult } from "./jsonPatch.js";
