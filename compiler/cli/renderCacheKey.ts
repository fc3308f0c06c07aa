// Where the render cache lives and what its key covers (design: docs/argocd.md). Light on purpose: the
// launcher (bin.ts) runs this before it loads the CLI bundle, so a call served from the cache pays
// Node's start, this file, reading and hashing the repository, and one read of the entry.
import { createHash } from "node:crypto";
import { closeSync, constants, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, realpathSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseCli, type CliOptions } from "./args.js";
import { readEntry, touchEntry, type CallResult, type Limits } from "./renderCacheStore.js";

export interface CacheProbe {
  /** The cache directory (<cache dir>/v1), checked to be this user's and private. */
  dir: string;
  /** SHA-256 of everything that determines what `render --stdout` prints, the cluster aside. */
  key: string;
  cluster: string;
  limits: Limits;
  /** How long a call waits for another process's first compile of the same key before compiling itself. */
  waitMs: number;
}

/** Files above this size are never read by fedc (load/fileSystem.ts MAX_FILE_BYTES): their size stands for them. */
const MAX_HASHED_BYTES = 8 * 1024 * 1024;

/**
 * The cache's view of a `render --stdout` call, or undefined when the cache is not used: another
 * command, a usage error, `FEDC_CACHE=off`, no usable cache directory, or a CLI run from its sources
 * without `FEDC_CACHE_DIR` (there is no build to identify).
 */
export function probeRenderCache(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): CacheProbe | undefined {
  if (!argv.includes("--stdout") || argv.includes("--help") || argv.includes("-h") || argv.includes("--version")) return undefined;
  if (/^(off|0|false|no)$/i.test(env.FEDC_CACHE ?? "")) return undefined;
  let options: CliOptions;
  try {
    options = parseCli(argv, env);
  } catch {
    return undefined;
  }
  if (options.command !== "render" || !options.stdout || options.clusters.length !== 1) return undefined;
  const build = buildIdentity(env);
  if (!build) return undefined;
  const dir = cacheDirectory(env);
  if (!dir) return undefined;
  const root = path.resolve(cwd, options.repo);
  const hash = createHash("sha256");
  // Everything that decides the output: this fedc (version, bundle, schemas), this Node, the options
  // and every file fedc could read. Not the cluster (an entry holds every cluster), nor where the
  // repository is: Argo CD unpacks each call's copy in a new directory, and fedc's output names
  // files relative to the repository.
  // With --out (which --stdout never writes, but which is never read as input) the output directory's
  // place relative to the repository matters, so then the places count too.
  const { clusters: _cluster, repo: _repo, ...rest } = options;
  const where = options.out === undefined ? "" : JSON.stringify([root, path.resolve(cwd)]);
  hash.update(`fedc-render-cache 1\0${process.version}\0${build}\0${JSON.stringify(rest)}\0${where}\0`);
  try {
    const read = readsDefaultFilesOnly(root) ? (name: string) => DEFAULT_EXTENSIONS.test(name) : () => true;
    hash.update(`${read("x") ? "all" : "yaml"}\0`);
    hashTree(hash, root, "", path.dirname(dir), read);
  } catch {
    return undefined;
  }
  return {
    dir,
    key: hash.digest("hex"),
    cluster: options.clusters[0]!,
    limits: {
      maxEntries: positive(env.FEDC_CACHE_MAX_ENTRIES, 32),
      maxBytes: positive(env.FEDC_CACHE_MAX_MB, 2048) * 1024 * 1024,
    },
    waitMs: positive(env.FEDC_CACHE_WAIT_SECONDS, 60) * 1000,
  };
}

/** The key of a single cluster's entry, for revisions compiled cluster by cluster ("each"). */
export function clusterKey(probe: CacheProbe): string {
  return createHash("sha256").update(`${probe.key}\0${probe.cluster}`).digest("hex");
}

/** What the cache holds for this call, or undefined. */
export function serveFromCache(probe: CacheProbe): CallResult | undefined {
  const main = readEntry(probe.dir, probe.key, probe.cluster);
  if (main?.result) {
    touchEntry(probe.dir, probe.key);
    return main.result;
  }
  if (!main || main.mode === "all") return undefined;
  const key = clusterKey(probe);
  const own = readEntry(probe.dir, key, probe.cluster);
  if (own?.result) touchEntry(probe.dir, key);
  return own?.result;
}

/**
 * Every entry under `dir` that fedc could read, in byte order: path, type and, for a regular file, its
 * size and bytes (its size only above fedc's limit, which fedc refuses unread). Hidden entries and
 * node_modules are never read by fedc and are left out; a symbolic link stands for its target path, a
 * FIFO or device for its type (never opened). `skip` (the cache itself, when it is inside) is left out.
 */
function hashTree(hash: ReturnType<typeof createHash>, root: string, rel: string, skip: string, read: (name: string) => boolean): void {
  const abs = rel ? path.join(root, rel) : root;
  const names = readdirSync(abs, { withFileTypes: true })
    .filter((d) => !d.name.startsWith(".") && d.name !== "node_modules")
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const d of names) {
    const relPath = rel ? `${rel}/${d.name}` : d.name;
    const file = path.join(abs, d.name);
    if (file === skip) continue;
    if (d.isDirectory()) {
      hash.update(`d\0${relPath}\0`);
      hashTree(hash, root, relPath, skip, read);
    } else if (d.isSymbolicLink()) {
      // Every link, whatever its name: a linked directory changes what the files below it are, and a
      // linked file is read as its target, which may have a name fedc would not read on its own
      // (a.yaml → b.txt). So the link's text and, when it leads to a regular file inside the
      // repository (the only kind fedc reads), that file's bytes.
      hash.update(`l\0${relPath}\0${readlinkSync(file)}\0`);
      const target = linkTarget(root, file);
      if (target) hashFile(hash, target, `${relPath}\0->`);
    } else if (!read(d.name)) {
      continue;
    } else if (d.isFile()) {
      hashFile(hash, file, relPath);
    } else {
      hash.update(`o\0${relPath}\0${lstatSync(file).mode}\0`);
    }
  }
}

/** The real path of a link's target when it is a regular file inside the repository root; else undefined. */
function linkTarget(root: string, file: string): string | undefined {
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(file);
    const rel = path.relative(realRoot, real);
    if (!rel || rel.startsWith("..") || path.isAbsolute(rel) || !statSync(real).isFile()) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

function hashFile(hash: ReturnType<typeof createHash>, file: string, relPath: string): void {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    hash.update(`u\0${relPath}\0${(e as NodeJS.ErrnoException).code}\0`);
    return;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_HASHED_BYTES) {
      hash.update(`f\0${relPath}\0${st.size}\0big\0`);
      return;
    }
    const buf = Buffer.allocUnsafe(st.size);
    let done = 0;
    while (done < st.size) {
      const n = readSync(fd, buf, done, st.size - done, done);
      if (n === 0) break;
      done += n;
    }
    hash.update(`f\0${relPath}\0${done}\0`);
    hash.update(done === st.size ? buf : buf.subarray(0, done));
  } finally {
    closeSync(fd);
  }
}

/** What fedc reads when fedc.yaml has no `include` (load/repository.ts DEFAULT_INCLUDE), and fedc.yaml itself. */
const DEFAULT_EXTENSIONS = /\.(ya?ml|json)$/;

/**
 * Whether fedc reads only *.yaml, *.yml and *.json files: fedc.yaml does not mention `include` (the
 * word anywhere in it: a conservative test that needs no YAML parser). Then other files (charts,
 * images, docs) are never read and need not be hashed. A fedc.yaml that is a link or not a regular
 * file counts as mentioning it.
 */
function readsDefaultFilesOnly(root: string): boolean {
  let fd: number;
  try {
    fd = openSync(path.join(root, "fedc.yaml"), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT";
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_HASHED_BYTES) return false;
    return !readFileSync(fd, "utf8").includes("include");
  } finally {
    closeSync(fd);
  }
}

/**
 * This fedc: `fedc.buildid` next to the bundle (a hash of the bundle, package.json and schemas/, written
 * by `npm run build`). From the sources there is none; with FEDC_CACHE_DIR set (tests), the sizes and
 * modification times of the sources and schemas stand for it.
 */
function buildIdentity(env: NodeJS.ProcessEnv): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  try {
    return readFileSync(path.join(here, "fedc.buildid"), "utf8").trim();
  } catch {
    // Not a build.
  }
  if (!env.FEDC_CACHE_DIR) return undefined;
  const root = path.resolve(here, "../..");
  const hash = createHash("sha256").update("unbuilt\0");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const st = statSync(file);
      if (st.isDirectory()) walk(file);
      else hash.update(`${file}\0${st.size}\0${st.mtimeMs}\0`);
    }
  };
  try {
    for (const d of ["compiler", "schemas"]) walk(path.join(root, d));
    hash.update(readFileSync(path.join(root, "package.json")));
  } catch {
    return undefined;
  }
  return hash.digest("hex");
}

/**
 * `$FEDC_CACHE_DIR`, else `$XDG_CACHE_HOME/fedc`, else `~/.cache/fedc`, else `<tmpdir>/fedc-cache-<uid>`
 * (the Argo CD sidecar's writable /tmp): the first that is, or can be made, a private directory of
 * this user. A directory of another user, or one others can write to, is refused (an explicit
 * FEDC_CACHE_DIR that is refused turns the cache off).
 */
export function cacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  if (env.FEDC_CACHE_DIR) return privateDirectory(path.join(path.resolve(env.FEDC_CACHE_DIR), "v1"));
  const uid = process.getuid?.() ?? "user";
  const candidates = [
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? path.join(env.XDG_CACHE_HOME, "fedc") : undefined,
    env.HOME && path.isAbsolute(env.HOME) ? path.join(env.HOME, ".cache", "fedc") : undefined,
    path.join(tmpdir(), `fedc-cache-${uid}`),
  ];
  for (const c of candidates) {
    const dir = c && privateDirectory(path.join(c, "v1"));
    if (dir) return dir;
  }
  return undefined;
}

function privateDirectory(dir: string): string | undefined {
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const d of [path.dirname(dir), dir]) {
      const st = lstatSync(d);
      if (!st.isDirectory()) return undefined;
      if (process.getuid && st.uid !== process.getuid()) return undefined;
      if (st.mode & 0o022) return undefined;
    }
    return realpathSync(dir);
  } catch {
    return undefined;
  }
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
}
