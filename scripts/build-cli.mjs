// Build step (`npm run build`): the fedc executable as one ES module, dist/bin/fedc.js (package.json
// "bin"). Node then reads one file at start-up instead of resolving and loading ~350 modules of
// dist/ and node_modules/, which Argo CD pays for every app it renders. The library (dist/index.js)
// stays tsc's output. Loaded at run time, never bundled: the Kubernetes schemas and validators
// (schemas/kubernetes/*.js) and the precompiled input validators (schemas/input.validators.js),
// imported by URL relative to the bundle, which sits two levels below the package root like
// dist/load/, so `../../schemas/` and `../../package.json` resolve the same.
//   node scripts/build-cli.mjs
import { chmod } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Same platform, target and format as the GitHub Action bundle (action/build.mjs). */
export const options = {
  absWorkingDir: root,
  entryPoints: ["compiler/cli/main.ts"],
  outfile: "dist/bin/fedc.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // CommonJS dependencies (ajv, debug) call require() for Node built-ins; ESM has no require. The
  // entry point's `#!/usr/bin/env node` line stays first, above this banner.
  banner: { js: 'import { createRequire as __fedcCreateRequire } from "node:module";\nconst require = __fedcCreateRequire(import.meta.url);' },
  legalComments: "eof",
  charset: "utf8",
  logLevel: "warning",
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await esbuild.build(options);
  await chmod(path.join(root, options.outfile), 0o755);
}
