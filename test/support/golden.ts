import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { compile, renderDiagnostics } from "../../compiler/index.js";

export const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures");
export const UPDATE = process.env.UPDATE_GOLDEN === "1";

if (UPDATE && process.env.CI) throw new Error("UPDATE_GOLDEN=1 rewrites expected output and refuses to run under CI");

export async function listTree(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listTree(path.join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

export interface GoldenRender {
  files: Map<string, string>;
}

/** Compiles fixtures/<name>/input and returns the expected-tree form: output files + diagnostics.txt. */
export async function renderFixture(name: string): Promise<Map<string, string>> {
  const input = path.join(FIXTURES, name, "input");
  const result = await compile({ repo: input });
  const files = new Map<string, string>();
  for (const f of result.files) files.set(f.path, f.content);
  files.set("diagnostics.txt", renderDiagnostics(result.diagnostics, "text", result.sources));
  return files;
}

export async function readExpected(name: string): Promise<Map<string, string>> {
  const dir = path.join(FIXTURES, name, "expected");
  const files = new Map<string, string>();
  for (const rel of await listTree(dir)) files.set(rel, await readFile(path.join(dir, rel), "utf8"));
  return files;
}

export async function writeExpected(name: string, files: Map<string, string>): Promise<void> {
  const dir = path.join(FIXTURES, name, "expected");
  await rm(dir, { recursive: true, force: true });
  for (const [rel, content] of files) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content);
  }
}

export async function fixtureNames(): Promise<string[]> {
  const entries = await readdir(FIXTURES, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}
