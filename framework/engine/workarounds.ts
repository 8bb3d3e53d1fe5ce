// Work-arounds for measured weaknesses of tfjs backends (see docs/engine.md).
import { tf } from './tf.js';

/** Swaps the last two axes: (…, m, n) -> (…, n, m). */
export function swapLastAxes<T extends tf.Tensor>(x: T): T {
  const perm = x.shape.map((_, axis) => axis);
  const last = perm.length - 1;
  [perm[last - 1], perm[last]] = [perm[last]!, perm[last - 1]!];
  return tf.transpose(x, perm);
}

/**
 * matMul whose transposes are explicit copies where the backend's transposed
 * kernels are slow: wasm's BatchMatMul with transposeA/B runs 10-15x slower
 * than a transpose followed by a plain product.
 */
export function matMulExplicit(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  if (tf.getBackend() !== 'wasm') return tf.matMul(a, b, transposeA, transposeB);
  return tf.matMul(transposeA ? swapLastAxes(a) : a, transposeB ? swapLastAxes(b) : b);
}

let installed = false;

/**
 * Replaces the BatchMatMul gradient (which uses transposed products) with one built on
 * matMulExplicit. tfjs keeps gradients in one global registry, so this is installed once
 * and decides per call by the active backend.
 */
export function installMatMulGradient(): void {
  if (installed) return;
  installed = true;
  const warn = console.warn;
  // tfjs warns when a gradient is registered twice; here that is the point.
  console.warn = () => {};
  try {
    tf.registerGradient({
      kernelName: 'BatchMatMul',
      inputsToSave: ['a', 'b'],
      gradFunc: (dy, saved, attrs) => {
        const [a, b] = saved as [tf.Tensor, tf.Tensor];
        const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
        const dyT = Array.isArray(dy) ? dy[0]! : dy;
        if (!transposeA && !transposeB) {
          return { a: () => matMulExplicit(dyT, b, false, true), b: () => matMulExplicit(a, dyT, true, false) };
        }
        if (!transposeA && transposeB) {
          return { a: () => matMulExplicit(dyT, b, false, false), b: () => matMulExplicit(dyT, a, true, false) };
        }
        if (transposeA && !transposeB) {
          return { a: () => matMulExplicit(b, dyT, false, true), b: () => matMulExplicit(a, dyT, false, false) };
        }
        return { a: () => matMulExplicit(b, dyT, true, true), b: () => matMulExplicit(dyT, a, true, true) };
      },
    });
  } finally {
    console.warn = warn;
  }
}
