// What the queue tests share: a Redis, a workspace with a sweep, workers ready to take its
// trials, and what the coordinator's store recorded.
import { join } from 'node:path';
import { RunStore } from '../../framework/tracking/store.js';
import { gridSweep, tinyCorpus, TINY_CONFIG } from '../helpers/cli.js';
import { startRedis } from '../helpers/redis-server.js';
import { workspace } from '../helpers/temp.js';
import { startFolio, type FolioProcess } from './processes.js';

/** Trials long enough (a few seconds) to be caught in the middle. */
export const LONGER = TINY_CONFIG.replace('max_iters: 20', 'max_iters: 300').replace('eval_interval: 10', 'eval_interval: 100');
/** The train/loss steps a LONGER trial logs (every 5 steps). */
export const EVERY_LOGGED_STEP = Array.from({ length: 60 }, (_, i) => (i + 1) * 5);

export interface QueueSetUp {
  redisUrl: string;
  redisPort: number;
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  dir: string;
  /** Starts `folio worker --name NAME` in the workspace and waits until it takes trials. */
  worker(name: string, ...args: string[]): Promise<FolioProcess>;
  /** Starts the coordinator, `folio sweep lr.yaml --plain --queue ...`. */
  coordinator(): FolioProcess;
}

/** A Redis of the test's own and a workspace holding `config` as tiny.yaml and a grid sweep over `rates` as lr.yaml. */
export async function queueSetUp(options: {
  config?: string;
  rates: string;
  parallel?: number;
  /** Added to the sweep file. */
  sweepExtra?: string;
  files?: Record<string, string>;
  password?: string;
  /** false: Redis comes back empty after stopRedis() and startRedis(). */
  persistent?: boolean;
}): Promise<QueueSetUp> {
  const redis = await startRedis({ ...(options.password === undefined ? {} : { password: options.password }), persistent: options.persistent ?? true });
  const sweep = gridSweep(options.rates, options.parallel) + (options.sweepExtra ?? '');
  const dir = workspace({ 'tiny.yaml': options.config ?? TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'lr.yaml': sweep, ...options.files });
  return {
    redisUrl: redis.url,
    redisPort: redis.port,
    stopRedis: () => redis.stop(),
    startRedis: () => redis.start(),
    dir,
    async worker(name, ...args) {
      const worker = startFolio(['worker', '--queue', redis.url, '--name', name, ...args], { cwd: dir });
      await worker.waitFor(/takes trials from/);
      return worker;
    },
    coordinator: () => startFolio(['sweep', 'lr.yaml', '--plain', '--queue', redis.url], { cwd: dir }),
  };
}

/** Waits until the sweep's first trial has some train/loss steps in the coordinator's store. */
export async function stepsRecorded(dir: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((recorded(dir).trials[0]?.trainSteps.length ?? 0) === 0) {
    if (Date.now() > deadline) throw new Error('the trial recorded no steps in 30 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

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
