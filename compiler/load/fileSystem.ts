import { lstat, readFile, realpath } from "node:fs/promises";
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

export class NodeFileSystem implements FileSystem {
  constructor(readonly root: string) {}

  async list(include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    const files = await globby([...include], {
      cwd: this.root,
      ignore: [...exclude, ...ALWAYS_EXCLUDED],
      dot: false,
      onlyFiles: true,
      followSymbolicLinks: false,
      gitignore: false,
    });
    const rootReal = await realpath(this.root);
    const inside: string[] = [];
    for (const f of files) {
      // A symlinked file is read only when it resolves inside the repository.
      const abs = path.join(this.root, f);
      const st = await lstat(abs).catch(() => undefined);
      if (!st) continue;
      if (st.isSymbolicLink()) {
        const target = await realpath(abs).catch(() => undefined);
        if (!target || !(target === rootReal || target.startsWith(rootReal + path.sep))) continue;
      }
      inside.push(f);
    }
    return inside.sort(compareStrings);
  }

  async read(file: string): Promise<string | undefined> {
    try {
      return await readFile(path.join(this.root, file), "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
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
