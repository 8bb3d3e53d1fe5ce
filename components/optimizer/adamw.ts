// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), only on matrices.
import { defineComponent, type Optimizer } from '../../framework/registry/index.js';
import { nativeAdamW, tf } from '../../framework/engine/index.js';
import { AdamMoments, adamParamsSchema, type AdamSettings } from './adam-core.js';

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
        tf.tidy(() => {
          for (const param of params) {
            const grad = grads[param.name];
            if (grad === undefined) continue;
            const decay = param.decay ? settings.weight_decay : 0;
            const { m, v, step } = moments.state(param);
            const [beta1, beta2] = settings.betas;
            if (nativeAdamW(param.variable, grad, m, v, { lr, beta1, beta2, eps: settings.eps, decay, step })) continue;
            const direction = moments.direction(param, grad);
            // Decay shrinks the weight itself, independent of the gradient's scale.
            const decayed = param.decay && settings.weight_decay > 0 ? tf.mul(param.variable, 1 - lr * settings.weight_decay) : param.variable;
            param.variable.assign(tf.sub(decayed, tf.mul(direction, lr)));
          }
        });
        moments.advance();
      },
      dispose: () => moments.dispose(),
    };
  },
});
