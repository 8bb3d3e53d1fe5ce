// A short, made-up sweep as the study would report it: optimizer.lr over 3 values x 2 seeds,
// 2 trials at a time, 100 steps a trial, each event stamped with the second it arrived.
import type { SweepEvent, SweepStarted } from '../../framework/sweep/events.js';

export const sweepStart: SweepStarted = {
  kind: 'start',
  sweepId: 5,
  name: 'lr-grid',
  method: 'grid',
  metric: 'val/loss',
  goal: 'minimize',
  parallel: 2,
  plannedTrials: 6,
  seedsPerPoint: 2,
  finishedBefore: 0,
  recorded: [],
};

const trialStart = (key: string, runId: number, lr: number, seed: number): SweepEvent => ({
  kind: 'trial-start',
  trialKey: key,
  runId,
  point: { 'optimizer.lr': lr },
  seed,
  maxSteps: 100,
});

/** 90 s in: runs 11 and 12 completed (3e-3 ahead), runs 13 and 14 halfway or less. */
export function sweepUntil90s(): [number, SweepEvent][] {
  return [
    [0, sweepStart],
    [0, trialStart('k1', 11, 1e-3, 1)],
    [0, trialStart('k2', 12, 3e-3, 1)],
    [30, { kind: 'trial-progress', trialKey: 'k1', runId: 11, step: 50, value: 2.5 }],
    [30, { kind: 'trial-progress', trialKey: 'k2', runId: 12, step: 50, value: 2.2 }],
    [60, { kind: 'trial-end', trialKey: 'k1', runId: 11, status: 'completed', step: 100, value: 2.3 }],
    [60, trialStart('k3', 13, 1e-3, 2)],
    [60, { kind: 'trial-end', trialKey: 'k2', runId: 12, status: 'completed', step: 100, value: 2.0 }],
    [60, trialStart('k4', 14, 3e-3, 2)],
    [75, { kind: 'trial-progress', trialKey: 'k3', runId: 13, step: 25, value: 2.8 }],
    [90, { kind: 'trial-progress', trialKey: 'k4', runId: 14, step: 50, value: 2.1 }],
  ];
}

/** The rest: run 14 completes, run 13 is pruned, the 1e-2 trials diverge and fail, the sweep completes. */
export function sweepAfter90s(): [number, SweepEvent][] {
  return [
    [120, { kind: 'trial-end', trialKey: 'k4', runId: 14, status: 'completed', step: 100, value: 2.1 }],
    [120, trialStart('k5', 15, 1e-2, 1)],
    [125, { kind: 'trial-end', trialKey: 'k3', runId: 13, status: 'pruned', step: 50, value: 2.7 }],
    [125, trialStart('k6', 16, 1e-2, 2)],
    [130, { kind: 'trial-end', trialKey: 'k5', runId: 15, status: 'diverged', step: 10 }],
    [131, { kind: 'trial-end', trialKey: 'k6', runId: 16, status: 'failed', step: 0, error: 'out of\nmemory' }],
    [131, { kind: 'end', status: 'completed' }],
  ];
}

/** A clock that reads each event's stamp (in ms) as the events are consumed in order. */
export function replay(timed: [number, SweepEvent][]): { events: SweepEvent[]; clock: () => number } {
  const times = timed.map(([seconds]) => seconds * 1000);
  let i = 0;
  return { events: timed.map(([, event]) => event), clock: () => times[Math.min(i++, times.length - 1)]! };
}
