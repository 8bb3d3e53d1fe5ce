// Loads the compiled Node addon (built by `npm ci`); absent when no compiler was available.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';

export interface NativeAddon {
  /** out[batch, m, n] = op(a)[batch, m, k] @ op(b)[batch, k, n]; a batch stride of 0 broadcasts. */
  matmul(
    a: Float32Array, b: Float32Array, out: Float32Array,
    batch: number, m: number, n: number, k: number,
    transposeA: boolean, transposeB: boolean, aBatchStride: number, bBatchStride: number,
  ): void;
  /** out = a op b over `shape`; strides per output dim, 0 where that input is broadcast. */
  binary(op: number, a: Float32Array, aStrides: Int32Array, b: Float32Array, bStrides: Int32Array, out: Float32Array, shape: Int32Array): void;
  unary(op: number, x: Float32Array, out: Float32Array): void;
  /** Over the rows (axis 1) or columns (axis 0) of an outer x inner matrix; mode 0 sum, 1 mean, 2 max. */
  reduce(x: Float32Array, out: Float32Array, outer: number, inner: number, axis: 0 | 1, mode: 0 | 1 | 2): void;
  softmax(x: Float32Array, out: Float32Array, rows: number, cols: number): void;
  transpose(x: Float32Array, out: Float32Array, shape: Int32Array, perm: Int32Array): void;
  layerNorm(x: Float32Array, gain: Float32Array, bias: Float32Array | null, y: Float32Array, mean: Float32Array, rstd: Float32Array, rows: number, cols: number, eps: number): void;
  layerNormGrad(
    dy: Float32Array, x: Float32Array, gain: Float32Array, mean: Float32Array, rstd: Float32Array,
    dx: Float32Array, dgain: Float32Array, dbias: Float32Array | null, rows: number, cols: number,
  ): void;
  /** y (rows, out) = x (rows, in) @ w (in, out) + bias (out), bias optional. */
  linear(x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, rows: number, inputs: number, outputs: number): void;
  /** dx = dy @ wᵀ, dw = xᵀ @ dy, and dbias (when given) the column sums of dy. */
  linearGrad(
    dy: Float32Array, x: Float32Array, w: Float32Array, dx: Float32Array, dw: Float32Array, dbias: Float32Array | null,
    rows: number, inputs: number, outputs: number,
  ): void;
  /** h = x @ w + bias and y = gelu(h): the MLP's first layer in one call (h is kept for the gradient). */
  linearGelu(x: Float32Array, w: Float32Array, bias: Float32Array | null, h: Float32Array, y: Float32Array, rows: number, inputs: number, outputs: number): void;
  /** linearGrad's dx, dw and dbias for dy times GELU's slope at h. */
  linearGeluGrad(
    dy: Float32Array, h: Float32Array, x: Float32Array, w: Float32Array, dx: Float32Array, dw: Float32Array, dbias: Float32Array | null,
    rows: number, inputs: number, outputs: number,
  ): void;
  /** out (ids.length, width) = the table's rows at ids (zeros for an id outside the table). */
  embedding(ids: Int32Array, table: Float32Array, out: Float32Array, vocab: number, width: number): void;
  /** dtable (vocab, width) = the sums of dy's rows by id. */
  embeddingGrad(dy: Float32Array, ids: Int32Array, dtable: Float32Array, vocab: number, width: number): void;
  gelu(x: Float32Array, y: Float32Array): void;
  geluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array): void;
  /** Mean cross-entropy; fills probs with the softmax of each row. */
  crossEntropy(logits: Float32Array, targets: Int32Array, probs: Float32Array, rows: number, cols: number): number;
  crossEntropyGrad(probs: Float32Array, targets: Int32Array, dloss: number, dlogits: Float32Array, rows: number, cols: number): void;
  /**
   * Causal dropout(softmax(q kᵀ scale)) v per head; p (heads, T, T) holds the probabilities
   * before dropout, whose mask is a function of (seed, element index). `layout` places each
   * head's (T, hs) matrices: [heads, T, hs, headsPerBatch, inRowStride, outRowStride], where
   * head h is head h % headsPerBatch of sequence h / headsPerBatch, its rows inRowStride apart
   * in q, k, v (dq, dk, dv) and outRowStride apart in y (dy). Separate (heads, T, hs) tensors
   * are [heads, T, hs, 1, hs, hs]; views into a (B, T, 3C) projection, y (B, T, C), are
   * [B * C / hs, T, hs, C / hs, 3C, C].
   */
  attention(
    q: Float32Array, k: Float32Array, v: Float32Array, y: Float32Array, p: Float32Array,
    layout: Int32Array, scale: number, dropoutRate: number, seed: number,
  ): void;
  attentionGrad(
    dy: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, p: Float32Array,
    dq: Float32Array, dk: Float32Array, dv: Float32Array, layout: Int32Array, scale: number,
    dropoutRate: number, seed: number,
  ): void;
  /** y = x * keep / (1 - rate), the mask a pure function of (seed, element index). */
  dropout(x: Float32Array, y: Float32Array, rate: number, seed: number): void;
  /** Σ x² over every element of every array, accumulated in double. */
  sumOfSquares(arrays: Float32Array[]): number;
  /** x *= factor for every element of every array, in place. */
  scale(arrays: Float32Array[], factor: number): void;
  /** One AdamW step of every parameter, in place on params, ms and vs; decays holds each one's decoupled decay. */
  adamw(
    params: Float32Array[], grads: Float32Array[], ms: Float32Array[], vs: Float32Array[], decays: Float32Array,
    lr: number, beta1: number, beta2: number, eps: number, biasCorrection1: number, biasCorrection2: number,
  ): void;
  /** Measured float32 FMA throughput of all threads with the GEMM kernel's vectors (a few tens of milliseconds). */
  peakGflops(): number;
  /** The GEMM micro-kernel's instruction set and the thread pool's size. */
  info(): { simd: 'avx512' | 'avx2' | 'portable'; threads: number };
}

/** Operation codes, in the order of the C++ enums (src/elementwise.h). */
export const BINARY_OPS = ['Add', 'Sub', 'Multiply', 'RealDiv', 'Maximum', 'Minimum', 'SquaredDifference'] as const;
export const UNARY_OPS = ['Neg', 'Exp', 'Log', 'Sqrt', 'Rsqrt', 'Square', 'Tanh', 'Relu', 'Step', 'Abs', 'Sigmoid', 'Reciprocal'] as const;

const ADDON_PATH = 'framework/engine/native/build/Release/folio_native.node';

export type AddonLoad = { addon: NativeAddon } | { addon: undefined; reason: string };

let loaded: AddonLoad | undefined;

export function loadAddon(): AddonLoad {
  if (loaded !== undefined) return loaded;
  const path = join(packageRoot(), ADDON_PATH);
  if (!existsSync(path)) {
    loaded = { addon: undefined, reason: `the native engine was not built (no ${ADDON_PATH}; npm ci builds it where a C++ compiler is present)` };
    return loaded;
  }
  try {
    loaded = { addon: createRequire(import.meta.url)(path) as NativeAddon };
  } catch (error) {
    loaded = { addon: undefined, reason: `the native engine failed to load: ${(error as Error).message}` };
  }
  return loaded;
}
