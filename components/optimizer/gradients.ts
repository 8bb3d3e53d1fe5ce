// The per-parameter loop every optimizer shares, and the classic L2 weight-decay term.
import type { Parameter } from '../../framework/registry/index.js';
import { tf } from '../../framework/engine/index.js';

/** Calls update(param, grad) for each parameter that received a gradient. */
export function eachGradient(
  params: readonly Parameter[],
  grads: Readonly<Record<string, tf.Tensor>>,
  update: (param: Parameter, grad: tf.Tensor) => void,
): void {
  for (const param of params) {
    const grad = grads[param.name];
    if (grad !== undefined) update(param, grad);
  }
}

/** grad + weightDecay * weight for parameters that decay (coupled, L2 style); grad otherwise. */
export function withL2(param: Parameter, grad: tf.Tensor, weightDecay: number): tf.Tensor {
  return param.decay && weightDecay > 0 ? tf.add(grad, tf.mul(param.variable, weightDecay)) : grad;
}
