import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareCommand } from '../../framework/cli/commands/compare.js';
import { UserError } from '../../framework/errors.js';
import { workspace } from '../helpers/temp.js';
import { seedStore } from '../dashboard/store-fixtures.js';
import { failure, testIO } from '../tracking/helpers.js';

/** A project whose default store (runs/folio.db) holds the fixture runs. */
function project(): string {
  const cwd = workspace();
  seedStore(join(cwd, 'runs', 'folio.db'));
  return cwd;
}

describe('folio compare', () => {
  it('prints the metrics, only the config keys that differ, and a val-loss chart with a legend', async () => {
    const io = testIO(project());
    expect(await compareCommand(['1', '3'], io)).toBe(0);
    const text = io.out();
    expect(text).toMatch(/^compare #1 #3\n/);
    expect(text).toMatch(/#1 lr-0\.003\s+completed\s+100\s+1\.8000\s+1\.8000\s+1\.8500\s+2\.0k tok\/s/);
    expect(text).toMatch(/#3 lr-0\.001\s+completed\s+100\s+2\.4000/);
    const config = text.slice(text.indexOf('config (only'), text.indexOf('val loss'));
    expect(config).toMatch(/optimizer\.lr\s+3e-3\s+1e-3/);
    expect(config).not.toContain('n_layer'); // the same in both
    expect(text).toMatch(/3\.04┤/); // the highest val loss (run 3 at step 20) heads the y axis
    expect(text).toContain('* #1 lr-0.003   o #3 lr-0.001');
    expect(io.err()).toBe('');
  });

  it('groups seeds: mean ± std in the table', async () => {
    const io = testIO(project());
    expect(await compareCommand(['1', '2', '3', '--group-seeds'], io)).toBe(0);
    expect(io.out()).toMatch(/#1,#2 lr-0\.003 \(2 seeds\)\s+completed\s+100\s+1\.8500 ± 0\.0707/);
    expect(io.out()).toMatch(/seed\s+1,2\s+1/);
  });

  it('--json gives the comparison as data, NaN kept apart from never logged', async () => {
    const io = testIO(project());
    expect(await compareCommand(['1', '4', '--json'], io)).toBe(0);
    const json = JSON.parse(io.out()) as {
      entries: { runIds: number[]; finalValLoss: { mean: number } | null; valLossCurve: { step: number }[] }[];
      runs: { id: number; valLoss: unknown }[];
      configDiff: { path: string; values: unknown[] }[];
    };
    expect(json.entries.map((entry) => entry.runIds)).toEqual([[1], [4]]);
    expect(json.entries[0]!.finalValLoss!.mean).toBeCloseTo(1.8);
    expect(json.entries[0]!.valLossCurve.map((point) => point.step)).toEqual([20, 40, 60, 80, 100]);
    expect(json.runs[1]!.valLoss).toBe('NaN');
    expect(json.configDiff).toContainEqual({ path: 'optimizer.lr', values: [3e-3, 3e-2] });
  });

  it('refuses fewer than two runs, unknown runs and a missing store, creating nothing', async () => {
    const cwd = project();
    const one = await failure(compareCommand(['1', '1'], testIO(cwd)));
    expect(one).toBeInstanceOf(UserError);
    expect(one.message).toMatch(/at least two different run ids, got 1/);
    const unknown = await failure(compareCommand(['1', '99'], testIO(cwd)));
    expect(unknown.message).toMatch(/^no run 99 in .*folio\.db/);
    const elsewhere = workspace();
    const missing = await failure(compareCommand(['1', '2'], testIO(elsewhere)));
    expect(missing.message).toMatch(/there is no store there yet/);
    expect(existsSync(join(elsewhere, 'runs'))).toBe(false);
    const notANumber = await failure(compareCommand(['1', 'abc'], testIO(cwd)));
    expect(notANumber.message).toMatch(/run id must be a positive whole number, got "abc"/);
  });
});
