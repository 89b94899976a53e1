/** Wall-clock medians over repeated runs: the benchmarks' one timing rule. */
export interface Timing {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly repeats: number;
}

/**
 * Milliseconds per call of `fn`, median of `repeats` timed calls after warming up for at least
 * 200 ms (V8 optimises hot code after many calls; cold first calls would dominate small cases).
 */
export function measure(fn: () => unknown, repeats = 5): Timing {
  for (const t0 = performance.now(); performance.now() - t0 < 200; ) fn();
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, min: samples[0]!, max: samples[samples.length - 1]!, repeats };
}

/**
 * How many times faster `fast` runs than `slow`, per call: the median over `rounds` rounds of
 * slow, fast, slow again, each round's ratio taken from its own timings. Two separate medians on a
 * loaded machine see different loads (the ratio of them varied 5-12x between runs); adjacent
 * timings see about the same one.
 */
export function speedUp(slow: () => unknown, slowCalls: number, fast: () => unknown, fastCalls: number, rounds = 15): Timing {
  const timed = (fn: () => unknown, calls: number): number => {
    const t0 = performance.now();
    for (let k = 0; k < calls; k++) fn();
    return (performance.now() - t0) / calls;
  };
  for (const t0 = performance.now(); performance.now() - t0 < 200; ) {
    timed(slow, 1);
    timed(fast, 1);
  }
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const before = timed(slow, slowCalls);
    const t = timed(fast, fastCalls);
    ratios.push((before + timed(slow, slowCalls)) / 2 / t);
  }
  ratios.sort((a, b) => a - b);
  return { median: ratios[Math.floor(rounds / 2)]!, min: ratios[0]!, max: ratios[rounds - 1]!, repeats: rounds };
}

/** Least-squares slope of log(cost) against log(size): cost ~ size^slope. */
export function powerLawExponent(points: readonly (readonly [number, number])[]): number {
  const xs = points.map(([x]) => Math.log(x));
  const ys = points.map(([, y]) => Math.log(y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}
