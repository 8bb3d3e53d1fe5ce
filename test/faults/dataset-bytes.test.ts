// A text-file dataset that is not UTF-8: random bytes are refused with the count and where the
// first bad byte is; a few stray bytes in a real text train, and the run's record says how many.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../components/dataset/utf8-text.js';
import { ComponentInputError } from '../../framework/registry/index.js';
import { RunStore } from '../../framework/tracking/store.js';
import { folio, TINY_CONFIG, tinyCorpus, workspace } from '../helpers/cli.js';

describe('a text-file dataset that is not UTF-8', () => {
  it('of random bytes is refused before training, with the count and the first bad byte', async () => {
    const cwd = workspace({ 'tiny.yaml': TINY_CONFIG });
    writeFileSync(join(cwd, 'corpus.txt'), Buffer.concat([Buffer.from('plain start '), randomBytes(20_000)]));
    const result = await folio(['run', 'tiny.yaml', '--plain'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^folio: text-file dataset: ${join(cwd, 'corpus.txt')} is not UTF-8 text: \\d+ invalid sequences in 20012 bytes \\([\\d.]+%, the first at byte \\d+\\); convert it \\(e\\.g\\. iconv -f latin1 -t utf-8\\), or check that it is the file you meant\\n$`),
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('with a few stray bytes trains, and records how many were replaced', async () => {
    const cwd = workspace({ 'tiny.yaml': TINY_CONFIG });
    const text = Buffer.from(tinyCorpus());
    writeFileSync(join(cwd, 'corpus.txt'), Buffer.concat([text.subarray(0, 100), Buffer.from([0xff, 0xfe]), text.subarray(100)]));
    const result = await folio(['run', 'tiny.yaml', '--plain'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const store = RunStore.open(join(cwd, 'runs/folio.db'));
    try {
      expect(store.getRun(1)!.info.dataset).toBe(`${join(cwd, 'corpus.txt')} (2 invalid UTF-8 sequences read as U+FFFD)`);
    } finally {
      store.close();
    }
  });

  it('finds the first bad byte, and counts U+FFFD written in the file as text', () => {
    const bytes = Buffer.concat([Buffer.from('héllo \uFFFD '), Buffer.from([0xc3]), Buffer.from(' end')]);
    expect(decodeUtf8(bytes, 'f', 'test').invalidSequences).toBe(1);
    const latin1 = Buffer.from('caf\xe9 '.repeat(50), 'latin1');
    expect(() => decodeUtf8(latin1, 'menu.txt', 'test')).toThrow(ComponentInputError);
    expect(() => decodeUtf8(latin1, 'menu.txt', 'test')).toThrow(/the first at byte 3\)/);
  });
});
