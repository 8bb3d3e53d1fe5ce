// init_from: a run that starts from another run's weights and vocabulary, on another text.
import { describe, expect, it } from 'vitest';
import { folio, tinyCorpus } from '../helpers/cli.js';
import { RESUMABLE_CONFIG, runCount, storedRun } from './fixtures.js';
import { workspaceForSuite } from './suite-workspace.js';

const OTHER_TEXT = tinyCorpus(150).split('\n').reverse().join('\n');
const FINE_TUNE = RESUMABLE_CONFIG.replace('corpus.txt', 'other.txt').replace('max_iters: 20', 'max_iters: 5').concat('init_from: { run: 1 }\n');

describe('init_from', () => {
  const dir = workspaceForSuite({
    'tiny.yaml': RESUMABLE_CONFIG,
    'corpus.txt': tinyCorpus(),
    'other.txt': OTHER_TEXT,
    'odd.txt': `${OTHER_TEXT}\nQuoth the raven: déjà vu\n`,
    'fine-tune.yaml': FINE_TUNE,
    'odd.yaml': FINE_TUNE.replace('other.txt', 'odd.txt'),
    'odd-dropped.yaml': FINE_TUNE.replace('other.txt', 'odd.txt').replace('init_from: { run: 1 }', 'init_from: { run: 1, unknown_characters: drop }'),
  });

  it('refuses text outside the pretrained vocabulary and other shapes, naming them, recording nothing', async () => {
    expect((await folio(['run', 'tiny.yaml', '--plain'], { cwd: dir })).code).toBe(0);
    const [odd, wider] = await Promise.all([
      folio(['run', 'odd.yaml', '--plain'], { cwd: dir }),
      folio(['run', 'fine-tune.yaml', '--plain', '--set', 'model.n_embd=32'], { cwd: dir }),
    ]);
    expect(odd.code).toBe(2);
    expect(odd.stderr).toMatch(/^folio: the dataset has 7 character\(s\) outside the vocabulary of \S+\/runs\/folio\.runs\/1\/best\.safetensors \(16 tokens\): "Q", "v", ":", "d", "é", "j", "à" \(first at offset \d+\); set init_from.unknown_characters: drop/);
    expect(wider.code).toBe(2);
    expect(wider.stderr).toMatch(/^folio: \S+\/runs\/folio\.runs\/1\/best\.safetensors: wte has shape \[16, 16\] there but \[16, 32\] in this model\n$/);
    expect(runCount(dir)).toBe(1);
  });

  it('starts from the pretrained loss, not from scratch, and records where it started from', async () => {
    const [tuned, dropped] = await Promise.all([
      folio(['run', 'fine-tune.yaml', '--plain'], { cwd: dir }),
      folio(['run', 'odd-dropped.yaml', '--plain'], { cwd: dir }),
    ]);
    expect(tuned.stderr).toBe('');
    expect(tuned.code).toBe(0);
    expect(dropped.code).toBe(0);
    const pretrained = storedRun(dir, 1).run;
    const fineTuned = storedRun(dir, Number(/run (\d+) completed/.exec(tuned.stdout)![1])).run;
    const scratchStart = valLossAt(dir, pretrained.id, 0);
    const pretrainedEnd = valLossAt(dir, pretrained.id, 20);
    const fineTunedStart = valLossAt(dir, fineTuned.id, 0);
    expect(fineTunedStart).toBeLessThan(scratchStart - 0.5);
    expect(Math.abs(fineTunedStart - pretrainedEnd)).toBeLessThan(0.3); // the same model on a reordered text of the same words
    expect(fineTuned.info.initFrom).toMatchObject({ run: 1, checkpoint: 'best', step: 20 });
  });
});

function valLossAt(dir: string, id: number, step: number): number {
  const point = storedRun(dir, id).valLosses.find((p) => p.step === step);
  expect(point, `val/loss of run ${id} at step ${step}`).toBeDefined();
  return point!.value;
}
