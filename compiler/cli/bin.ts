#!/usr/bin/env node
// The installed `fedc` executable (package.json "bin": dist/bin/fedc.js): loads the CLI bundle next to
// it with its code cache (launcher.ts) and runs it.
import { fileURLToPath } from "node:url";
import { loadBundle } from "./launcher.js";

const { exports } = loadBundle(fileURLToPath(new URL("./fedc.cjs", import.meta.url)));
await exports.processMain(exports.run);
