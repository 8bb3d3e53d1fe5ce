// The dashboard's sweep screen shows which parameters mattered, as bars.
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardApp } from '../../framework/dashboard/app/DashboardApp.js';
import { ThemeContext, themeFor } from '../../framework/dashboard/app/theme.js';
import { StoreReader } from '../../framework/tracking/store-reader.js';
import { RunStore } from '../../framework/tracking/store.js';
import { workspace } from '../helpers/temp.js';
import { recordSweep } from '../report/fixtures.js';
import { KEY, frameMatching, press } from './dashboard-keys.js';

afterEach(() => cleanup());

function dashboardOf(points: number) {
  const path = join(workspace(), 'folio.db');
  const store = RunStore.open(path);
  recordSweep(store, points);
  store.close();
  const openReader = () => StoreReader.open(path, { staleAfterMs: 3_600_000 });
  return render(
    <ThemeContext.Provider value={themeFor({})}>
      <DashboardApp openReader={openReader} storePath={path} pollMs={20} width={100} height={40} />
    </ThemeContext.Provider>,
  );
}

describe('the sweep screen\'s importance bars', () => {
  it('draw the learning rate, the one parameter the loss depends on, longest', async () => {
    const app = dashboardOf(20);
    await frameMatching(app, /runs/);
    await press(app, 'w');
    await frameMatching(app, /lr-depth/);
    await press(app, KEY.enter);
    const frame = await frameMatching(app, /importance \(fANOVA, 19 points\)/);
    const bars = frame.split('\n').filter((line) => /^ (optimizer\.lr|model\.n_layer|model\.norm) /.test(line));
    expect(bars).toHaveLength(3);
    expect(bars[0]).toMatch(/^ optimizer\.lr +█{20,}.* (0\.[89]\d|1\.00)$/);
    expect(frame).not.toContain('rough guess');
  });
});
