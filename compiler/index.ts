// Public API of the fedc package: the only import for entry points and library users.
export { compile, type CompileOptions, type CompileResult } from "./pipeline.js";
export { MemoryFileSystem, NodeFileSystem, type FileSystem } from "./load/index.js";
export { renderDiagnostics, withPathPrefix, CODES, type Diagnostic, type DiagnosticFormat, type DiagnosticCode } from "./diagnostics/index.js";
export { clusterStream, type ClusterOutput } from "./emit/index.js";
export type * from "./model.js";
export { DNS_DIRECTORY, type DnsOutput } from "./emit/dns.js";
export { planReplicas, fnv1Hash32, type PlanInput, type PlanResult } from "./schedule/planner.js";
export type { Plan, PlanResource, PlanClusterEntry } from "./emit/index.js";
