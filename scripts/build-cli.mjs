// Build step (`npm run build`): the fedc executable. Two files two levels below the package root
// (like dist/load/, so `../../schemas/` and `../../package.json` resolve the same):
//   dist/bin/fedc.cjs  the CLI and its dependencies, one CommonJS bundle: Node reads one file at start
//                      instead of resolving and loading ~350 modules of dist/ and node_modules/;
//   dist/bin/fedc.js   package.json "bin": loads fedc.cjs with its V8 code cache
//                      (compiler/cli/launcher.ts) and runs it;
// and fedc.cjs.v8cache, the code cache, taken after running the examples through the bundle.
// Loaded at run time, never bundled: the schemas and precompiled validators under schemas/.
// The library (dist/index.js) stays tsc's output.
//   node --import tsx scripts/build-cli.mjs
import { createHash } from "node:crypto";
import { chmod, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { loadBundle } from "../compiler/cli/launcher.ts";
import { CODE_CACHE_SUFFIX } from "../compiler/load/ownScript.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  legalComments: "eof",
  charset: "utf8",
  logLevel: "warning",
};

/** The CLI bundle. `import.meta.url` becomes the bundle's own URL, computed from __filename. */
export const bundleOptions = {
  ...common,
  entryPoints: ["compiler/cli/bundleEntry.ts"],
  outfile: "dist/bin/fedc.cjs",
  format: "cjs",
  define: { "import.meta.url": "__fedcImportMetaUrl" },
  banner: { js: 'var __fedcImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
};

/** The executable: the launcher, an ES module with the entry point's `#!/usr/bin/env node` line. */
export const binOptions = {
  ...common,
  entryPoints: ["compiler/cli/bin.ts"],
  outfile: "dist/bin/fedc.js",
  format: "esm",
};

/** Runs the examples through the freshly built bundle and writes its code cache. */
export async function writeCodeCache(bundleFile) {
  const loaded = loadBundle(bundleFile);
  // The render cache off: the warm-up must run the compiler, not print a stored result.
  const io = { stdout: () => {}, stderr: () => {}, env: { FEDC_CACHE: "off" }, cwd: root, isTTY: false };
  for (const args of [
    ["validate", "examples/quickstart"],
    ["render", "examples/quickstart", "--stdout", "--cluster", "eu-west-prod"],
    ["plan", "examples/quickstart"],
    ["render", "examples/dns", "--stdout", "--cluster", "us-east-prod"],
  ]) {
    await loaded.exports.run(args, io);
  }
  const cache = loaded.script.createCachedData();
  await writeFile(bundleFile + CODE_CACHE_SUFFIX, cache);
  return cache.length;
}

/**
 * dist/bin/fedc.buildid: what identifies this build in the render cache's key (compiler/cli/renderCacheKey.ts):
 * a hash of the bundle, package.json and every file under schemas/ that a render reads.
 */
export async function writeBuildId() {
  const hash = createHash("sha256");
  const files = [bundleOptions.outfile, "package.json"];
  for (const f of (await readdir(path.join(root, "schemas"), { recursive: true })).sort()) {
    if (!f.endsWith(CODE_CACHE_SUFFIX)) files.push(path.join("schemas", f));
  }
  for (const f of files) {
    const bytes = await readFile(path.join(root, f)).catch(() => undefined);
    if (bytes) hash.update(`${f}\0${bytes.length}\0`).update(bytes);
  }
  const id = hash.digest("hex");
  await writeFile(path.join(root, path.dirname(bundleOptions.outfile), "fedc.buildid"), id + "\n");
  return id;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // V8 checks a cache against the length of its source only: a stale cache must never outlive its bundle.
  await rm(path.join(root, bundleOptions.outfile + CODE_CACHE_SUFFIX), { force: true });
  await esbuild.build(bundleOptions);
  await esbuild.build(binOptions);
  await chmod(path.join(root, binOptions.outfile), 0o755);
  // tsc's entry point stays runnable too: npx keeps a link to the bin of earlier versions of a local checkout.
  await chmod(path.join(root, "dist/cli/main.js"), 0o755);
  const bytes = await writeCodeCache(path.join(root, bundleOptions.outfile));
  await writeBuildId();
  console.log(`dist/bin/fedc.js, dist/bin/fedc.cjs (code cache ${Math.round(bytes / 1024)} KiB)`);
}
