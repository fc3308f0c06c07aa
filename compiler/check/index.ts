export { checkInvariants } from "./invariants.js";
