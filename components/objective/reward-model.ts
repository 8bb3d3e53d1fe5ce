// A reward model: the language model plus a scalar head, trained on preference pairs with the
// Bradley–Terry loss −log σ(r(chosen) − r(rejected)) (InstructGPT's reward-model stage).
import { disposePairTensors, logSigmoid, pairTensors, tf, type PairTensors } from '../../framework/engine/index.js';
import {
  ComponentInputError,
  defineComponent,
  type CheckProblem,
  type LanguageModel,
  type Objective,
  type ObjectiveContext,
  type PreferenceSource,
} from '../../framework/registry/index.js';
import { MetricMeans } from './metric-means.js';
import { REWARD_HEAD_BIAS, REWARD_HEAD_WEIGHT, scoreText } from './reward-head.js';

const STEP_METRICS = ['rewards/chosen', 'rewards/rejected', 'rewards/margins', 'rewards/accuracies'] as const;

class RewardModelObjective implements Objective {
  private batch: PairTensors | undefined;
  private readonly means = new MetricMeans(STEP_METRICS);
  private readonly head: { weight: tf.Variable; bias: tf.Variable };

  constructor(
    private readonly ctx: ObjectiveContext,
    private readonly preferences: PreferenceSource,
  ) {
    // The head reads the logits (the model contract exposes logits only): (V) -> 1 per position, averaged over the text.
    this.head = {
      weight: ctx.params.normal(REWARD_HEAD_WEIGHT, [ctx.tokenizer.vocabSize, 1], 0.02, { decay: true }),
      bias: ctx.params.zeros(REWARD_HEAD_BIAS, [1]),
    };
  }

  async prepare(_step: number, policy: LanguageModel): Promise<void> {
    disposePairTensors(this.batch);
    this.batch = undefined;
    const pairs = await this.preferences.next(policy);
    if (pairs.length > 0) this.batch = pairTensors(pairs, this.ctx.blockSize);
  }

  loss(policy: LanguageModel, training: boolean): tf.Scalar {
    const batch = this.batch;
    if (batch === undefined) return tf.mul(tf.sum(this.head.bias), 0) as tf.Scalar;
    const scores = scoreText(policy.forward(batch.x, training), batch.meanMask, this.head); // (2P)
    const chosen = scores.slice(0, batch.pairs);
    const rejected = scores.slice(batch.pairs, batch.pairs);
    const margins = tf.sub(chosen, rejected);
    this.means.add(tf.stack([tf.mean(chosen), tf.mean(rejected), tf.mean(margins), tf.mean(tf.cast(tf.greater(margins, 0), 'float32'))]) as tf.Tensor1D);
    return tf.neg(tf.mean(logSigmoid(margins))) as tf.Scalar;
  }

  logged(): Promise<Record<string, number>> {
    return this.means.read();
  }

  /** eval/accuracy: how often the learned reward ranks the held-out pairs as their labels do. */
  async evaluate(policy: LanguageModel): Promise<Record<string, number>> {
    const heldOut = this.preferences.heldOut?.() ?? [];
    if (heldOut.length === 0) return {};
    const batch = pairTensors(heldOut, this.ctx.blockSize);
    try {
      const agree = tf.tidy(() => {
        const scores = scoreText(policy.forward(batch.x, false), batch.meanMask, this.head);
        return tf.mean(tf.cast(tf.greater(scores.slice(0, batch.pairs), scores.slice(batch.pairs, batch.pairs)), 'float32'));
      });
      const accuracy = (await agree.data())[0]!;
      agree.dispose();
      return { 'eval/accuracy': accuracy };
    } finally {
      disposePairTensors(batch);
    }
  }

  dispose(): void {
    disposePairTensors(this.batch);
    this.means.dispose();
  }
}

export default defineComponent({
  kind: 'objective',
  type: 'reward-model',
  summary: 'a scalar reward head on the model, trained on preference pairs (Bradley–Terry); use the run as reward: { type: model }',
  params: { type: 'object', properties: {} },
  check: (_params: object, ctx): CheckProblem[] =>
    (ctx.configKeys ?? []).includes('preferences') ? [] : [{ message: 'reward-model needs preferences: (a jsonl file of labelled pairs) to learn from' }],
  create: (_params: object, ctx): Objective => {
    if (ctx.preferences === undefined) throw new ComponentInputError('objective reward-model needs preferences: (a jsonl file of pairs)');
    return new RewardModelObjective(ctx, ctx.preferences);
  },
});
