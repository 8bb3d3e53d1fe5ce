// A tiny project, written into as many folders as there are "machines": each machine runs from its
// own checkout of the same files, as on real hosts. Trials take about a second on wasm, so that
// what the queue adds per trial is a visible part of the whole.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gridSweep, tinyCorpus, TINY_CONFIG } from '../../test/helpers/tiny-project.js';

export const SWEEP_FILE = 'sweep.yaml';
export const TRIALS = 16;
export const PARALLEL = 2;

const RATES = Array.from({ length: TRIALS }, (_, i) => (1 + i * 0.5) * 1e-3);

/** Writes the project into `dir` (created), with a cache folder of its own. */
export function writeCheckout(dir: string): string {
  mkdirSync(join(dir, 'cache'), { recursive: true });
  writeFileSync(join(dir, 'tiny.yaml'), TINY_CONFIG);
  writeFileSync(join(dir, SWEEP_FILE), gridSweep(RATES.map((lr) => lr.toExponential(1)).join(', '), PARALLEL));
  writeFileSync(join(dir, 'corpus.txt'), tinyCorpus());
  return dir;
}
