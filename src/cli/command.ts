/** What a command produces; main.ts writes it out, so commands stay testable in-process. */
export interface CommandResult {
  readonly stdout: string;
  /** Warnings and findings, one line each. */
  readonly stderr: readonly string[];
  readonly exitCode: number;
}

export const ok = (stdout: string): CommandResult => ({ stdout, stderr: [], exitCode: 0 });
