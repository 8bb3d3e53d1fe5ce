import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { createPlainReporter } from '../../framework/cli/plain-reporter.js';
import { LiveRunView } from '../../framework/dashboard/live-run/LiveRunView.js';
import { reduceEvents } from '../../framework/dashboard/live-run/useLiveRun.js';
import type { RunStarted } from '../../framework/training/events.js';
import { collector } from '../helpers/streams.js';

const start: RunStarted = {
  kind: 'start', runId: 4, name: 'shakespeare-char', backend: 'wasm', maxIters: 2000, parameterCount: 818_241, tokensPerStep: 768,
  backendNote: 'the native engine was not built; using wasm',
};

describe('the backend note', () => {
  it('is shown under the run header in the live view', () => {
    const { lastFrame } = render(<LiveRunView state={reduceEvents([start])} width={100} />);
    expect(lastFrame()).toContain('the native engine was not built; using wasm');
  });

  it('is printed once after the start line in plain output', async () => {
    const out = collector();
    const reporter = createPlainReporter(out.stream);
    reporter.report(start);
    await reporter.close();
    expect(out.text().split('\n').slice(0, 2)).toEqual([
      'run 4 shakespeare-char on wasm: 0.82M params, 2000 steps, 768 tokens/step',
      '  the native engine was not built; using wasm',
    ]);
  });
});
