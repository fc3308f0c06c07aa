// The CLI bundle's exports (dist/bin/fedc.cjs, see scripts/build-cli.mjs): what bin.ts runs.
export { run } from "./run.js";
export { processMain } from "./processMain.js";
