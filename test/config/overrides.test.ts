import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../framework/config/load.js';
import { fakeRegistry, tempProject, VALID } from './fixtures.js';

async function withSet(overrides: string[], text = VALID) {
  const project = tempProject();
  project.write('config.yaml', text);
  return loadConfig('config.yaml', { registry: fakeRegistry(), cwd: project.dir, overrides });
}

async function setFailure(overrides: string[], text = VALID): Promise<ConfigError> {
  const error = await withSet(overrides, text).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe('--set overrides', () => {
  it('reads values as the schema expects them', async () => {
    const { config } = await withSet([
      'optimizer.lr=3e-4',
      'name=123',
      'train.batch_size=32',
      'seed="42"',
      'optimizer.betas=[0.9, 0.99]',
      'model.attention.dropout=0.25',
      'sample.prompt=ROMEO: hello',
    ]);
    expect(config.optimizer.lr).toBe(0.0003);
    expect(config.name).toBe('123');
    expect(config.train.batch_size).toBe(32);
    expect(config.seed).toBe(42);
    expect(config.optimizer.betas).toEqual([0.9, 0.99]);
    expect(config.model.attention).toEqual({ type: 'causal-self-attention', n_head: 4, dropout: 0.25 });
    expect(config.sample.prompt).toBe('ROMEO: hello');
  });

  it('keeps string values as typed, unquoting a quoted one', async () => {
    const { config } = await withSet(['name=true', 'dataset.path=data/01.txt', 'sample.prompt="ROMEO:\\n"']);
    expect(config.name).toBe('true');
    expect(config.dataset.path).toBe('data/01.txt');
    expect(config.sample.prompt).toBe('ROMEO:\n');
  });

  it('sets list items by index', async () => {
    const { config } = await withSet(['optimizer.betas[1]=0.95']);
    expect(config.optimizer.betas).toEqual([0.9, 0.95]);
  });

  it('applies after extends, later overrides winning', async () => {
    const project = tempProject();
    project.write('parent.yaml', VALID);
    project.write('child.yaml', 'extends: parent.yaml\nseed: 5\n');
    const { config } = await loadConfig('child.yaml', {
      registry: fakeRegistry(),
      cwd: project.dir,
      overrides: ['seed=6', 'seed=7', 'model.n_layer=8'],
    });
    expect(config.seed).toBe(7);
    expect(config.model.n_layer).toBe(8);
  });

  it('creates missing settings from their defaults', async () => {
    const { config } = await withSet(['schedule.type=warmup-cosine', 'schedule.warmup_iters=50', 'train.max_iters=10']);
    expect(config.schedule).toEqual({ type: 'warmup-cosine', warmup_iters: 50 });
    expect(config.train.max_iters).toBe(10);
  });

  it('suggests a key from anywhere in the config tree, by its name or the start of it', async () => {
    // n_head is not a model param but its attention's; batch is the start of batch_size.
    expect((await setFailure(['model.n_head=8'])).message).toMatch(/^--set model\.n_head=8: unknown key "n_head" \(did you mean model\.attention\.n_head\?\)/);
    expect((await setFailure(['train.batch=8'])).message).toMatch(/^--set train\.batch=8: unknown key "batch" \(did you mean train\.batch_size\?\)/);
    // A misspelt top-level section is found by its nearest spelling.
    expect((await setFailure(['optimiser.lr=1'])).message).toMatch(/did you mean optimizer\.lr\?/);
  });

  it('starts a component afresh when its type changes', async () => {
    const { config } = await withSet(['model.attention.type=linear-attention', 'model.attention.feature_dim=8']);
    expect(config.model.attention).toEqual({ type: 'linear-attention', feature_dim: 8 });
    const error = await setFailure(['optimizer.type=sgd']);
    expect(error.message).toBe('--set optimizer.type=sgd: missing required key "lr"');
  });

  it('rejects an unknown key like a file key, with a suggestion', async () => {
    const error = await setFailure(['model.attention.n_heads=8']);
    expect(error.issues).toEqual([
      {
        file: '--set',
        line: 0,
        col: 0,
        path: 'model.attention.n_heads',
        arg: 'model.attention.n_heads=8',
        message: 'unknown key "n_heads" (did you mean model.attention.n_head?); expected one of: n_head, dropout',
      },
    ]);
    expect(error.message).toBe(
      '--set model.attention.n_heads=8: unknown key "n_heads" (did you mean model.attention.n_head?); expected one of: n_head, dropout',
    );
    const top = await setFailure(['trian.max_iters=5']);
    expect(top.message).toMatch(/^--set trian\.max_iters=5: unknown key "trian" \(did you mean train\.max_iters\?\)/);
  });

  it('names an argument without =', async () => {
    const error = await setFailure(['optimizer.lr']);
    expect(error.message).toBe('--set optimizer.lr: expected key=value, e.g. optimizer.lr=3e-4');
  });

  it('points schema errors in overridden values at the --set', async () => {
    const error = await setFailure(['train.batch_size=big', 'model.attention.type=flash']);
    expect(error.message.split('\n')).toEqual([
      '--set train.batch_size=big: expected integer >= 1, got "big"',
      '--set model.attention.type=flash: unknown attention type "flash"; registered: causal-self-attention, linear-attention',
    ]);
  });

  it('reports mistakes in the file and in --set together', async () => {
    const text = VALID.replace('n_layer: 2', 'n_layer: two');
    const error = await setFailure(['optimizer.lr=-1'], text);
    expect(error.message.split('\n')).toEqual([
      'config.yaml:9:12: model.n_layer: expected integer >= 1, got "two"',
      '--set optimizer.lr=-1: expected number > 0, got -1',
    ]);
  });

  it('rejects paths into values that have no keys, and extends', async () => {
    expect((await setFailure(['train.batch_size.x=1'])).message).toBe(
      '--set train.batch_size.x=1: train.batch_size is integer >= 1; it has no key "x"',
    );
    expect((await setFailure(['optimizer.betas[5]=0.1'])).message).toBe(
      '--set optimizer.betas[5]=0.1: optimizer.betas has 2 items; index 5 is past its end',
    );
    expect((await setFailure(['extends=other.yaml'])).message).toBe('--set extends=other.yaml: extends can only be given in a config file');
    expect((await setFailure(['optimizer.betas=[1'])).message).toMatch(/^--set optimizer\.betas=\[1: cannot read the value: /);
  });
});
