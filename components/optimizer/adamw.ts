// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), only on matrices.
import { defineComponent, type Optimizer } from '../../framework/registry/index.js';
import { nativeAdamW, tf } from '../../framework/engine/index.js';
import { AdamMoments, adamParamsSchema, type AdamSettings } from './adam-core.js';
import { eachGradient } from './gradients.js';

export default defineComponent({
  kind: 'optimizer',
  type: 'adamw',
  summary: 'Adam with decoupled weight decay (none on biases, LayerNorms, embeddings)',
  params: {
    ...adamParamsSchema,
    properties: { ...adamParamsSchema.properties, weight_decay: { type: 'number', minimum: 0, default: 0.01 } },
  },
  create: (settings: AdamSettings): Optimizer => {
    const moments = new AdamMoments(settings);
    return {
      step(params, grads, lr) {
        const [beta1, beta2] = settings.betas;
        tf.tidy(() =>
          eachGradient(params, grads, (param, grad) => {
            const decay = param.decay ? settings.weight_decay : 0;
            const { m, v, step } = moments.state(param);
            if (nativeAdamW(param.variable, grad, m, v, { lr, beta1, beta2, eps: settings.eps, decay, step })) return;
            const direction = moments.direction(param, grad);
            // Decay shrinks the weight itself, independent of the gradient's scale.
            const decayed = decay > 0 ? tf.mul(param.variable, 1 - lr * decay) : param.variable;
            param.variable.assign(tf.sub(decayed, tf.mul(direction, lr)));
          }),
        );
        moments.advance();
      },
      dispose: () => moments.dispose(),
    };
  },
});
