// Direct Preference Optimization (Rafailov et al. 2023): make the policy prefer each pair's chosen
// completion over its rejected one more than the frozen reference (the init_from model) does.
import { disposePairTensors, logSigmoid, pairTensors, sequenceLogProbs, tf, type PairTensors } from '../../framework/engine/index.js';
import {
  ComponentInputError,
  defineComponent,
  type CheckProblem,
  type LanguageModel,
  type Objective,
  type ObjectiveContext,
  type PreferencePair,
  type PreferenceSource,
} from '../../framework/registry/index.js';
import { MetricMeans } from './metric-means.js';
import { sampleStats, type SampleSettings } from './sample-stats.js';

interface DpoParams {
  beta: number;
  pretrain_weight: number;
  max_val_rise: number;
  eval_samples: number;
  eval_tokens: number;
}

/** TRL's names: the implicit rewards β·log(π/π_ref) of each side, their margin and how often it is positive. */
/** Reward lost per unit of val-loss rise beyond max_val_rise: 0.01 too much costs a whole lexicon word. */
const TAX_PENALTY = 100;

const STEP_METRICS = ['rewards/chosen', 'rewards/rejected', 'rewards/margins', 'rewards/accuracies'] as const;

class DirectPreferenceOptimization implements Objective {
  private batch: PairTensors | undefined;
  /** Reference log-probs of the current batch's 2P sequences, computed once, without gradients. */
  private referenceLogProbs: tf.Tensor1D | undefined;
  /** Reference log-probs of pairs that come back (a file's), by pair key: computed once per pair. */
  private readonly cached = new Map<string, [number, number]>();
  private readonly means = new MetricMeans(STEP_METRICS);
  private referenceValLoss: number | undefined;

  constructor(
    private readonly params: DpoParams,
    private readonly ctx: ObjectiveContext,
    private readonly preferences: PreferenceSource,
    private readonly reference: LanguageModel,
  ) {}

  async prepare(_step: number, policy: LanguageModel): Promise<void> {
    this.release();
    const pairs = await this.preferences.next(policy);
    if (pairs.length === 0) return; // every sample scored the same: nothing to prefer this step
    this.batch = pairTensors(pairs, this.ctx.blockSize);
    this.referenceLogProbs = await this.referenceOf(pairs, this.batch);
  }

  loss(policy: LanguageModel, training: boolean): tf.Scalar {
    const { batch, referenceLogProbs } = this;
    // No pair this step: a zero loss that still reaches the weights, so the step changes nothing.
    if (batch === undefined || referenceLogProbs === undefined) return tf.mul(tf.sum(policy.forward(tf.zeros([1, 1], 'int32'), training)), 0) as tf.Scalar;
    const pairs = batch.pairs;
    const policyLogProbs = sequenceLogProbs(policy.forward(batch.x, training), batch.y, batch.completionMask); // (2P)
    const ratios = tf.sub(policyLogProbs, referenceLogProbs); // log π/π_ref, (2P)
    const chosen = tf.mul(ratios.slice(0, pairs), this.params.beta); // (P)
    const rejected = tf.mul(ratios.slice(pairs, pairs), this.params.beta);
    const margins = tf.sub(chosen, rejected);
    this.means.add(tf.stack([tf.mean(chosen), tf.mean(rejected), tf.mean(margins), tf.mean(tf.cast(tf.greater(margins, 0), 'float32'))]) as tf.Tensor1D);
    const preference = tf.neg(tf.mean(logSigmoid(margins))) as tf.Scalar;
    if (this.params.pretrain_weight === 0) return preference;
    // Keeps the policy a model of the text while it learns the preference (the alignment tax).
    return tf.add(preference, tf.mul(this.ctx.nextTokenLoss(policy, training), this.params.pretrain_weight)) as tf.Scalar;
  }

  logged(): Promise<Record<string, number>> {
    return this.means.read();
  }

  /**
   * reward/mean, reward/std and policy/kl on samples; val/loss_rise, the alignment tax (policy minus
   * reference on the same validation windows); and reward/within_tax, what a sweep maximises: the
   * mean reward, less TAX_PENALTY per unit of val-loss rise beyond max_val_rise (finite, so that a
   * sweep still ranks the trials that overshoot, by how far).
   */
  async evaluate(policy: LanguageModel): Promise<Record<string, number>> {
    const settings: SampleSettings = { samples: this.params.eval_samples, tokens: this.params.eval_tokens, temperature: 1 };
    const metrics = settings.samples === 0 ? {} : await sampleStats(policy, this.ctx, settings);
    this.referenceValLoss ??= await this.ctx.fixedValLoss(this.reference);
    const rise = (await this.ctx.fixedValLoss(policy)) - this.referenceValLoss;
    const tax: Record<string, number> = { 'val/loss_rise': rise };
    if (metrics['reward/mean'] !== undefined) tax['reward/within_tax'] = metrics['reward/mean'] - TAX_PENALTY * Math.max(0, rise - this.params.max_val_rise);
    return { ...metrics, ...tax };
  }

  dispose(): void {
    this.release();
    this.means.dispose();
  }

  private release(): void {
    disposePairTensors(this.batch);
    this.referenceLogProbs?.dispose();
    this.batch = undefined;
    this.referenceLogProbs = undefined;
  }

  private async referenceOf(pairs: readonly PreferencePair[], batch: PairTensors): Promise<tf.Tensor1D> {
    const known = pairs.map((p) => (p.key === undefined ? undefined : this.cached.get(p.key)));
    if (known.every((k) => k !== undefined)) {
      return tf.tensor1d([...known.map((k) => k[0]), ...known.map((k) => k[1])]);
    }
    const computed = tf.tidy(() => sequenceLogProbs(this.reference.forward(batch.x, false), batch.y, batch.completionMask));
    const values = await computed.data();
    pairs.forEach((p, i) => {
      if (p.key !== undefined) this.cached.set(p.key, [values[i]!, values[pairs.length + i]!]);
    });
    return computed;
  }
}

export default defineComponent({
  kind: 'objective',
  type: 'dpo',
  summary: 'Direct Preference Optimization against the frozen init_from model (needs preferences)',
  params: {
    type: 'object',
    properties: {
      beta: { type: 'number', exclusiveMinimum: 0, default: 0.1, description: 'how far the policy may move from the reference: larger keeps it closer' },
      pretrain_weight: {
        type: 'number',
        minimum: 0,
        default: 0,
        description: 'adds this × the next-token loss on a training batch to each step (InstructGPT\'s "PPO-ptx" idea): less val-loss rise; train/loss then includes it',
      },
      max_val_rise: {
        type: 'number',
        minimum: 0,
        default: 0.1,
        description: 'the val-loss rise (over the reference, same windows) within which reward/within_tax is reward/mean; beyond it, 100 is taken off per unit of excess',
      },
      eval_samples: { type: 'integer', minimum: 0, default: 16, description: 'samples per evaluation for reward/mean, reward/std and policy/kl (0: none)' },
      eval_tokens: { type: 'integer', minimum: 1, default: 64, description: 'tokens per evaluation sample' },
    },
  },
  check: (_params: DpoParams, ctx): CheckProblem[] => {
    const keys = ctx.configKeys ?? [];
    const problems: CheckProblem[] = [];
    if (!keys.includes('init_from')) problems.push({ message: 'dpo needs init_from: the reference it compares the policy with is the model the run starts from' });
    if (!keys.includes('preferences')) problems.push({ message: 'dpo needs preferences: (jsonl or self-play) to learn from' });
    return problems;
  },
  create: (params: DpoParams, ctx): Objective => {
    if (ctx.preferences === undefined) throw new ComponentInputError('objective dpo needs preferences: (jsonl or self-play)');
    if (ctx.reference === undefined) throw new ComponentInputError('objective dpo needs init_from: its reference is the model the run starts from');
    return new DirectPreferenceOptimization(params, ctx, ctx.preferences, ctx.reference);
  },
});
