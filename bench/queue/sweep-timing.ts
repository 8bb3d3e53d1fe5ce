// The same 16 tiny trials through the queue (a coordinator and two workers with one trial each,
// as two machines would run them) and with the local executor at parallel 2, round after round,
// taking turns which goes first. The queue should cost little more than the local sweep: what it
// adds per trial is the hand-over (the worker reports the end, the coordinator queues the next
// trial, a worker takes it), against the local executor's direct start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFolio, startWorker, type Place, type RunningWorker } from './cli.js';
import { PARALLEL, SWEEP_FILE, TRIALS, writeCheckout } from './project.js';
import type { QueueFigure } from './figure.js';
import { handoverGapsMs, largestResultGap, medianOf, readTrials, type TrialTimes } from './trials.js';

const WORKERS = 2;

export async function queueAgainstLocal(redisUrl: string, rounds: number, log: (line: string) => void): Promise<QueueFigure[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'folio-bench-queue-'));
  const workers: RunningWorker[] = [];
  try {
    const [coordinator, local, ...workerDirs] = ['coordinator', 'local', ...Array.from({ length: WORKERS }, (_, i) => `worker-${i + 1}`)].map((name) => writeCheckout(join(scratch, name)));
    const place = (dir: string, store: string): Place => ({ cwd: dir, env: { ...process.env, FOLIO_STORE: join(dir, store), FOLIO_CACHE: join(dir, 'cache') } });

    // The first trial process after a build pays for cold caches: one untimed run first.
    await runFolio(['run', 'tiny.yaml', '--plain'], place(local!, 'warm-up.db'));
    for (const [i, dir] of workerDirs.entries()) workers.push(await startWorker(redisUrl, `bench-worker-${i + 1}`, place(dir, 'folio.db')));
    // A worker that exits (it refused the trials, it crashed) would leave the coordinator waiting forever.
    const workerDied = new AbortController();
    for (const worker of workers) void worker.died.then((said) => workerDied.abort(new Error(said)));
    const guard = { signal: workerDied.signal, timeoutMs: 300_000 };

    const queueSeconds: number[] = [];
    const localSeconds: number[] = [];
    const queueGaps: number[] = [];
    const localGaps: number[] = [];
    let resultGap = 0;
    for (let round = 0; round < rounds; round++) {
      const queued = place(coordinator!, `round-${round}.db`);
      const plain = place(local!, `round-${round}.db`);
      const runQueue = async () => queueSeconds.push(await runFolio(['sweep', SWEEP_FILE, '--queue', redisUrl, '--plain'], queued, guard));
      const runLocal = async () => localSeconds.push(await runFolio(['sweep', SWEEP_FILE, '--plain'], plain, { timeoutMs: 300_000 }));
      for (const run of round % 2 === 0 ? [runQueue, runLocal] : [runLocal, runQueue]) await run();
      const [viaQueue, here] = [readTrials(queued.env.FOLIO_STORE!), readTrials(plain.env.FOLIO_STORE!)];
      expectAllCompleted('queue', viaQueue);
      expectAllCompleted('local', here);
      queueGaps.push(...handoverGapsMs(viaQueue, PARALLEL));
      localGaps.push(...handoverGapsMs(here, PARALLEL));
      resultGap = Math.max(resultGap, largestResultGap(viaQueue, here));
      log(`  round ${round + 1}: queue ${queueSeconds.at(-1)!.toFixed(1)} s, local ${localSeconds.at(-1)!.toFixed(1)} s`);
    }

    const ratios = queueSeconds.map((s, i) => s / localSeconds[i]!);
    // Each of the 2 places runs TRIALS / 2 trials one after another: the difference spread over them.
    const overheads = queueSeconds.map((s, i) => ((s - localSeconds[i]!) * 1000) / (TRIALS / WORKERS));
    const ratio = medianOf(ratios);
    const overhead = medianOf(overheads);
    const gapQueue = medianOf(queueGaps);
    const gapLocal = medianOf(localGaps);
    return [
      { name: `queue: ${TRIALS} tiny trials, ${WORKERS} workers x 1, median of ${rounds}`, value: medianOf(queueSeconds), unit: 's' },
      { name: `local: the same at parallel ${PARALLEL}, median of ${rounds}`, value: medianOf(localSeconds), unit: 's' },
      { name: 'queue / local (median round)', value: ratio, unit: 'x', target: '<= 1.1', pass: ratio <= 1.1 },
      { name: `queue overhead per trial, (queue - local) / ${TRIALS / WORKERS} (median round)`, value: overhead, unit: 'ms', target: '< 100', pass: overhead < 100 },
      // The queue's start is when the coordinator applied it: up to one 100 ms batch after the worker's.
      { name: 'trial end to next start in its slot, queue (start as applied), median', value: gapQueue, unit: 'ms' },
      { name: 'trial end to next start in its slot, local, median', value: gapLocal, unit: 'ms' },
      { name: 'hand-over, queue - local', value: gapQueue - gapLocal, unit: 'ms' },
      { name: 'final val/loss, largest |queue - local| over the trials', value: resultGap, unit: '', target: '0', pass: resultGap === 0 },
    ];
  } finally {
    for (const worker of workers) {
      if (!(await worker.stop())) log(`  ${worker.name} did not exit within 15 s of Ctrl-C: killed`);
      const odd = worker.said().split('\n').filter((line) => line !== '' && !/takes trials from|took trial|completed at step|stopped after/.test(line));
      for (const line of odd) log(`  ${worker.name} said: ${line}`);
    }
    rmSync(scratch, { recursive: true, force: true });
  }
}

function expectAllCompleted(how: string, trials: readonly TrialTimes[]): void {
  const completed = trials.filter((t) => t.status === 'completed').length;
  if (completed !== TRIALS) throw new Error(`the ${how} sweep completed ${completed} of ${TRIALS} trials (${trials.map((t) => t.status).join(', ')})`);
}
