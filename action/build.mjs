// Bundles the GitHub Action (compiler/action/main.ts and everything it imports) into one file,
// action/bundle/index.js, which is committed: a JavaScript action runs from the repository as it is,
// without `npm ci`. Run `npm run build:action` after changing the compiler; a test fails while the
// committed bundle differs from a fresh one.
import { fileURLToPath } from "node:url";
import path from "node:path";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The bundle sits two levels below the root, like dist/load/ (not in a "dist" directory: .gitignore ignores those), so `../../schemas/` and `../../package.json` resolve. */
export const options = {
  absWorkingDir: root,
  entryPoints: ["compiler/action/main.ts"],
  outfile: "action/bundle/index.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // CommonJS dependencies (ajv, debug) call require() for Node built-ins; ESM has no require.
  banner: { js: 'import { createRequire as __fedcCreateRequire } from "node:module";\nconst require = __fedcCreateRequire(import.meta.url);' },
  legalComments: "eof",
  charset: "utf8",
  logLevel: "warning",
};

/** `node action/build.mjs --check`: exit 1 when the committed bundle differs from a fresh build. */
async function check() {
  const { readFile } = await import("node:fs/promises");
  const fresh = (await esbuild.build({ ...options, write: false })).outputFiles[0].text;
  const committed = await readFile(path.join(root, options.outfile), "utf8").catch(() => "");
  if (committed !== fresh) {
    process.stderr.write(`${options.outfile} is out of date: run "npm run build:action" and commit it\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) await check();
  else await esbuild.build(options);
}
