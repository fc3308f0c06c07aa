import { lstat, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { globby } from "globby";
import picomatch from "picomatch";

/**
 * The repository as the compiler sees it. Paths are repo-relative with forward slashes.
 * `NodeFileSystem` reads a directory; `MemoryFileSystem` lets tests run without touching disk.
 */
export interface FileSystem {
  /** Files matching `include` minus `exclude`, sorted; hidden directories and node_modules are never listed. */
  list(include: readonly string[], exclude: readonly string[]): Promise<string[]>;
  /** The file's text, or undefined when it does not exist. */
  read(file: string): Promise<string | undefined>;
}

/** Directories fedc never reads, whatever the include globs say. */
export const ALWAYS_EXCLUDED = ["**/node_modules/**", "**/.*/**", "**/.*"];

/** Files above this size are not read: no real manifest is this large, and it bounds memory. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A file fedc refuses to read; the message says why, as a diagnostic prints it. */
export class UnreadableFile extends Error {}

const neverRead = picomatch(ALWAYS_EXCLUDED, { dot: true });

export class NodeFileSystem implements FileSystem {
  private rootReal?: Promise<string>;

  constructor(readonly root: string) {}

  /**
   * Whether a symbolic link may be followed: only to a file inside the repository, and not into a
   * directory fedc never reads (a link to .git/config would read the CI's credentials).
   */
  private async followable(abs: string): Promise<boolean> {
    const rootReal = await (this.rootReal ??= realpath(this.root));
    const target = await realpath(abs).catch(() => undefined);
    if (!target || !target.startsWith(rootReal + path.sep)) return false;
    return !neverRead(path.relative(rootReal, target).split(path.sep).join("/"));
  }

  async list(include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    const root = await stat(this.root).catch(() => undefined);
    if (!root?.isDirectory()) throw new UnreadableFile(`${this.root} is not a directory; give the repository's directory`);
    const files = await globby([...include], {
      cwd: this.root,
      ignore: [...exclude, ...ALWAYS_EXCLUDED],
      dot: false,
      onlyFiles: true,
      followSymbolicLinks: false,
      gitignore: false,
    });
    const inside: string[] = [];
    for (const f of files) {
      // A symlinked file is read only when it resolves inside the repository.
      const abs = path.join(this.root, f);
      const st = await lstat(abs).catch(() => undefined);
      if (!st) continue;
      if (st.isSymbolicLink() && !(await this.followable(abs))) continue;
      inside.push(f);
    }
    return inside.sort(compareStrings);
  }

  /**
   * Reads a listed file or fedc.yaml (listing never descends into linked directories, so only the
   * file itself can be a link). The size is checked before reading, so a huge file costs nothing.
   */
  async read(file: string): Promise<string | undefined> {
    const abs = path.join(this.root, file);
    let st = await lstat(abs).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT" || e.code === "ENOTDIR") return undefined;
      throw e;
    });
    if (!st) return undefined;
    if (st.isSymbolicLink()) {
      if (!(await this.followable(abs))) throw new UnreadableFile("it is a symbolic link to a file outside the repository (or in a hidden directory); fedc does not follow it");
      st = await stat(abs);
    }
    if (!st.isFile()) throw new UnreadableFile("it is not a regular file");
    if (st.size > MAX_FILE_BYTES) throw new UnreadableFile(`file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; split it or exclude it in fedc.yaml`);
    return await readFile(abs, "utf8");
  }
}

export class MemoryFileSystem implements FileSystem {
  private readonly files: Map<string, string>;

  constructor(files: Record<string, string>) {
    this.files = new Map(Object.entries(files));
  }

  async list(include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    const inc = picomatch([...include], { dot: false });
    const exc = picomatch([...exclude, ...ALWAYS_EXCLUDED], { dot: true });
    return [...this.files.keys()].filter((f) => inc(f) && !exc(f)).sort(compareStrings);
  }

  async read(file: string): Promise<string | undefined> {
    return this.files.get(file);
  }
}

/** Byte-order comparison, independent of locale: part of what makes output machine-independent. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
