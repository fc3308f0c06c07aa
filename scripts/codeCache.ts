// Build step helper: the V8 code cache of a generated validators script (compiler/load/ownScript.ts),
// warmed by validating the repository's own fixtures so that the validators a render calls are
// compiled into it. A published package carries the cache of the Node version that built it; any
// other Node rejects it and compiles the script as if there were none.
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import jsYaml from "js-yaml";
import { CODE_CACHE_SUFFIX, createCodeCache } from "../compiler/load/ownScript.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Every document of the fixtures' inputs or expected outputs (none in a checkout without fixtures). */
export async function fixtureDocuments(part: "input" | "expected"): Promise<Record<string, unknown>[]> {
  const dir = path.join(ROOT, "fixtures");
  const files = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const docs: Record<string, unknown>[] = [];
  for (const f of files.sort()) {
    if (!/\.(ya?ml)$/.test(f) || f.split(path.sep)[1] !== part) continue;
    try {
      jsYaml.loadAll(await readFile(path.join(dir, f), "utf8"), (d) => {
        if (d && typeof d === "object" && !Array.isArray(d)) docs.push(d as Record<string, unknown>);
      });
    } catch {
      // Fixtures of parse errors are broken on purpose.
    }
  }
  return docs;
}

/**
 * Removes `<file>.v8cache` before `file` is rewritten: V8 checks a cache against the length of its
 * source only, so a stale cache must never outlive the script it was taken from.
 */
export async function removeCodeCache(file: string): Promise<void> {
  await rm(`${file}${CODE_CACHE_SUFFIX}`, { force: true });
}

/** Writes `<file>.v8cache` for the script `text` at `file`, after `warm` has run its value. */
export async function writeCodeCache<T>(file: string, text: string, warm: (value: T) => void): Promise<number> {
  const target = `${file}${CODE_CACHE_SUFFIX}`;
  try {
    const cache = createCodeCache<T>(text, pathToFileURL(file), warm);
    await writeFile(target, cache);
    return cache.length;
  } catch {
    // Without a cache fedc compiles the script at start, as before.
    await rm(target, { force: true });
    return 0;
  }
}
