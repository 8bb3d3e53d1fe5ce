import { describe, expect, it } from 'vitest';
import { createSweepPlainReporter } from '../../framework/cli/sweep-plain-reporter.js';
import { collector } from '../helpers/streams.js';
import { replay, sweepAfter90s, sweepStart, sweepUntil90s } from '../dashboard/sweep-fixtures.js';

describe('createSweepPlainReporter', () => {
  it('writes a line per start, trial start and end, a progress line at most every N seconds, and the best at the end', async () => {
    const out = collector();
    const { events, clock } = replay([...sweepUntil90s(), ...sweepAfter90s()]);
    const reporter = createSweepPlainReporter(out.stream, { now: clock, progressEveryMs: 80_000 });
    for (const event of events) reporter.report(event);
    await reporter.close();
    expect(out.text().split('\n')).toEqual([
      'sweep 5 lr-grid: grid, 6 trials, 2 at a time, minimize val/loss',
      'trial run 11 started: optimizer.lr=1e-3 seed 1 (100 steps)',
      'trial run 12 started: optimizer.lr=3e-3 seed 1 (100 steps)',
      'trial run 11 completed at step 100: val/loss 2.3000 [1/6 done (1 completed, 1 running, 4 waiting)]',
      'trial run 13 started: optimizer.lr=1e-3 seed 2 (100 steps)',
      'trial run 12 completed at step 100: val/loss 2.0000 [2/6 done (2 completed, 1 running, 3 waiting)]',
      'trial run 14 started: optimizer.lr=3e-3 seed 2 (100 steps)',
      // Progress events at 30 s and 75 s came within 80 s of the start; the one at 90 s did not.
      'progress: 2/6 done (2 completed, 2 running, 2 waiting), best val/loss 2.0000; running: run 13 25/100 2.8000, run 14 50/100 2.1000; 1m30s, eta 2m00s',
      'trial run 14 completed at step 100: val/loss 2.1000 [3/6 done (3 completed, 1 running, 2 waiting)]',
      'trial run 15 started: optimizer.lr=0.01 seed 1 (100 steps)',
      'trial run 13 pruned at step 50: val/loss 2.7000 [4/6 done (3 completed, 1 pruned, 1 running, 1 waiting)]',
      'trial run 16 started: optimizer.lr=0.01 seed 2 (100 steps)',
      // Diverged and failed trials are not results: never counted as done.
      'trial run 15 diverged at step 10 [4/6 done (3 completed, 1 pruned, 1 running, 1 diverged)]',
      'trial run 16 failed at step 0 (out of memory) [4/6 done (3 completed, 1 pruned, 1 failed, 1 diverged)]',
      'sweep 5 completed in 2m11s: 4/6 done (3 completed, 1 pruned, 1 failed, 1 diverged); best val/loss 2.0500 ± 0.0707 over 2 seeds: optimizer.lr=3e-3',
      '',
    ]);
  });

  it('writes a notice as a line of its own', async () => {
    const out = collector();
    const reporter = createSweepPlainReporter(out.stream);
    reporter.report({ kind: 'notice', text: 'worker w2 refused a trial and handed it back: another Folio' });
    await reporter.close();
    expect(out.text()).toBe('folio: worker w2 refused a trial and handed it back: another Folio\n');
  });

  it('says when it resumes, and how an interrupted sweep ended without a best', async () => {
    const out = collector();
    const reporter = createSweepPlainReporter(out.stream, { now: () => 0 });
    const earlier = (runId: number, seed: number, status: 'pruned' | 'failed' | 'interrupted') => ({
      runId, trialKey: `k${runId}`, point: { 'optimizer.lr': 1e-2 }, seed, status, value: status === 'pruned' ? 2.9 : undefined, lastStep: 10, maxSteps: 100,
    });
    reporter.report({ ...sweepStart, finishedBefore: 2, recorded: [earlier(1, 1, 'pruned'), earlier(2, 2, 'failed'), earlier(3, 3, 'interrupted')] });
    reporter.report({ kind: 'end', status: 'interrupted' });
    await reporter.close();
    expect(out.text()).toBe(
      'sweep 5 lr-grid: grid, 6 trials, 2 at a time, minimize val/loss (2 finished before, resuming)\n' +
        'sweep 5 interrupted in 0s: 1/6 done (1 pruned, 3 waiting, 1 interrupted, 1 failed); no trial completed with a value\n',
    );
  });

  it('never writes ANSI escape codes, even from names, values or errors', async () => {
    const out = collector();
    const reporter = createSweepPlainReporter(out.stream);
    reporter.report({ ...sweepStart, name: 'x\u001b[2J' });
    reporter.report({ kind: 'trial-start', trialKey: 'k', runId: 1, point: { 'schedule.type': 'a\u001b[31m' }, seed: 1, maxSteps: 10 });
    reporter.report({ kind: 'trial-end', trialKey: 'k', runId: 1, status: 'failed', step: 1, error: 'bad\u001b[0m' });
    reporter.report({ kind: 'end', status: 'failed', error: 'boom\u001b[1m' });
    await reporter.close();
    expect(out.text()).not.toMatch(/\u001b/);
  });

  it('ignores events after close and closes only once', async () => {
    const out = collector();
    const reporter = createSweepPlainReporter(out.stream);
    const first = reporter.close();
    expect(reporter.close()).toBe(first);
    await first;
    reporter.report(sweepStart);
    expect(out.text()).toBe('');
  });
});
