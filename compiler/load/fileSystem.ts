import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { globby } from "globby";
import picomatch from "picomatch";

/**
 * The repository as the compiler sees it. Paths are repo-relative with forward slashes.
 * `NodeFileSystem` reads a directory; `MemoryFileSystem` lets tests run without touching disk.
 * Whatever a FileSystem lists, loadRepository (repository.ts) keeps only confined paths: no `..`,
 * nothing absolute, nothing in a hidden directory or node_modules, nothing under an output marker.
 */
export interface FileSystem {
  /**
   * Files matching `include` minus `exclude`, plus every output marker (`.fedc-output`) outside
   * hidden directories and node_modules, so that the directories fedc wrote are never read as input.
   */
  list(include: readonly string[], exclude: readonly string[]): Promise<string[]>;
  /** The file's text, or undefined when it does not exist. */
  read(file: string): Promise<string | undefined>;
}

/** The file that marks a directory as fedc's output (written by `fedc render`); such a directory is never input. */
export const OUTPUT_MARKER = ".fedc-output";

/** Directories fedc never reads, whatever the include globs say. */
export const ALWAYS_EXCLUDED = ["**/node_modules/**", "**/.*/**", "**/.*"];

/** Files above this size are not read: no real manifest is this large, and it bounds memory. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A file fedc refuses to read; the message says why, as a diagnostic prints it. */
export class UnreadableFile extends Error {}

const neverRead = picomatch(ALWAYS_EXCLUDED, { dot: true });

/**
 * Whether a repo-relative path is one fedc may read: relative, normalized (no `.`, `..` or empty
 * segment, no backslash or NUL) and outside hidden directories and node_modules.
 */
export function confinedPath(file: string): boolean {
  if (file === "" || file.includes("\\") || file.includes("\0") || file.startsWith("/") || /^[A-Za-z]:/.test(file)) return false;
  if (file.split("/").some((part) => part === "" || part === "." || part === "..")) return false;
  return !neverRead(file);
}

export class NodeFileSystem implements FileSystem {
  private rootReal?: Promise<string>;

  constructor(readonly root: string) {}

  async list(include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    const root = await stat(this.root).catch(() => undefined);
    if (!root?.isDirectory()) throw new UnreadableFile(`${this.root} is not a directory; give the repository's directory`);
    const files = await globby([...include, `**/${OUTPUT_MARKER}`], {
      cwd: this.root,
      // Hidden directories and node_modules are not even walked (.git/ is large); the files listed
      // are filtered again by loadRepository, whatever a pattern said.
      ignore: [...exclude, "**/node_modules/**", "**/.*/**"],
      dot: false,
      onlyFiles: true,
      // Symbolic links are not inputs: with links unfollowed, a link is not a file and is not listed.
      followSymbolicLinks: false,
      gitignore: false,
      extglob: false,
    });
    return files.sort(compareStrings);
  }

  /**
   * The one place fedc reads a repository file from disk. The path is resolved through every
   * symbolic link first, and the file read is the resolved one: it must be a regular file inside the
   * repository and outside hidden directories and node_modules (a link to .git/config would read the
   * CI's credentials). The size is checked before reading, so a huge file costs nothing.
   */
  async read(file: string): Promise<string | undefined> {
    if (!confinedPath(file)) throw new UnreadableFile("fedc reads only files inside the repository, outside hidden directories and node_modules");
    const target = await realpath(path.join(this.root, file)).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT" || e.code === "ENOTDIR") return undefined;
      throw e;
    });
    if (target === undefined) return undefined;
    const rootReal = await (this.rootReal ??= realpath(this.root));
    const rel = path.relative(rootReal, target).split(path.sep).join("/");
    if (rel.startsWith("../") || rel === ".." || path.isAbsolute(rel) || !confinedPath(rel)) {
      throw new UnreadableFile("it is a symbolic link to a file outside the repository (or in a hidden directory); fedc does not follow it");
    }
    const st = await stat(target);
    if (!st.isFile()) throw new UnreadableFile("it is not a regular file");
    if (st.size > MAX_FILE_BYTES) throw new UnreadableFile(`file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; split it or exclude it in fedc.yaml`);
    return await readFile(target, "utf8");
  }
}

export class MemoryFileSystem implements FileSystem {
  private readonly files: Map<string, string>;

  constructor(files: Record<string, string>) {
    this.files = new Map(Object.entries(files));
  }

  async list(include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    const inc = picomatch([...include], { dot: false, noextglob: true });
    const exc = picomatch([...exclude, ...ALWAYS_EXCLUDED], { dot: true, noextglob: true });
    const marker = (f: string) => f.split("/").pop() === OUTPUT_MARKER && confinedPath(f.slice(0, -OUTPUT_MARKER.length) + "x");
    return [...this.files.keys()].filter((f) => (inc(f) && !exc(f)) || marker(f)).sort(compareStrings);
  }

  async read(file: string): Promise<string | undefined> {
    return this.files.get(file);
  }
}

/** Byte-order comparison, independent of locale: part of what makes output machine-independent. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
