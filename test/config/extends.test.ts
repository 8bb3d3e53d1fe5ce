import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../framework/config/load.js';
import { configFailure, fakeRegistry, positionOf, tempProject, VALID } from './fixtures.js';

describe('extends', () => {
  it('merges mappings key by key, the child winning, and drops the extends key', async () => {
    const project = tempProject();
    project.write('base/parent.yaml', `${VALID}train:\n  max_iters: 100\n  batch_size: 8\n`);
    project.write('child.yaml', 'extends: base/parent.yaml\nname: child\ntrain:\n  max_iters: 50\nmodel:\n  n_layer: 6\n');
    const resolved = await loadConfig('child.yaml', { registry: fakeRegistry(), cwd: project.dir });
    expect(resolved.config.name).toBe('child');
    expect(resolved.config.train).toMatchObject({ max_iters: 50, batch_size: 8 });
    expect(resolved.config.model).toEqual({
      type: 'gpt',
      n_layer: 6,
      n_embd: 32,
      attention: { type: 'causal-self-attention', n_head: 4, dropout: 0 },
    });
    expect('extends' in resolved.config).toBe(false);
    expect(resolved.files).toEqual([`${project.dir}/child.yaml`, `${project.dir}/base/parent.yaml`]);
  });

  it('follows chains, each path relative to the file that names it', async () => {
    const project = tempProject();
    project.write('a/b/grand.yaml', VALID);
    project.write('a/parent.yaml', 'extends: b/grand.yaml\nseed: 3\n');
    project.write('exp/child.yaml', 'extends: ../a/parent.yaml\nname: chained\n');
    const { config } = await loadConfig('exp/child.yaml', { registry: fakeRegistry(), cwd: project.dir });
    expect(config).toMatchObject({ name: 'chained', seed: 3, tokenizer: { type: 'char' } });
  });

  it('replaces lists instead of merging them', async () => {
    const project = tempProject();
    project.write('parent.yaml', `${VALID}  betas: [0.8, 0.9]\n`);
    project.write('child.yaml', 'extends: parent.yaml\noptimizer:\n  betas: [0.5, 0.6]\n');
    const { config } = await loadConfig('child.yaml', { registry: fakeRegistry(), cwd: project.dir });
    expect(config.optimizer.betas).toEqual([0.5, 0.6]);
  });

  it("drops the parent's params when the child picks another type", async () => {
    const project = tempProject();
    project.write('parent.yaml', `${VALID}  weight_decay: 0.2\n  betas: [0.8, 0.9]\n`);
    project.write('child.yaml', 'extends: parent.yaml\noptimizer:\n  type: sgd\n  lr: 0.1\nmodel:\n  attention:\n    type: linear-attention\n');
    const { config } = await loadConfig('child.yaml', { registry: fakeRegistry(), cwd: project.dir });
    expect(config.optimizer).toEqual({ type: 'sgd', lr: 0.1, momentum: 0 });
    expect(config.model.attention).toEqual({ type: 'linear-attention', feature_dim: 16 });
    // Same type: params merge.
    project.write('same.yaml', 'extends: parent.yaml\noptimizer:\n  type: adamw\n  lr: 0.5\n');
    const same = await loadConfig('same.yaml', { registry: fakeRegistry(), cwd: project.dir });
    expect(same.config.optimizer).toEqual({ type: 'adamw', lr: 0.5, betas: [0.8, 0.9], weight_decay: 0.2 });
  });

  it('points at the parent file for a mistake written there', async () => {
    const project = tempProject();
    const parentText = VALID.replace('n_head: 4', 'n_heads: 4');
    const parent = project.write('base/parent.yaml', parentText);
    const childText = 'extends: base/parent.yaml\nname: child\nseed: lots\n';
    const child = project.write('child.yaml', childText);
    const error = await configFailure(loadConfig('child.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    const typo = error.issues.find((issue) => issue.path === 'model.attention.n_heads');
    expect(typo).toMatchObject({ file: parent, ...positionOf(parentText, 'n_heads') });
    const seed = error.issues.find((issue) => issue.path === 'seed');
    expect(seed).toMatchObject({ file: child, ...positionOf(childText, 'lots'), message: 'expected integer >= 0 and <= 4294967295, got "lots"' });
    const { line, col } = positionOf(parentText, 'n_heads');
    expect(error.message).toContain(`base/parent.yaml:${line}:${col}: model.attention.n_heads: unknown key "n_heads" (did you mean n_head?)`);
    expect(error.message).toContain(`child.yaml:3:7: seed: expected integer >= 0 and <= 4294967295, got "lots"`);
  });

  it('points at the child when it overrides a value the parent got right', async () => {
    const project = tempProject();
    project.write('parent.yaml', VALID);
    const childText = 'extends: parent.yaml\nmodel:\n  n_layer: 0\n';
    const child = project.write('child.yaml', childText);
    const error = await configFailure(loadConfig('child.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    expect(error.issues).toEqual([
      { file: child, ...positionOf(childText, '0'), path: 'model.n_layer', message: 'expected integer >= 1, got 0' },
    ]);
  });

  it('reports a missing parent at the extends value', async () => {
    const project = tempProject();
    const text = 'name: x\nextends: nowhere.yaml\n';
    const child = project.write('child.yaml', text);
    const error = await configFailure(loadConfig('child.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    expect(error.issues).toEqual([
      {
        file: child,
        ...positionOf(text, 'nowhere.yaml'),
        path: 'extends',
        message: 'cannot read "nowhere.yaml" (nowhere.yaml): no such file',
      },
    ]);
  });

  it('reports a cycle', async () => {
    const project = tempProject();
    project.write('a.yaml', 'extends: b.yaml\nname: a\n');
    const b = project.write('b.yaml', 'extends: a.yaml\n');
    const error = await configFailure(loadConfig('a.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ file: b, line: 1, col: 10, path: 'extends' });
    expect(error.message).toBe('b.yaml:1:10: extends: extends goes round in a circle: a.yaml -> b.yaml -> a.yaml');
  });

  it('reports a YAML error in the parent in the parent', async () => {
    const project = tempProject();
    const parent = project.write('parent.yaml', 'name: [oops\n');
    project.write('child.yaml', 'extends: parent.yaml\n');
    const error = await configFailure(loadConfig('child.yaml', { registry: fakeRegistry(), cwd: project.dir }));
    expect(error.issues[0]!.file).toBe(parent);
    expect(error.message).toMatch(/^parent\.yaml:\d+:\d+: YAML syntax: /);
  });
});
