import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderSvg, type VegaLiteSpec } from '../plot/render-svg.js';
import { InputError } from '../symbolic/loss.js';
import { writeFileAtomic } from './files.js';

/**
 * Refuses an output path that cannot be written before any work is done: its directory must exist
 * and be writable, and the path must not be a directory. (The file itself is written atomically
 * at the end, through a temporary file beside it.)
 */
export function checkOutputPath(path: string, option: string): string {
  const full = resolve(path);
  const dir = dirname(full);
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.W_OK);
  } catch {
    throw new InputError(`cannot write ${option} ${path}: directory ${dir} does not exist or is not writable`);
  }
  try {
    if (statSync(full).isDirectory()) throw new InputError(`cannot write ${option} ${path}: it is a directory`);
  } catch (err) {
    if (err instanceof InputError) throw err;
  }
  return full;
}

/** Renders a figure with vega and writes the SVG atomically. */
export function writeFigure(path: string, spec: VegaLiteSpec): void {
  writeFileAtomic(path, renderSvg(spec));
}
