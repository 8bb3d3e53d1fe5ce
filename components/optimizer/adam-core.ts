// The Adam moment update shared by adam and adamw; they differ only in how weight decay enters.
import type { OptimizerState, Parameter } from '../../framework/registry/index.js';
import { tf } from '../../framework/engine/index.js';
import { ownedVariable } from './owned-variable.js';

export interface AdamSettings {
  lr: number;
  betas: [number, number];
  eps: number;
  weight_decay: number;
}

export const adamParamsSchema = {
  type: 'object',
  required: ['lr'],
  properties: {
    lr: { type: 'number', exclusiveMinimum: 0, description: 'peak learning rate (the schedule scales it)' },
    betas: {
      type: 'array',
      items: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
      minItems: 2,
      maxItems: 2,
      default: [0.9, 0.999],
      description: 'decay rates of the first and second moment estimates',
    },
    eps: { type: 'number', exclusiveMinimum: 0, default: 1e-8 },
    weight_decay: { type: 'number', minimum: 0, default: 0 },
  },
} as const;

/** Per-parameter Adam state: first and second moments, created lazily. */
export class AdamMoments {
  private readonly first = new Map<string, tf.Variable>();
  private readonly second = new Map<string, tf.Variable>();
  private steps = 0;

  constructor(private readonly settings: AdamSettings) {}

  /**
   * Advances the moments with `grad` (already including any L2 term) and returns the
   * bias-corrected update direction m̂ / (√v̂ + eps) for `param`.
   */
  direction(param: Parameter, grad: tf.Tensor): tf.Tensor {
    const [beta1, beta2] = this.settings.betas;
    const m = this.moment(this.first, param);
    const v = this.moment(this.second, param);
    m.assign(tf.add(tf.mul(m, beta1), tf.mul(grad, 1 - beta1)));
    v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(grad), 1 - beta2)));
    const t = this.steps + 1;
    const mHat = tf.div(m, 1 - beta1 ** t);
    const vHat = tf.div(v, 1 - beta2 ** t);
    return tf.div(mHat, tf.add(tf.sqrt(vHat), this.settings.eps));
  }

  /** Call once per optimizer step, after every parameter's direction. */
  advance(): void {
    this.steps++;
  }

  dispose(): void {
    for (const v of [...this.first.values(), ...this.second.values()]) v.dispose();
    this.first.clear();
    this.second.clear();
  }

  /** Both moments of `param`. */
  state(param: Parameter): { m: tf.Variable; v: tf.Variable } {
    return { m: this.moment(this.first, param), v: this.moment(this.second, param) };
  }

  /** The moments under PyTorch's names for them, and the step count (for checkpoints). */
  saveState(): OptimizerState {
    return { steps: this.steps, slots: { exp_avg: Object.fromEntries(this.first), exp_avg_sq: Object.fromEntries(this.second) } };
  }

  /** Replaces the moments and step count with copies of a saved state's. */
  loadState(state: OptimizerState): void {
    this.dispose();
    this.steps = state.steps;
    for (const [slot, store] of [['exp_avg', this.first], ['exp_avg_sq', this.second]] as const) {
      for (const [name, saved] of Object.entries(state.slots[slot] ?? {})) store.set(name, ownedVariable(saved));
    }
  }

  /** The 1-based number of the step being taken. */
  get nextStep(): number {
    return this.steps + 1;
  }

  private moment(store: Map<string, tf.Variable>, param: Parameter): tf.Variable {
    let moment = store.get(param.name);
    if (moment === undefined) {
      const zeros = tf.zerosLike(param.variable);
      moment = tf.variable(zeros, false);
      zeros.dispose(); // the variable then owns its buffer alone, so the native AdamW may update it in place
      store.set(param.name, moment);
    }
    return moment;
  }
}
