// Karmada's apportionment core, bit for bit: `pkg/util/helper/webstermethod.go` (AllocateWebsterSeats)
// and the Dispenser with `tieBreakerByUID` (`pkg/util/helper/binding.go`). See reference/karmada.md §3.2.

export interface Party {
  name: string;
  votes: number;
  seats: number;
}

export type TieBreaker = (a: Party, b: Party) => boolean;

/** Go's `<` on strings: byte order of the UTF-8 encoding (equal to UTF-16 order outside surrogates). */
function byteLess(a: string, b: string): boolean {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")) < 0;
}

/** Votes / (2·seats + 1) in IEEE doubles, as Go's float64 division; equal quotients go to the tie-breaker. */
function better(a: Party, b: Party, tieBreaker: TieBreaker | undefined): boolean {
  const pa = a.votes / (2 * a.seats + 1);
  const pb = b.votes / (2 * b.seats + 1);
  if (pa === pb) {
    if (tieBreaker) return tieBreaker(a, b);
    // Without a tie-breaker (never the case for the Dispenser): more votes, fewer seats, smaller name.
    if (a.votes !== b.votes) return a.votes > b.votes;
    if (a.seats !== b.seats) return a.seats < b.seats;
    return byteLess(a.name, b.name);
  }
  return pa > pb;
}

/**
 * Webster / Sainte-Laguë: `newSeats` seats, one at a time, each to the party with the highest
 * votes/(2·seats+1). Parties only in `initial` start with 0 votes. Result sorted by name, parties
 * with 0 seats included; undefined when there are no parties. Go pops a heap; because `better` is a
 * strict total order over distinct names, a linear scan picks the same party.
 */
export function allocateWebsterSeats(
  newSeats: number,
  votes: ReadonlyMap<string, number>,
  initial?: ReadonlyMap<string, number>,
  tieBreaker?: TieBreaker,
): Party[] | undefined {
  const parties = new Map<string, Party>();
  for (const [name, seats] of initial ?? []) parties.set(name, { name, votes: 0, seats });
  for (const [name, v] of votes) {
    const p = parties.get(name);
    if (p) p.votes = v;
    else parties.set(name, { name, votes: v, seats: 0 });
  }
  if (parties.size === 0) return undefined;
  const list = [...parties.values()];
  let remaining = newSeats - bulkSeats(list, newSeats);
  for (; remaining > 0; remaining--) {
    let best = list[0]!;
    for (let i = 1; i < list.length; i++) if (better(list[i]!, best, tieBreaker)) best = list[i]!;
    best.seats++;
  }
  return list.sort((a, b) => (byteLess(a.name, b.name) ? -1 : byteLess(b.name, a.name) ? 1 : 0));
}

/** Above this many seats, most are handed out at once (see bulkSeats). */
const BULK_ABOVE = 1000;

/**
 * Seats one at a time cost seats × parties steps: a replica count of 2^31 would take minutes. So
 * when no party starts with seats, each first gets a lower bound of its final seats at once:
 * Sainte-Laguë gives every party its votes·t ± ½ seats for one t, and the seats add up to
 * `newSeats`, so no party ends below its quota minus (parties + 1) / 2. Taking those seats first
 * changes nothing: the one-by-one allocation takes, for each party, its first elements of one fixed
 * order (priority, then the tie-breaker's fewer seats and name), and every seat given here is among
 * them. Returns how many seats were given.
 */
function bulkSeats(list: Party[], newSeats: number): number {
  if (newSeats <= BULK_ABOVE || newSeats > 2 ** 52 || list.some((p) => p.seats !== 0 || !(p.votes >= 0) || !Number.isFinite(p.votes))) return 0;
  const total = list.reduce((s, p) => s + p.votes, 0);
  if (!(total > 0) || !Number.isFinite(total)) return 0;
  // Two seats more than the bound allows cover the rounding of the quota's floating-point product.
  const margin = Math.ceil(list.length / 2) + 2;
  let given = 0;
  for (const p of list) {
    p.seats = Math.max(0, Math.floor((p.votes / total) * newSeats) - margin);
    given += p.seats;
  }
  return given;
}

/** FNV-1a 32 over the UTF-8 bytes. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * tieBreakerByUID: fewer seats first; then names ascending, unless the template uid's FNV-1a hash is
 * odd, then descending. An empty uid (fedc's default, SPEC §2.2) always sorts ascending.
 */
export function tieBreakerByUid(uid: string): TieBreaker {
  const descending = uid !== "" && fnv1a32(uid) % 2 === 1;
  return (a, b) => {
    if (a.seats !== b.seats) return a.seats < b.seats;
    return descending ? byteLess(b.name, a.name) : byteLess(a.name, b.name);
  };
}

export interface TargetCluster {
  name: string;
  replicas: number;
}

/**
 * Dispenser.AllocateByWeight: `replicas` split by `weights` (in the given order) with the uid
 * tie-break; clusters that get 0 stay in the result (sorted by name) for the caller to drop.
 */
export function divideByWeight(replicas: number, weights: readonly TargetCluster[], uid: string, initial: readonly TargetCluster[] = []): TargetCluster[] {
  if (replicas === 0 && initial.length > 0) return [...initial];
  if (weights.reduce((s, w) => s + w.replicas, 0) === 0) return [...initial];
  const votes = new Map(weights.map((w) => [w.name, w.replicas]));
  const init = new Map(initial.map((i) => [i.name, i.replicas]));
  const parties = allocateWebsterSeats(replicas, votes, init, tieBreakerByUid(uid)) ?? [];
  return parties.map((p) => ({ name: p.name, replicas: p.seats }));
}
