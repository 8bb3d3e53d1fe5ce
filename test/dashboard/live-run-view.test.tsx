import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { LiveRunView } from '../../framework/dashboard/live-run/LiveRunView.js';
import { initialLiveRunState, liveRunReducer, reduceEvents } from '../../framework/dashboard/live-run/useLiveRun.js';
import { endEvent, evalEvent, runUntilSample, startEvent, stepEvents } from './fixtures.js';

afterEach(() => cleanup());

function frameOf(instance: { lastFrame: () => string | undefined }): string {
  return stripVTControlCharacters(instance.lastFrame() ?? '');
}

describe('LiveRunView', () => {
  it('shows progress, losses, speed and the sample, then how the run ended', () => {
    const running = reduceEvents(runUntilSample());
    const view = render(<LiveRunView state={running} />);
    let frame = frameOf(view);
    expect(frame).toContain('run 3 shakespeare-char');
    expect(frame).toContain('wasm · 0.81M params · 768 tok/step');
    expect(frame).toContain('250/2000');
    expect(frame).toContain('12%');
    expect(frame).toContain('eta 9m05s');
    expect(frame).toContain('loss 2.1200');
    expect(frame).toContain('lr 1.00e-3');
    expect(frame).toContain('grad 0.84');
    expect(frame).toContain('train 2.0123');
    expect(frame).toContain('val 2.0456');
    expect(frame).toContain('2.5k tok/s');
    expect(frame).toContain('311 ms/step');
    expect(frame).toContain('sample · step 250');
    expect(frame).toContain('ROMEO:');
    expect(frame).toContain('What light through yonder window breaks?');
    expect(frame).toMatch(/[▁▂▃▄▅▆▇█]{5}/);
    expect(frame).not.toContain('completed');

    view.rerender(<LiveRunView state={liveRunReducer(running, endEvent)} />);
    frame = frameOf(view);
    expect(frame).toContain('2000/2000');
    expect(frame).toContain('100%');
    expect(frame).toContain('✔ completed at step 2000');
    expect(frame).not.toContain('eta');
    expect(frame).toContain('val 2.0456');
  });

  it('keeps every line within the terminal width', () => {
    const long = 'x'.repeat(300);
    const state = reduceEvents([
      { ...startEvent, name: 'a-rather-long-experiment-name-for-a-narrow-terminal' },
      ...runUntilSample().slice(1),
      { kind: 'sample', step: 300, prompt: '', text: `${long}\nshort` },
      { kind: 'end', status: 'failed', step: 300, error: `out of memory: ${long}` },
    ]);
    for (const width of [34, 48, 60, 80]) {
      const frame = frameOf(render(<LiveRunView state={state} width={width} />));
      for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
      expect(frame).toContain('short');
      expect(frame).toContain('…');
      expect(frame).toContain('✖ failed at step 300');
    }
  });

  it('moves the right-hand fields onto their own line when the row is too narrow', () => {
    const frame = frameOf(render(<LiveRunView state={reduceEvents(runUntilSample())} width={48} />));
    expect(frame).toMatch(/│ eval @250 {2}train 2\.0123 {2}val 2\.0456 *│\n│ best val 2\.0456 @250 *│/);
  });

  it('shows only the last lines of a long sample', () => {
    const text = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const state = reduceEvents([startEvent, { kind: 'sample', step: 0, prompt: '', text }]);
    const frame = frameOf(render(<LiveRunView state={state} />));
    expect(frame).toContain('line 20');
    expect(frame).toContain('line 13');
    expect(frame).not.toContain('line 12');
  });

  it('says it is waiting before the run starts', () => {
    expect(frameOf(render(<LiveRunView state={initialLiveRunState} />))).toContain('waiting for the run to start');
  });

  it('reports a diverged run with its error', () => {
    const state = reduceEvents([
      startEvent,
      ...stepEvents(),
      { kind: 'end', status: 'diverged', step: 260, error: 'loss became NaN at step 260' },
    ]);
    const frame = frameOf(render(<LiveRunView state={state} />));
    expect(frame).toContain('✖ diverged at step 260: loss became NaN at step 260');
    expect(frame).toContain('eval none yet');
  });
});

describe('liveRunReducer', () => {
  it('folds events into the live state', () => {
    const state = reduceEvents([...runUntilSample(), { ...evalEvent, step: 500, valLoss: 2.1 }]);
    expect(state.status).toBe('running');
    expect(state.step).toBe(250);
    expect(state.maxIters).toBe(2000);
    expect(state.lossHistory).toHaveLength(5);
    expect(state.evals.map((e) => e.step)).toEqual([250, 500]);
    expect(state.bestEval?.step).toBe(250);
    expect(state.etaMs).toBeCloseTo(1750 * 311.43);
    expect(state.sample?.text).toContain('ROMEO');
  });

  it('ends with the given status and no ETA', () => {
    const state = liveRunReducer(reduceEvents(runUntilSample()), { kind: 'end', status: 'interrupted', step: 260 });
    expect(state.status).toBe('interrupted');
    expect(state.step).toBe(260);
    expect(Number.isNaN(state.etaMs)).toBe(true);
  });

  it('caps the loss history', () => {
    const steps = Array.from({ length: 300 }, (_, i) => ({
      kind: 'step' as const,
      step: i + 1,
      loss: i,
      lr: 1e-3,
      gradNorm: 1,
      stepMs: 10,
      tokensPerSecond: 1000,
    }));
    const state = reduceEvents([startEvent, ...steps]);
    expect(state.lossHistory).toHaveLength(240);
    expect(state.lossHistory.at(-1)).toBe(299);
  });
});
