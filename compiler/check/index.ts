export { checkInvariants } from "./invariants.js";
export { validateOutput, type OutputValidationInput } from "./outputValidation.js";
export { kubernetesMinor, supportedKubernetesVersions, type SupportedVersion } from "./kubernetesSchemas.js";
