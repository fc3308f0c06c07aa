import type { SourceFile } from "../model.js";
import type { DiagnosticBag } from "../diagnostics/index.js";
import { compareStrings, confinedPath, MAX_FILE_BYTES, OUTPUT_MARKER, UnreadableFile, type FileSystem } from "./fileSystem.js";

export const CONFIG_FILE = "fedc.yaml";
export const DEFAULT_INCLUDE = ["**/*.yaml", "**/*.yml", "**/*.json"];

export { MAX_FILE_BYTES } from "./fileSystem.js";

export interface LoadOptions {
  include: readonly string[];
  exclude: readonly string[];
  /** The output directory, repo-relative (a literal path, not a glob), when it is inside the repository: never input. */
  outputDir?: string;
}

/** Reads at most this many files at once: a repository of any size never runs out of file descriptors (EMFILE). */
export const READ_CONCURRENCY = 32;

/**
 * Reads every input file of the repository. The config file is read separately, first. This is the
 * one path by which repository content enters the compiler: whatever the FileSystem lists, only
 * confined paths (fileSystem.ts confinedPath) outside fedc's output directories are read.
 */
export async function loadRepository(fs: FileSystem, options: LoadOptions, diagnostics: DiagnosticBag): Promise<SourceFile[]> {
  let listed: string[];
  try {
    listed = await fs.list(options.include, [...options.exclude, CONFIG_FILE]);
  } catch (e) {
    diagnostics.error("REPOSITORY_NOT_FOUND", e instanceof UnreadableFile ? e.message : `cannot list the repository: ${(e as Error).message}`);
    return [];
  }
  const paths = inputPaths(listed, options.outputDir);
  const files: SourceFile[] = [];
  // Reads run concurrently, a bounded number at a time; the result keeps the sorted listing order.
  const texts: (string | undefined)[] = new Array(paths.length);
  let next = 0;
  const reader = async () => {
    while (next < paths.length) {
      const i = next++;
      const p = paths[i]!;
      try {
        texts[i] = await fs.read(p);
      } catch (e) {
        diagnostics.error("FILE_UNREADABLE", e instanceof UnreadableFile ? e.message : `cannot read file: ${(e as Error).message}`, { file: p, start: 0, end: 0 });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, reader));
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

/**
 * The listed paths fedc reads: confined ones (after glob expansion, whatever the patterns said),
 * minus every directory that holds an output marker (an earlier render, possibly into a directory
 * `output:` no longer names) and the output directory itself. A marker at the repository root is
 * ignored: the root is never an output directory.
 */
export function inputPaths(listed: readonly string[], outputDir?: string): string[] {
  const outputs = listed
    .filter((p) => p.endsWith(`/${OUTPUT_MARKER}`))
    .map((p) => p.slice(0, -OUTPUT_MARKER.length))
    .filter((dir) => confinedPath(`${dir}x`));
  if (outputDir) outputs.push(`${outputDir.replace(/\/+$/, "")}/`);
  return [...new Set(listed)]
    .filter((p) => confinedPath(p) && p.split("/").pop() !== OUTPUT_MARKER && !outputs.some((dir) => p.startsWith(dir)))
    .sort(compareStrings);
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
