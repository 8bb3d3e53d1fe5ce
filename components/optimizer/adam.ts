// Adam; weight decay, when set, is the classic L2 term added to the gradient.
import { defineComponent, type Optimizer } from '../../framework/registry/index.js';
import { tf } from '../../framework/engine/index.js';
import { AdamMoments, adamParamsSchema, type AdamSettings } from './adam-core.js';
import { eachGradient, withL2 } from './gradients.js';

export default defineComponent({
  kind: 'optimizer',
  type: 'adam',
  summary: 'Adam (weight decay as an L2 gradient term, on matrices only)',
  params: adamParamsSchema,
  create: (settings: AdamSettings): Optimizer => {
    const moments = new AdamMoments(settings);
    return {
      step(params, grads, lr) {
        tf.tidy(() =>
          eachGradient(params, grads, (param, grad) => {
            const direction = moments.direction(param, withL2(param, grad, settings.weight_decay));
            param.variable.assign(tf.sub(param.variable, tf.mul(direction, lr)));
          }),
        );
        moments.advance();
      },
      saveState: () => moments.saveState(),
      loadState: (state) => moments.loadState(state),
      dispose: () => moments.dispose(),
    };
  },
});
