/**
 * Federation v1's HPA min/max split for clusters that have no HPA yet (pkg/federatedtypes/hpa.go,
 * the "fresh" case): each cluster in turn receives rdcMax = max(2, max/n) until less remains, the
 * rest going to the next; min likewise with rdcMin = max(1, min/n), never above a cluster's max;
 * finally a cluster with max > 0 and min 0 gets min 1. v1 walked a Go map (random order); fedc walks
 * the clusters in planner order, so the result is deterministic.
 * Guarantees: Σmax = max, Σmin ≥ min (when min ≤ max), every cluster with max > 0 has min ≥ 1.
 * One deliberate difference: where v1 skipped a cluster whose max could not take a whole rdcMin (and
 * could loop forever), fedc gives it what fits, so Σmin ≥ min always holds.
 */
export function splitHpa(minReplicas: number, maxReplicas: number, ordered: readonly string[]): Map<string, { min: number; max: number }> {
  const n = ordered.length;
  const out = new Map<string, { min: number; max: number }>(ordered.map((c) => [c, { min: 0, max: 0 }]));
  if (n === 0) return out;
  const rdcMax = Math.max(2, Math.trunc(maxReplicas / n));
  const rdcMin = Math.max(1, Math.trunc(minReplicas / n));
  let toMax = maxReplicas;
  while (toMax > 0) {
    for (const c of ordered) {
      const r = out.get(c)!;
      if (toMax < rdcMax) {
        r.max += toMax;
        toMax = 0;
        break;
      }
      r.max += rdcMax;
      toMax -= rdcMax;
      if (toMax === 0) break;
    }
  }
  let toMin = minReplicas;
  // v1 loops until min is gone (a TODO there admits it may never end); stop when a pass gives nothing.
  while (toMin > 0) {
    let progressed = false;
    for (const c of ordered) {
      if (toMin === 0) break;
      const r = out.get(c)!;
      if (r.max === 0) continue;
      // v1 skipped a cluster when `max - give < min` and could then loop forever; fedc gives what fits.
      const give = Math.min(toMin, rdcMin, r.max - r.min);
      if (give <= 0) continue;
      r.min += give;
      toMin -= give;
      progressed = true;
    }
    if (!progressed) break;
  }
  for (const r of out.values()) if (r.max > 0 && r.min <= 0) r.min = 1;
  return out;
}
