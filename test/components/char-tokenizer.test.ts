import { describe, expect, it } from 'vitest';
import { CharTokenizer } from '../../components/tokenizer/char.js';
import { ComponentInputError } from '../../framework/registry/errors.js';

describe('char tokenizer', () => {
  const corpus = 'First Citizen:\nBefore we proceed any further, hear me speak.\n';

  it('round-trips text made of the corpus characters', () => {
    const tokenizer = new CharTokenizer();
    tokenizer.fit(corpus);
    const text = 'hear me, Citizen\n';
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('numbers the sorted distinct characters, as the lecture does', () => {
    const tokenizer = new CharTokenizer();
    tokenizer.fit('bca\nab');
    expect(tokenizer.vocabSize).toBe(4);
    expect(Array.from(tokenizer.encode('\nabc'))).toEqual([0, 1, 2, 3]);
  });

  it('names the characters it does not know and where the first one is', () => {
    const tokenizer = new CharTokenizer();
    tokenizer.fit(corpus);
    expect(() => tokenizer.encode('hear Zed!')).toThrow(ComponentInputError);
    expect(() => tokenizer.encode('hear Zed!')).toThrow(/"Z", "!".*first at offset 5/);
  });

  it('restores its vocabulary from a checkpoint state', () => {
    const original = new CharTokenizer();
    original.fit(corpus);
    const restored = new CharTokenizer();
    restored.restore(JSON.parse(JSON.stringify(original.state())));
    expect(Array.from(restored.encode('speak'))).toEqual(Array.from(original.encode('speak')));
  });
});
