#!/usr/bin/env node
// The `fedc` executable from tsc's output (dist/cli/main.js). The installed executable is the bundle
// (bin.ts); everything testable lives in run.ts.
import { processMain } from "./processMain.js";
import { run } from "./run.js";

await processMain(run);
