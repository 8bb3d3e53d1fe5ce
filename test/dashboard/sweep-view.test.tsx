import { stripVTControlCharacters } from 'node:util';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { inkSweepReporter } from '../../framework/dashboard/live-sweep/ink-sweep-reporter.js';
import { SweepView } from '../../framework/dashboard/live-sweep/SweepView.js';
import { reduceSweepEvents, sweepEtaMs, type SweepState } from '../../framework/sweep/live-state.js';
import type { SweepEvent } from '../../framework/sweep/events.js';
import { FakeTerminal } from './fake-terminal.js';
import { replay, sweepAfter90s, sweepStart, sweepUntil90s } from './sweep-fixtures.js';

afterEach(() => cleanup());

function frameOf(instance: { lastFrame: () => string | undefined }): string {
  return stripVTControlCharacters(instance.lastFrame() ?? '');
}

function stateOf(timed: [number, SweepEvent][]): SweepState {
  const { events, clock } = replay(timed);
  return reduceSweepEvents(events, clock);
}

/** The table's rows: lines that start with a status mark, in order, borders taken off. */
function tableRows(frame: string): string[] {
  return frame
    .split('\n')
    .map((line) => line.replace(/^│\s?/, '').replace(/\s*│$/, ''))
    .filter((line) => /^[▸✔✂✖■·]\s+\d/.test(line));
}

describe('SweepView', () => {
  it('ranks the trials by their current value and shows progress, ETA and the best point', () => {
    const state = stateOf(sweepUntil90s());
    const frame = frameOf(render(<SweepView state={state} now={90_000} width={90} height={30} />));
    expect(frame).toContain('sweep 5 lr-grid');
    expect(frame).toContain('grid · minimize val/loss · 2 parallel');
    expect(frame).toMatch(/2\/6 done {2}2 running {2}1m30s {2}eta 2m00s/);
    expect(frame).toMatch(/run\s+optimizer\.lr\s+val\/loss\s+step\s+seed/);
    expect(tableRows(frame)).toEqual([
      expect.stringMatching(/^✔\s+12\s+3e-3\s+2\.0000\s+100\/100\s+1$/),
      expect.stringMatching(/^▸\s+14\s+3e-3\s+2\.1000\s+50\/100\s+2$/),
      expect.stringMatching(/^✔\s+11\s+1e-3\s+2\.3000\s+100\/100\s+1$/),
      expect.stringMatching(/^▸\s+13\s+1e-3\s+2\.8000\s+25\/100\s+2$/),
    ]);
    expect(frame).toMatch(/best val\/loss 2\.0000 {2}optimizer\.lr=3e-3/);
    expect(frame).not.toContain('sweep completed');
  });

  it('shows the latest notice (Redis lost, then back) under the board, in place of the one before', () => {
    const lost = 'lost Redis at redis://10.0.0.5:6379 (connect ECONNREFUSED); retrying with backoff, nothing is lost meanwhile';
    const during = stateOf([...sweepUntil90s(), [90_000, { kind: 'notice', text: lost }]]);
    expect(frameOf(render(<SweepView state={during} now={90_000} width={90} height={30} />))).toMatch(/lost Redis at redis:\/\/10\.0\.0\.5:6379/);
    const back = stateOf([...sweepUntil90s(), [90_000, { kind: 'notice', text: lost }], [95_000, { kind: 'notice', text: 'Redis at redis://10.0.0.5:6379 is back' }]]);
    const frame = frameOf(render(<SweepView state={back} now={95_000} width={90} height={30} />));
    expect(frame).toContain('Redis at redis://10.0.0.5:6379 is back');
    expect(frame).not.toContain('lost Redis');
  });

  it('ends with the outcome, pruned and failed trials ranked after the rest, and no ETA', () => {
    const state = stateOf([...sweepUntil90s(), ...sweepAfter90s()]);
    const frame = frameOf(render(<SweepView state={state} now={500_000} width={90} height={30} />));
    // Done is completed + pruned: the diverged and the failed trial are not results.
    expect(frame).toMatch(/4\/6 done {2}2m11s/);
    expect(frame).not.toContain('eta');
    expect(frame).toContain('3 completed, 1 pruned, 1 failed, 1 diverged');
    expect(tableRows(frame).map((row) => row.replace(/\s+/, ' ').slice(0, 4))).toEqual(['✔ 12', '✔ 14', '✔ 11', '✂ 13', '✖ 15', '✖ 16']);
    // 3e-3 completed on both seeds: its mean and spread.
    expect(frame).toMatch(/best val\/loss 2\.0500 ± 0\.0707 \(2 seeds\) {2}optimizer\.lr=3e-3/);
    expect(frame).toContain('✔ sweep completed in 2m11s');
  });

  it('fits the terminal: at most its height, running trials kept in view, every line within the width', () => {
    const timed: [number, SweepEvent][] = [[0, { ...sweepStart, plannedTrials: 40 }]];
    for (let i = 0; i < 30; i++) {
      const trialKey = `t${i}`;
      timed.push([i, { kind: 'trial-start', trialKey, runId: 100 + i, point: { 'optimizer.lr': (i + 1) * 1e-4, 'model.attention.n_head': 4 }, seed: 1, maxSteps: 100 }]);
      if (i < 28) timed.push([i + 1, { kind: 'trial-end', trialKey, runId: 100 + i, status: 'completed', step: 100, value: 1 + i / 10 }]);
    }
    const state = stateOf(timed);
    for (const [width, height] of [[48, 16], [80, 24], [120, 50]] as const) {
      const frame = frameOf(render(<SweepView state={state} now={60_000} width={width} height={height} />));
      const lines = frame.split('\n');
      expect(lines.length).toBeLessThan(height);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width);
      const rows = tableRows(frame);
      expect(rows[0]).toMatch(/^✔\s+100 /); // the best
      expect(rows.filter((row) => row.startsWith('▸'))).toHaveLength(2); // both running trials, ranked last
      if (height < 40) expect(frame).toContain(`… ${30 - rows.length} more trials`);
      else expect(rows).toHaveLength(30);
    }
  });

  it('waits for the start event', () => {
    expect(frameOf(render(<SweepView state={stateOf([])} now={0} width={60} />))).toContain('waiting for the sweep to start…');
  });
});

describe('sweepEtaMs', () => {
  it('projects from the running trials\' pace before any trial has ended', () => {
    const state = stateOf(sweepUntil90s().slice(0, 5)); // 30 s in, both trials at step 50 of 100
    // Each trial takes ~60 s: (30 s left for each running one + 4 not started x 60 s) over 2 slots.
    expect(sweepEtaMs(state, 30_000)).toBe(150_000);
  });

  it('counts a time-budgeted trial as ending with its budget, not with its out-of-reach max steps', () => {
    const budgeted = sweepUntil90s()
      .slice(0, 5)
      .map(([at, event]): [number, SweepEvent] => [at, event.kind === 'trial-start' ? { ...event, maxSteps: 100_000, maxMinutes: 1 } : event]);
    // Both trials end at their minute: 30 s left each, then 4 more one-minute trials over 2 slots.
    expect(sweepEtaMs(stateOf(budgeted), 30_000)).toBe(150_000);
  });
});

describe('inkSweepReporter', () => {
  it('draws the leaderboard as events arrive and the final state when closed', async () => {
    const terminal = new FakeTerminal(90, 30);
    const { events, clock } = replay([...sweepUntil90s(), ...sweepAfter90s()]);
    const reporter = inkSweepReporter(terminal.stream, { now: clock, throttleMs: 0 });
    for (const event of events) reporter.report(event);
    await reporter.close();
    expect(terminal.text).toContain('sweep 5 lr-grid');
    expect(terminal.text).toContain('✔ sweep completed in 2m11s');
    expect(terminal.text).toMatch(/best val\/loss 2\.0500 ± 0\.0707/);
  });

  it('closes once, and ignores events after closing', async () => {
    const terminal = new FakeTerminal(90, 30);
    const reporter = inkSweepReporter(terminal.stream);
    const first = reporter.close();
    expect(reporter.close()).toBe(first);
    await first;
    const written = terminal.chunks.length;
    reporter.report(sweepStart);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(terminal.chunks.length).toBe(written);
    expect(terminal.text).toContain('waiting for the sweep to start');
  });
});
