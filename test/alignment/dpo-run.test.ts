// A DPO run through the built `folio` command, as a user runs one after the main job: it names the
// run it starts from, logs TRL's metric names, resumes bit for bit (self-play's draws included),
// and its checkpoints sample, best-of-N sample and export like any run's.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folio, TINY_CONFIG, tinyCorpus, workspace } from '../helpers/cli.js';
import { storedRun } from '../checkpoint/fixtures.js';

const DPO_CONFIG = `extends: tiny.yaml
name: tiny-dpo
init_from: { run: newest, name: tiny-e2e }
objective: { type: dpo, beta: 0.5, eval_samples: 8, eval_tokens: 12 }
reward: { type: regex, pattern: "o" }
preferences: { type: self-play, prompts: 4, completions: 4, prompt_tokens: 4, tokens: 8 }
model: { dropout: 0.1 }
train: { max_iters: 8, eval_interval: 4, log_interval: 1 }
checkpoint: { every: 2, keep: 2 }
`;

/** Runs dpo.yaml and kills it with SIGKILL once step `at` is printed. */
function runAndKill(dir: string, at: number) {
  let killed = false;
  return folio(['run', 'dpo.yaml', '--plain'], {
    cwd: dir,
    onStdout: (text, child) => {
      if (!killed && new RegExp(`step +${at}/`).test(text)) {
        killed = true;
        child.kill('SIGKILL');
      }
    },
  });
}

describe('a DPO run', () => {
  it('starts from the newest main-job run, logs the alignment metrics, resumes bit for bit, samples and exports', async () => {
    const dir = workspace({ 'tiny.yaml': TINY_CONFIG, 'dpo.yaml': DPO_CONFIG, 'corpus.txt': tinyCorpus() });
    expect((await folio(['run', 'tiny.yaml', '--plain'], { cwd: dir })).code).toBe(0);

    const tuned = await folio(['run', 'dpo.yaml', '--plain'], { cwd: dir });
    expect(tuned.stderr).toBe('');
    expect(tuned.code).toBe(0);
    expect(tuned.stdout).toMatch(/init_from: run 1 \(the newest completed tiny-e2e\), step 20/);
    const straight = storedRun(dir, 2);
    for (const key of ['train/loss', 'rewards/chosen', 'rewards/rejected', 'rewards/margins', 'rewards/accuracies', 'reward/mean', 'reward/std', 'policy/kl', 'val/loss', 'val/loss_rise', 'reward/within_tax', 'sample/reward']) {
      expect(straight.rowsPerKey[key], key).toBeDefined();
    }
    // Step 1: the policy is its reference, so the loss is ln 2 (dropout aside, which is on here: within 0.05).
    expect(Math.abs(straight.losses[0]!.value - Math.LN2)).toBeLessThan(0.05);
    expect(straight.run.info.initFrom).toMatchObject({ run: 1, name: 'tiny-e2e' });

    const killed = await runAndKill(dir, 5);
    expect(killed.code).toBeNull();
    const resumed = await folio(['resume', '3', '--plain'], { cwd: dir });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const continued = storedRun(dir, 3);
    expect(continued.losses).toEqual(straight.losses); // exact doubles: the same pairs were drawn after the resume
    expect(continued.rowsPerKey).toEqual(straight.rowsPerKey);
    expect(continued.run.samples.map((s) => s.text)).toEqual(straight.run.samples.map((s) => s.text));

    const sample = await folio(['sample', '2', '--tokens', '12', '--prompt', 'to'], { cwd: dir });
    expect(sample.code).toBe(0);
    expect(sample.stdout).toMatch(/^to.{12}\n$/s);
    const best = await folio(['sample', '2', '--tokens', '12', '--best-of', '4', '--reward', 'dpo.yaml'], { cwd: dir });
    expect(best.stderr).toBe('');
    expect(best.stdout).toMatch(/\nbest of 4 by regex from dpo\.yaml: \d+ \(mean [\d.]+, lowest \d+\)\n$/);
    const exported = await folio(['export', '2', '-o', 'tuned.safetensors'], { cwd: dir });
    expect(exported.code).toBe(0);
    expect(existsSync(join(dir, 'tuned.safetensors'))).toBe(true);
  });
});
