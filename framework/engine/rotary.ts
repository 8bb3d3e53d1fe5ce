// Rotary position embeddings (RoPE, Su et al. 2021): queries and keys rotated by an angle that
// grows with the position, so that their dot product depends on the distance between tokens.
import { matMul } from './ops.js';
import { tf } from './tf.js';

interface RotaryTables {
  cos: tf.Tensor2D; // (T, C)
  sin: tf.Tensor2D; // (T, C)
  /** (C, C), block-diagonal by head: x @ rotateHalf is each head's (x₁, x₂) -> (-x₂, x₁). */
  rotateHalf: tf.Tensor2D;
}

const tables = new Map<string, RotaryTables>();

/** The constant tables for T positions and heads of headSize side by side over width C (kept for the process). */
function rotaryTables(time: number, width: number, headSize: number, base: number): RotaryTables {
  const key = `${tf.getBackend()}:${time}:${width}:${headSize}:${base}`;
  const cached = tables.get(key);
  if (cached !== undefined && !cached.cos.isDisposed) return cached;
  const half = headSize / 2;
  const cos = new Float32Array(time * width);
  const sin = new Float32Array(time * width);
  for (let t = 0; t < time; t++) {
    for (let c = 0; c < width; c++) {
      // Channel i and i + hs/2 of a head share frequency base^(-2i/hs).
      const angle = t * base ** ((-2 * ((c % headSize) % half)) / headSize);
      cos[t * width + c] = Math.cos(angle);
      sin[t * width + c] = Math.sin(angle);
    }
  }
  const rotate = new Float32Array(width * width);
  for (let head = 0; head < width; head += headSize) {
    for (let i = 0; i < half; i++) {
      rotate[(head + half + i) * width + head + i] = -1; // out[i] = -x[i + hs/2]
      rotate[(head + i) * width + head + half + i] = 1; // out[i + hs/2] = x[i]
    }
  }
  const made = {
    cos: tf.keep(tf.tensor2d(cos, [time, width])),
    sin: tf.keep(tf.tensor2d(sin, [time, width])),
    rotateHalf: tf.keep(tf.tensor2d(rotate, [width, width])),
  };
  tables.set(key, made);
  return made;
}

/**
 * x (B, T, C) holding heads of `headSize` (even) side by side -> each head rotated: its first and
 * second halves form the pairs (x₁, x₂) -> (x₁ cos − x₂ sin, x₂ cos + x₁ sin), the "rotate half"
 * layout of GPT-NeoX and LLaMA. Works on the projection's layout, so no heads are split out.
 */
export function applyRotary(x: tf.Tensor3D, headSize: number, base = 10000): tf.Tensor3D {
  const [batch, time, width] = x.shape;
  const { cos, sin, rotateHalf } = rotaryTables(time, width, headSize, base);
  return tf.tidy(() => {
    // A matrix product swaps and negates the halves in one kernel (a split, neg and concat cost three, forward and back).
    const rotated = matMul(x.reshape([batch * time, width]), rotateHalf).reshape([batch, time, width]);
    return tf.add(tf.mul(x, cos), tf.mul(rotated, sin)) as tf.Tensor3D;
  });
}
