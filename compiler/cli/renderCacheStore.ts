// The render cache's files (design: docs/argocd.md). One entry per key in <dir>/v1/<key>.entry:
//   blobs (stdout and stderr texts, each distinct text once) | footer JSON | trailer line
// The trailer (fixed length, last in the file) gives the footer's offset, length and SHA-256; the footer
// names the key the entry was written for and, per cluster, the exit code and the offset, length and
// SHA-256 of its stdout and stderr. A reader checks the trailer, the footer's hash, the key and each blob's
// hash: anything else (a truncated, damaged or foreign file) is a miss, which only costs a compile.
// Entries are written to a temporary file and renamed into place, so a reader never sees half of one.
// Only node: built-ins here: the launcher (bin.ts) serves hits with this file before loading the CLI.
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fstatSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync, utimesSync, writeSync, constants } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

/** What one `render --stdout` call prints: the bytes of stdout and stderr and the exit code. */
export interface CallResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `all`: the revision fails before any cluster-specific stage: every cluster name gets `results["*"]`.
 * `clusters`: one result per registered cluster (another name compiles on its own).
 * `each`: some diagnostic depends on the cluster: every cluster compiles on its own (single entries).
 */
export type EntryMode = "all" | "clusters" | "each";

export interface Entry {
  mode: EntryMode;
  results: Map<string, CallResult>;
}

const MAGIC = "FEDC-RENDER-CACHE v1";
// "\n" MAGIC " " offset(16 hex) " " length(16 hex) " " sha256(64 hex) "\n"
const TRAILER_LENGTH = 1 + MAGIC.length + 1 + 16 + 1 + 16 + 1 + 64 + 1;

interface BlobRef {
  offset: number;
  length: number;
  sha256: string;
}

interface Footer {
  key: string;
  mode: EntryMode;
  clusters: Record<string, { code: number; stdout: number; stderr: number }>;
  blobs: BlobRef[];
}

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

export function entryPath(dir: string, key: string): string {
  return path.join(dir, `${key}.entry`);
}

/** Writes `entry` for `key` atomically (temporary file + rename). Returns the entry's size. */
export function writeEntry(dir: string, key: string, entry: Entry): number {
  const tmp = path.join(dir, `.tmp-${key}-${process.pid}-${randomBytes(6).toString("hex")}`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  let offset = 0;
  try {
    const blobs: BlobRef[] = [];
    const seen = new Map<string, number>();
    const blob = (text: string): number => {
      const bytes = Buffer.from(text, "utf8");
      const hash = sha256(bytes);
      const known = seen.get(hash);
      if (known !== undefined) return known;
      writeAll(fd, bytes);
      blobs.push({ offset, length: bytes.length, sha256: hash });
      offset += bytes.length;
      seen.set(hash, blobs.length - 1);
      return blobs.length - 1;
    };
    const clusters: Footer["clusters"] = {};
    for (const [name, r] of [...entry.results].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      clusters[name] = { code: r.code, stdout: blob(r.stdout), stderr: blob(r.stderr) };
    }
    const footer = Buffer.from(JSON.stringify({ key, mode: entry.mode, clusters, blobs } satisfies Footer), "utf8");
    writeAll(fd, footer);
    const trailer = `\n${MAGIC} ${hex16(offset)} ${hex16(footer.length)} ${sha256(footer)}\n`;
    writeAll(fd, Buffer.from(trailer, "latin1"));
    offset += footer.length + trailer.length;
  } catch (e) {
    closeSync(fd);
    unlinkQuietly(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, entryPath(dir, key));
  return offset;
}

/** The entry stored for `key`, with the result for `cluster` when it has one; undefined for a miss. */
export function readEntry(dir: string, key: string, cluster: string): { mode: EntryMode; result?: CallResult } | undefined {
  let fd: number;
  try {
    fd = openSync(entryPath(dir, key), constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < TRAILER_LENGTH) return undefined;
    const trailer = readAt(fd, size - TRAILER_LENGTH, TRAILER_LENGTH).toString("latin1");
    const m = new RegExp(`^\\n${MAGIC} ([0-9a-f]{16}) ([0-9a-f]{16}) ([0-9a-f]{64})\\n$`).exec(trailer);
    if (!m) return undefined;
    const footerOffset = parseInt(m[1]!, 16);
    const footerLength = parseInt(m[2]!, 16);
    if (footerOffset + footerLength + TRAILER_LENGTH !== size) return undefined;
    const footerBytes = readAt(fd, footerOffset, footerLength);
    if (sha256(footerBytes) !== m[3]) return undefined;
    const footer = JSON.parse(footerBytes.toString("utf8")) as Footer;
    if (footer.key !== key) return undefined;
    const own = footer.mode === "all" ? footer.clusters["*"] : Object.hasOwn(footer.clusters, cluster) ? footer.clusters[cluster] : undefined;
    if (!own) return { mode: footer.mode };
    const text = (i: number): string | undefined => {
      const ref = footer.blobs[i];
      if (!ref || ref.offset + ref.length > footerOffset) return undefined;
      const bytes = readAt(fd, ref.offset, ref.length);
      return sha256(bytes) === ref.sha256 ? bytes.toString("utf8") : undefined;
    };
    const stdout = text(own.stdout);
    const stderr = text(own.stderr);
    if (stdout === undefined || stderr === undefined || !Number.isInteger(own.code)) return undefined;
    return { mode: footer.mode, result: { code: own.code, stdout, stderr } };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Marks an entry as just used: eviction removes the least recently used first. */
export function touchEntry(dir: string, key: string): void {
  const now = new Date();
  try {
    utimesSync(entryPath(dir, key), now, now);
  } catch {
    // Evicted meanwhile: the next call recompiles.
  }
}

export interface Limits {
  maxEntries: number;
  maxBytes: number;
}

/**
 * Keeps the most recently used entries within `limits` (the newest one always), and removes
 * temporary files and locks that a killed process left behind more than an hour ago.
 */
export function evict(dir: string, limits: Limits): void {
  const entries: { file: string; mtime: number; size: number }[] = [];
  const hourAgo = Date.now() - 3600_000;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    let st;
    try {
      st = statSync(file);
    } catch {
      continue;
    }
    if (name.endsWith(".entry")) entries.push({ file, mtime: st.mtimeMs, size: st.size });
    else if ((name.startsWith(".tmp-") || name.endsWith(".lock")) && st.mtimeMs < hourAgo) unlinkQuietly(file);
  }
  entries.sort((a, b) => b.mtime - a.mtime);
  let bytes = 0;
  entries.forEach((e, i) => {
    bytes += e.size;
    if (i > 0 && (i >= limits.maxEntries || bytes > limits.maxBytes)) unlinkQuietly(e.file);
  });
}

/** A lock says "the first compile of this key is under way" (pid, host, start time). */
export function tryLock(dir: string, key: string): boolean {
  try {
    const fd = openSync(path.join(dir, `${key}.lock`), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    writeSync(fd, `${process.pid} ${hostname()} ${Date.now()}\n`);
    closeSync(fd);
    return true;
  } catch {
    return false;
  }
}

export function unlock(dir: string, key: string): void {
  unlinkQuietly(path.join(dir, `${key}.lock`));
}

/** Whether the lock is held by a live process (a lock of a killed process is removed). */
export function lockHeld(dir: string, key: string, staleAfterMs: number): boolean {
  const file = path.join(dir, `${key}.lock`);
  let text: string;
  try {
    const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      text = readAt(fd, 0, Math.min(fstatSync(fd).size, 256)).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  const [pid, host, started] = text.trim().split(" ");
  let alive = Date.now() - Number(started) < staleAfterMs;
  if (alive && host === hostname() && Number(pid) > 0) {
    try {
      process.kill(Number(pid), 0);
    } catch (e) {
      alive = (e as NodeJS.ErrnoException).code === "EPERM";
    }
  }
  if (!alive) unlinkQuietly(file);
  return alive;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new Error("short read");
    done += n;
  }
  return buf;
}

function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

function hex16(n: number): string {
  return n.toString(16).padStart(16, "0");
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
