// objective: next-token is what a config without an objective trains: the same losses, bit for bit.
import { describe, expect, it } from 'vitest';
import { folio, TINY_CONFIG, tinyCorpus, workspace } from '../helpers/cli.js';
import { storedRun } from '../checkpoint/fixtures.js';

describe('objective next-token', () => {
  it('trains exactly as a config that names no objective', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG.replace('log_interval: 5', 'log_interval: 1'), 'corpus.txt': tinyCorpus() });
    expect((await folio(['run', 'tiny.yaml', '--plain'], { cwd: dir })).code).toBe(0);
    const named = await folio(['run', 'tiny.yaml', '--plain', '--set', 'objective={type: next-token}'], { cwd: dir });
    expect(named.stderr).toBe('');
    const [plain, explicit] = [storedRun(dir, 1), storedRun(dir, 2)];
    expect(explicit.losses).toEqual(plain.losses);
    expect(explicit.valLosses).toEqual(plain.valLosses);
    expect(explicit.losses).toHaveLength(20);
  });
});
