// The render cache's files (design: docs/argocd.md). One entry per key in <dir>/v1/<key>.entry:
//   pieces | per-cluster piece lists | footer JSON | trailer line
// A cluster's stdout is stored as pieces cut after each "\n---\n" (one manifest each, in practice),
// every distinct piece once: most manifests are the same in many clusters (1,000 × 200: 116 MB of
// output, ~50 MB stored). A piece list is the (offset, length) of each piece, in order. The trailer
// (fixed length, last in the file) gives the footer's offset, length and SHA-256; the footer names the
// key the entry was written for and, per cluster, the exit code, where its piece list and its stderr
// are, and the SHA-256 of its stdout and stderr. A reader checks the trailer, the footer's hash, the
// key and the hash of what it assembles: anything else (a truncated, damaged or foreign file) is a
// miss, which only costs a compile. Entries are written to a temporary file and renamed into place,
// so a reader never sees half of one.
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
const TRAILER = new RegExp(`^\\n${MAGIC} ([0-9a-f]{16}) ([0-9a-f]{16}) ([0-9a-f]{64})\\n$`);

interface ClusterRef {
  code: number;
  /** Offset and number of (offset f64, length u32) records of the stdout's pieces. */
  list: [number, number];
  stdoutSha256: string;
  stderr: [number, number];
  stderrSha256: string;
}

interface Footer {
  key: string;
  mode: EntryMode;
  clusters: Record<string, ClusterRef>;
}

const RECORD = 12;
const SEPARATOR = "\n---\n";

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

export function entryPath(dir: string, key: string): string {
  return path.join(dir, `${key}.entry`);
}

/** Writes `entry` for `key` atomically (temporary file + rename). Returns the entry's size. */
export function writeEntry(dir: string, key: string, entry: Entry): number {
  const tmp = path.join(dir, `.tmp-${key}-${process.pid}-${randomBytes(6).toString("hex")}`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  let offset = 0;
  const append = (bytes: Buffer) => {
    writeAll(fd, bytes);
    offset += bytes.length;
  };
  try {
    const pieces = new Map<string, [number, number]>();
    const piece = (text: string): [number, number] => {
      let at = pieces.get(text);
      if (!at) {
        const bytes = Buffer.from(text, "utf8");
        at = [offset, bytes.length];
        pieces.set(text, at);
        append(bytes);
      }
      return at;
    };
    const lists: { name: string; r: CallResult; at: [number, number][]; stderr: [number, number] }[] = [];
    for (const [name, r] of [...entry.results].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const at: [number, number][] = [];
      for (let from = 0; from < r.stdout.length; ) {
        const end = r.stdout.indexOf(SEPARATOR, from);
        const to = end < 0 ? r.stdout.length : end + SEPARATOR.length;
        at.push(piece(r.stdout.slice(from, to)));
        from = to;
      }
      lists.push({ name, r, at, stderr: piece(r.stderr) });
    }
    const clusters: Footer["clusters"] = Object.create(null) as Footer["clusters"];
    for (const { name, r, at, stderr } of lists) {
      const records = Buffer.allocUnsafe(at.length * RECORD);
      at.forEach(([o, l], i) => {
        records.writeDoubleLE(o, i * RECORD);
        records.writeUInt32LE(l, i * RECORD + 8);
      });
      clusters[name] = { code: r.code, list: [offset, at.length], stdoutSha256: sha256(r.stdout), stderr, stderrSha256: sha256(r.stderr) };
      append(records);
    }
    const footer = Buffer.from(JSON.stringify({ key, mode: entry.mode, clusters } satisfies Footer), "utf8");
    const footerOffset = offset;
    append(footer);
    append(Buffer.from(`\n${MAGIC} ${hex16(footerOffset)} ${hex16(footer.length)} ${sha256(footer)}\n`, "latin1"));
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
    const m = TRAILER.exec(trailer);
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
    const inside = ([o, l]: [number, number]) => Number.isSafeInteger(o) && Number.isSafeInteger(l) && o >= 0 && l >= 0 && o + l <= footerOffset;
    if (!inside([own.list[0], own.list[1] * RECORD]) || !inside(own.stderr) || !Number.isInteger(own.code)) return undefined;
    const records = readAt(fd, own.list[0], own.list[1] * RECORD);
    const at: [number, number][] = [];
    for (let i = 0; i < own.list[1]; i++) {
      const piece: [number, number] = [records.readDoubleLE(i * RECORD), records.readUInt32LE(i * RECORD + 8)];
      if (!inside(piece)) return undefined;
      at.push(piece);
    }
    const stdout = assemble(fd, at);
    const stderr = readAt(fd, own.stderr[0], own.stderr[1]);
    if (sha256(stdout) !== own.stdoutSha256 || sha256(stderr) !== own.stderrSha256) return undefined;
    return { mode: footer.mode, result: { code: own.code, stdout: stdout.toString("utf8"), stderr: stderr.toString("utf8") } };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The pieces in order; pieces that lie close together in the file are read with one read. */
function assemble(fd: number, at: readonly [number, number][]): Buffer {
  const sorted = [...new Set(at.map(([o]) => o))].sort((a, b) => a - b);
  const lengthAt = new Map(at.map(([o, l]) => [o, l]));
  const spans: { start: number; end: number; bytes?: Buffer }[] = [];
  for (const o of sorted) {
    const end = o + lengthAt.get(o)!;
    const last = spans.at(-1);
    if (last && o - last.end <= 65536) last.end = Math.max(last.end, end);
    else spans.push({ start: o, end });
  }
  for (const s of spans) s.bytes = readAt(fd, s.start, s.end - s.start);
  const parts = at.map(([o, l]) => {
    let lo = 0;
    let hi = spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (spans[mid]!.start <= o) lo = mid;
      else hi = mid - 1;
    }
    const s = spans[lo]!;
    return s.bytes!.subarray(o - s.start, o - s.start + l);
  });
  return Buffer.concat(parts);
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
