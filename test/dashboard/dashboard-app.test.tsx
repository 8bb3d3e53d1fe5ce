import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardApp } from '../../framework/dashboard/app/DashboardApp.js';
import { describeDelete } from '../../framework/dashboard/app/mount-dashboard.js';
import { deleteRunsAt } from '../../framework/tracking/cleanup.js';
import { ThemeContext, themeFor } from '../../framework/dashboard/app/theme.js';
import { StoreReader } from '../../framework/tracking/store-reader.js';
import { RunStore } from '../../framework/tracking/store.js';
import { workspace } from '../helpers/temp.js';
import { KEY, frameMatching, frameOf, press } from './dashboard-keys.js';
import { seedStore, seedSweep, T0 } from './store-fixtures.js';

afterEach(() => cleanup());

const NOW = T0 + 20 * 60_000;

function dashboard(path: string, { width = 80, height = 24, env = {} as NodeJS.ProcessEnv, canDelete = false } = {}) {
  const openReader = () => StoreReader.open(path, { now: () => NOW, staleAfterMs: 3_600_000 });
  const deleting = canDelete ? { deleteRuns: (ids: readonly number[]) => describeDelete(deleteRunsAt(path, ids)) } : {};
  return render(
    <ThemeContext.Provider value={themeFor(env)}>
      <DashboardApp openReader={openReader} storePath={path} now={() => NOW} pollMs={20} width={width} height={height} {...deleting} />
    </ThemeContext.Provider>,
  );
}

function seeded(): string {
  const path = join(workspace(), 'folio.db');
  seedStore(path);
  return path;
}

/** The table's rows (those that start with a run id after the cursor and mark columns). */
function rowIds(frame: string): number[] {
  return frame.split('\n').flatMap((line) => /^[› ][◆ ]\s+(\d+)\s/.exec(line)?.[1] ?? []).map(Number);
}

describe('the runs screen', () => {
  it('lists the runs newest first within 80x24, the live one marked', async () => {
    const app = dashboard(seeded());
    const frame = await frameMatching(app, /5\/5 runs/);
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^folio · runs/);
    expect(frame).toMatch(/id↓\s+name\s+status\s+steps\s+val loss\s+best val\s+tok\/s\s+took$/m);
    expect(rowIds(frame)).toEqual([5, 4, 3, 2, 1]);
    expect(frame).toMatch(/5\s+lr-0\.002\s+▸ running\s+60\s+2\.4000/);
    expect(frame).toMatch(/4\s+lr-0\.03\s+✖ diverged\s+40\s+nan\s+2\.9000/);
    expect(frame).toContain('enter open · space mark · c compare');
  });

  it('deletes the marked runs after y, and keeps them on any other key', async () => {
    const path = seeded();
    const app = dashboard(path, { canDelete: true, width: 120 });
    await frameMatching(app, /5\/5 runs/);
    await press(app, 'j', ' ', 'j', ' ', 'd'); // mark 4 and 3, ask to delete them
    await frameMatching(app, /delete 2 runs #4 #3 with their checkpoints\? y deletes, any other key keeps/);
    await press(app, 'n');
    await frameMatching(app, /nothing deleted/);
    expect(rowIds(frameOf(app))).toEqual([5, 4, 3, 2, 1]);
    await press(app, 'd', 'y');
    const frame = await frameMatching(app, /3\/3 runs/);
    expect(frame).toMatch(/deleted #4 #3 and \d+ files? \(/);
    expect(rowIds(frame)).toEqual([5, 2, 1]);
    const store = RunStore.open(path);
    expect([...store.runIds()].sort()).toEqual([1, 2, 5]);
    store.close();
  });

  it('sorts by the next column and back, and filters by text and status', async () => {
    const app = dashboard(seeded());
    await frameMatching(app, /5\/5 runs/);
    await press(app, 's', 's', 's'); // id -> name, status, sweep: a column too wide for 80 columns
    await frameMatching(app, /5\/5 runs {2}· {2}sort sweep↑/);
    await press(app, 's', 's'); // steps, val loss: ascending, best first, NaN last
    expect(rowIds(await frameMatching(app, /val loss↑/))).toEqual([1, 2, 5, 3, 4]); // 5 (2.4) just below 3 (2.4000000000000004)
    await press(app, 'r');
    expect(rowIds(await frameMatching(app, /val loss↓/))).toEqual([3, 5, 2, 1, 4]);
    await press(app, '/', ...'0.001', KEY.enter);
    expect(rowIds(await frameMatching(app, /1\/5 runs {2}· {2}filter "0\.001"/))).toEqual([3]);
    await press(app, '/', KEY.esc, 'f'); // esc clears the text; f: the first status present
    expect(rowIds(await frameMatching(app, /status completed/)).sort()).toEqual([1, 2, 3]);
  });

  it('uses the room a wider terminal gives for more columns', async () => {
    const app = dashboard(seeded(), { width: 140, height: 30 });
    const frame = await frameMatching(app, /5\/5 runs/);
    expect(frame).toMatch(/id↓\s+name\s+status\s+sweep\s+steps\s+val loss\s+best val\s+tok\/s\s+took\s+started/);
  });

  it('takes keys that arrive together (a paste, tmux, a fast typist) one by one, each on the state the last left', async () => {
    const app = dashboard(seeded());
    await frameMatching(app, /5\/5 runs/);
    await press(app, 'jj j c'); // down, down, mark 3, down, mark 2, compare: in one read
    await frameMatching(app, /compare #3 #2/);
    await press(app, KEY.esc);
    await frameMatching(app, /5\/5 runs/);
    await press(app, 'G\r'); // the last row, then open it
    await frameMatching(app, /run #1/);
  });

  it('explains why c does nothing with fewer than two marks', async () => {
    const app = dashboard(seeded());
    await frameMatching(app, /5\/5 runs/);
    await press(app, KEY.space, 'c');
    await frameMatching(app, /mark at least two runs with space to compare them \(1 marked\)/);
  });

  it('shows runs started by another process without being asked', async () => {
    const path = seeded();
    const app = dashboard(path);
    await frameMatching(app, /5\/5 runs/);
    const store = RunStore.open(path);
    store.createRun({ name: 'newcomer', config: {}, configHash: 'h', seed: 1, backend: 'cpu' });
    store.close();
    expect(await frameMatching(app, /6\/6 runs/)).toMatch(/6\s+newcomer/);
  });

  it('gives a first-run hint for a missing store, and the runs once one appears', async () => {
    const path = join(workspace(), 'runs', 'folio.db');
    const app = dashboard(path);
    expect(await frameMatching(app, /No runs yet/)).toContain('npx folio run configs/shakespeare-char.yaml');
    seedStore(path);
    await frameMatching(app, /5\/5 runs/);
  });

  it('lists the keys on ?, and goes back on esc', async () => {
    const app = dashboard(seeded());
    await frameMatching(app, /5\/5 runs/);
    await press(app, '?');
    await frameMatching(app, /keys: runs[\s\S]*space\s+mark or unmark for comparison[\s\S]*keys: everywhere[\s\S]*q {2}ctrl\+c\s+quit/);
    await press(app, KEY.esc);
    await frameMatching(app, /5\/5 runs/);
  });
});

describe('the run screen', () => {
  it('opens on enter: both losses on one chart, the samples, the config on tab, live updates', async () => {
    const path = seeded();
    const app = dashboard(path);
    await frameMatching(app, /5\/5 runs/);
    await press(app, KEY.enter);
    let frame = await frameMatching(app, /#5 lr-0\.002/);
    expect(frame).toMatch(/^folio · runs › run #5/);
    expect(frame).toContain('▸ running');
    expect(frame).toMatch(/train loss 2\.4500\s+━━ val loss 2\.4000/);
    expect(frame).toMatch(/┤[⠀-⣿]/); // Braille curves beside the y axis
    expect(frame).toMatch(/samples · 3\/3 · step 60/);
    expect(frame).toContain('sample of run 5 at 60');
    await press(app, KEY.left);
    await frameMatching(app, /sample of run 5 at 40/);
    await press(app, KEY.tab);
    frame = await frameMatching(app, /── config/);
    expect(frame).toMatch(/^name: lr-0\.002$/m);
    expect(frame).not.toMatch(/^optimizer:/m);
    await press(app, 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j');
    await frameMatching(app, /^optimizer:$/m); // scrolled down to it
    const store = RunStore.open(path);
    store.logMetrics(5, 70, { 'train/loss': 1.5 });
    store.finishRun(5, 'completed');
    store.close();
    frame = await frameMatching(app, /#5 lr-0\.002\s+✔ completed/);
    expect(frame).toMatch(/train loss 1\.5000/);
    await press(app, KEY.esc);
    await frameMatching(app, /5\/5 runs/);
  });

  it('shows how a failed run ended', async () => {
    const app = dashboard(seeded());
    await frameMatching(app, /5\/5 runs/);
    await press(app, KEY.down, KEY.enter);
    expect(await frameMatching(app, /#4 lr-0\.03/)).toContain('error: loss became NaN at step 40');
  });
});

describe('the compare screen', () => {
  it('overlays the marked runs, then shows the metrics, the config keys that differ, and samples side by side', async () => {
    const app = dashboard(seeded());
    await frameMatching(app, /5\/5 runs/);
    await press(app, KEY.down, KEY.down, KEY.space, KEY.down, KEY.down, KEY.space, 'c'); // runs 3 and 1
    let frame = await frameMatching(app, /compare #3 #1/);
    expect(frame).toMatch(/━━ #3 lr-0\.001\s+━━ #1 lr-0\.003/);
    expect(frame).toMatch(/#3 lr-0\.001\s+completed\s+100\s+2\.4000/);
    expect(frame).toMatch(/#1 lr-0\.003\s+completed\s+100\s+1\.8000/);
    await press(app, KEY.tab);
    frame = await frameMatching(app, /key\s+#3\s+#1/);
    expect(frame).toMatch(/optimizer\.lr\s+1e-3\s+3e-3/);
    expect(frame).not.toMatch(/n_layer/);
    await press(app, KEY.tab);
    frame = await frameMatching(app, /samples at step 100/);
    expect(frame).toMatch(/sample of run 3 at 100\s+│ sample of run 1 at 100/);
  });

  it('groups runs that differ only by seed: mean ± std, one legend entry per setting', async () => {
    const app = dashboard(seeded(), { width: 100, height: 30 });
    await frameMatching(app, /5\/5 runs/);
    await press(app, KEY.down, KEY.down, KEY.space, KEY.down, KEY.space, KEY.down, KEY.space, 'c');
    await frameMatching(app, /compare #3 #2 #1/);
    await press(app, 'g');
    const frame = await frameMatching(app, /seeds grouped/);
    expect(frame).toMatch(/━━ #3 lr-0\.001\s+━━ #2,#1 lr-0\.003 \(2 seeds\)/);
    expect(frame).toMatch(/#2,#1 lr-0\.003 \(2 seeds\)\s+completed\s+100\s+1\.8500 ± 0\.0707/);
  });

  it('without colours (NO_COLOR) tells the curves apart by marker', async () => {
    const app = dashboard(seeded(), { env: { NO_COLOR: '1' } });
    await frameMatching(app, /5\/5 runs/);
    await press(app, KEY.down, KEY.down, KEY.space, KEY.down, KEY.down, KEY.space, 'c');
    const frame = await frameMatching(app, /compare #3 #1/);
    expect(frame).toMatch(/\* #3 lr-0\.001\s+o #1 lr-0\.003/);
    expect(frame).toMatch(/┤[ *o]*\*/);
    expect(frame).not.toMatch(/[⠁-⣿]/);
  });
});

describe('the sweeps screens', () => {
  it('say when there are no sweeps', async () => {
    const app = dashboard(seeded());
    await frameMatching(app, /5\/5 runs/);
    await press(app, 'w');
    await frameMatching(app, /No sweeps in this store yet\./);
  });

  it('rank a sweep\'s points by its objective and plot it against a parameter', async () => {
    const path = join(workspace(), 'folio.db');
    seedSweep(path);
    const app = dashboard(path);
    await frameMatching(app, /4\/4 runs/);
    await press(app, 'w');
    expect(await frameMatching(app, /lr-grid/)).toMatch(/1\s+lr-grid\s+completed\s+4\/4 done\s+4 completed\s+2026-01-05 \d\d:\d\d$/m);
    await press(app, KEY.enter);
    const frame = await frameMatching(app, /sweep 1 lr-grid/);
    expect(frame).toContain('minimize val/loss');
    expect(frame).toMatch(/1\s+3e-3\s+2\.0500 ± 0\.0707\s+2\/2\s+2 completed\s+2,4/);
    expect(frame).toMatch(/2\s+1e-3\s+2\.3500 ± 0\.0707\s+2\/2\s+2 completed\s+1,3/);
    expect(frame).toMatch(/val\/loss of completed trials against optimizer\.lr/);
    expect(frame).toMatch(/1e-3 .* 3e-3/);
    await press(app, KEY.enter);
    expect(await frameMatching(app, /run #2/)).toMatch(/#2 lr-0\.003/);
  });
});
