import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * The renderer, run in a child node process: vega-lite compiles the spec to vega, vega lays it out
 * and draws it headless (renderer 'none', then toSVG). Rendering is asynchronous in vega and the
 * CLI's commands are synchronous functions, so the parent waits for the child (spawnSync); the
 * child also keeps vega's import time out of every other command.
 */
const RENDERER = `
const [vegaUrl, vegaLiteUrl] = process.argv.slice(1);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const spec = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const vega = await import(vegaUrl);
const vegaLite = await import(vegaLiteUrl);
const compiled = vegaLite.compile(spec).spec;
const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
process.stdout.write(await view.toSVG());
`;

/**
 * A vega-lite specification as plain JSON. vega-lite's own TypeScript types do not follow layered
 * and concatenated parts well; vega-lite validates the spec when it compiles it.
 */
export type VegaLiteSpec = Readonly<Record<string, unknown>>;

export class RenderError extends Error {
  override readonly name = 'RenderError';
}

/** A vega-lite spec rendered to an SVG document. */
export function renderSvg(spec: VegaLiteSpec): string {
  const resolve = createRequire(import.meta.url).resolve;
  const urls = ['vega', 'vega-lite'].map((name) => pathToFileURL(resolve(name)).href);
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', RENDERER, ...urls], {
    input: JSON.stringify(spec),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: 120_000,
  });
  if (child.error) throw new RenderError(`vega renderer did not run: ${child.error.message}`);
  if (child.status !== 0 || !child.stdout.startsWith('<svg')) {
    const reason = (child.stderr ?? '').split('\n').find((line) => /Error/.test(line)) ?? `exit code ${child.status}`;
    throw new RenderError(`vega could not render the figure: ${reason.trim()}`);
  }
  return child.stdout;
}
