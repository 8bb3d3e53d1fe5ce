// A lexicon file: `word weight` per line, `#` comments; read once, each mistake named by line.
import { ComponentInputError } from '../../framework/registry/index.js';

export type Lexicon = ReadonlyMap<string, number>;

export function parseLexicon(text: string, source: string): Lexicon {
  const weights = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const [word, weight, ...rest] = line.split(/\s+/);
    const value = Number(weight);
    if (weight === undefined || rest.length > 0 || !Number.isFinite(value)) {
      throw new ComponentInputError(`${source}:${index + 1}: expected "word weight" (e.g. "mirth 1"), got ${JSON.stringify(raw.trim())}`);
    }
    weights.set(word!.toLowerCase(), value);
  });
  if (weights.size === 0) throw new ComponentInputError(`${source}: holds no words`);
  return weights;
}

/** Σ of the weights of the text's words (lower-cased letters and apostrophes). */
export function lexiconScore(lexicon: Lexicon, text: string): number {
  let score = 0;
  for (const word of text.toLowerCase().match(/[a-z']+/g) ?? []) score += lexicon.get(word.replace(/^'+|'+$/g, '')) ?? 0;
  return score;
}
