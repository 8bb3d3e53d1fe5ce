// Adam; weight decay, when set, is the classic L2 term added to the gradient.
import { defineComponent, type Optimizer } from '../../framework/registry/index.js';
import { tf } from '../../framework/engine/index.js';
import { AdamMoments, adamParamsSchema, type AdamSettings } from './adam-core.js';

export default defineComponent({
  kind: 'optimizer',
  type: 'adam',
  summary: 'Adam (weight decay as an L2 gradient term, on matrices only)',
  params: adamParamsSchema,
  create: (settings: AdamSettings): Optimizer => {
    const moments = new AdamMoments(settings);
    return {
      step(params, grads, lr) {
        tf.tidy(() => {
          for (const param of params) {
            let grad = grads[param.name];
            if (grad === undefined) continue;
            if (param.decay && settings.weight_decay > 0) grad = tf.add(grad, tf.mul(param.variable, settings.weight_decay));
            param.variable.assign(tf.sub(param.variable, tf.mul(moments.direction(param, grad), lr)));
          }
        });
        moments.advance();
      },
      dispose: () => moments.dispose(),
    };
  },
});
