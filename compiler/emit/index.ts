export { emitClusters, clusterStream, kustomization, pathConflicts, CLUSTER_SCOPED_DIR, type ClusterOutput, type EmittedObject, type Layout } from "./tree.js";
export { buildPlan, planToJson, PLAN_FILE, type Plan, type PlanResource, type PlanClusterEntry } from "./plan.js";
export { manifestToYaml, ambiguousInYaml11, canonicalKeyOrder } from "./yaml.js";
export { compareApplyOrder, splitApiVersion, type OrderKey } from "./order.js";
export { accountDocuments, documentKey, type PlanDocument, type DocumentOutcome } from "./documents.js";
