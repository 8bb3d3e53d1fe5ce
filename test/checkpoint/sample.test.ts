// folio sample: text from a finished run's checkpoint, deterministic under a seed.
import { beforeAll, describe, expect, it } from 'vitest';
import { folio, tinyCorpus } from '../helpers/cli.js';
import { workspaceForSuite } from './suite-workspace.js';
import { RESUMABLE_CONFIG } from './fixtures.js';

describe('folio sample', () => {
  const dir = workspaceForSuite({ 'tiny.yaml': RESUMABLE_CONFIG, 'corpus.txt': tinyCorpus() });
  const sample = (...args: string[]) => folio(['sample', '1', ...args], { cwd: dir });

  beforeAll(async () => {
    expect((await folio(['run', 'tiny.yaml', '--plain'], { cwd: dir })).code).toBe(0);
  });

  it('gives the same text for the same seed and another for another seed, after the prompt', async () => {
    const [first, again, other] = await Promise.all([
      sample('--seed', '1', '--prompt', 'to be', '--tokens', '40'),
      sample('--seed', '1', '--prompt', 'to be', '--tokens', '40'),
      sample('--seed', '2', '--prompt', 'to be', '--tokens', '40'),
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^to be[\s\S]{40}\n$/);
    expect(again.stdout).toBe(first.stdout);
    expect(other.stdout).not.toBe(first.stdout);
  });

  it('decodes greedily at temperature 0, whatever the seed, from any kept checkpoint', async () => {
    const [one, two, latest, older] = await Promise.all([
      sample('--temperature', '0', '--seed', '1', '--tokens', '30'),
      sample('--temperature', '0', '--seed', '2', '--tokens', '30'),
      sample('--checkpoint', 'latest', '--seed', '3', '--tokens', '30'),
      sample('--checkpoint', '15', '--seed', '3', '--tokens', '30'),
    ]);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(older.code).toBe(0);
    expect(older.stdout).not.toBe(latest.stdout); // five more steps of training changed the model
  });

  it('names what is missing: a checkpoint not kept, a run not there, a character outside the vocabulary', async () => {
    const [notKept, noRun, unknown] = await Promise.all([
      sample('--checkpoint', '7'),
      folio(['sample', '9'], { cwd: dir }),
      sample('--prompt', 'XZ'),
    ]);
    expect([notKept.code, noRun.code, unknown.code]).toEqual([2, 2, 2]);
    expect(notKept.stderr).toBe('folio: run 1 has no checkpoint at step 7 (kept: steps 15, 20)\n');
    expect(noRun.stderr).toBe('folio: no run 9 in the store\n');
    expect(unknown.stderr).toMatch(/^folio: char tokenizer: 2 character\(s\) not in the vocabulary: "X", "Z"/);
  });
});
