import { describe, expect, it } from 'vitest';
import { createPlainReporter } from '../../framework/cli/plain-reporter.js';
import { collector } from '../helpers/streams.js';
import { endEvent, runUntilSample, startEvent } from '../dashboard/fixtures.js';


function fakeClock(...times: number[]): () => number {
  return () => times.shift() ?? 0;
}

describe('createPlainReporter', () => {
  it('writes one plain line per event', async () => {
    const out = collector();
    const reporter = createPlainReporter(out.stream, { now: fakeClock(0, 612_000) });
    for (const event of runUntilSample()) reporter.report(event);
    reporter.report(endEvent);
    await reporter.close();
    expect(out.text().split('\n')).toEqual([
      'run 3 shakespeare-char on wasm: 0.81M params, 2000 steps, 768 tokens/step',
      'step    50/2000  loss 3.2000  lr 1.00e-3  grad 0.84  311 ms/step  2.5k tok/s  eta 10m07s',
      'step   100/2000  loss 2.9300  lr 1.00e-3  grad 0.84  311 ms/step  2.5k tok/s  eta 9m52s',
      'step   150/2000  loss 2.6600  lr 1.00e-3  grad 0.84  311 ms/step  2.5k tok/s  eta 9m36s',
      'step   200/2000  loss 2.3900  lr 1.00e-3  grad 0.84  311 ms/step  2.5k tok/s  eta 9m21s',
      'step   250/2000  loss 2.1200  lr 1.00e-3  grad 0.84  311 ms/step  2.5k tok/s  eta 9m05s',
      'eval step 250: train 2.0123  val 2.0456',
      'sample step 250:',
      '  ROMEO:',
      '  What light through yonder window breaks?',
      '  It is the east.',
      'run 3 completed at step 2000 in 10m12s',
      '',
    ]);
  });

  it('never writes ANSI escape codes, even from model text or errors', async () => {
    const out = collector();
    const reporter = createPlainReporter(out.stream);
    reporter.report(startEvent);
    reporter.report({ kind: 'sample', step: 10, prompt: '', text: 'x\u001b[2Jy' });
    reporter.report({ kind: 'end', status: 'failed', step: 10, error: 'bad\u001b[31m\nthing' });
    await reporter.close();
    expect(out.text()).not.toMatch(/\u001b/);
    expect(out.text()).toContain('  x·[2Jy\n');
    expect(out.text()).toMatch(/run 3 failed at step 10 in \d+s: bad·\[31m thing\n$/);
  });

  it('names a time budget and ends its ETA with the budget', async () => {
    const out = collector();
    const reporter = createPlainReporter(out.stream, { now: fakeClock(0, 30_000) });
    reporter.report({ ...startEvent, maxIters: 100_000, maxMinutes: 2 });
    reporter.report({ kind: 'step', step: 100, loss: 2, lr: 1e-3, gradNorm: 1, stepMs: 300, tokensPerSecond: 2560 });
    await reporter.close();
    const [header, step] = out.text().split('\n');
    expect(header).toContain('100000 steps or 2m00s');
    expect(step).toMatch(/eta 1m30s$/);
  });

  it('leaves out the step total and ETA when no start event came first', async () => {
    const out = collector();
    const reporter = createPlainReporter(out.stream);
    reporter.report({ kind: 'step', step: 7, loss: NaN, lr: 3e-4, gradNorm: Infinity, stepMs: 0, tokensPerSecond: Infinity });
    reporter.report({ kind: 'end', status: 'diverged', step: 7 });
    await reporter.close();
    expect(out.text()).toBe(
      'step 7  loss nan  lr 3.00e-4  grad inf  0.0 ms/step  inf tok/s\n' + 'run diverged at step 7\n',
    );
  });

  it('ignores events after close and closes only once', async () => {
    const out = collector();
    const reporter = createPlainReporter(out.stream);
    const first = reporter.close();
    expect(reporter.close()).toBe(first);
    await first;
    reporter.report(startEvent);
    expect(out.text()).toBe('');
  });
});
