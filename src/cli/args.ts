import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../symbolic/loss.js';

/** node's parseArgs with its errors turned into one-line input errors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (err) {
    throw new InputError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

/** "k=v" parameter assignments. */
export function parseParams(items: readonly string[] | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new InputError(`--param expects name=value, got '${item}'`);
    const name = item.slice(0, eq).trim();
    if (name in params) throw new InputError(`parameter '${name}' given twice`);
    params[name] = item.slice(eq + 1).trim();
  }
  return params;
}

/** A comma-separated list such as "x,y" or "7/10,13/10". */
export function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim());
}

/** --digits: an integer; its range is checked where the numeric context is built. */
export function parseDigits(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) throw new InputError(`--digits expects an integer, got '${text}'`);
  return Number(text);
}
