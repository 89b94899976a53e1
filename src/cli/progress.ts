import type { CommandIO } from './command.js';

/** How often a long run reports, and how long a run must be before it reports at all. */
const INTERVAL_MS = 2000;

/**
 * A progress callback for the library's `onProgress` options: one line through the command's IO
 * every couple of seconds ("trajectory: step 4000/10000 (40%), 12 s, about 18 s left"). Quiet with
 * --quiet and when stderr is not a terminal (logs and pipes get only the result); short runs never
 * print, since the first line waits for the interval.
 */
export function progressReporter(io: CommandIO, label: string, unit: string, quiet: boolean): (done: number, total: number) => void {
  if (quiet || !process.stderr.isTTY) return () => undefined;
  const start = Date.now();
  let last = start;
  return (done, total) => {
    const now = Date.now();
    if (now - last < INTERVAL_MS || done >= total) return;
    last = now;
    const seconds = (now - start) / 1000;
    const left = done > 0 ? (seconds * (total - done)) / done : NaN;
    const eta = Number.isFinite(left) ? `, about ${left.toFixed(0)} s left` : '';
    io.progress(`${label}: ${unit} ${done}/${total} (${((100 * done) / total).toFixed(0)}%), ${seconds.toFixed(0)} s${eta}`);
  };
}
