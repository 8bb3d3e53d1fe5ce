// A store holding a few finished runs, as a dashboard or `folio compare` would find it: two seeds of
// one setting, another learning rate, a diverged run and one still training; metrics, samples, configs.
import { RunStore } from '../../framework/tracking/store.js';

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

export function tinyConfig(lr: number, seed: number, nLayer = 2) {
  return {
    name: `lr-${lr}`,
    seed,
    backend: 'wasm',
    dataset: { type: 'text-file', path: 'corpus.txt' },
    model: { type: 'gpt', n_layer: nLayer, n_embd: 16, attention: { type: 'causal-self-attention', n_head: 2 } },
    optimizer: { type: 'adamw', lr, betas: [0.9, 0.99] },
    train: { batch_size: 4, max_iters: 100 },
  };
}

interface RunPlan {
  lr: number;
  seed: number;
  /** val loss = start - drop * step/100 at steps 20, 40, ... 100. */
  start: number;
  drop: number;
  status: 'completed' | 'diverged' | 'running';
  steps?: number;
}

export const PLANS: RunPlan[] = [
  { lr: 3e-3, seed: 1, start: 3.0, drop: 1.2, status: 'completed' }, // run 1
  { lr: 3e-3, seed: 2, start: 3.1, drop: 1.2, status: 'completed' }, // run 2: seed of run 1
  { lr: 1e-3, seed: 1, start: 3.2, drop: 0.8, status: 'completed' }, // run 3
  { lr: 3e-2, seed: 1, start: 3.0, drop: 0.5, status: 'diverged', steps: 40 }, // run 4
  { lr: 2e-3, seed: 1, start: 3.0, drop: 1.0, status: 'running', steps: 60 }, // run 5
];

/** Writes PLANS into a store at `path`; the clock is T0 plus a minute per run. */
export function seedStore(path: string, plans: RunPlan[] = PLANS): void {
  let clock = T0;
  const store = RunStore.open(path, { now: () => clock });
  try {
    for (const plan of plans) {
      const config = tinyConfig(plan.lr, plan.seed);
      const id = store.createRun({ name: config.name, config, configHash: `hash-${plan.lr}-${plan.seed}`, seed: plan.seed, backend: 'wasm' });
      const last = plan.steps ?? 100;
      for (let step = 0; step <= last; step += 10) {
        clock += 1000;
        const train = plan.start - (plan.drop * step) / 100 + 0.05;
        store.logMetrics(id, step, { 'train/loss': train, 'train/lr': plan.lr, 'train/grad_norm': 0.5, 'perf/tokens_per_s': 2000 + id });
        if (step > 0 && step % 20 === 0) {
          const val = plan.status === 'diverged' && step === last ? NaN : plan.start - (plan.drop * step) / 100;
          store.logMetrics(id, step, { 'val/loss': val });
          store.logSample(id, step, '\n', `sample of run ${id} at ${step}`);
        }
      }
      if (plan.status === 'running') store.heartbeat(id);
      else store.finishRun(id, plan.status, plan.status === 'diverged' ? 'loss became NaN at step 40' : undefined);
      clock += 60_000;
    }
  } finally {
    store.close();
  }
}

/** A grid sweep over optimizer.lr with two seeds, four trials completed; returns the sweep's id. */
export function seedSweep(path: string): number {
  let clock = T0;
  const store = RunStore.open(path, { now: () => (clock += 1000) });
  try {
    const spec = { name: 'lr-grid', metric: 'val/loss', goal: 'minimize', method: 'grid', parameters: [{ path: 'optimizer.lr', kind: 'values', values: [1e-3, 3e-3] }], seeds: [1, 2] };
    const sweepId = store.createSweep({ name: 'lr-grid', spec, specHash: 'spec-hash' });
    for (const [lr, seed, val] of [[1e-3, 1, 2.3], [3e-3, 1, 2.0], [1e-3, 2, 2.4], [3e-3, 2, 2.1]] as const) {
      const config = tinyConfig(lr, seed);
      const id = store.createRun({ name: config.name, config, configHash: `sweep-${lr}-${seed}`, seed, backend: 'wasm', sweepId, trialKey: `${lr}-${seed}` });
      store.logMetrics(id, 50, { 'train/loss': val + 0.1, 'val/loss': val });
      store.finishRun(id, 'completed');
    }
    store.setSweepStatus(sweepId, 'completed');
    return sweepId;
  } finally {
    store.close();
  }
}
