// One look per status: every status a run or a trial can have gets a mark and a colour, and the views that
// show a status (the run list, the live run's ending, the sweep leaderboard) all show the same one.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { Leaderboard } from '../../framework/dashboard/live-sweep/sections/Leaderboard.js';
import { LiveRunView } from '../../framework/dashboard/live-run/LiveRunView.js';
import { reduceEvents } from '../../framework/dashboard/live-run/useLiveRun.js';
import { COLUMNS } from '../../framework/dashboard/run-list/runs-table.js';
import { markedStatus, STATUS_LOOKS, statusLook, type ShownStatus } from '../../framework/present/status-look.js';
import { reduceSweepEvents } from '../../framework/sweep/live-state.js';
import type { TrialStatus } from '../../framework/sweep/types.js';
import { LISTED_STATUSES } from '../../framework/tracking/run-filter.js';
import type { RunOverview } from '../../framework/tracking/store-reader.js';
import type { ListedRunStatus } from '../../framework/tracking/store.js';
import { startEvent, stepEvents } from '../dashboard/fixtures.js';
import { replay, sweepAfter90s, sweepUntil90s } from '../dashboard/sweep-fixtures.js';

afterEach(() => cleanup());

describe('the status look', () => {
  it('covers every status of a run and of a trial (a new status without a look does not compile)', () => {
    expectTypeOf<keyof typeof STATUS_LOOKS>().toEqualTypeOf<ListedRunStatus | TrialStatus>();
  });

  it.each([...LISTED_STATUSES, 'pending'])('%s has a mark of one character and, unless it has not started, a colour', (status) => {
    const look = statusLook(status);
    expect(look).toBe(STATUS_LOOKS[status as ShownStatus]);
    expect([...look.mark]).toHaveLength(1);
    if (status !== 'pending') expect(look.color).toBeDefined();
  });

  it('shows a status it does not know plainly, with the word still there', () => {
    expect(markedStatus('archived')).toBe('? archived');
    expect(statusLook('archived').color).toBeUndefined();
  });

  it('diverged reads the same in the run list, the live run and the sweep leaderboard: a red ✖ (the colour comes with the look)', () => {
    const diverged = STATUS_LOOKS.diverged;
    expect(diverged).toEqual({ mark: '✖', color: 'red', dim: true });

    const statusColumn = COLUMNS.find((column) => column.key === 'status')!;
    expect(statusColumn.cell({ status: 'diverged' } as RunOverview, 0)).toBe('✖ diverged');

    const liveRun = reduceEvents([startEvent, ...stepEvents(), { kind: 'end', status: 'diverged', step: 260, error: 'loss became NaN' }]);
    expect(frameOf(render(<LiveRunView state={liveRun} />))).toContain('✖ diverged at step 260');

    const { events, clock } = replay([...sweepUntil90s(), ...sweepAfter90s()]);
    const sweep = reduceSweepEvents(events, clock);
    const board = frameOf(render(<Leaderboard state={sweep} now={131_000} width={90} maxLines={10} />));
    expect(board).toMatch(/^✖\s+15\s/m); // run 15 is the trial that diverged
  });

  it('is the only status-to-colour map in the framework', () => {
    const root = join(import.meta.dirname, '../../framework');
    const maps = sourceFiles(root)
      .filter((file) => !file.endsWith(join('present', 'status-look.ts')))
      .filter((file) => {
        const text = readFileSync(file, 'utf8');
        return /['"]?\b(diverged|crashed|failed)\b['"]?\s*:\s*\{[^}]*\b(mark|color)\b/.test(text) || /case '(diverged|crashed|failed)':[^}]{0,120}\bcolor\b/.test(text);
      })
      .map((file) => relative(root, file));
    expect(maps).toEqual([]);
  });
});

function frameOf(instance: { lastFrame: () => string | undefined }): string {
  return stripVTControlCharacters(instance.lastFrame() ?? '');
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'native' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}
