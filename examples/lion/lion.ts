// Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): the update is the
// sign of an interpolation of momentum and gradient, so every weight moves by exactly lr.
// It keeps one moment per weight (Adam keeps two) and wants a 3-10x smaller lr than AdamW.
import { defineComponent, tf, type Optimizer, type Parameter } from '@folio-lm/folio';

interface LionParams {
  lr: number;
  betas: [number, number];
  weight_decay: number;
}

class Lion implements Optimizer {
  private readonly moments = new Map<string, tf.Variable>();

  constructor(private readonly settings: LionParams) {}

  step(params: readonly Parameter[], grads: Readonly<Record<string, tf.Tensor>>, lr: number): void {
    const [beta1, beta2] = this.settings.betas;
    tf.tidy(() => {
      for (const param of params) {
        const grad = grads[param.name];
        if (grad === undefined) continue;
        const moment = this.momentOf(param);
        const direction = tf.sign(tf.add(tf.mul(moment, beta1), tf.mul(grad, 1 - beta1)));
        // Decoupled weight decay, as in AdamW, only where the parameter says so (matrices).
        const decay = param.decay && this.settings.weight_decay > 0 ? tf.mul(param.variable, this.settings.weight_decay) : tf.zerosLike(param.variable);
        param.variable.assign(tf.sub(param.variable, tf.mul(tf.add(direction, decay), lr)));
        moment.assign(tf.add(tf.mul(moment, beta2), tf.mul(grad, 1 - beta2)));
      }
    });
  }

  dispose(): void {
    for (const moment of this.moments.values()) moment.dispose();
    this.moments.clear();
  }

  private momentOf(param: Parameter): tf.Variable {
    let moment = this.moments.get(param.name);
    if (moment === undefined) {
      moment = tf.variable(tf.zerosLike(param.variable), false); // zerosLike is tidied, the variable is not
      this.moments.set(param.name, moment);
    }
    return moment;
  }
}

export default defineComponent({
  kind: 'optimizer',
  type: 'lion',
  summary: 'Lion: sign of interpolated momentum, decoupled weight decay',
  params: {
    type: 'object',
    required: ['lr'],
    properties: {
      lr: { type: 'number', exclusiveMinimum: 0, description: 'peak learning rate (3-10x below AdamW)' },
      betas: {
        type: 'array',
        items: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
        minItems: 2,
        maxItems: 2,
        default: [0.9, 0.99],
        description: 'interpolation for the update, decay of the momentum',
      },
      weight_decay: { type: 'number', minimum: 0, default: 0.1, description: 'decoupled, 3-10x above AdamW to match its strength' },
    },
  },
  create: (params: LionParams) => new Lion(params),
});
