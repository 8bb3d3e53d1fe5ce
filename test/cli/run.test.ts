// `folio run` end to end, through the built command, as a user runs it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../framework/tracking/store.js';
import { folio, TINY_CONFIG, tinyCorpus, workspace } from '../helpers/cli.js';
import { userProject } from '../helpers/folio-project.js';

function readStore(dir: string) {
  const store = RunStore.open(join(dir, 'runs/folio.db'));
  try {
    return store.listRuns().map((run) => store.getRun(run.id)!);
  } finally {
    store.close();
  }
}

describe('folio run', () => {
  it('trains a tiny config to completion and records metrics, samples and a checkpoint', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'corpus.txt': tinyCorpus() });
    const result = await folio(['run', 'tiny.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/step +20\/20/);
    expect(result.stdout).toMatch(/run 1 completed after 20 steps on wasm, val loss \d\.\d{4}/);
    expect(result.stdout).toContain('---- sample ----');

    const [run] = readStore(dir);
    expect(run).toMatchObject({ id: 1, name: 'tiny-e2e', status: 'completed', backend: 'wasm', seed: 3, lastStep: 20 });
    expect(Object.keys(run!.metrics)).toEqual(
      expect.arrayContaining(['train/loss', 'val/loss', 'train/lr', 'train/grad_norm', 'perf/step_ms', 'perf/tokens_per_s']),
    );
    expect(run!.valLoss).toBeLessThan(Math.log(16)); // it learned: below a uniform guess over the corpus's 16 characters
    expect(run!.samples.length).toBe(3); // evaluations at steps 0, 10 and 20
    expect(run!.samples.at(-1)!.text).toHaveLength(30);
    expect((run!.config as { model: { n_head?: number; dropout: number } }).model.dropout).toBe(0); // defaults resolved
    const checkpoint = run!.artifacts.find((a) => a.kind === 'checkpoint');
    expect(checkpoint && existsSync(checkpoint.path)).toBe(true);
  });

  it('reports a missing dataset file with exit code 2, no stack trace, and a readable store', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG.replace('corpus.txt', 'missing.txt') });
    const result = await folio(['run', 'tiny.yaml', '--plain'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`folio: text-file dataset: cannot read ${join(dir, 'missing.txt')}: no such file\n`);
    const [run] = readStore(dir);
    expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('missing.txt') });
  });

  it('points a config mistake at its file, line and column and trains nothing', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG.replace('n_head: 2', 'n_heads: 2'), 'corpus.txt': tinyCorpus() });
    const result = await folio(['run', 'tiny.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tiny.yaml:11:45: model.attention.n_heads: unknown key "n_heads" (did you mean n_head?)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'runs/folio.db'))).toBe(false);
  });

  it('stops cleanly on Ctrl-C and records the run as interrupted', async () => {
    const dir = workspace({
      'tiny.yaml': TINY_CONFIG.replace('max_iters: 20', 'max_iters: 100000').replace('log_interval: 5', 'log_interval: 1'),
      'corpus.txt': tinyCorpus(),
    });
    let signalled = false;
    const result = await folio(['run', 'tiny.yaml'], {
      cwd: dir,
      onStdout: (text, child) => {
        if (!signalled && /step +3\//.test(text)) {
          signalled = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/run 1 interrupted after \d+ steps/);
    const [run] = readStore(dir);
    expect(run!.status).toBe('interrupted');
    expect(run!.lastStep).toBeGreaterThanOrEqual(3);
  });

  it('stops a run whose loss turns NaN as diverged, using a model from the config imports', async () => {
    const nanModel = `
import { embed, tf } from '@folio-lm/folio';
export default {
  kind: 'model', type: 'nan-after', summary: 'a bigram that breaks after some steps',
  params: { type: 'object', properties: { steps: { type: 'integer' } } },
  create: (params, ctx) => {
    const table = ctx.params.normal('table', [ctx.vocabSize, ctx.vocabSize], 0.02);
    let calls = 0;
    return { blockSize: 8, forward: (idx, training) => {
      if (training) calls++;
      const logits = embed(idx, table);
      return calls > params.steps ? tf.mul(logits, NaN) : logits;
    } };
  },
};`;
    const config = TINY_CONFIG.replace(/model:[\s\S]*?n_head: 2 }\n/, 'model: { type: nan-after, steps: 4 }\nimports: [nan-model.mjs]\n');
    const dir = userProject({ 'tiny.yaml': config, 'nan-model.mjs': nanModel });
    const result = await folio(['run', 'tiny.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/run 1 diverged after 5 steps/);
    const [run] = readStore(dir);
    expect(run).toMatchObject({ status: 'diverged', error: 'loss became NaN at step 5' });
  });
});
