import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDocs } from '../docs/generate.js';
import { parseOptions } from './args.js';
import type { CommandIO, CommandResult } from './command.js';
import { writeFileAtomic } from './files.js';

export const DOCS_USAGE = 'eoskit docs [--out docs] [--check]';

/** Generated files whose content on disk differs from what the code generates now. */
export function staleDocs(dir: string): string[] {
  return [...generateDocs()].filter(([path, content]) => {
    const file = join(dir, path);
    return !existsSync(file) || readFileSync(file, 'utf8') !== content;
  }).map(([path]) => path);
}

export function docsCommand(argv: readonly string[], io: CommandIO): CommandResult {
  const { values: o } = parseOptions(argv, { out: { type: 'string' }, check: { type: 'boolean' } });
  const dir = resolve(o.out ?? 'docs');
  if (o.check) {
    const stale = staleDocs(dir);
    if (stale.length === 0) return { stdout: `docs in ${dir} are up to date\n`, stderr: [], exitCode: 0 };
    return { stdout: '', stderr: [`eoskit: stale generated docs (run \`npm run docs\`): ${stale.join(', ')}`], exitCode: 1 };
  }
  const files = generateDocs();
  for (const [path, content] of files) {
    writeFileAtomic(join(dir, path), content);
    io.progress(`wrote ${join(dir, path)}`);
  }
  return { stdout: `generated ${files.size} files in ${dir}\n`, stderr: [], exitCode: 0 };
}
