// Entry point of the GitHub Action (action.yml runs the bundle of this file, action/bundle/index.js).
// Everything testable lives in run.ts.
import { run } from "./run.js";
import { escapeData } from "./github.js";

try {
  process.exitCode = await run(process.env, (s) => process.stdout.write(s));
} catch (e) {
  process.stdout.write(`::error title=fedc::${escapeData(`internal error: ${(e as Error)?.message ?? String(e)} — this is a bug in fedc; please report it`)}\n`);
  process.exitCode = 1;
}
