// fedc's own generated code, never a path from the repository: the validators `npm run build`
// precompiles into schemas/ (Kubernetes output schemas, input schemas). Each file is a classic script
// whose value is a module-like object, compiled with the V8 code cache the build writes beside it.
// Measured on the 1.33 validators (2 MB): import() as an ES module 37 ms to compile plus 14 ms to
// instantiate; as a script 27 + 1.5 ms; with the code cache 5 + 1.5 ms, and the validators a render
// calls are already compiled (first run of the seven kinds of the benchmark: 6 ms → 0.4 ms).
// A cache from another Node version or other V8 flags is rejected by V8, and the script compiles as
// if there were none.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

/** The V8 code cache of `<file>` is `<file>.v8cache`. */
export const CODE_CACHE_SUFFIX = ".v8cache";

export type CodeCacheStatus = "none" | "accepted" | "rejected";

/** `source` compiled as a script, with `cachedData` when V8 accepts it (also the CLI launcher's). */
export function compileWithCodeCache(source: string, filename: string, cachedData: Buffer | undefined): { script: vm.Script; cache: CodeCacheStatus } {
  const script = new vm.Script(source, { filename, cachedData });
  return { script, cache: !cachedData ? "none" : script.cachedDataRejected ? "rejected" : "accepted" };
}

/** The value of one of fedc's own generated scripts (`status` says whether its code cache was used). */
export async function loadOwnScript<T>(url: URL, status?: { cache?: CodeCacheStatus }): Promise<T> {
  const [text, cachedData] = await Promise.all([readFile(url, "utf8"), readFile(new URL(url.href + CODE_CACHE_SUFFIX)).catch(() => undefined)]);
  const { script, cache } = compileWithCodeCache(text, fileURLToPath(url), cachedData);
  if (status) status.cache = cache;
  return script.runInThisContext() as T;
}

/**
 * Build time: the code cache of a generated script, taken after `warm` has run what it evaluates to,
 * so that the functions a render calls (compiled lazily) are in it too.
 */
export function createCodeCache<T>(text: string, url: URL, warm: (value: T) => void): Buffer {
  const script = new vm.Script(text, { filename: fileURLToPath(url) });
  warm(script.runInThisContext() as T);
  return script.createCachedData();
}
