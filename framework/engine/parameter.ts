// One trainable tensor as the optimizer sees it; the component API (registry/contracts.ts) re-exports it.
import type { tf } from './tf.js';

export interface Parameter {
  name: string;
  variable: tf.Variable;
  /** Whether weight decay applies (matrices yes; biases, norms and embeddings no). */
  decay: boolean;
}
