// npm run bench [-- --suite step,loss,bigram] [--backend wasm] [--steps 100]
// Speed, memory and loss of the shipped configs on this machine, against the issue targets.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveCacheDir } from '../framework/cli/cache-dir.js';
import { median, percentile, runConfig } from './run-config.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED_TEXT = resolve(ROOT, '../shared/data/tinyshakespeare.txt');

interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
}

const { values } = parseArgs({
  options: {
    suite: { type: 'string', default: 'step,loss,bigram' },
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '100' },
  },
});
const suites = new Set(values.suite.split(','));
const backend = `backend=${values.backend}`;
const cacheDir = seededCache();
const figures: Figure[] = [];

if (suites.has('step')) {
  const steps = Number(values.steps);
  process.stderr.write(`step: ${steps} steps of configs/shakespeare-char.yaml on ${values.backend}\n`);
  const overrides = [backend, `train.max_iters=${steps}`, 'train.eval_interval=0', 'train.eval_iters=1', 'train.log_interval=1', 'sample.tokens=0'];
  const run = await runConfig(join(ROOT, 'configs/shakespeare-char.yaml'), overrides, cacheDir);
  const afterWarmup = run.stepMs.slice(5);
  const medianMs = median(afterWarmup);
  figures.push({ name: 'shakespeare-char step, median', value: medianMs, unit: 'ms', target: '<= 600', pass: medianMs <= 600 });
  figures.push({ name: 'shakespeare-char step, p90', value: percentile(afterWarmup, 90), unit: 'ms' });
  figures.push({ name: 'tokens per second', value: (12 * 64 * 1000) / medianMs, unit: 'tok/s' });
  const growth = run.liveTensors.at(-1)! - run.liveTensors[5]!;
  figures.push({ name: `live tensors, growth over ${steps - 6} steps`, value: growth, unit: 'tensors', target: '0', pass: growth === 0 });
}

if (suites.has('loss')) {
  process.stderr.write(`loss: configs/shakespeare-char.yaml end to end on ${values.backend} (about 11 minutes on wasm)\n`);
  const run = await runConfig(join(ROOT, 'configs/shakespeare-char.yaml'), [backend], cacheDir);
  const valLoss = run.evals.at(-1)!.valLoss;
  figures.push({ name: 'shakespeare-char val loss at 2000', value: valLoss, unit: '', target: '<= 1.85', pass: valLoss <= 1.85 });
  figures.push({ name: 'shakespeare-char wall time', value: run.wallSeconds, unit: 's' });
  figures.push({ name: 'shakespeare-char step, median', value: median(run.stepMs), unit: 'ms (per-10-step means)' });
}

if (suites.has('bigram')) {
  process.stderr.write(`bigram: configs/bigram.yaml end to end on ${values.backend}\n`);
  const run = await runConfig(join(ROOT, 'configs/bigram.yaml'), [backend], cacheDir);
  const valLoss = run.evals.at(-1)!.valLoss;
  figures.push({ name: 'bigram val loss', value: valLoss, unit: '', target: '<= 2.55', pass: valLoss <= 2.55 });
  figures.push({ name: 'bigram wall time', value: run.wallSeconds, unit: 's' });
}

report(figures);

/** The dataset cache, seeded from ../shared when the user's cache lacks the file (no network here). */
function seededCache(): string {
  const cache = resolveCacheDir(process.env, process.cwd());
  const cached = join(cache, 'tinyshakespeare.txt');
  if (!existsSync(cached) && existsSync(SHARED_TEXT)) {
    mkdirSync(cache, { recursive: true });
    copyFileSync(SHARED_TEXT, cached);
  }
  return cache;
}

function report(rows: Figure[]): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  process.stdout.write(`\nfolio bench (${values.backend}, node ${process.version})\n`);
  for (const row of rows) {
    const value = Number.isInteger(row.value) ? String(row.value) : row.value.toFixed(row.value < 10 ? 4 : 1);
    const verdict = row.target === undefined ? '' : `  target ${row.target}: ${row.pass ? 'ok' : 'MISSED'}`;
    process.stdout.write(`  ${row.name.padEnd(width)}  ${value} ${row.unit}${verdict}\n`);
  }
  if (rows.some((r) => r.pass === false)) process.exitCode = 1;
}
