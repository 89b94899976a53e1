/** What a command produces; main.ts writes it out, so commands stay testable in-process. */
export interface CommandResult {
  readonly stdout: string;
  /** Warnings and findings, one line each. */
  readonly stderr: readonly string[];
  readonly exitCode: number;
}

export const ok = (stdout: string): CommandResult => ({ stdout, stderr: [], exitCode: 0 });

/** Live output while a command runs (progress of long searches); the CLI sends it to stderr. */
export interface CommandIO {
  progress(line: string): void;
}

export const SILENT: CommandIO = { progress: () => undefined };

export type Command = (argv: readonly string[], io: CommandIO) => CommandResult;
