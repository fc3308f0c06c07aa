import type { SourceFile } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { MAX_FILE_BYTES, UnreadableFile, type FileSystem } from "./fileSystem.js";

export const CONFIG_FILE = "fedc.yaml";
export const DEFAULT_INCLUDE = ["**/*.yaml", "**/*.yml", "**/*.json"];

export { MAX_FILE_BYTES } from "./fileSystem.js";

export interface LoadOptions {
  include: readonly string[];
  exclude: readonly string[];
}

/** Reads every input file of the repository. The config file is read separately, first. */
export async function loadRepository(fs: FileSystem, options: LoadOptions, diagnostics: DiagnosticBag): Promise<SourceFile[]> {
  let paths: string[];
  try {
    paths = await fs.list(options.include, [...options.exclude, CONFIG_FILE]);
  } catch (e) {
    diagnostics.error("REPOSITORY_NOT_FOUND", e instanceof UnreadableFile ? e.message : `cannot list the repository: ${(e as Error).message}`);
    return [];
  }
  const files: SourceFile[] = [];
  // Reads run concurrently; the result keeps the sorted listing order.
  const texts = await Promise.all(
    paths.map(async (p) => {
      try {
        return await fs.read(p);
      } catch (e) {
        diagnostics.error("FILE_UNREADABLE", e instanceof UnreadableFile ? e.message : `cannot read file: ${(e as Error).message}`, { file: p, start: 0, end: 0 });
        return undefined;
      }
    }),
  );
  paths.forEach((p, i) => {
    const text = texts[i];
    if (text === undefined) return;
    if (text.length > MAX_FILE_BYTES) {
      diagnostics.error(
        "FILE_UNREADABLE",
        `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; split it or exclude it in fedc.yaml`,
        { file: p, start: 0, end: 0 },
      );
      return;
    }
    files.push({ path: p, text });
  });
  return files;
}

/** fedc.yaml, or undefined when there is none; one that cannot be read is an error (when `diagnostics` is given). */
export async function loadConfigFile(fs: FileSystem, diagnostics?: DiagnosticBag): Promise<SourceFile | undefined> {
  let text: string | undefined;
  try {
    text = await fs.read(CONFIG_FILE);
  } catch (e) {
    if (!diagnostics) throw e;
    diagnostics.error("FILE_UNREADABLE", e instanceof UnreadableFile ? e.message : `cannot read file: ${(e as Error).message}`, { file: CONFIG_FILE, start: 0, end: 0 });
    return undefined;
  }
  if (text !== undefined && text.length > MAX_FILE_BYTES) {
    diagnostics?.error("FILE_UNREADABLE", `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; split it or exclude it in fedc.yaml`, { file: CONFIG_FILE, start: 0, end: 0 });
    return undefined;
  }
  return text === undefined ? undefined : { path: CONFIG_FILE, text };
}
