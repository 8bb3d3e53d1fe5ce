// folio validate on a sweep file checks every point, as folio sweep does before its first trial.
import { describe, expect, it } from 'vitest';
import { folio, TINY_CONFIG, workspace } from '../helpers/cli.js';

const SWEEP = `base: tiny.yaml
method: grid
parameters:
  optimizer.lr: [1.0e-3, 3.0e-3]
  model.n_layer: [1, 2]
`;

describe('folio validate <sweep file>', () => {
  it('accepts a sweep whose every point is a valid config, and runs nothing', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'lr.yaml': SWEEP });
    const result = await folio(['validate', 'lr.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('lr.yaml: ok (sweep lr: grid, 4 trials)\n');
    expect(result.code).toBe(0);
  });

  it('points at the value a point would give the config that the schema refuses', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'lr.yaml': SWEEP.replace('[1, 2]', '[1, 0]') });
    const result = await folio(['validate', 'lr.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lr.yaml:5:22: model.n_layer');
  });
});
