import { runCli } from './run.js';

const result = runCli(process.argv.slice(2), { progress: (line) => process.stderr.write(line + '\n') });
process.stdout.write(result.stdout);
for (const line of result.stderr) process.stderr.write(line + '\n');
process.exitCode = result.exitCode;
