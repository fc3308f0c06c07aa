// Writing the output tree: the only code besides entry points that touches disk for writing.
// Contract (SPEC §3): everything is compiled before this runs; only changed, new and stale files are
// touched; each file is replaced atomically (temp file + rename inside <output>); a marker written
// last says the tree is complete, so an interrupted render is detected and repaired by the next one.
import { link, lstat, mkdir, open, readdir, readFile, realpath, rename, rmdir, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { OutputFile } from "../model.js";
import { digest, MARKER_FILE, markerText, parseMarker, type Marker } from "./outputMarker.js";

export { MARKER_FILE } from "./outputMarker.js";
/** The lock of fedc before 0.2 lived in the output directory, where git could carry a forged one: such a file is ignored. */
const LEGACY_LOCK = ".fedc-lock";
/** A changed file is written to a short temporary name beside it, then renamed over it. */
const TEMP_PREFIX = ".fedc-tmp-";
/** ext4, APFS, NTFS: a file name of at most 255 bytes, a path of at most 4,095. */
const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 4095;
/** Files read, compared and written at once: bounded, so a fleet of any size never runs out of file descriptors. */
const IO_CONCURRENCY = 16;

export type OutputProblem = {
  code: "OUTPUT_UNSAFE" | "OUTPUT_NOT_OWNED" | "OUTPUT_LOCKED" | "OUTPUT_WRITE_FAILED";
  message: string;
  /** The output directory was changed before the problem: it is incomplete until the next render (never "nothing was written"). */
  touched?: boolean;
};

export interface WriteSummary {
  written: number;
  removed: number;
  unchanged: number;
  repaired: boolean;
}

export interface OutputOptions {
  /**
   * `--out`: the operator's directory, allowed outside the repository (a deploy repository, an
   * environment-branch worktree). fedc.yaml's `output`, which a pull request can change, must be
   * inside it.
   */
  operator?: boolean;
  /** `--cluster`: only these clusters' directories are written, compared and cleaned. */
  clusters?: readonly string[];
}

function unsafe(message: string): OutputProblem {
  return { code: "OUTPUT_UNSAFE", message };
}

/** Whether `p` is `dir` or below it. */
function isWithin(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** No component of `rel` (below `root`) may be a link or a file: a link could point anywhere. */
async function checkComponents(root: string, rel: string): Promise<OutputProblem | undefined> {
  let cur = root;
  for (const part of rel.split("/").filter(Boolean)) {
    cur = path.join(cur, part);
    const st = await lstat(cur).catch(() => undefined);
    if (!st) break;
    if (st.isSymbolicLink()) return unsafe(`${path.relative(root, cur)} is a symbolic link; fedc does not write through links`);
    if (!st.isDirectory()) return unsafe(`${path.relative(root, cur)} exists and is not a directory`);
  }
  return undefined;
}

/**
 * Checks that `outDir` is a directory fedc may own, and returns its absolute path. fedc.yaml's
 * `output` (repo-relative) must be a sub-directory of the repository; `--out` (options.operator;
 * absolute, or repo-relative when inside it) may be anywhere that does not contain the repository.
 * Never inside .git/, never through a link inside the repository.
 */
export async function resolveOutputDir(repoRoot: string, outDir: string, options: OutputOptions = {}): Promise<{ abs: string } | OutputProblem> {
  const root = await realpath(repoRoot).catch(() => undefined);
  if (!root) return { code: "OUTPUT_WRITE_FAILED", message: `the repository directory ${repoRoot} cannot be resolved` };
  const given = outDir.replace(/\\/g, "/");
  if (!options.operator) {
    if (given === "" || given === "." || path.isAbsolute(given) || given.split("/").includes("..")) {
      return unsafe(`the output directory must be a sub-directory of the repository, not ${JSON.stringify(outDir)}`);
    }
  }
  // The operator's path is followed through its links (/tmp on macOS), except links inside the
  // repository: a pull request can commit one, so that `--out repo/link/x` lands anywhere.
  let abs = path.resolve(root, given);
  if (options.operator) {
    const full = path.resolve(root, given);
    const parts = full.split(path.sep).filter(Boolean);
    let real = path.parse(full).root;
    for (const part of parts) {
      const next = path.join(real, part);
      const st = await lstat(next).catch(() => undefined);
      if (st?.isSymbolicLink() && isWithin(root, next)) return unsafe(`${path.relative(root, next)} is a symbolic link; fedc does not write through links`);
      real = st ? await realpath(next).catch(() => next) : next;
    }
    abs = real;
  }
  const up = path.relative(abs, root);
  if (up === "" || (!up.startsWith("..") && !path.isAbsolute(up))) {
    return unsafe(`the output directory ${JSON.stringify(outDir)} ${abs === root ? "is" : "contains"} the repository; choose a directory inside it or beside it`);
  }
  const rel = path.relative(root, abs).split(path.sep).join("/");
  if (rel.startsWith("../") || path.isAbsolute(rel)) return { abs }; // the operator's, outside the repository
  // git runs what it finds in .git/ (hooks, config): no output goes there, whoever asked.
  if (rel.split("/").some((part) => part.toLowerCase() === ".git")) return unsafe(`the output directory must not be inside .git/, not ${JSON.stringify(outDir)}`);
  return (await checkComponents(root, rel)) ?? { abs };
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

/** Output paths come from names in the repository: each must stay inside the output directory and fit the file system. */
function pathProblem(abs: string, file: string): string | undefined {
  if (file === "" || file.includes("\\") || file.includes("\0") || path.posix.isAbsolute(file) || path.win32.isAbsolute(file)) return "it would not be a file inside the output directory";
  const parts = file.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..") || parts[0] === MARKER_FILE || parts[0]!.startsWith(LEGACY_LOCK) || parts.some((p) => p.startsWith(TEMP_PREFIX))) {
    return "it would not be a file inside the output directory";
  }
  const long = parts.find((p) => Buffer.byteLength(p) > MAX_NAME_BYTES);
  if (long) return `its name ${JSON.stringify(long.slice(0, 40) + "…")} is longer than ${MAX_NAME_BYTES} bytes`;
  if (Buffer.byteLength(path.join(abs, file)) > MAX_PATH_BYTES) return `the path is longer than ${MAX_PATH_BYTES} bytes`;
  return undefined;
}

/** fedc's own entries in the output directory, which are not output files: the marker, a legacy lock, temporary files. */
function ownEntry(rel: string): boolean {
  return rel === MARKER_FILE || (!rel.includes("/") && rel.startsWith(LEGACY_LOCK)) || path.posix.basename(rel).startsWith(TEMP_PREFIX);
}

/**
 * The lock of an output directory lives in the system's temporary directory, named after the
 * directory's real path: a repository cannot carry it (a committed lock naming pid 1 blocked every
 * render), and it appears with the writer's pid already in it (written to a file of its own, then
 * hard-linked into place), so a second render never reads a lock that is still empty and takes it
 * for one left by a dead process.
 */
export function lockPath(abs: string): string {
  return path.join(tmpdir(), `fedc-${process.getuid?.() ?? "u"}-${digest(abs)}.lock`);
}

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

/** The pid of another live process that holds `lock`, else undefined. */
async function lockHolder(lock: string): Promise<number | undefined> {
  if ((await lstat(lock).catch(() => undefined))?.isFile() !== true) return undefined;
  const pid = Number((await readFile(lock, "utf8").catch(() => "")).trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : undefined;
}

async function acquireLock(lock: string): Promise<OutputProblem | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await createLock(lock);
      return undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") return { code: "OUTPUT_WRITE_FAILED", message: (e as Error).message };
      if ((await lstat(lock).catch(() => undefined))?.isSymbolicLink()) return { code: "OUTPUT_LOCKED", message: `the lock ${lock} is a symbolic link; remove it` };
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

/** The marker's text, undefined when there is none; a marker that is not a regular file (a committed link) is never read. */
async function readMarkerText(abs: string, outDir: string): Promise<string | undefined | OutputProblem> {
  const file = path.join(abs, MARKER_FILE);
  const st = await lstat(file).catch(() => undefined);
  if (!st) return undefined;
  if (!st.isFile()) return linkProblem(outDir, [MARKER_FILE]);
  return readFile(file, "utf8");
}

/** Runs `task` over `items`, `IO_CONCURRENCY` at a time. */
async function pool<T>(items: readonly T[], task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IO_CONCURRENCY, items.length) }, worker));
}

function scopeOf(clusters: readonly string[] | undefined): (file: string) => boolean {
  if (!clusters?.length) return () => true;
  const dirs = clusters.map((c) => `${c}/`);
  return (file) => dirs.some((d) => file.startsWith(d));
}

function notOwned(outDir: string, files: readonly string[], legacy: boolean): OutputProblem {
  const shown = [...files].sort().slice(0, 5).map((f) => `${outDir}/${f}`).join(", ");
  return {
    code: "OUTPUT_NOT_OWNED",
    message:
      `${files.length} file${files.length === 1 ? "" : "s"} in ${outDir}/ ${files.length === 1 ? "was" : "were"} not written by fedc (or changed since): ${shown}${files.length > 5 ? ", …" : ""}; ` +
      `fedc deletes and overwrites only files its ${MARKER_FILE} lists${legacy ? " (this marker, from an older fedc, lists none: delete the directory and render again)" : ""}; move ${files.length === 1 ? "it" : "them"} away`,
  };
}

/**
 * Replaces the output tree (or, with `clusters`, those clusters' directories) with `files`,
 * touching only what changed. Every path is checked, and every file the render would delete or
 * overwrite is checked against the marker, before the first byte is written.
 */
export async function writeOutputTree(repoRoot: string, outDir: string, all: readonly OutputFile[], options: OutputOptions = {}): Promise<WriteSummary | OutputProblem> {
  const resolved = await resolveOutputDir(repoRoot, outDir, options);
  if ("code" in resolved) return resolved;
  const { abs } = resolved;
  const inScope = scopeOf(options.clusters);
  const files = all.filter((f) => inScope(f.path));
  for (const f of files) {
    const problem = pathProblem(abs, f.path);
    if (problem) return unsafe(`refusing to write ${JSON.stringify(f.path.slice(0, 300))} into ${outDir}/: ${problem}`);
  }
  // A directory without fedc's marker is refused before it is walked (--out may name a large one).
  const top = await readdir(abs).catch(() => [] as string[]);
  const markerBefore = await readMarkerText(abs, outDir);
  if (typeof markerBefore === "object") return markerBefore;
  if (top.some((f) => !ownEntry(f)) && (markerBefore === undefined || !parseMarker(markerBefore))) {
    // A render that is writing a new output has not written its marker yet: that is a lock, not a stranger's directory.
    const holder = await lockHolder(lockPath(await realpath(abs).catch(() => abs)));
    if (holder !== undefined) return { code: "OUTPUT_LOCKED", message: `another fedc render (pid ${holder}) is writing this output; wait for it and run again` };
    return { code: "OUTPUT_NOT_OWNED", message: `${outDir}/ exists and was not created by fedc (no ${MARKER_FILE} file); move it away or choose another output directory` };
  }
  const before = await scanTree(abs);
  const links = linkProblem(outDir, before.links);
  if (links) return links;
  try {
    await mkdir(abs, { recursive: true });
  } catch (e) {
    return { code: "OUTPUT_WRITE_FAILED", message: (e as Error).message };
  }
  const lock = lockPath(await realpath(abs));
  const lockProblem = await acquireLock(lock);
  if (lockProblem) return lockProblem;
  let touched = false;
  try {
    // Read again under the lock: another render may have finished while this one waited for it.
    const tree = await scanTree(abs);
    const linksNow = linkProblem(outDir, tree.links);
    if (linksNow) return linksNow;
    const markerTextNow = await readMarkerText(abs, outDir);
    if (typeof markerTextNow === "object") return markerTextNow;
    const old = markerTextNow === undefined ? undefined : parseMarker(markerTextNow);
    const existing = tree.files.filter((f) => !ownEntry(f));
    if (existing.length > 0 && !old) return { code: "OUTPUT_NOT_OWNED", message: `${outDir}/ exists and was not created by fedc (no ${MARKER_FILE} file); move it away or choose another output directory` };
    const listed = old?.files ?? new Map<string, Set<string>>();
    const wanted = new Map(files.map((f) => [f.path, f]));
    // Decide everything first: what is unchanged, replaced, deleted, and what is not fedc's.
    const foreign: string[] = [];
    const stale: string[] = [];
    const unchangedFiles = new Set<string>();
    const replaced = new Set<string>();
    const temps = new Map<string, string>(); // target → temporary name
    const relevant = existing.filter((f) => wanted.has(f) || inScope(f));
    await pool(relevant, async (rel) => {
      const current = await readFile(path.join(abs, rel)).catch(() => undefined);
      const want = wanted.get(rel);
      if (want && current !== undefined && current.equals(Buffer.from(want.content))) return void unchangedFiles.add(rel);
      const ours = current !== undefined && listed.get(rel)?.has(digest(current));
      if (want && listed.has(rel)) replaced.add(rel); // a path fedc wrote: rewritten, whatever was changed in it by hand
      else if (!want && ours) stale.push(rel);
      else foreign.push(rel);
    });
    if (foreign.length > 0) return notOwned(outDir, foreign, !!old && listed.size === 0);
    let n = 0;
    for (const rel of [...replaced].sort()) temps.set(rel, path.posix.join(path.posix.dirname(rel), `${TEMP_PREFIX}${process.pid}-${n++}`));
    // The marker says "incomplete" and lists every file this render may leave behind if interrupted.
    const newEntries = new Map(files.map((f) => [f.path, digest(f.content)]));
    const writing: Marker = { complete: false, partial: old?.partial ?? [], files: new Map([...listed].map(([f, d]) => [f, new Set(d)])) };
    for (const [f, d] of newEntries) (writing.files.get(f) ?? writing.files.set(f, new Set()).get(f)!).add(d);
    for (const [target, tmp] of temps) writing.files.set(tmp, new Set([newEntries.get(target)!]));
    touched = true;
    await writeFile(path.join(abs, MARKER_FILE), markerText(writing));
    // Stale files go first, so a directory can take the place of a file (or a file of a directory).
    await pool(stale, (rel) => unlink(path.join(abs, rel)));
    await removeEmptyDirs(abs, true);
    // The file system, not the CPU, bounds this loop, so every avoidable call is avoided: each
    // directory is created once, and a new file is written in place (the marker, not a rename, says
    // whether the tree is complete). A changed file is replaced by rename, so a reader never sees it
    // half-written.
    const dirs = new Map<string, Promise<unknown>>();
    const ensureDir = (dir: string) => {
      let p = dirs.get(dir);
      if (!p) dirs.set(dir, (p = mkdir(dir, { recursive: true })));
      return p;
    };
    let written = 0;
    await pool(files, async (f) => {
      if (unchangedFiles.has(f.path)) return;
      const target = path.join(abs, f.path);
      // Read once: a file's content may be joined on read (emit/tree.ts).
      const content = f.content;
      const tmp = temps.get(f.path);
      if (tmp) {
        await writeFile(path.join(abs, tmp), content, { flag: "wx" });
        await rename(path.join(abs, tmp), target);
      } else {
        await ensureDir(path.dirname(target));
        // "wx": a new file is created, never written through whatever appeared at its path.
        await writeFile(target, content, { flag: "wx" });
      }
      written++;
    });
    const done: Marker = { complete: true, partial: options.clusters?.length ? [...(old?.partial ?? []), ...options.clusters] : [], files: new Map() };
    if (options.clusters?.length) for (const [f, d] of listed) if (!inScope(f) && !f.split("/").some((p) => p.startsWith(TEMP_PREFIX))) done.files.set(f, d);
    for (const [f, d] of newEntries) done.files.set(f, new Set([d]));
    await writeFile(path.join(abs, MARKER_FILE), markerText(done));
    return { written, removed: stale.length, unchanged: unchangedFiles.size, repaired: old !== undefined && !old.complete };
  } catch (e) {
    return { code: "OUTPUT_WRITE_FAILED", message: (e as Error).message, touched };
  } finally {
    await unlink(lock).catch(() => undefined);
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

/** `render --check`: what a fresh render would change in the committed output (with `clusters`: in those clusters' directories). */
export async function compareOutputTree(repoRoot: string, outDir: string, all: readonly OutputFile[], options: OutputOptions = {}): Promise<StaleReport> {
  // An output directory fedc may not own (a link, outside the repository) is never read: everything is "added".
  const resolved = await resolveOutputDir(repoRoot, outDir, options);
  const tree = "code" in resolved ? { files: [], links: [] } : await scanTree(resolved.abs);
  const abs = "code" in resolved ? "" : resolved.abs;
  const inScope = scopeOf(options.clusters);
  const files = all.filter((f) => inScope(f.path));
  const links = new Set(tree.links);
  const existing = new Set(tree.files.filter((f) => !ownEntry(f) && inScope(f)));
  const report: StaleReport = { added: [], changed: [], removed: [] };
  const changed = new Set<string>();
  await pool(files, async (f) => {
    if (!existing.has(f.path)) return;
    // A link is never followed (it could point at /dev/zero): it is a change.
    if (links.has(f.path) || (await readFile(path.join(abs, f.path), "utf8").catch(() => undefined)) !== f.content) changed.add(f.path);
  });
  for (const f of files) {
    if (!existing.has(f.path)) report.added.push(f.path);
    else if (changed.has(f.path)) report.changed.push(f.path);
    existing.delete(f.path);
  }
  report.removed = [...existing].sort();
  return report;
}
