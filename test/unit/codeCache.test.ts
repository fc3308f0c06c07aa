// fedc's own generated scripts and the CLI bundle load with a V8 code cache when one lies beside
// them. A cache V8 does not accept (another Node, other flags, a damaged file) must only cost time:
// the script compiles without it and behaves the same.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CODE_CACHE_SUFFIX, createCodeCache, loadOwnScript, type CodeCacheStatus } from "../../compiler/load/ownScript.js";
import { loadBundle } from "../../compiler/cli/launcher.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fedc-code-cache-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each case compiles its own text: V8 reuses a script compiled earlier in the same process before it
// looks at a cache, and that would hide what the cache does.
const script = (tag: string) => `({ validators: function (formats) { return { double: (x) => x * 2, formats }; } }); // ${tag}\n`;

describe("own scripts with a code cache", () => {
  it("use the cache the build takes, and give the same values", async () => {
    const file = path.join(dir, "a.validators.js");
    const text = script("a");
    await writeFile(file, text);
    const url = pathToFileURL(file);
    await writeFile(file + CODE_CACHE_SUFFIX, createCodeCache<{ validators: (f: object) => { double: (x: number) => number } }>(text, url, (m) => m.validators({}).double(1)));
    const status: { cache?: CodeCacheStatus } = {};
    const m = await loadOwnScript<{ validators: (f: object) => { double: (x: number) => number } }>(url, status);
    expect(status.cache).toBe("accepted");
    expect(m.validators({}).double(21)).toBe(42);
  });

  it("compile without a cache V8 rejects (a damaged file) or without any", async () => {
    const file = path.join(dir, "b.validators.js");
    await writeFile(file, script("b"));
    const url = pathToFileURL(file);
    const none: { cache?: CodeCacheStatus } = {};
    expect((await loadOwnScript<{ validators: (f: object) => { double: (x: number) => number } }>(url, none)).validators({}).double(2)).toBe(4);
    expect(none.cache).toBe("none");
    await writeFile(file, script("b, again"));
    await writeFile(file + CODE_CACHE_SUFFIX, Buffer.from("not a code cache, but bytes of the same kind of file".repeat(50)));
    const damaged: { cache?: CodeCacheStatus } = {};
    expect((await loadOwnScript<{ validators: (f: object) => { double: (x: number) => number } }>(url, damaged)).validators({}).double(3)).toBe(6);
    expect(damaged.cache).toBe("rejected");
  });
});

describe("the CLI bundle launcher", () => {
  it("loads a CommonJS bundle with require, module and __filename, with or without a usable cache", async () => {
    const file = path.join(dir, "fedc.cjs");
    const bundle = (tag: string) => `const path = require("node:path");\nexports.run = async () => path.basename(__filename);\nexports.processMain = async () => {}; // ${tag}\n`;
    await writeFile(file, bundle("fresh"));
    const fresh = loadBundle(file);
    expect(fresh.cache).toBe("none");
    expect(await fresh.exports.run([], {} as never)).toBe("fedc.cjs");
    // (The text was compiled in this process already: this shows the cache is read, not that V8
    // checked it. The damaged case below uses a text not compiled here yet.)
    await writeFile(file + CODE_CACHE_SUFFIX, fresh.script.createCachedData());
    expect(loadBundle(file).cache).toBe("accepted");
    await writeFile(file, bundle("damaged"));
    await writeFile(file + CODE_CACHE_SUFFIX, Buffer.alloc(4096, 7));
    const damaged = loadBundle(file);
    expect(damaged.cache).toBe("rejected");
    expect(await damaged.exports.run([], {} as never)).toBe("fedc.cjs");
  });
});
