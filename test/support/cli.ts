import { mkdtempSync } from "node:fs";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { run } from "../../compiler/cli/run.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The current directory of in-process runs unless a test gives one: an empty directory of its own,
 * so that a relative --out (the operator's, relative to the current directory) never lands in the
 * source tree.
 */
let scratch: string | undefined;

/** Runs the fedc CLI in-process, as the executable would, capturing output. */
export async function fedc(args: string[], env: NodeJS.ProcessEnv = {}, options: { cwd?: string } = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env,
    cwd: options.cwd ?? (scratch ??= mkdtempSync(path.join(tmpdir(), "fedc-cwd-"))),
    isTTY: false,
  });
  return { code, stdout, stderr };
}

/** A throw-away copy of a directory (an example or fixture input) to render into. */
export async function copyToTemp(dir: string): Promise<string> {
  const tmp = await mkdtemp(path.join(tmpdir(), "fedc-test-"));
  await cp(dir, tmp, { recursive: true, filter: (src) => !src.includes(`${path.sep}rendered`) });
  return tmp;
}

export const ROOT = path.resolve(import.meta.dirname, "../..");
