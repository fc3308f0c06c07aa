export { NodeFileSystem, MemoryFileSystem, compareStrings, type FileSystem } from "./fileSystem.js";
export { loadRepository, loadConfigFile, CONFIG_FILE, DEFAULT_INCLUDE, MAX_FILE_BYTES } from "./repository.js";
export { loadSchemaBundle, type SchemaBundle, type SchemaCatalogEntry } from "./schemas.js";
export { readGitRevision, ensureGitCommit, type GitRevision, type GitProblem } from "./git.js";
