// Stores for the report's tests and bench: a random sweep whose objective depends on the learning
// rate alone (so importance has a known answer), with curves, samples and two seeds a point; and
// plain runs to compare.
import { Rng } from '../../framework/engine/rng.js';
import type { SweepSpec } from '../../framework/sweep/types.js';
import { RunStore } from '../../framework/tracking/store.js';

export const SWEEP_SPEC: SweepSpec = {
  name: 'lr-depth',
  base: '/project/configs/tiny.yaml',
  metric: 'val/loss',
  goal: 'minimize',
  method: 'random',
  trials: 0,
  parallel: 2,
  seeds: [1, 2],
  earlyStop: { type: 'median', warmup_steps: 20, min_trials: 4 },
  parameters: [
    { path: 'optimizer.lr', kind: 'log-uniform', min: 1e-4, max: 1e-1 },
    { path: 'model.n_layer', kind: 'values', values: [2, 4, 6] },
    { path: 'model.norm', kind: 'choice', values: ['layernorm', 'rmsnorm'] },
  ],
  overrides: ['train.max_iters=100'],
  samplerSeed: 0,
};

/** The objective: best at lr 10^-2.5, not depending on depth or norm; seeds add a little noise. */
export function lossAt(lr: number, seed: number, step: number, steps: number): number {
  const final = 1.5 + (Math.log10(lr) + 2.5) ** 2 * 0.4 + seed * 0.003;
  return final + 2.7 * Math.exp((-4 * step) / steps);
}

export interface SweepFixture {
  sweepId: number;
  runIds: number[];
}

/** `points` random points x 2 seeds (one point's second seed pruned), curves every 10 steps, a sample every 50. */
export function recordSweep(store: RunStore, points: number, steps = 100): SweepFixture {
  const spec = { ...SWEEP_SPEC, trials: points };
  const sweepId = store.createSweep({ name: spec.name, spec, specHash: `h-${points}` });
  const rng = new Rng(11);
  const runIds: number[] = [];
  for (let p = 0; p < points; p++) {
    const lr = Math.exp(Math.log(1e-4) + rng.next() * (Math.log(1e-1) - Math.log(1e-4)));
    const nLayer = [2, 4, 6][rng.int(3)]!;
    const norm = ['layernorm', 'rmsnorm'][rng.int(2)]!;
    for (const seed of spec.seeds) {
      const config = { name: 'tiny', seed, model: { type: 'gpt', n_layer: nLayer, norm }, optimizer: { type: 'adamw', lr }, train: { max_iters: steps } };
      const id = store.createRun({ name: 'tiny', config, configHash: `c-${p}-${seed}`, seed, backend: 'native', sweepId, trialKey: `k-${p}-${seed}` });
      store.setInfo(id, { host: 'box-1' });
      // Point 1's second seed is pruned: the point ranks in the pruned tier, so `points` sweeps have
      // points - 1 completed points, which is what importance is fitted on.
      const pruned = p === 1 && seed === 2;
      const last = pruned ? steps / 2 : steps;
      for (let step = 0; step <= last; step += 10) {
        const loss = lossAt(lr, seed, step, steps);
        store.logMetrics(id, step, { 'train/loss': loss - 0.05, 'val/loss': loss });
        if (step % 50 === 0 && step > 0) store.logSample(id, step, 'ROMEO:', ` <run ${id} at step ${step}> & what light`);
      }
      store.finishRun(id, pruned ? 'pruned' : 'completed');
      runIds.push(id);
    }
  }
  store.setSweepStatus(sweepId, 'completed');
  return { sweepId, runIds };
}

/** Three plain runs: two seeds of lr 1e-3 and one of lr 3e-3, each with curves and samples at 50 and 100. */
export function recordRunsToCompare(store: RunStore): number[] {
  const ids: number[] = [];
  for (const [lr, seed] of [[1e-3, 1], [1e-3, 2], [3e-3, 1]] as const) {
    const config = { name: 'tiny', seed, optimizer: { type: 'adamw', lr }, train: { max_iters: 100 } };
    const id = store.createRun({ name: `lr-${lr}`, config, configHash: `r-${lr}-${seed}`, seed, backend: 'native' });
    store.setInfo(id, { host: 'box-2' });
    for (let step = 0; step <= 100; step += 10) store.logMetrics(id, step, { 'train/loss': lossAt(lr, seed, step, 100) - 0.05, 'val/loss': lossAt(lr, seed, step, 100) });
    store.logSample(id, 50, '\n', `half-way text of run ${id}`);
    store.logSample(id, 100, '\n', `final text of run ${id} <b>not bold</b>`);
    store.finishRun(id, 'completed');
    ids.push(id);
  }
  return ids;
}
