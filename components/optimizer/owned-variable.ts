// Optimizer state restored from a checkpoint, in variables the optimizer may update in place.
import { tf } from '../../framework/engine/index.js';

/**
 * A variable over a buffer of its own holding `initial`'s values: the native AdamW updates only
 * moments that share their buffer with no other tensor in place (tf.clone would share it).
 */
export function ownedVariable(initial: tf.Tensor): tf.Variable {
  const copy = tf.tensor(initial.dataSync().slice(), initial.shape, initial.dtype);
  const variable = tf.variable(copy, false);
  copy.dispose();
  return variable;
}
