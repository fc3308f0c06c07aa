// Loads the CLI bundle (dist/bin/fedc.cjs, CommonJS) the way Node loads a CommonJS module, but with
// the V8 code cache `npm run build` writes beside it (fedc.cjs.v8cache, taken after rendering the
// examples, so the functions a render runs are compiled in it). Node 20 has no code cache for modules;
// without one, compiling the 1.4 MB bundle and, lazily, every function a render calls costs ~35 ms of
// each start (`render --stdout --cluster` at 50 × 200: 0.27 s → 0.235 s), which Argo CD pays per app.
// A cache from another Node version or other V8 flags is rejected by V8 and the bundle compiles as
// without one. The bundle is fedc's own file, next to this one: never a path from the repository.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type vm from "node:vm";
import { CODE_CACHE_SUFFIX, compileWithCodeCache, type CodeCacheStatus } from "../load/ownScript.js";
import type * as Bundle from "./bundleEntry.js";

export interface LoadedBundle {
  exports: typeof Bundle;
  script: vm.Script;
  cache: CodeCacheStatus;
}

export function loadBundle(file: string): LoadedBundle {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(file + CODE_CACHE_SUFFIX);
  } catch {
    cachedData = undefined;
  }
  // Node's own CommonJS wrapper.
  const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(file, "utf8")}\n})`;
  const { script, cache } = compileWithCodeCache(source, file, cachedData);
  const module = { exports: {} as typeof Bundle };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, script, cache };
}
