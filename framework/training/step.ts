// One optimizer step: forward, backward, global-norm clipping, update. Nothing is read back.
import type { ParameterStore } from '../engine/parameters.js';
import { tf } from '../engine/tf.js';
import type { Optimizer } from '../registry/contracts.js';
import { clipByGlobalNorm, globalNorm } from './clip.js';

/** A step's loss and pre-clip gradient norm, still on the device: reading them is what costs on a GPU. */
export interface StepTensors {
  loss: tf.Scalar;
  gradNorm: tf.Scalar;
}

export interface StepParts {
  parameters: ParameterStore;
  optimizer: Optimizer;
  /** The loss to minimise (the objective's), built inside the step's tidy and gradient scope. */
  loss: () => tf.Scalar;
  /** Clip gradients to this global norm; 0 leaves them. */
  gradClip: number;
}

export function optimizerStep({ parameters, optimizer, loss: objectiveLoss, gradClip }: StepParts, lr: number): StepTensors {
  const params = parameters.all;
  const [loss, gradNorm] = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(objectiveLoss, params.map((p) => p.variable));
    const byParam: Record<string, tf.Tensor> = {};
    for (const p of params) {
      const grad = grads[p.variable.name];
      if (grad !== undefined) byParam[p.name] = grad;
    }
    const norm = globalNorm(Object.values(byParam));
    // An optimizer that scales the gradients as it updates (the webgpu AdamW) saves a pass over them.
    const clippedItself = gradClip > 0 && optimizer.stepClipped?.(params, byParam, lr, { norm, maxNorm: gradClip }) === true;
    if (!clippedItself) optimizer.step(params, clipByGlobalNorm(byParam, norm, gradClip), lr);
    return [value, norm];
  });
  return { loss: loss as tf.Scalar, gradNorm: gradNorm as tf.Scalar };
}
