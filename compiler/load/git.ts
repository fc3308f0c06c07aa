// Reading a git revision of the repository (`fedc diff --base REF`, the GitHub Action). The revision
// is read from git's object database (rev-parse, ls-tree, cat-file) and never checked out, so the
// user's working tree, index and HEAD are untouched whatever happens.
//
// Every git call names the repository fedc chose (`--git-dir`, never git's discovery, which a pull
// request can steer by committing HEAD, config, objects/ and refs/ into a sub-directory: git would
// take it for a bare repository and run its config's upload-pack or fsmonitor), and runs with
// settings that leave no configuration-driven program able to run (runGit below).
import { spawn } from "node:child_process";
import { lstat, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { MAX_FILE_BYTES, MemoryFileSystem, UnreadableFile, type FileSystem } from "./fileSystem.js";

export interface GitRevision {
  /** The revision as it was named (`main`, `HEAD~1`, a commit id). */
  ref: string;
  /** The full commit id it resolved to. */
  commit: string;
  /** The repository directory as it was at that commit, paths relative to the directory. */
  fs: FileSystem;
}

export interface GitProblem {
  code: "GIT_UNAVAILABLE" | "GIT_REVISION_NOT_FOUND";
  message: string;
}

export interface GitOptions {
  /** mergeBase: when the history of a shallow clone does not reach the merge base, fetch more of it from origin (the Action). */
  deepen?: boolean;
  /**
   * The top level of the git repository to use (the Action: the workspace). Without it, the
   * nearest directory at or above `dir` that holds a `.git` entry; a bare repository is never used.
   */
  top?: string;
}

const SHALLOW_HINT =
  "in a shallow clone, fetch it first (git fetch --depth=1 origin REF), or check out with full history (actions/checkout: fetch-depth: 0)";

/**
 * Configuration that would run a program, turned off for every call; the rest of git's
 * configuration (the user's, the system's and the chosen repository's own) still applies.
 */
const NO_PROGRAMS = [
  "safe.bareRepository=explicit",
  "core.fsmonitor=false",
  "core.hooksPath=/dev/null",
  "core.pager=cat",
  "core.askPass=",
  "core.alternateRefsCommand=",
  "credential.helper=",
  "diff.external=",
  "protocol.ext.allow=never",
  "uploadpack.packObjectsHook=",
  "remote.origin.uploadpack=git-upload-pack",
  "gpg.program=false",
].flatMap((setting) => ["-c", setting]);

/** Environment variables that would change which repository git uses or run a program; the caller's are dropped. */
const DROPPED_ENV = /^(GIT_DIR|GIT_WORK_TREE|GIT_COMMON_DIR|GIT_INDEX_FILE|GIT_OBJECT_DIRECTORY|GIT_ALTERNATE_OBJECT_DIRECTORIES|GIT_NAMESPACE|GIT_CEILING_DIRECTORIES|GIT_DISCOVERY_ACROSS_FILESYSTEM|GIT_EXTERNAL_DIFF|GIT_PAGER|GIT_ASKPASS|GIT_SSH|GIT_PROXY_COMMAND|GIT_EDITOR)$/;

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!DROPPED_ENV.test(k)) env[k] = v;
  return { ...env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", GIT_NO_REPLACE_OBJECTS: "1", PAGER: "cat", LC_ALL: "C" };
}

/** A failed git call: its stderr (first line), for messages. */
class GitError extends Error {
  constructor(
    message: string,
    readonly spawnFailed = false,
  ) {
    super(message);
  }
}

/** Runs git with NO_PROGRAMS, `--git-dir` when given, and `input` on its stdin; resolves to stdout. */
export function runGit(gitDir: string | undefined, args: readonly string[], options: { cwd: string; input?: string } = { cwd: "." }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [...NO_PROGRAMS, "--no-pager", ...(gitDir ? [`--git-dir=${gitDir}`] : []), ...args], {
      cwd: options.cwd,
      env: gitEnv(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", (e) => reject(new GitError(e.message, true)));
    child.on("close", (code) => {
      if (code === 0) return resolve(Buffer.concat(chunks));
      const first = stderr.trim().split("\n").find((l) => l.trim()) ?? `git exited with ${code}`;
      reject(new GitError(first.replace(/^(fatal|error): /, "")));
    });
    child.stdin.on("error", () => undefined); // reported through "close"
    child.stdin.end(options.input ?? "");
  });
}

interface Repository {
  /** The top level of the work tree (real path). */
  top: string;
  /** The `--git-dir` every call passes: `<top>/.git` (a directory, or a worktree's gitfile). */
  gitDir: string;
  /** `dir` relative to `top`, "" at the top. */
  prefix: string;
}

/** The nearest directory at or above `dir` with a `.git` entry (git's own discovery, minus bare repositories). */
async function findTop(dir: string): Promise<string | undefined> {
  for (let cur = dir; ; cur = path.dirname(cur)) {
    if (await lstat(path.join(cur, ".git")).catch(() => undefined)) return cur;
    if (path.dirname(cur) === cur) return undefined;
  }
}

/**
 * Chooses the repository of `dir` (options.top, or the nearest `.git` at or above it) and checks
 * that git, discovering from `dir` on its own, would find the same one; a different one (a bare
 * repository a pull request committed into the directory) is refused, never used.
 */
async function openRepository(dir: string, options: GitOptions = {}): Promise<Repository | GitProblem> {
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) return { code: "GIT_UNAVAILABLE", message: `${dir} is not a directory` };
  const dirReal = await realpath(dir);
  const top = options.top ? await realpath(options.top).catch(() => undefined) : await findTop(dirReal);
  const inside = top !== undefined && (dirReal === top || dirReal.startsWith(top + path.sep));
  if (!top || !inside || !(await lstat(path.join(top, ".git")).catch(() => undefined))) {
    const where = options.top ? `the workspace ${options.top} is not the top level of a git repository holding ${dir}` : `${dir} is not inside a git repository`;
    return { code: "GIT_UNAVAILABLE", message: `${where}; fedc diff compares the working tree with a git revision` };
  }
  const gitDir = path.join(top, ".git");
  let chosen: string;
  try {
    chosen = (await runGit(gitDir, ["rev-parse", "--absolute-git-dir"], { cwd: top })).toString().trim();
  } catch (e) {
    if (e instanceof GitError && e.spawnFailed) return { code: "GIT_UNAVAILABLE", message: "git is not installed or not on PATH; fedc diff needs it to read the base revision" };
    // e.g. "detected dubious ownership" in a container whose workspace belongs to another user.
    return { code: "GIT_UNAVAILABLE", message: `git cannot read the repository at ${top}: ${(e as Error).message}` };
  }
  const discovered = await runGit(undefined, ["rev-parse", "--absolute-git-dir"], { cwd: dirReal }).then(
    (out) => out.toString().trim(),
    (e: Error) => `(none: ${e.message})`,
  );
  if (discovered !== chosen) {
    return {
      code: "GIT_UNAVAILABLE",
      message: `git run in ${dir} finds the repository ${discovered}, not ${chosen}; a directory that looks like a git repository (HEAD, config, objects/, refs/) was committed inside the repository: remove it (fedc refuses to use it)`,
    };
  }
  return { top, gitDir, prefix: path.relative(top, dirReal).split(path.sep).join("/") };
}

async function resolveCommit(repo: Repository, ref: string): Promise<string | undefined> {
  if (ref.startsWith("-")) return undefined;
  try {
    return (await runGit(repo.gitDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], { cwd: repo.top })).toString().trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The repository directory `dir` as it was at `ref`. `dir` may be a sub-directory of the git
 * repository (then the revision's copy of that sub-directory is read). Symbolic links and
 * submodules are skipped, as the working-tree reader skips them.
 */
export async function readGitRevision(dir: string, ref: string, options: GitOptions = {}): Promise<GitRevision | GitProblem> {
  const repo = await openRepository(dir, options);
  if ("code" in repo) return repo;
  const commit = await resolveCommit(repo, ref);
  if (!commit) {
    return { code: "GIT_REVISION_NOT_FOUND", message: `"${ref}" is not a commit of the repository at ${repo.top}; ${SHALLOW_HINT}` };
  }
  // -z: no quoting of unusual file names; paths are relative to the top level (--full-tree); -l:
  // each blob's size, so that a file over the size limit is never read.
  const listing = (
    await runGit(repo.gitDir, ["ls-tree", "-r", "-l", "-z", "--full-tree", commit, ...(repo.prefix ? ["--", `:(literal)${repo.prefix}/`] : [])], { cwd: repo.top })
  ).toString("utf8");
  const blobs = new Map<string, Blob>();
  const strip = repo.prefix ? repo.prefix.length + 1 : 0;
  for (const entry of listing.split("\0")) {
    // "<mode> SP <type> SP <object> SP+ <size> TAB <path>" (the size is right-aligned)
    const tab = entry.indexOf("\t");
    if (tab < 0) continue;
    const [mode, type, object, size] = entry.slice(0, tab).split(/ +/);
    if (type !== "blob" || mode === "120000" || !object) continue;
    blobs.set(entry.slice(tab + 1).slice(strip), { object, size: Number(size) });
  }
  return { ref, commit, fs: new GitTreeFileSystem(repo, blobs) };
}

/**
 * The merge base of `ref` and HEAD (what GitHub's pull-request diff compares with), or a problem
 * when the history does not reach it (a shallow clone).
 */
export async function mergeBase(dir: string, ref: string, options: GitOptions = {}): Promise<{ commit: string; refCommit: string } | GitProblem> {
  const repo = await openRepository(dir, options);
  if ("code" in repo) return repo;
  const commit = await resolveCommit(repo, ref);
  if (!commit) return { code: "GIT_REVISION_NOT_FOUND", message: `"${ref}" is not a commit of the repository at ${repo.top}; ${SHALLOW_HINT}` };
  const find = () =>
    runGit(repo.gitDir, ["merge-base", commit, "HEAD"], { cwd: repo.top }).then(
      (out) => out.toString().trim() || undefined,
      () => undefined, // no common ancestor in the history this clone has
    );
  let base = await find();
  // actions/checkout's default for a pull request is its merge commit, whose first parent is the
  // base: that parent is the merge base, even when the clone is too shallow for git to tell.
  if (!base) {
    const headCommit = await runGit(repo.gitDir, ["cat-file", "commit", "HEAD"], { cwd: repo.top }).then((b) => b.toString("utf8"), () => "");
    const parents = [...headCommit.split("\n\n")[0]!.matchAll(/^parent ([0-9a-f]+)$/gm)].map((m) => m[1]);
    if (parents.length === 2 && parents[0] === commit) return { commit, refCommit: commit };
  }
  if (!base && options.deepen) {
    // A shallow clone (actions/checkout's default depth is 1): fetch more history of both sides,
    // more each time, then all of it. Fetching adds objects and deepens the clone, nothing else.
    const head = (await runGit(repo.gitDir, ["rev-parse", "--verify", "HEAD^{commit}"], { cwd: repo.top })).toString().trim();
    for (const depth of ["--deepen=64", "--deepen=1024", "--unshallow"]) {
      const fetched = await runGit(repo.gitDir, ["fetch", "--upload-pack=git-upload-pack", "--no-tags", "--no-recurse-submodules", depth, "origin", commit, head], { cwd: repo.top }).then(
        () => true,
        () => false,
      );
      if (!fetched) break;
      if ((base = await find())) break;
    }
  }
  if (base) return { commit: base, refCommit: commit };
  return {
    code: "GIT_REVISION_NOT_FOUND",
    message: `the history of this clone does not reach the merge base of ${ref} and HEAD; fetch more history (git fetch --unshallow, or actions/checkout: fetch-depth: 0), or compare with ${ref} itself (fedc diff --base-exact ${ref})`,
  };
}

/**
 * Resolves `ref` to a commit id, fetching it from `origin` when it is not in the local object
 * database (the GitHub Action runs on shallow clones, where a PR's base commit is missing; fetching
 * by commit id works on GitHub). Fetching adds objects only: the working tree, index and branches
 * are not touched.
 */
export async function ensureGitCommit(dir: string, ref: string, options: GitOptions = {}): Promise<{ commit: string } | GitProblem> {
  const repo = await openRepository(dir, options);
  if ("code" in repo) return repo;
  const local = await resolveCommit(repo, ref);
  if (local) return { commit: local };
  if (ref.startsWith("-")) return { code: "GIT_REVISION_NOT_FOUND", message: `"${ref}" is not a revision` };
  try {
    // --upload-pack: the program git starts for the fetch is git's own, whatever a config says.
    await runGit(repo.gitDir, ["fetch", "--upload-pack=git-upload-pack", "--no-tags", "--no-recurse-submodules", "--depth=1", "origin", ref], { cwd: repo.top });
  } catch (e) {
    return {
      code: "GIT_REVISION_NOT_FOUND",
      message: `the base revision ${ref} is not in this clone and could not be fetched from origin (${(e as Error).message}); check out with actions/checkout fetch-depth: 0`,
    };
  }
  // A commit id resolves now; a branch name fetched without a refspec is only in FETCH_HEAD.
  const commit = (await resolveCommit(repo, ref)) ?? (await resolveCommit(repo, "FETCH_HEAD"));
  return commit ? { commit } : { code: "GIT_REVISION_NOT_FOUND", message: `the base revision ${ref} is not in this clone after fetching it from origin` };
}

/**
 * The files of one git tree. Listing filters exactly as MemoryFileSystem does (include/exclude
 * globs, hidden directories, node_modules); the listed files are then read in one batch.
 */
interface Blob {
  object: string;
  size: number;
}

class GitTreeFileSystem implements FileSystem {
  private readonly listing: MemoryFileSystem;
  private readonly texts = new Map<string, Promise<string>>();

  constructor(
    private readonly repo: Repository,
    private readonly blobs: ReadonlyMap<string, Blob>,
  ) {
    this.listing = new MemoryFileSystem(Object.fromEntries([...blobs.keys()].map((p) => [p, ""])));
  }

  async list(include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    const paths = await this.listing.list(include, exclude);
    this.fetch(paths.filter((p) => !this.texts.has(p)));
    return paths;
  }

  async read(file: string): Promise<string | undefined> {
    const blob = this.blobs.get(file);
    if (!blob) return undefined;
    // As in the working tree (NodeFileSystem): a file over the limit is reported, never read.
    if (!(blob.size <= MAX_FILE_BYTES)) throw new UnreadableFile(`file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; split it or exclude it in fedc.yaml`);
    if (!this.texts.has(file)) this.fetch([file]);
    return this.texts.get(file)!;
  }

  private fetch(all: readonly string[]): void {
    const paths = all.filter((p) => this.blobs.get(p)!.size <= MAX_FILE_BYTES);
    if (paths.length === 0) return;
    const batch = readBlobs(this.repo, paths.map((p) => this.blobs.get(p)!.object));
    // A failed batch is reported by each read() that awaits it (loadRepository makes it a diagnostic).
    paths.forEach((p, i) => {
      const text = batch.then((texts) => texts[i]!);
      text.catch(() => undefined);
      this.texts.set(p, text);
    });
  }
}

/**
 * Reads blobs with one `git cat-file --batch` process: one process per file is what makes a
 * revision slow to read (measured here, 1,000 files take 6.4 s with one `git cat-file -p` each and
 * 0.08 s in one batch).
 */
async function readBlobs(repo: Repository, objects: readonly string[]): Promise<string[]> {
  const out = await runGit(repo.gitDir, ["cat-file", "--batch"], { cwd: repo.top, input: objects.join("\n") + "\n" });
  const texts: string[] = [];
  let at = 0;
  for (const object of objects) {
    // "<object> blob <size>\n<content>\n", or "<object> missing\n".
    const eol = out.indexOf(10, at);
    const header = out.toString("utf8", at, eol).split(" ");
    if (eol < 0 || header[0] !== object || header[1] !== "blob") throw new Error(`git cat-file: cannot read object ${object}`);
    const size = Number(header[2]);
    texts.push(out.toString("utf8", eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return texts;
}
