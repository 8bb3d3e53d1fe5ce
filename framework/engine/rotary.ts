// Rotary position embeddings (RoPE, Su et al. 2021): queries and keys rotated by an angle that
// grows with the position, so that their dot product depends on the distance between tokens.
import { tf } from './tf.js';

const tables = new Map<string, { cos: tf.Tensor2D; sin: tf.Tensor2D }>();

/** (T, hs) cos and sin of position × frequency, each frequency used for both halves (kept for the process). */
function rotaryTables(time: number, headSize: number, base: number): { cos: tf.Tensor2D; sin: tf.Tensor2D } {
  const key = `${tf.getBackend()}:${time}:${headSize}:${base}`;
  const cached = tables.get(key);
  if (cached !== undefined && !cached.cos.isDisposed) return cached;
  const half = headSize / 2;
  const cos = new Float32Array(time * headSize);
  const sin = new Float32Array(time * headSize);
  for (let t = 0; t < time; t++) {
    for (let i = 0; i < half; i++) {
      const angle = t * base ** ((-2 * i) / headSize);
      for (const column of [i, i + half]) {
        cos[t * headSize + column] = Math.cos(angle);
        sin[t * headSize + column] = Math.sin(angle);
      }
    }
  }
  const made = { cos: tf.keep(tf.tensor2d(cos, [time, headSize])), sin: tf.keep(tf.tensor2d(sin, [time, headSize])) };
  tables.set(key, made);
  return made;
}

/**
 * x (N, T, hs), hs even -> x rotated: the first and second halves of each head form the pairs
 * (x₁, x₂) -> (x₁ cos − x₂ sin, x₂ cos + x₁ sin), the "rotate half" layout of GPT-NeoX and LLaMA.
 */
export function applyRotary(x: tf.Tensor3D, base = 10000): tf.Tensor3D {
  const [, time, headSize] = x.shape;
  const { cos, sin } = rotaryTables(time, headSize, base);
  return tf.tidy(() => {
    const [first, second] = tf.split(x, 2, 2) as [tf.Tensor3D, tf.Tensor3D]; // each (N, T, hs/2)
    const rotated = tf.concat([tf.neg(second), first], 2); // (N, T, hs)
    return tf.add(tf.mul(x, cos), tf.mul(rotated, sin)) as tf.Tensor3D;
  });
}
