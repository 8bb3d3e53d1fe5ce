// Shapes every component must keep, checked where the model is built: a layer that returns the
// wrong shape is named with both shapes there, not found by a broadcast error deep in a step.
import { tf } from '../engine/tf.js';
import type { LanguageModel, Layer } from '../registry/contracts.js';
import { ComponentInputError } from '../registry/errors.js';

const shown = (shape: readonly number[]): string => `(${shape.join(', ')})`;

/** `layer`, whose apply must give back its input's (B, T, C); `name` says which component it is. */
export function shapeCheckedLayer(layer: Layer, name: string): Layer {
  return {
    apply(x, training) {
      const out = layer.apply(x, training);
      if (out.shape.length !== 3 || out.shape.some((size, axis) => size !== x.shape[axis])) {
        throw new ComponentInputError(`${name} returned shape ${shown(out.shape)} for an input of ${shown(x.shape)}; a layer must keep (B, T, C)`);
      }
      return out;
    },
  };
}

/**
 * One forward pass over a two-token batch, right after the model is built, so that a layer or a
 * model with the wrong output shape fails there, before the first step.
 */
export function probeModel(model: LanguageModel, vocabSize: number, name: string): void {
  const time = Math.min(2, model.blockSize);
  tf.tidy(() => {
    const logits = model.forward(tf.zeros([1, time], 'int32'), false);
    const expected = [1, time, vocabSize];
    if (logits.shape.length !== 3 || logits.shape.some((size, axis) => size !== expected[axis])) {
      throw new ComponentInputError(`${name} returned logits of shape ${shown(logits.shape)} for a batch of ${shown([1, time])}; expected ${shown(expected)} (B, T, vocabulary)`);
    }
  });
}
