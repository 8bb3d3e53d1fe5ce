import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { CompareView } from '../../framework/dashboard/compare/CompareView.js';
import { legendLines } from '../../framework/dashboard/widgets/chart/Legend.js';
import { StoreReader } from '../../framework/tracking/store-reader.js';
import { workspace } from '../helpers/temp.js';
import { KEY, frameOf, press } from './dashboard-keys.js';
import { PLANS, seedStore } from './store-fixtures.js';

const readers: StoreReader[] = [];
afterEach(() => {
  cleanup();
  for (const reader of readers.splice(0)) reader.close();
});

/** Twelve runs: the fixture's plans over again with other learning rates. */
function manyRuns(): StoreReader {
  const path = join(workspace(), 'folio.db');
  seedStore(path, Array.from({ length: 12 }, (_, i) => ({ ...PLANS[i % 3]!, lr: (i + 1) * 1e-3 })));
  const reader = StoreReader.open(path)!;
  readers.push(reader);
  return reader;
}

describe('CompareView with many runs', () => {
  it('has no upper limit: every run in the metrics, the config diff paged by columns', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => i + 1);
    const view = render(
      <CompareView reader={manyRuns()} runIds={ids} version={0} width={80} height={30} now={Date.now()} active navigation={{ open: () => undefined, back: () => undefined }} />,
    );
    let frame = frameOf(view);
    expect(frame).toMatch(/^12 runs/);
    expect(frame).toMatch(/━━ #12 lr-0\.012/); // the legend takes up to three lines
    expect(frame.split('\n').length).toBeLessThanOrEqual(30);
    await press(view, KEY.tab);
    frame = frameOf(view);
    expect(frame).toMatch(/key\s+#1\s+#2\s+#3\s+#4/);
    expect(frame).toMatch(/optimizer\.lr\s+1e-3\s+2e-3\s+3e-3\s+4e-3/);
    expect(frame).toContain('runs 1-4 of 12 (← → for the others)');
    await press(view, KEY.right, KEY.right);
    expect(frameOf(view)).toMatch(/key\s+#3\s+#4\s+#5\s+#6/);
    expect(frameOf(view)).toContain('runs 3-6 of 12');
    for (const line of frameOf(view).split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });
});

describe('legendLines', () => {
  it('packs entries into lines of the width and counts what did not fit', () => {
    const entries = ['#1 alpha', '#2 beta', '#3 gamma', '#4 delta'].map((label, i) => ({ label, marker: String(i) }));
    expect(legendLines(entries, 24, 3, false).map((line) => line.map((item) => (typeof item === 'string' ? item : item.label)))).toEqual([
      ['#1 alpha', '#2 beta'],
      ['#3 gamma', '#4 delta'],
    ]);
    expect(legendLines(entries, 24, 1, false)).toEqual([[entries[0], entries[1], '  +2 more']]);
  });
});
