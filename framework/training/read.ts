// Reading scalars back from the device: in one transfer, and asynchronously (tfjs's WebGPU
// backend cannot read synchronously in Node, and a GPU read waits for every queued kernel).
import { tf } from '../engine/tf.js';

export async function readScalars(scalars: readonly tf.Scalar[]): Promise<number[]> {
  if (scalars.length === 0) return [];
  if (scalars.length === 1) return Array.from(await scalars[0]!.data());
  const stacked = tf.stack(scalars as tf.Scalar[]);
  try {
    return Array.from(await stacked.data());
  } finally {
    stacked.dispose();
  }
}
