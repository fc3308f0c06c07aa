export { checkInvariants } from "./invariants.js";
export { validateOutput, type OutputValidationInput } from "./outputValidation.js";
