// Online (iterative) DPO's pairs: each step, K completions per prompt from the current policy,
// scored by the run's reward; the best and the worst of each prompt make a pair.
import { ComponentInputError, defineComponent, type CheckProblem, type PreferencePair, type PreferenceSource, type PreferencesContext, type LanguageModel } from '../../framework/registry/index.js';

interface SelfPlayParams {
  prompts: number;
  completions: number;
  prompt_tokens: number;
  tokens: number;
  temperature: number;
  max_rounds: number;
}

class SelfPlay implements PreferenceSource {
  constructor(
    private readonly params: SelfPlayParams,
    private readonly ctx: PreferencesContext,
  ) {}

  /** Plays rounds until one gives a pair (every sample scoring the same gives none), at most max_rounds. */
  async next(policy: LanguageModel): Promise<PreferencePair[]> {
    for (let round = 1; ; round++) {
      const pairs = await this.round(policy);
      if (pairs.length > 0 || round >= this.params.max_rounds) return pairs;
    }
  }

  private async round(policy: LanguageModel): Promise<PreferencePair[]> {
    const { params, ctx } = this;
    const reward = ctx.reward!;
    // Prompts are windows of the training text; all draws come from the run's component generator,
    // which checkpoints store, so a resumed run plays the same games.
    const starts = ctx.trainTokens.length - params.prompt_tokens;
    const prompts = Array.from({ length: params.prompts }, () => {
      const start = ctx.rng.int(starts);
      return Array.from(ctx.trainTokens.subarray(start, start + params.prompt_tokens));
    });
    const repeated = prompts.flatMap((prompt) => Array.from({ length: params.completions }, () => prompt));
    const completions = await ctx.generate(policy, repeated, { tokens: params.tokens, temperature: params.temperature }, ctx.rng);
    const scores = await reward.score(completions.map((ids) => ctx.tokenizer.decode(ids)));
    const pairs: PreferencePair[] = [];
    prompts.forEach((prompt, p) => {
      const group = Array.from({ length: params.completions }, (_, k) => p * params.completions + k);
      const best = group.reduce((a, b) => (scores[b]! > scores[a]! ? b : a));
      const worst = group.reduce((a, b) => (scores[b]! < scores[a]! ? b : a));
      if (scores[best]! > scores[worst]!) pairs.push({ prompt, chosen: completions[best]!, rejected: completions[worst]! });
    });
    return pairs;
  }
}

export default defineComponent({
  kind: 'preferences',
  type: 'self-play',
  summary: "each step, K samples per prompt from the policy, ranked by the run's reward: best vs worst (online DPO)",
  params: {
    type: 'object',
    properties: {
      prompts: { type: 'integer', minimum: 1, default: 8, description: 'prompts per step, drawn from the training text' },
      completions: { type: 'integer', minimum: 2, default: 4, description: 'K: samples per prompt' },
      prompt_tokens: { type: 'integer', minimum: 1, default: 16, description: 'length of each prompt' },
      tokens: { type: 'integer', minimum: 1, default: 48, description: 'length of each sample' },
      temperature: { type: 'number', exclusiveMinimum: 0, default: 1, description: 'sampling temperature' },
      max_rounds: { type: 'integer', minimum: 1, default: 3, description: 'when no prompt of a round gives a pair (all K samples score the same), play again, up to this many rounds a step' },
    },
  },
  check: (_params: SelfPlayParams, ctx): CheckProblem[] =>
    (ctx.configKeys ?? []).includes('reward') ? [] : [{ message: 'self-play needs reward: to rank its samples (e.g. reward: { type: lexicon })' }],
  create: (params: SelfPlayParams, ctx): PreferenceSource => {
    if (ctx.reward === undefined) throw new ComponentInputError('preferences self-play needs reward: to rank its samples');
    if (ctx.trainTokens.length <= params.prompt_tokens) throw new ComponentInputError(`self-play: the training text is shorter than prompt_tokens (${params.prompt_tokens})`);
    return new SelfPlay(params, ctx);
  },
});
