// Seeds are 0 to 2^32 - 1, the generator's state: larger ones would wrap into another seed (and be
// recorded as themselves), so configs, sweep files and `folio sample --seed` refuse them.
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../components/index.js';
import { ConfigError, loadConfig } from '../../framework/config/load.js';
import { isSeed, MAX_SEED } from '../../framework/engine/rng.js';
import { folio, gridSweep, TINY_CONFIG, tinyCorpus, workspace } from '../helpers/cli.js';

describe('seeds', () => {
  it.each(['4294967296', '4294967297', '1e30', '-5', '1.5'])('%s is refused with the range, where it was given', async (seed) => {
    const cwd = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus() });
    const error = await loadConfig('tiny.yaml', { registry: builtinRegistry(), cwd, overrides: [`seed=${seed}`] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(new RegExp(`^--set seed=${seed.replace('.', '\\.')}: expected integer( >= 0 and <= ${MAX_SEED})?, got`));
  });

  it('0 and 2^32 - 1 are taken as they are', async () => {
    const cwd = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus() });
    for (const seed of [0, MAX_SEED]) {
      const { config } = await loadConfig('tiny.yaml', { registry: builtinRegistry(), cwd, overrides: [`seed=${seed}`] });
      expect(config.seed).toBe(seed);
    }
    expect([isSeed(MAX_SEED), isSeed(MAX_SEED + 1), isSeed(-1)]).toEqual([true, false, false]);
  });

  it('in a sweep file or on folio sample --seed are refused before anything runs', async () => {
    const cwd = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus(), 'sweep.yaml': `${gridSweep('1.0e-2')}seeds: [1, 4294967297]\n` });
    const swept = await folio(['validate', 'sweep.yaml'], { cwd });
    expect(swept.code).toBe(2);
    expect(swept.stderr).toMatch(/sweep\.yaml:\d+:\d+: seeds\[1\]: expected integer >= 0 and <= 4294967295, got 4294967297/);
    const sampled = await folio(['sample', '1', '--seed', '99999999999999999999999'], { cwd });
    expect(sampled.code).toBe(2);
    expect(sampled.stderr).toMatch(/^folio: --seed must be a whole number from 0 to 4294967295, got "99999999999999999999999"\n/);
  });
});
