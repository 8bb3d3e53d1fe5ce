import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, ConfigError, loadConfig } from '../../framework/config/load.js';
import { fakeRegistry, tempProject, VALID } from './fixtures.js';

describe('loadConfig', () => {
  it('fills every default and describes where the file is', async () => {
    const project = tempProject();
    const path = project.write('exp/config.yaml', VALID);
    const resolved = await loadConfig('exp/config.yaml', { registry: fakeRegistry(), cwd: project.dir });
    expect(resolved.file).toBe('exp/config.yaml');
    expect(resolved.dir).toBe(join(project.dir, 'exp'));
    expect(resolved.files).toEqual([path]);
    expect(resolved.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(resolved.config).toEqual({
      name: 'tiny',
      seed: 1337,
      backend: 'auto',
      imports: [],
      dataset: { type: 'text-file', path: 'input.txt', val_fraction: 0.1 },
      tokenizer: { type: 'char' },
      model: {
        type: 'gpt',
        n_layer: 2,
        n_embd: 32,
        attention: { type: 'causal-self-attention', n_head: 4, dropout: 0 },
      },
      optimizer: { type: 'adamw', lr: 0.001, betas: [0.9, 0.999], weight_decay: 0.1 },
      schedule: { type: 'constant' },
      train: { batch_size: 12, max_iters: 2000, eval_interval: 250, eval_iters: 20, grad_clip: 1, log_interval: 10 },
      sample: { every: 0, tokens: 200, temperature: 1, top_k: 0, prompt: '\n' },
      checkpoint: { keep: 1, best: true },
    });
  });

  it('keeps what the file says over the defaults', async () => {
    const project = tempProject();
    project.write('c.yaml', `${VALID}seed: 7\nbackend: cpu\ntrain:\n  max_iters: 5\nschedule:\n  type: warmup-cosine\n`);
    const { config } = await loadConfig('c.yaml', { registry: fakeRegistry(), cwd: project.dir });
    expect(config.seed).toBe(7);
    expect(config.backend).toBe('cpu');
    expect(config.train.max_iters).toBe(5);
    expect(config.train.batch_size).toBe(12);
    expect(config.schedule).toEqual({ type: 'warmup-cosine', warmup_iters: 100 });
  });

  it('gives the same hash whatever the key order, and a different one for a different value', async () => {
    const project = tempProject();
    project.write('a.yaml', VALID);
    const reordered = `optimizer:\n  lr: 0.001\n  type: adamw\nmodel:\n  attention: {n_head: 4, type: causal-self-attention}\n  n_layer: 2\n  type: gpt\ntokenizer: {type: char}\ndataset: {path: input.txt, type: text-file}\nname: tiny\n`;
    project.write('b.yaml', reordered);
    project.write('c.yaml', VALID.replace('lr: 0.001', 'lr: 0.002'));
    const registry = fakeRegistry();
    const [a, b, c] = await Promise.all(['a.yaml', 'b.yaml', 'c.yaml'].map((f) => loadConfig(f, { registry, cwd: project.dir })));
    expect(b!.hash).toBe(a!.hash);
    expect(c!.hash).not.toBe(a!.hash);
    // Writing a default explicitly is the same config.
    project.write('d.yaml', `${VALID}seed: 1337\n`);
    expect((await loadConfig('d.yaml', { registry, cwd: project.dir })).hash).toBe(a!.hash);
  });

  it('does not change the registry it is given', async () => {
    const project = tempProject();
    project.write('c.yaml', VALID);
    const registry = fakeRegistry();
    const before = registry.list().length;
    const resolved = await loadConfig('c.yaml', { registry, cwd: project.dir });
    expect(registry.list()).toHaveLength(before);
    expect(resolved.registry).toBe(registry);
  });

  it('treats an empty file as setting nothing', async () => {
    const project = tempProject();
    project.write('c.yaml', '# nothing yet\n');
    const error = await loadConfig('c.yaml', { registry: fakeRegistry(), cwd: project.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.message)).toEqual([
      'missing required key "name"',
      'missing required key "dataset"',
      'missing required key "tokenizer"',
      'missing required key "model"',
      'missing required key "optimizer"',
    ]);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps list order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });
});
