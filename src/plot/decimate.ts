/** One plotted point of a series. */
export interface SeriesPoint {
  readonly k: number;
  readonly value: number;
}

/**
 * At most `buckets` x 2 points of a series indexed by step: in each bucket of consecutive steps, the
 * step of the smallest and of the largest value (in step order). A line through them has the same
 * envelope as the full series, so an oscillation of one step in a million still shows, while the SVG
 * stays small. Non-finite values are skipped (a log axis cannot place them).
 */
export function decimate(values: ArrayLike<number>, buckets = 1500, keep: (v: number) => boolean = Number.isFinite): SeriesPoint[] {
  const n = values.length;
  const out: SeriesPoint[] = [];
  if (n <= 2 * buckets) {
    for (let k = 0; k < n; k++) if (keep(values[k]!)) out.push({ k, value: values[k]! });
    return out;
  }
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    for (let k = from; k < to; k++) {
      const v = values[k]!;
      if (!keep(v)) continue;
      if (lo < 0 || v < values[lo]!) lo = k;
      if (hi < 0 || v > values[hi]!) hi = k;
    }
    if (lo < 0) continue;
    for (const k of lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)]) out.push({ k, value: values[k]! });
  }
  return out;
}
