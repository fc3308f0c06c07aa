import type { run as Run } from "./run.js";
import type { CacheProbe } from "./renderCacheKey.js";

/** Runs the CLI for this process: arguments, streams, environment; sets the exit code. */
export async function processMain(run: typeof Run, renderCache?: CacheProbe): Promise<void> {
  try {
    const code = await run(process.argv.slice(2), {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      env: process.env,
      cwd: process.cwd(),
      isTTY: process.stderr.isTTY === true,
      renderCache,
    });
    process.exitCode = code;
  } catch (e) {
    process.stderr.write(`fedc: internal error: ${(e as Error)?.message ?? String(e)} — this is a bug in fedc; please report it with the command you ran\n`);
    process.exitCode = 1;
  }
}
