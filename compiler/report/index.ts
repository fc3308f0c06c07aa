// Reports over two renders: the diff model, Secret masking, text and markdown renderers.
export { diffResults, summarizeResult, QUOTED_ERRORS, type DiffLabels } from "./diff.js";
export { maskSecretPair, isSecret, MASKED, MASKED_BEFORE, MASKED_AFTER } from "./mask.js";
export { renderText } from "./text.js";
export { renderMarkdown, renderRevisionMarkdown, type MarkdownOptions } from "./markdown.js";
export { hasChanges, type FleetDiff, type ClusterDiff, type ResourceEntry, type ResourceChange, type ReplicaMove, type RevisionSummary, type DiffTotals } from "./model.js";
export { moveText } from "./format.js";
