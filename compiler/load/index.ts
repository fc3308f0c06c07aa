export { NodeFileSystem, MemoryFileSystem, compareStrings, confinedPath, OUTPUT_MARKER, type FileSystem } from "./fileSystem.js";
export { loadRepository, inputPaths, READ_CONCURRENCY, loadConfigFile, CONFIG_FILE, DEFAULT_INCLUDE, MAX_FILE_BYTES } from "./repository.js";
export { loadSchemaBundle, loadPrecompiledInputValidators, schemaBundleDigest, INPUT_VALIDATORS_FILE, type SchemaBundle, type SchemaCatalogEntry, type PrecompiledInputModule } from "./schemas.js";
export { readGitRevision, ensureGitCommit, mergeBase, type GitRevision, type GitProblem, type GitOptions } from "./git.js";
export { loadKubernetesSchemas, loadKubernetesValidators, supportedKubernetesVersions, type KubernetesValidatorsScript } from "./kubernetesSchemas.js";
export { createCodeCache, CODE_CACHE_SUFFIX } from "./ownScript.js";
