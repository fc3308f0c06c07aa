import type { SourceFile } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import type { FileSystem } from "./fileSystem.js";

export const CONFIG_FILE = "fedc.yaml";
export const DEFAULT_INCLUDE = ["**/*.yaml", "**/*.yml", "**/*.json"];

/** Files above this size are not read: no real manifest is this large, and it bounds memory. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface LoadOptions {
  include: readonly string[];
  exclude: readonly string[];
}

/** Reads every input file of the repository. The config file is read separately, first. */
export async function loadRepository(fs: FileSystem, options: LoadOptions, diagnostics: DiagnosticBag): Promise<SourceFile[]> {
  const paths = await fs.list(options.include, [...options.exclude, CONFIG_FILE]);
  const files: SourceFile[] = [];
  // Reads run concurrently; the result keeps the sorted listing order.
  const texts = await Promise.all(
    paths.map(async (p) => {
      try {
        return await fs.read(p);
      } catch (e) {
        diagnostics.error("FILE_UNREADABLE", `cannot read file: ${(e as Error).message}`, { file: p, start: 0, end: 0 });
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

export async function loadConfigFile(fs: FileSystem): Promise<SourceFile | undefined> {
  const text = await fs.read(CONFIG_FILE);
  return text === undefined ? undefined : { path: CONFIG_FILE, text };
}
