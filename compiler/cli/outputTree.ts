// Writing the output tree: the only code besides entry points that touches disk for writing.
// Contract (SPEC §3): everything is compiled before this runs; only changed, new and stale files are
// touched; each file is replaced atomically (temp file + rename inside <output>); a marker written
// last says the tree is complete, so an interrupted render is detected and repaired by the next one.
import { link, lstat, mkdir, open, readdir, readFile, realpath, rename, rmdir, unlink, writeFile } from "node:fs/promises";
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
  // git runs what it finds in .git/ (hooks, config): no output goes there, whoever wrote fedc.yaml.
  if (rel.split("/").some((part) => part.toLowerCase() === ".git")) {
    return { code: "OUTPUT_UNSAFE", message: `the output directory must not be inside .git/, not ${JSON.stringify(outDir)}` };
  }
  const root = await realpath(repoRoot).catch(() => undefined);
  if (!root) return { code: "OUTPUT_WRITE_FAILED", message: `the repository directory ${repoRoot} cannot be resolved` };
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

interface Tree {
  /** Every entry that is not a directory, relative to the output directory. */
  files: string[];
  /** Symbolic links (and anything else that is not a regular file) among them: fedc never reads or writes through one (a PR can commit a link to anywhere). */
  links: string[];
}

async function scanTree(dir: string, prefix = "", tree: Tree = { files: [], links: [] }): Promise<Tree> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) await scanTree(path.join(dir, e.name), rel, tree);
    else {
      tree.files.push(rel);
      if (!e.isFile()) tree.links.push(rel);
    }
  }
  return tree;
}

function linkProblem(outDir: string, links: readonly string[]): OutputProblem | undefined {
  if (links.length === 0) return undefined;
  return {
    code: "OUTPUT_UNSAFE",
    message: `${outDir}/${[...links].sort()[0]} is a symbolic link or special file${links.length > 1 ? ` (and ${links.length - 1} more)` : ""}; fedc never reads or writes through links in its output: remove ${links.length > 1 ? "them" : "it"}`,
  };
}

/** Output paths come from names in the repository: each must stay inside the output directory. */
function unsafePath(file: string): boolean {
  if (file === "" || file.includes("\\") || file.includes("\0") || path.posix.isAbsolute(file) || path.win32.isAbsolute(file)) return true;
  const parts = file.split("/");
  return parts.some((p) => p === "" || p === "." || p === "..") || parts[0] === MARKER_FILE || parts[0]!.startsWith(LOCK_FILE);
}

/**
 * The lock file appears with the writer's pid already in it (written to a file of its own, then
 * hard-linked into place), so a second render never reads a lock that is still empty and takes it
 * for one left by a dead process.
 */
async function createLock(lock: string): Promise<void> {
  const mine = `${lock}.${process.pid}`;
  await writeFile(mine, String(process.pid));
  try {
    await link(mine, lock);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || !["EPERM", "ENOTSUP", "ENOSYS", "EXDEV"].includes(code ?? "")) throw e;
    // A file system without hard links: create the lock directly.
    const h = await open(lock, "wx");
    await h.writeFile(String(process.pid));
    await h.close();
  } finally {
    await unlink(mine).catch(() => undefined);
  }
}

async function acquireLock(abs: string): Promise<OutputProblem | undefined> {
  const lock = path.join(abs, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await createLock(lock);
      return undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") return { code: "OUTPUT_WRITE_FAILED", message: (e as Error).message };
      if ((await lstat(lock).catch(() => undefined))?.isSymbolicLink()) return linkProblem(path.basename(abs), [LOCK_FILE]);
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
  const bad = files.find((f) => unsafePath(f.path));
  if (bad) return { code: "OUTPUT_UNSAFE", message: `refusing to write ${JSON.stringify(bad.path)}: it would not be a file inside ${outDir}/` };
  const before = await scanTree(abs);
  const links = linkProblem(outDir, before.links);
  if (links) return links;
  // A concurrent render's lock files (it writes the marker only once it holds the lock) do not make
  // the directory foreign; ownership is checked again under the lock.
  const notOwned = (tree: string[], marker: string | undefined): OutputProblem | undefined =>
    tree.some((f) => f !== LOCK_FILE && !f.startsWith(`${LOCK_FILE}.`)) && marker === undefined
      ? { code: "OUTPUT_NOT_OWNED", message: `${outDir}/ exists and was not created by fedc (no ${MARKER_FILE} file); move it away or choose another output directory` }
      : undefined;
  const foreign = notOwned(before.files, await readFile(path.join(abs, MARKER_FILE), "utf8").catch(() => undefined));
  if (foreign) return foreign;
  try {
    await mkdir(abs, { recursive: true });
  } catch (e) {
    return { code: "OUTPUT_WRITE_FAILED", message: (e as Error).message };
  }
  const lockProblem = await acquireLock(abs);
  if (lockProblem) return lockProblem;
  try {
    // Read again under the lock: another render may have finished while this one waited for it.
    const tree = await scanTree(abs);
    const linksNow = linkProblem(outDir, tree.links);
    if (linksNow) return linksNow;
    const existing = tree.files;
    const marker = await readFile(path.join(abs, MARKER_FILE), "utf8").catch(() => undefined);
    const foreignNow = notOwned(existing, marker);
    if (foreignNow) return foreignNow;
    const repaired = marker !== undefined && marker !== MARKER_COMPLETE;
    await writeFile(path.join(abs, MARKER_FILE), MARKER_WRITING);
    const wanted = new Set(files.map((f) => f.path));
    let written = 0;
    let unchanged = 0;
    let removed = 0;
    // Stale files go first, so a directory can take the place of a file (or a file of a directory).
    for (const rel of existing) {
      if (rel === MARKER_FILE || rel === LOCK_FILE || wanted.has(rel)) continue;
      // A lock being created by a live render (see createLock) stays; one left by a crash goes, uncounted.
      const lockOf = rel.startsWith(`${LOCK_FILE}.`) ? Number(rel.slice(LOCK_FILE.length + 1)) : undefined;
      if (lockOf !== undefined && Number.isInteger(lockOf) && lockOf > 0 && alive(lockOf)) continue;
      await unlink(path.join(abs, rel));
      if (lockOf === undefined) removed++;
    }
    await removeEmptyDirs(abs, true);
    const present = new Set(existing.filter((f) => wanted.has(f)));
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
        // Read once: a file's content may be joined on read (emit/tree.ts).
        const content = f.content;
        if (present.has(f.path)) {
          const current = await readFile(target, "utf8").catch(() => undefined);
          if (current === content) {
            unchanged++;
            continue;
          }
          const tmp = `${target}.fedc-tmp-${process.pid}`;
          await writeFile(tmp, content, { flag: "wx" });
          await rename(tmp, target);
        } else {
          await ensureDir(path.dirname(target));
          // "wx": a new file is created, never written through whatever appeared at its path.
          await writeFile(target, content, { flag: "wx" });
        }
        written++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
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
  // An output directory fedc may not own (a link, outside the repository) is never read: everything is "added".
  const resolved = await resolveOutputDir(repoRoot, outDir);
  const tree = "code" in resolved ? { files: [], links: [] } : await scanTree(resolved.abs);
  const abs = "code" in resolved ? "" : resolved.abs;
  const links = new Set(tree.links);
  const existing = new Set(tree.files.filter((f) => f !== MARKER_FILE && !f.startsWith(LOCK_FILE) && !f.includes(".fedc-tmp-")));
  const report: StaleReport = { added: [], changed: [], removed: [] };
  for (const f of files) {
    if (!existing.has(f.path)) report.added.push(f.path);
    // A link is never followed (it could point at /dev/zero): it is a change.
    else if (links.has(f.path) || (await readFile(path.join(abs, f.path), "utf8").catch(() => undefined)) !== f.content) report.changed.push(f.path);
    existing.delete(f.path);
  }
  report.removed = [...existing].sort();
  return report;
}
