#!/usr/bin/env node
// The installed `fedc` executable (package.json "bin": dist/bin/fedc.js). `render --stdout` first asks
// the render cache (renderCacheKey.ts, a few node: built-ins): a hit prints the stored output without
// loading the CLI. Otherwise it loads the CLI bundle next to it with its code cache (launcher.ts) and
// runs it, handing over the cache's probe so the repository is not hashed twice.
import { fileURLToPath } from "node:url";
import { loadBundle } from "./launcher.js";
import { probeRenderCache, serveFromCache } from "./renderCacheKey.js";

const argv = process.argv.slice(2);
const probe = probeRenderCache(argv, process.env, process.cwd());
const hit = probe && serveFromCache(probe);
if (hit) {
  if (hit.stdout) process.stdout.write(hit.stdout);
  if (hit.stderr) process.stderr.write(hit.stderr);
  process.exitCode = hit.code;
} else {
  const { exports } = loadBundle(fileURLToPath(new URL("./fedc.cjs", import.meta.url)));
  await exports.processMain(exports.run, probe);
}
