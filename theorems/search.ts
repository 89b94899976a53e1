import fc from 'fast-check';
import { confirmed, type CheckOptions, type Theorem, type TheoremInput, type Verdict } from './theorem.js';

export interface SearchOptions extends CheckOptions {
  readonly runs: number;
  readonly seed: number;
  /** Search the theorem's negative control instead of the claim. */
  readonly mutant?: boolean;
  /** Replay one recorded failure (fast-check's path). */
  readonly path?: string;
  /** Stop drawing new instances after this many seconds (the deep search's time budget per theorem). */
  readonly seconds?: number;
}

/** A counterexample, shrunk by fast-check, with what it takes to replay it. */
export interface Counterexample {
  readonly input: TheoremInput;
  readonly verdict: Verdict;
  readonly seed: number;
  readonly path: string;
}

export interface SearchResult {
  readonly theorem: string;
  readonly mutant: boolean;
  readonly seed: number;
  /** Instances checked before the search stopped (all of them, or up to the first violation). */
  readonly runs: number;
  readonly holds: number;
  readonly undecided: number;
  /** A few reasons for undecided instances, most frequent first. */
  readonly undecidedReasons: readonly string[];
  readonly counterexample?: Counterexample;
  readonly milliseconds: number;
}

/**
 * Counterexample search: fast-check draws instances, the theorem checks each, and a violated
 * verdict fails the property so fast-check shrinks it to a small witness. Counts stop at the first
 * violation (the shrinking runs are not new evidence).
 */
export function search(theorem: Theorem, options: SearchOptions): SearchResult {
  // A violation is reported only if it survives more digits (confirmed): rounding is not a counterexample.
  const check = confirmed(options.mutant ? theorem.mutant.check : theorem.check);
  let holds = 0;
  let undecided = 0;
  let failed = false;
  const reasons = new Map<string, number>();
  const started = performance.now();
  const property = fc.property(theorem.inputs(), (input) => {
    const verdict = check(input, options);
    if (!failed) {
      if (verdict.kind === 'holds') holds++;
      if (verdict.kind === 'undecided') {
        undecided++;
        reasons.set(verdict.reason, (reasons.get(verdict.reason) ?? 0) + 1);
      }
    }
    if (verdict.kind === 'violated') failed = true;
    return verdict.kind !== 'violated';
  });
  const details = fc.check(property, {
    numRuns: options.runs,
    seed: options.seed,
    ...(options.path !== undefined && { path: options.path }),
    ...(options.seconds !== undefined && { interruptAfterTimeLimit: options.seconds * 1000, markInterruptAsFailure: false }),
  });
  const milliseconds = performance.now() - started;
  const base = {
    theorem: theorem.id,
    mutant: options.mutant ?? false,
    seed: options.seed,
    holds,
    undecided,
    undecidedReasons: [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([r, k]) => `${k}x ${r}`),
    milliseconds,
  };
  if (!details.failed || !details.counterexample) return { ...base, runs: holds + undecided };
  const [input] = details.counterexample;
  return {
    ...base,
    runs: holds + undecided + 1,
    counterexample: { input, verdict: check(input, options), seed: details.seed, path: details.counterexamplePath ?? '' },
  };
}

/** The command line that re-checks one instance. */
export function replayLine(theoremId: string, input: TheoremInput, mutant = false): string {
  const q = (s: string) => `"${s}"`;
  const params = Object.entries(input.params ?? {}).map(([k, v]) => ` --param ${k}=${v}`).join('');
  // name=value form: a value that starts with '-' would otherwise be read as an option.
  const partner = input.partner ? ` --partner=${input.partner.join(',')}` : '';
  return (
    `eoskit check --theorem ${theoremId}${mutant ? ' --mutant' : ''} --loss ${q(input.loss)} --vars ${input.vars.join(',')}${params}` +
    ` --eta=${input.eta} --x0=${input.start.join(',')}${partner}`
  );
}
