// The sweep files and store readings the queue tests share.
import { join } from 'node:path';
import { RunStore } from '../../framework/tracking/store.js';

export const GRID = (rates: string, parallel = 2) => `name: tiny-lr
base: tiny.yaml
metric: val/loss
method: grid
parallel: ${parallel}
parameters:
  optimizer.lr: [${rates}]
`;

/** The store's trials of the sweep, with each run's logged steps of val/loss and train/loss. */
export function recorded(dir: string) {
  const store = RunStore.open(join(dir, 'runs/folio.db'));
  try {
    const [sweep] = store.listSweeps();
    const trials = sweep === undefined ? [] : store.sweepTrials(sweep.id);
    return {
      sweep,
      trials: trials.map((trial) => {
        const run = store.getRun(trial.id)!;
        return { ...trial, info: run.info, artifacts: run.artifacts, trainSteps: store.metricSeries(trial.id, 'train/loss').map((p) => p.step) };
      }),
    };
  } finally {
    store.close();
  }
}
