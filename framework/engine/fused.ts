// Fused forms of hot ops (layer norm, GELU, cross-entropy, causal attention) for backends that
// register Folio's custom kernels (the native engine). Each pairs a forward kernel with its
// gradient kernel through tf.customGrad; ops.ts falls back to composed tfjs ops elsewhere.
import { tf } from './tf.js';

/** Whether the active backend has the custom kernel `name`. */
export function hasFusedKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

function run(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number> = {}): tf.Tensor[] {
  const out = tf.engine().runKernel(name, inputs as never, attrs as never) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}

export function fusedLayerNorm(x: tf.Tensor3D, gain: tf.Tensor1D, bias: tf.Tensor1D | undefined, eps: number): tf.Tensor3D {
  const withBias = bias === undefined ? 0 : 1;
  // customGrad wants one gradient per input, so the inputs are (x, gain) or (x, gain, bias).
  const op = tf.customGrad((...args) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [input, g, b] = args as tf.Tensor[];
    const [y, mean, rstd] = run('FolioLayerNorm', b === undefined ? { x: input!, gain: g! } : { x: input!, gain: g!, bias: b }, { eps });
    save([input!, g!, mean!, rstd!]);
    return {
      value: y!,
      gradFunc: (dy, [savedX, savedGain, savedMean, savedRstd]) =>
        run('FolioLayerNormGrad', { dy: dy as tf.Tensor, x: savedX!, gain: savedGain!, mean: savedMean!, rstd: savedRstd! }, { withBias }),
    };
  });
  return (bias === undefined ? op(x, gain) : op(x, gain, bias)) as tf.Tensor3D;
}

/** x (..., in) @ weight (in, out) + bias -> (..., out), with all its gradients from one kernel. */
export function fusedLinear<T extends tf.Tensor>(x: T, weight: tf.Tensor2D, bias: tf.Tensor1D | undefined): T {
  const withBias = bias === undefined ? 0 : 1;
  const op = tf.customGrad((...args) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [input, w, b] = args as tf.Tensor[];
    save([input!, w!]);
    return {
      value: run('FolioLinear', b === undefined ? { x: input!, weight: w! } : { x: input!, weight: w!, bias: b })[0]!,
      gradFunc: (dy, [savedX, savedWeight]) => run('FolioLinearGrad', { dy: dy as tf.Tensor, x: savedX!, weight: savedWeight! }, { withBias }),
    };
  });
  return (bias === undefined ? op(x, weight) : op(x, weight, bias)) as T;
}

/** gelu(x @ weight + bias) -> (..., out) in one kernel, the pre-activation kept for the gradient's. */
export function fusedLinearGelu<T extends tf.Tensor>(x: T, weight: tf.Tensor2D, bias: tf.Tensor1D | undefined): T {
  const withBias = bias === undefined ? 0 : 1;
  const op = tf.customGrad((...args) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [input, w, b] = args as tf.Tensor[];
    const [y, h] = run('FolioLinearGelu', b === undefined ? { x: input!, weight: w! } : { x: input!, weight: w!, bias: b });
    save([input!, w!, h!]);
    return {
      value: y!,
      gradFunc: (dy, [savedX, savedWeight, savedH]) =>
        run('FolioLinearGeluGrad', { dy: dy as tf.Tensor, h: savedH!, x: savedX!, weight: savedWeight! }, { withBias }),
    };
  });
  return (bias === undefined ? op(x, weight) : op(x, weight, bias)) as T;
}

/** Rows of table (V, C) at integer ids (B, T) -> (B, T, C); the gradient is a sum into the table's rows. */
export function fusedEmbedding(ids: tf.Tensor2D, table: tf.Tensor2D): tf.Tensor3D {
  const op = tf.customGrad((indices, weights, save) => {
    (save as tf.GradSaveFunc)([indices as tf.Tensor]);
    return {
      value: run('FolioEmbedding', { ids: indices as tf.Tensor, table: weights as tf.Tensor })[0]!,
      gradFunc: (dy, [savedIds]) => [
        // Token ids are integers and never trained; the gradient API still wants one per input.
        tf.zeros(savedIds!.shape),
        run('FolioEmbeddingGrad', { dy: dy as tf.Tensor, ids: savedIds! }, { vocab: table.shape[0] })[0]!,
      ],
    };
  });
  return op(ids, table) as tf.Tensor3D;
}

export function fusedGelu<T extends tf.Tensor>(x: T): T {
  const op = tf.customGrad((input, save) => {
    (save as tf.GradSaveFunc)([input as tf.Tensor]);
    return {
      value: run('FolioGelu', { x: input as tf.Tensor })[0]!,
      gradFunc: (dy, [savedX]) => run('FolioGeluGrad', { dy: dy as tf.Tensor, x: savedX! })[0]!,
    };
  });
  return op(x) as T;
}

export function fusedCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const op = tf.customGrad((input, labels, save) => {
    const [loss, probs] = run('FolioCrossEntropy', { logits: input as tf.Tensor, targets: labels as tf.Tensor });
    (save as tf.GradSaveFunc)([probs!, labels as tf.Tensor]);
    return {
      value: loss!,
      gradFunc: (dy, [savedProbs, savedTargets]) => [
        run('FolioCrossEntropyGrad', { dloss: dy as tf.Tensor, probs: savedProbs!, targets: savedTargets! })[0]!,
        // Targets are integers and never trained; the gradient API still wants one per input.
        tf.zeros(savedTargets!.shape),
      ],
    };
  });
  return op(logits, targets) as tf.Scalar;
}

/**
 * dropout(softmax(q kᵀ · scale + causal mask)) v for q, k, v of shape (heads, T, hs); the
 * kernel derives the dropout mask from `seed` (dropoutRate 0: none).
 */
export function fusedCausalAttention(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, scale: number, dropoutRate = 0, seed = 0): tf.Tensor3D {
  const attrs = { scale, dropoutRate, seed };
  const op = tf.customGrad((qi, ki, vi, save) => {
    const [y, p] = run('FolioCausalAttention', { q: qi as tf.Tensor, k: ki as tf.Tensor, v: vi as tf.Tensor }, attrs);
    (save as tf.GradSaveFunc)([qi as tf.Tensor, ki as tf.Tensor, vi as tf.Tensor, p!]);
    return {
      value: y!,
      gradFunc: (dy, [sq, sk, sv, sp]) =>
        run('FolioCausalAttentionGrad', { dy: dy as tf.Tensor, q: sq!, k: sk!, v: sv!, p: sp! }, attrs),
    };
  });
  return op(q, k, v) as tf.Tensor3D;
}

/**
 * Multi-head causal self-attention straight from the fused projection: qkv (B, T, 3C), q, k and
 * v side by side, each C wide and split into `heads` heads -> (B, T, C), heads side by side.
 */
export function fusedCausalSelfAttention(qkv: tf.Tensor3D, heads: number, scale: number, dropoutRate = 0, seed = 0): tf.Tensor3D {
  const attrs = { heads, scale, dropoutRate, seed };
  const op = tf.customGrad((input, save) => {
    const [y, p] = run('FolioCausalSelfAttention', { qkv: input as tf.Tensor }, attrs);
    (save as tf.GradSaveFunc)([input as tf.Tensor, p!]);
    return {
      value: y!,
      gradFunc: (dy, [savedQkv, savedP]) => run('FolioCausalSelfAttentionGrad', { dy: dy as tf.Tensor, qkv: savedQkv!, p: savedP! }, attrs)[0]!,
    };
  });
  return op(qkv) as tf.Tensor3D;
}

/** Inverted dropout whose mask the kernel derives from (seed, index); the gradient reuses it. */
export function fusedDropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  const op = tf.customGrad((input) => ({
    value: run('FolioDropout', { x: input as tf.Tensor }, { rate, seed })[0]!,
    gradFunc: (dy) => run('FolioDropout', { x: dy as tf.Tensor }, { rate, seed })[0]!,
  }));
  return op(x) as T;
}
