export { parseSourceFile } from "./yaml.js";
export { InputSchemas, displayPath, type SchemaCatalogEntry, type InputValidator, type PrecompiledInputValidators } from "./schemaValidation.js";
export { separateToolFiles } from "./toolFiles.js";
export { isListKind } from "./yaml.js";
