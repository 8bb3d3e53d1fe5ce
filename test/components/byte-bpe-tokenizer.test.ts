// Byte-level BPE: learns the most frequent pairs first, encodes any text (unseen characters
// fall back to bytes) and gives it back exactly, and its state rebuilds it from JSON.
import { describe, expect, it } from 'vitest';
import { ByteBpeTokenizer } from '../../components/tokenizer/byte-bpe.js';
import { folio, TINY_CONFIG, tinyCorpus, workspace } from '../helpers/cli.js';

const CORPUS = 'the cat sat on the mat; the cat ate the rat.\n'.repeat(20);

describe('byte-bpe tokenizer', () => {
  it('learns merges most frequent first, up to vocab_size, and round-trips any text', () => {
    const tokenizer = new ByteBpeTokenizer(270);
    tokenizer.fit(CORPUS);
    expect(tokenizer.vocabSize).toBe(270);
    // "at" (cat, sat, mat, ate, rat) is the commonest pair, so the first merge; " the" ends as one token.
    expect(tokenizer.decode([256])).toBe('at');
    expect(tokenizer.encode(' the')).toHaveLength(1);
    const ids = tokenizer.encode(CORPUS);
    expect(ids.length).toBeLessThan(CORPUS.length / 2.5);
    for (const text of [CORPUS, 'Zebras ß café 東京 🎭\n\tand  spaces  ', '']) expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('stops early when no pair repeats, rather than inventing tokens', () => {
    const tokenizer = new ByteBpeTokenizer(1000);
    tokenizer.fit('abcabc');
    expect(tokenizer.vocabSize).toBeLessThan(260);
  });

  it('is rebuilt from its saved state (as JSON, the way a checkpoint keeps it)', () => {
    const trained = new ByteBpeTokenizer(300);
    trained.fit(CORPUS);
    const restored = new ByteBpeTokenizer(300);
    restored.restore(JSON.parse(JSON.stringify(trained.state())));
    expect(restored.vocabSize).toBe(trained.vocabSize);
    expect([...restored.encode(CORPUS)]).toEqual([...trained.encode(CORPUS)]);
    expect(() => restored.restore({ merges: [[999, 1]] })).toThrow(/no valid merge list/);
  });

  it('trains a run end to end: the sample printed is decoded text', async () => {
    const dir = workspace({ 'config.yaml': TINY_CONFIG.replace('{ type: char }', '{ type: byte-bpe, vocab_size: 300 }'), 'corpus.txt': tinyCorpus() });
    const result = await folio(['run', 'config.yaml', '--plain'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/---- sample ----\n[\s\S]*\b(to|be|or|not|the|question)\b/);
  });
});
