export { CODES, type DiagnosticCode } from "./codes.js";
export {
  DiagnosticBag,
  sortDiagnostics,
  uniqueDiagnostics,
  type Diagnostic,
  type Note,
  type Severity,
} from "./diagnostic.js";
export { renderDiagnostics, withPathPrefix, lineColumn, type DiagnosticFormat, type SourceLookup } from "./render.js";
