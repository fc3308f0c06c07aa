export { parseSourceFile } from "./yaml.js";
export { InputSchemas, displayPath, type SchemaCatalogEntry } from "./schemaValidation.js";
