// folio resume: a killed run continues from its newest checkpoint exactly as if it had never stopped.
import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folio, REPO_ROOT, tinyCorpus, workspace } from '../helpers/cli.js';
import { RESUMABLE_CONFIG, storedRun } from './fixtures.js';

/** Runs `tiny.yaml` and kills it with SIGKILL once step `at` is printed: a crash, no chance to clean up. */
async function runAndKill(dir: string, at: number) {
  let killed = false;
  return folio(['run', 'tiny.yaml', '--plain'], {
    cwd: dir,
    onStdout: (text, child) => {
      if (!killed && new RegExp(`step +${at}/`).test(text)) {
        killed = true;
        child.kill('SIGKILL');
      }
    },
  });
}

describe('folio resume', () => {
  it('continues a killed run to the losses of an uninterrupted one, bit for bit, one metric row per step', async () => {
    const dir = workspace({ 'tiny.yaml': RESUMABLE_CONFIG, 'corpus.txt': tinyCorpus() });
    expect((await folio(['run', 'tiny.yaml', '--plain'], { cwd: dir })).code).toBe(0);
    const killed = await runAndKill(dir, 13);
    expect(killed.code).toBeNull(); // it died of the signal

    const resumed = await folio(['resume', '2', '--plain'], { cwd: dir });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/run 2 completed after 20 steps/);

    const [uninterrupted, continued] = [storedRun(dir, 1), storedRun(dir, 2)];
    expect(continued.run.status).toBe('completed');
    expect(continued.losses).toEqual(uninterrupted.losses); // exact: toEqual compares the doubles themselves
    expect(continued.losses.map((l) => l.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(continued.rowsPerKey).toEqual(uninterrupted.rowsPerKey);
    expect(continued.run.samples.map((s) => s.text)).toEqual(uninterrupted.run.samples.map((s) => s.text));
    // The newest checkpoint whose write had finished: 10, or 5 if the kill caught the write of 10.
    expect([5, 10]).toContain(continued.run.info.resumedFromStep);
  });

  it('extends a finished run with --set train.max_iters and refuses changes to what it trains', async () => {
    const dir = workspace({ 'tiny.yaml': RESUMABLE_CONFIG, 'corpus.txt': tinyCorpus() });
    expect((await folio(['run', 'tiny.yaml', '--plain'], { cwd: dir })).code).toBe(0);

    const again = await folio(['resume', '1'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('folio: run 1 has trained all its 20 steps (checkpoint at step 20); extend it with --set train.max_iters=40\n');
    const reshaped = await folio(['resume', '1', '--set', 'model.n_layer=2'], { cwd: dir });
    expect(reshaped.code).toBe(2);
    expect(reshaped.stderr).toBe(
      'folio: --set model.n_layer=2: a resumed run keeps its model, data, optimizer and seed; only train.*, sample.*, checkpoint.*, schedule.*, optimizer.lr, backend can change (to train something else from its weights, use init_from in a new config)\n',
    );

    const extended = await folio(['resume', '1', '--set', 'train.max_iters=25', '--set', 'optimizer.lr=0.005', '--plain'], { cwd: dir });
    expect(extended.code).toBe(0);
    // It says where it starts: the run, the step and the checkpoint file, as a path from here.
    expect(extended.stdout.split('\n')[0]).toBe('resuming run 1 from step 20 (runs/folio.runs/1/step-0000020.safetensors)');
    const { run, losses } = storedRun(dir, 1);
    expect(run.status).toBe('completed');
    expect(losses.map((l) => l.step)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(run.config).toMatchObject({ train: { max_iters: 25 }, optimizer: { lr: 0.005 } });
    expect(storedRun(dir, 1).run.metrics['train/lr']).toEqual({ step: 25, value: 0.005 });
  });

  it('refuses a truncated checkpoint with its name and exit 2, leaving the run as it was', async () => {
    const dir = workspace({ 'tiny.yaml': RESUMABLE_CONFIG, 'corpus.txt': tinyCorpus() });
    await runAndKill(dir, 13);
    const before = storedRun(dir, 1);
    const latest = before.run.artifacts.filter((a) => a.kind === 'checkpoint').at(-1)!;
    truncateSync(latest.path, 3000);

    const result = await folio(['resume', '1'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^folio: ${latest.path}: not a usable safetensors file: .*truncated`));
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(storedRun(dir, 1)).toEqual(before);
  });

  it('says so when the optimizer keeps no state it can save, and continues anyway', async () => {
    const engine = join(REPO_ROOT, 'dist/framework/engine/index.js');
    // A user's optimizer without saveState/loadState: plain SGD.
    const plainSgd = `
import { tf } from ${JSON.stringify(engine)};
export default {
  kind: 'optimizer', type: 'plain-sgd', summary: 'SGD without state',
  params: { type: 'object', required: ['lr'], properties: { lr: { type: 'number' } } },
  create: () => ({
    step: (params, grads, lr) => tf.tidy(() => { for (const p of params) if (grads[p.name]) p.variable.assign(tf.sub(p.variable, tf.mul(grads[p.name], lr))); }),
    dispose: () => {},
  }),
};`;
    const config = RESUMABLE_CONFIG.replace('optimizer: { type: adamw, lr: 1.0e-2 }', 'optimizer: { type: plain-sgd, lr: 0.1 }\nimports: [plain-sgd.mjs]').replace('max_iters: 20', 'max_iters: 10');
    const dir = workspace({ 'tiny.yaml': config, 'corpus.txt': tinyCorpus(), 'plain-sgd.mjs': plainSgd });
    expect((await folio(['run', 'tiny.yaml', '--plain'], { cwd: dir })).code).toBe(0);
    const extended = await folio(['resume', '1', '--set', 'train.max_iters=15', '--plain'], { cwd: dir });
    expect(extended.stderr).toBe('note: optimizer plain-sgd saves no state (it has no saveState), so it starts afresh: the losses will not be those of an uninterrupted run\n');
    expect(extended.code).toBe(0);
    expect(storedRun(dir, 1).losses.map((l) => l.step)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });
});
