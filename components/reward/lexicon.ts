// Scores a text by weighted word lists: Σ weight of each word it contains (repeats count).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ComponentInputError, defineComponent, type CheckProblem, type Reward } from '../../framework/registry/index.js';
import { CHEERFUL_LEXICON } from './cheerful-lexicon.js';
import { lexiconScore, parseLexicon } from './lexicon-file.js';

interface LexiconParams {
  file?: string;
  scale: number;
}

export default defineComponent({
  kind: 'reward',
  type: 'lexicon',
  summary: "Σ of the weights of a text's words, from a `word weight` file (default: Folio's cheerful-vs-gloomy list)",
  params: {
    type: 'object',
    properties: {
      file: { type: 'string', minLength: 1, description: 'a `word weight` per line, # comments (relative to the config); absent: the shipped cheerful (+1) vs gloomy (−1) list' },
      scale: { type: 'number', default: 1, description: 'multiplies every score (−1 prefers gloomy text)' },
    },
  },
  check: (params: LexiconParams, ctx): CheckProblem[] => {
    if (params.file === undefined || ctx.configDir === undefined) return [];
    const path = resolve(ctx.configDir, params.file);
    return existsSync(path) ? [] : [{ key: 'file', message: `no such file: ${path}` }];
  },
  create: (params: LexiconParams, ctx): Reward => {
    const lexicon =
      params.file === undefined
        ? parseLexicon(CHEERFUL_LEXICON, 'the shipped cheerful lexicon')
        : parseLexicon(readLexicon(resolve(ctx.configDir, params.file)), params.file);
    return { score: async (texts) => texts.map((text) => params.scale * lexiconScore(lexicon, text)) };
  },
});

function readLexicon(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ComponentInputError(`cannot read the lexicon ${path}: ${(error as Error).message}`);
  }
}
