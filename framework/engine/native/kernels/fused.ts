// Custom kernels (Folio*) that exist only on the native backend; framework/engine/fused.ts uses
// them when the active backend has them and composes tfjs ops otherwise.
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from '../addon.js';
import { output } from '../buffers.js';
import { matrix } from '../../shapes.js';
import { floats, NATIVE, sizeOf } from './values.js';

type Inputs = Record<string, TensorInfo>;

function kernel(kernelName: string, run: (inputs: Inputs, attrs: Record<string, number>, backend: MathBackendCPU) => TensorInfo | TensorInfo[]): KernelConfig {
  return {
    kernelName,
    backendName: NATIVE,
    kernelFunc: ({ inputs, attrs, backend }) => run(inputs as Inputs, (attrs ?? {}) as unknown as Record<string, number>, backend as MathBackendCPU),
  };
}

function ints(backend: MathBackendCPU, tensor: TensorInfo): Int32Array {
  const values = backend.data.get(tensor.dataId).values;
  return values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>);
}

/** The attention layout of `heads` heads inside a (B, T, 3C) projection, the output (B, T, C). */
function selfAttentionLayout(shape: readonly number[], heads: number) {
  const [batch, time, triple] = shape as [number, number, number];
  const width = triple / 3;
  const headSize = width / heads;
  return { layout: Int32Array.of(batch * heads, time, headSize, heads, triple, width), width, time, batch };
}

/** Views of q, k and v inside a (B, T, 3C) buffer: the same memory, starting 0, C and 2C in. */
function thirds(qkv: Float32Array, width: number): [Float32Array, Float32Array, Float32Array] {
  return [qkv.subarray(0), qkv.subarray(width), qkv.subarray(2 * width)];
}

export function fusedKernels(addon: NativeAddon): KernelConfig[] {
  return [
    kernel('FolioLayerNorm', ({ x, gain, bias }, { eps }, backend) => {
      const [rows, cols] = matrix(x!.shape);
      const y = output(rows * cols);
      const mean = output(rows);
      const rstd = output(rows);
      addon.layerNorm(floats(backend, x!), floats(backend, gain!), bias ? floats(backend, bias) : null, y, mean, rstd, rows, cols, eps!);
      return [
        backend.makeTensorInfo(x!.shape, 'float32', y),
        backend.makeTensorInfo([rows], 'float32', mean),
        backend.makeTensorInfo([rows], 'float32', rstd),
      ];
    }),
    kernel('FolioLayerNormGrad', ({ dy, x, gain, mean, rstd }, { withBias }, backend) => {
      const [rows, cols] = matrix(x!.shape);
      const dx = output(rows * cols);
      const dgain = output(cols);
      const dbias = withBias ? output(cols) : null;
      addon.layerNormGrad(
        floats(backend, dy!), floats(backend, x!), floats(backend, gain!), floats(backend, mean!), floats(backend, rstd!),
        dx, dgain, dbias, rows, cols,
      );
      const outputs = [backend.makeTensorInfo(x!.shape, 'float32', dx), backend.makeTensorInfo([cols], 'float32', dgain)];
      return dbias ? [...outputs, backend.makeTensorInfo([cols], 'float32', dbias)] : outputs;
    }),
    // x (..., in) @ weight (in, out) + bias -> (..., out): the bias added as the product is
    // written out, and no reshapes to and from a matrix around it.
    kernel('FolioLinear', ({ x, weight, bias }, _attrs, backend) => {
      const [rows, inputs] = matrix(x!.shape);
      const outputs = weight!.shape[1]!;
      const y = output(rows * outputs);
      addon.linear(floats(backend, x!), floats(backend, weight!), bias ? floats(backend, bias) : null, y, rows, inputs, outputs);
      return backend.makeTensorInfo([...x!.shape.slice(0, -1), outputs], 'float32', y);
    }),
    kernel('FolioLinearGrad', ({ dy, x, weight }, { withBias }, backend) => {
      const [rows, inputs] = matrix(x!.shape);
      const outputs = weight!.shape[1]!;
      const [dx, dw] = [output(rows * inputs), output(inputs * outputs)];
      const dbias = withBias ? output(outputs) : null;
      addon.linearGrad(floats(backend, dy!), floats(backend, x!), floats(backend, weight!), dx, dw, dbias, rows, inputs, outputs);
      const grads = [backend.makeTensorInfo(x!.shape, 'float32', dx), backend.makeTensorInfo(weight!.shape, 'float32', dw)];
      return dbias ? [...grads, backend.makeTensorInfo([outputs], 'float32', dbias)] : grads;
    }),
    // gelu(x @ weight + bias): the MLP's first layer, the pre-activation h kept for the gradient.
    kernel('FolioLinearGelu', ({ x, weight, bias }, _attrs, backend) => {
      const [rows, inputs] = matrix(x!.shape);
      const outputs = weight!.shape[1]!;
      const [h, y] = [output(rows * outputs), output(rows * outputs)];
      addon.linearGelu(floats(backend, x!), floats(backend, weight!), bias ? floats(backend, bias) : null, h, y, rows, inputs, outputs);
      const shape = [...x!.shape.slice(0, -1), outputs];
      return [backend.makeTensorInfo(shape, 'float32', y), backend.makeTensorInfo(shape, 'float32', h)];
    }),
    kernel('FolioLinearGeluGrad', ({ dy, h, x, weight }, { withBias }, backend) => {
      const [rows, inputs] = matrix(x!.shape);
      const outputs = weight!.shape[1]!;
      const [dx, dw] = [output(rows * inputs), output(inputs * outputs)];
      const dbias = withBias ? output(outputs) : null;
      addon.linearGeluGrad(floats(backend, dy!), floats(backend, h!), floats(backend, x!), floats(backend, weight!), dx, dw, dbias, rows, inputs, outputs);
      const grads = [backend.makeTensorInfo(x!.shape, 'float32', dx), backend.makeTensorInfo(weight!.shape, 'float32', dw)];
      return dbias ? [...grads, backend.makeTensorInfo([outputs], 'float32', dbias)] : grads;
    }),
    // ids (...) int32 into table (vocab, width) -> (..., width); the gradient goes to the table only.
    kernel('FolioEmbedding', ({ ids, table }, _attrs, backend) => {
      const [vocab, width] = table!.shape as [number, number];
      const out = output(sizeOf(ids!.shape) * width);
      addon.embedding(ints(backend, ids!), floats(backend, table!), out, vocab, width);
      return backend.makeTensorInfo([...ids!.shape, width], 'float32', out);
    }),
    kernel('FolioEmbeddingGrad', ({ dy, ids }, { vocab }, backend) => {
      const width = dy!.shape[dy!.shape.length - 1]!;
      const dtable = output(vocab! * width);
      addon.embeddingGrad(floats(backend, dy!), ints(backend, ids!), dtable, vocab!, width);
      return backend.makeTensorInfo([vocab!, width], 'float32', dtable);
    }),
    kernel('FolioGelu', ({ x }, _attrs, backend) => {
      const y = output(sizeOf(x!.shape));
      addon.gelu(floats(backend, x!), y);
      return backend.makeTensorInfo(x!.shape, 'float32', y);
    }),
    kernel('FolioGeluGrad', ({ dy, x }, _attrs, backend) => {
      const dx = output(sizeOf(x!.shape));
      addon.geluGrad(floats(backend, dy!), floats(backend, x!), dx);
      return backend.makeTensorInfo(x!.shape, 'float32', dx);
    }),
    // The gradient is the same masked scaling of dy: FolioDropout with the same seed.
    kernel('FolioDropout', ({ x }, { rate, seed }, backend) => {
      const y = output(sizeOf(x!.shape));
      if (y.length > 0) addon.dropout(floats(backend, x!), y, rate!, seed!);
      return backend.makeTensorInfo(x!.shape, 'float32', y);
    }),
    kernel('FolioCrossEntropy', ({ logits, targets }, _attrs, backend) => {
      const [rows, cols] = matrix(logits!.shape);
      const probs = output(rows * cols);
      const loss = addon.crossEntropy(floats(backend, logits!), ints(backend, targets!), probs, rows, cols);
      return [backend.makeTensorInfo([], 'float32', new Float32Array([loss])), backend.makeTensorInfo(logits!.shape, 'float32', probs)];
    }),
    kernel('FolioCrossEntropyGrad', ({ dloss, probs, targets }, _attrs, backend) => {
      const [rows, cols] = matrix(probs!.shape);
      const dlogits = output(rows * cols);
      addon.crossEntropyGrad(floats(backend, probs!), ints(backend, targets!), floats(backend, dloss!)[0]!, dlogits, rows, cols);
      return backend.makeTensorInfo(probs!.shape, 'float32', dlogits);
    }),
    kernel('FolioCausalAttention', ({ q, k, v }, { scale, dropoutRate, seed }, backend) => {
      const [heads, time, headSize] = q!.shape as [number, number, number];
      const y = output(heads * time * headSize);
      const p = output(heads * time * time);
      const layout = Int32Array.of(heads, time, headSize, 1, headSize, headSize);
      addon.attention(floats(backend, q!), floats(backend, k!), floats(backend, v!), y, p, layout, scale!, dropoutRate!, seed!);
      return [backend.makeTensorInfo(q!.shape, 'float32', y), backend.makeTensorInfo([heads, time, time], 'float32', p)];
    }),
    kernel('FolioCausalAttentionGrad', ({ dy, q, k, v, p }, { scale, dropoutRate, seed }, backend) => {
      const [heads, time, headSize] = q!.shape as [number, number, number];
      const size = heads * time * headSize;
      const [dq, dk, dv] = [output(size), output(size), output(size)];
      const layout = Int32Array.of(heads, time, headSize, 1, headSize, headSize);
      addon.attentionGrad(
        floats(backend, dy!), floats(backend, q!), floats(backend, k!), floats(backend, v!), floats(backend, p!),
        dq, dk, dv, layout, scale!, dropoutRate!, seed!,
      );
      return [dq, dk, dv].map((values) => backend.makeTensorInfo(q!.shape, 'float32', values));
    }),
    // The same attention read straight out of the fused (B, T, 3C) projection and written as
    // (B, T, C): no split, no head transposes, and one (B, T, 3C) gradient instead of a concat.
    kernel('FolioCausalSelfAttention', ({ qkv }, { heads, scale, dropoutRate, seed }, backend) => {
      const { layout, width, time, batch } = selfAttentionLayout(qkv!.shape, heads!);
      const y = output(batch * time * width);
      const p = output(layout[0]! * time * time);
      const [q, k, v] = thirds(floats(backend, qkv!), width);
      addon.attention(q, k, v, y, p, layout, scale!, dropoutRate!, seed!);
      return [backend.makeTensorInfo([batch, time, width], 'float32', y), backend.makeTensorInfo([layout[0]!, time, time], 'float32', p)];
    }),
    kernel('FolioCausalSelfAttentionGrad', ({ dy, qkv, p }, { heads, scale, dropoutRate, seed }, backend) => {
      const { layout, width } = selfAttentionLayout(qkv!.shape, heads!);
      const dqkv = output(sizeOf(qkv!.shape));
      const [q, k, v] = thirds(floats(backend, qkv!), width);
      const [dq, dk, dv] = thirds(dqkv, width);
      addon.attentionGrad(floats(backend, dy!), q, k, v, floats(backend, p!), dq, dk, dv, layout, scale!, dropoutRate!, seed!);
      return backend.makeTensorInfo(qkv!.shape, 'float32', dqkv);
    }),
  ];
}
