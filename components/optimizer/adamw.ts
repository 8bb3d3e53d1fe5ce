// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), only on matrices.
import { defineComponent, type Optimizer, type Parameter } from '../../framework/registry/index.js';
import { nativeAdamW, tf, webGpuAdamW, type AdamWStep, type AdamWUpdate } from '../../framework/engine/index.js';
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
    const [beta1, beta2] = settings.betas;
    const decayOf = (param: Parameter) => (param.decay ? settings.weight_decay : 0);
    const updatesOf = (params: readonly Parameter[], grads: Readonly<Record<string, tf.Tensor>>) => {
      const updates: AdamWUpdate[] = [];
      eachGradient(params, grads, (param, grad) => updates.push({ param: param.variable, grad, ...moments.state(param), decay: decayOf(param) }));
      return updates;
    };
    const stepAt = (lr: number): AdamWStep => ({ lr, beta1, beta2, eps: settings.eps, step: moments.nextStep });
    return {
      step(params, grads, lr) {
        const [updates, step] = [updatesOf(params, grads), stepAt(lr)];
        // In place on the native engine or the GPU; composed ops elsewhere.
        if (!nativeAdamW(updates, step) && !webGpuAdamW(updates, step)) {
          tf.tidy(() =>
            eachGradient(params, grads, (param, grad) => {
              const direction = moments.direction(param, grad);
              // Decay shrinks the weight itself, independent of the gradient's scale.
              const decay = decayOf(param);
              const decayed = decay > 0 ? tf.mul(param.variable, 1 - lr * decay) : param.variable;
              param.variable.assign(tf.sub(decayed, tf.mul(direction, lr)));
            }),
          );
        }
        moments.advance();
      },
      // Only the GPU kernel gains from scaling the gradients as it loads them: elsewhere the
      // trainer's clipping is as cheap (and the native engine's is in place).
      stepClipped(params, grads, lr, clip) {
        if (!webGpuAdamW(updatesOf(params, grads), stepAt(lr), clip)) return false;
        moments.advance();
        return true;
      },
      saveState: () => moments.saveState(),
      loadState: (state) => moments.loadState(state),
      dispose: () => moments.dispose(),
    };
  },
});
