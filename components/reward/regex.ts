// Scores a text by a regular expression: how often it matches, or whether it matches at all.
import { defineComponent, type CheckProblem, type Reward } from '../../framework/registry/index.js';

interface RegexParams {
  pattern: string;
  flags: string;
  mode: 'count' | 'match';
  weight: number;
}

export default defineComponent({
  kind: 'reward',
  type: 'regex',
  summary: 'weight × the number of matches of a regular expression (or 1/0 with mode: match)',
  params: {
    type: 'object',
    required: ['pattern'],
    properties: {
      pattern: { type: 'string', minLength: 1, description: 'a JavaScript regular expression' },
      flags: { type: 'string', pattern: '^[imsu]*$', default: '', description: 'i (ignore case), m, s, u' },
      mode: { type: 'string', enum: ['count', 'match'], default: 'count', description: 'count the matches, or score 1 when there is any' },
      weight: { type: 'number', default: 1, description: 'multiplies the score (negative: penalise the pattern)' },
    },
  },
  check: (params: RegexParams): CheckProblem[] => {
    try {
      new RegExp(params.pattern, params.flags);
      return [];
    } catch (error) {
      return [{ key: 'pattern', message: `not a valid regular expression: ${(error as Error).message}` }];
    }
  },
  create: (params: RegexParams): Reward => {
    const pattern = new RegExp(params.pattern, `${params.flags}g`);
    const scoreOf = (text: string) => {
      const matches = text.match(pattern)?.length ?? 0;
      return params.weight * (params.mode === 'match' ? Math.min(matches, 1) : matches);
    };
    return { score: async (texts) => texts.map(scoreOf) };
  },
});
