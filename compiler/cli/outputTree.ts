// Writing the output tree: the only code besides entry points that touches disk for writing.
// Contract (SPEC §3): everything is compiled before this runs; only changed, new and stale files are
// touched; each file is replaced atomically (temp file + rename inside <output>); a marker written
// last says the tree is complete, so an interrupted render is detected and repaired by the next one.
import { lstat, mkdir, open, readdir, readFile, realpath, rename, rmdir, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { OutputFile } from "../model.js";

export const MARKER_FILE = ".fedc-output";
const LOCK_FILE = ".fedc-lock";
const MARKER_COMPLETE = '{"generator":"fedc","complete":true}\n';
const MARKER_WRITING = '{"generator":"fedc","complete":false}\n';

export type OutputProblem =
  | { code: "OUTPUT_UNSAFE" | "OUTPUT_NOT_OWNED" | "OUTPUT_LOCKED" | "OUTPUT_WRITE_FAILED"; message: string };

export interface WriteSummary {
  written: number;
  removed: number;
  unchanged: number;
  repaired: boolean;
}

/** Checks that `outDir` (repo-relative) is a directory fedc may own, and returns its absolute path. */
export async function resolveOutputDir(repoRoot: string, outDir: string): Promise<{ abs: string } | OutputProblem> {
  const rel = outDir.replace(/\\/g, "/");
  if (rel === "" || rel === "." || path.isAbsolute(rel) || rel.split("/").includes("..")) {
    return { code: "OUTPUT_UNSAFE", message: `the output directory must be a sub-directory of the repository, not ${JSON.stringify(outDir)}` };
  }
  const root = await realpath(repoRoot);
  const abs = path.join(root, rel);
  // Walk the existing part of the path: no component may be a symlink (it could point anywhere).
  let cur = root;
  for (const part of rel.split("/").filter(Boolean)) {
    cur = path.join(cur, part);
    const st = await lstat(cur).catch(() => undefined);
    if (!st) break;
    if (st.isSymbolicLink()) return { code: "OUTPUT_UNSAFE", message: `${path.relative(root, cur)} is a symbolic link; fedc does not write through links` };
    if (!st.isDirectory()) return { code: "OUTPUT_UNSAFE", message: `${path.relative(root, cur)} exists and is not a directory` };
  }
  return { abs };
}

async function listTree(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listTree(path.join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out;
}

async function acquireLock(abs: string): Promise<OutputProblem | undefined> {
  const lock = path.join(abs, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const h = await open(lock, "wx");
      await h.writeFile(String(process.pid));
      await h.close();
      return undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") return { code: "OUTPUT_WRITE_FAILED", message: (e as Error).message };
      const pid = Number((await readFile(lock, "utf8").catch(() => "")).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        return { code: "OUTPUT_LOCKED", message: `another fedc render (pid ${pid}) is writing this output; wait for it and run again` };
      }
      // A lock left by a process that no longer runs: take it over.
      await unlink(lock).catch(() => undefined);
    }
  }
  return { code: "OUTPUT_LOCKED", message: "could not lock the output directory" };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Replaces the output tree with `files`, touching only what changed. */
export async function writeOutputTree(repoRoot: string, outDir: string, files: readonly OutputFile[]): Promise<WriteSummary | OutputProblem> {
  const resolved = await resolveOutputDir(repoRoot, outDir);
  if ("code" in resolved) return resolved;
  const { abs } = resolved;
  const existing = await listTree(abs);
  const marker = await readFile(path.join(abs, MARKER_FILE), "utf8").catch(() => undefined);
  if (existing.length > 0 && marker === undefined) {
    return {
      code: "OUTPUT_NOT_OWNED",
      message: `${outDir}/ exists and was not created by fedc (no ${MARKER_FILE} file); move it away or choose another output directory`,
    };
  }
  try {
    await mkdir(abs, { recursive: true });
  } catch (e) {
    return { code: "OUTPUT_WRITE_FAILED", message: (e as Error).message };
  }
  const lockProblem = await acquireLock(abs);
  if (lockProblem) return lockProblem;
  try {
    const repaired = marker !== undefined && marker !== MARKER_COMPLETE;
    await writeFile(path.join(abs, MARKER_FILE), MARKER_WRITING);
    const wanted = new Set(files.map((f) => f.path));
    const present = new Set(existing);
    let written = 0;
    let unchanged = 0;
    let removed = 0;
    // The file system, not the CPU, bounds this loop, so every avoidable call is avoided: each
    // directory is created once, only files that exist are read to compare, and a new file is
    // written in place (the marker, not a rename, says whether the tree is complete). A changed file
    // is replaced by rename, so a reader never sees it half-written.
    const dirs = new Map<string, Promise<unknown>>();
    const ensureDir = (dir: string) => {
      let p = dirs.get(dir);
      if (!p) dirs.set(dir, (p = mkdir(dir, { recursive: true })));
      return p;
    };
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const f = files[next++]!;
        const target = path.join(abs, f.path);
        if (present.has(f.path)) {
          const current = await readFile(target, "utf8").catch(() => undefined);
          if (current === f.content) {
            unchanged++;
            continue;
          }
          const tmp = `${target}.fedc-tmp-${process.pid}`;
          await writeFile(tmp, f.content);
          await rename(tmp, target);
        } else {
          await ensureDir(path.dirname(target));
          await writeFile(target, f.content);
        }
        written++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    for (const rel of existing) {
      if (rel === MARKER_FILE || rel === LOCK_FILE || wanted.has(rel)) continue;
      await unlink(path.join(abs, rel));
      removed++;
    }
    await removeEmptyDirs(abs, true);
    await writeFile(path.join(abs, MARKER_FILE), MARKER_COMPLETE);
    return { written, removed, unchanged, repaired };
  } catch (e) {
    return { code: "OUTPUT_WRITE_FAILED", message: (e as Error).message };
  } finally {
    await unlink(path.join(abs, LOCK_FILE)).catch(() => undefined);
  }
}

async function removeEmptyDirs(dir: string, isRoot: boolean): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  let empty = true;
  for (const e of entries) {
    if (e.isDirectory() && (await removeEmptyDirs(path.join(dir, e.name), false))) continue;
    empty = false;
  }
  if (empty && !isRoot) {
    await rmdir(dir);
    return true;
  }
  return false;
}

export interface StaleReport {
  added: string[];
  changed: string[];
  removed: string[];
}

/** `render --check`: what a fresh render would change in the committed output. */
export async function compareOutputTree(repoRoot: string, outDir: string, files: readonly OutputFile[]): Promise<StaleReport> {
  const abs = path.join(repoRoot, outDir);
  const existing = new Set((await listTree(abs)).filter((f) => f !== MARKER_FILE && f !== LOCK_FILE && !f.includes(".fedc-tmp-")));
  const report: StaleReport = { added: [], changed: [], removed: [] };
  for (const f of files) {
    if (!existing.has(f.path)) report.added.push(f.path);
    else if ((await readFile(path.join(abs, f.path), "utf8")) !== f.content) report.changed.push(f.path);
    existing.delete(f.path);
  }
  report.removed = [...existing].sort();
  return report;
}
