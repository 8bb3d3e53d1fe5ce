// `folio sweeps show --importance`: which parameters mattered, as bars, and in --json.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepsCommand } from '../../framework/cli/commands/sweeps.js';
import { RunStore } from '../../framework/tracking/store.js';
import { recordSweep } from '../report/fixtures.js';
import { failure, tempDir, testIO } from '../tracking/helpers.js';

function project(points: number) {
  const cwd = tempDir();
  const store = RunStore.open(join(cwd, 'runs', 'folio.db'));
  const { sweepId } = recordSweep(store, points);
  store.close();
  return { cwd, sweepId };
}

describe('folio sweeps show --importance', () => {
  it('ends the page with one bar per parameter, the learning rate (the only one the loss depends on) longest', async () => {
    const { cwd, sweepId } = project(30);
    const io = testIO(cwd);
    expect(await sweepsCommand(['show', String(sweepId), '--importance'], io)).toBe(0);
    const text = io.out();
    const section = text.slice(text.indexOf('parameter importance'));
    expect(section).toMatch(/^parameter importance \(fANOVA over a regression forest, 29 completed points; shares sum to 1\)\n/);
    const bars = section.trimEnd().split('\n').slice(1);
    expect(bars).toHaveLength(3);
    expect(bars[0]).toMatch(/^ {2}optimizer\.lr {3}█{25,30}[▏▎▍▌▋▊▉]? +(0\.[89]\d|1\.00)$/);
    expect(bars.slice(1).map((line) => line.trim().split(/\s+/)[0]).sort()).toEqual(['model.n_layer', 'model.norm']);
    // Without the flag the page is as before.
    const plain = testIO(cwd);
    await sweepsCommand(['show', String(sweepId)], plain);
    expect(plain.out()).not.toContain('parameter importance');
  });

  it('says when too few points make it a rough guess, and --json carries the same figures', async () => {
    const { cwd, sweepId } = project(5);
    const io = testIO(cwd);
    await sweepsCommand(['show', String(sweepId), '--importance'], io);
    expect(io.out()).toContain('(only 4 completed points: with fewer than 15 for 3 parameters these figures are a rough guess)');
    const json = testIO(cwd);
    await sweepsCommand(['show', String(sweepId), '--importance', '--json'], json);
    const shown = JSON.parse(json.out()) as { importance: { points: number; reliable: boolean; parameters: { path: string; importance: number }[] } };
    expect(shown.importance).toMatchObject({ points: 4, reliable: false });
    expect(shown.importance.parameters.reduce((sum, p) => sum + p.importance, 0)).toBeCloseTo(1, 9);
    const error = await failure(sweepsCommand(['show', String(sweepId), '--importance', '--best-config'], testIO(cwd)));
    expect(error.message).toMatch(/--importance and --best-config do not go together/);
  });
});
