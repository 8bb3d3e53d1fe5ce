// A tiny config with dropout and frequent checkpoints, trained through the built `folio` command.
import { join } from 'node:path';
import { RunStore, type RunDetail } from '../../framework/tracking/store.js';
import { TINY_CONFIG } from '../helpers/cli.js';

/** Dropout on (its masks must continue too), a loss logged at every step, a checkpoint every 5. */
export const RESUMABLE_CONFIG = TINY_CONFIG.replace('block_size: 16', 'block_size: 16\n  dropout: 0.1')
  .replace('log_interval: 5', 'log_interval: 1')
  .concat('checkpoint: { every: 5, keep: 2 }\n');

export interface StoredRun {
  run: RunDetail;
  /** train/loss and val/loss by step, in step order. */
  losses: { step: number; value: number }[];
  valLosses: { step: number; value: number }[];
  /** How many rows each step has, over every metric key (one per key and step is right). */
  rowsPerKey: Record<string, number[]>;
}

/** Everything the store holds about run `id` of the workspace `dir`. */
export function storedRun(dir: string, id: number): StoredRun {
  const store = RunStore.open(join(dir, 'runs/folio.db'));
  try {
    const run = store.getRun(id)!;
    const rowsPerKey: Record<string, number[]> = {};
    for (const key of store.metricKeys(id)) rowsPerKey[key] = store.metricSeries(id, key).map((point) => point.step);
    return { run, losses: store.metricSeries(id, 'train/loss'), valLosses: store.metricSeries(id, 'val/loss'), rowsPerKey };
  } finally {
    store.close();
  }
}

/** How many runs the workspace's store holds. */
export function runCount(dir: string): number {
  const store = RunStore.open(join(dir, 'runs/folio.db'));
  try {
    return store.countRuns();
  } finally {
    store.close();
  }
}
