// Multi-head causal self-attention read straight out of the fused (B, T, 3C) projection:
// FolioCausalSelfAttention and its gradient, the native engine's conventions (see
// framework/engine/fused.ts). p holds the softmax probabilities before dropout; both kernels
// regenerate the dropout mask from (seed, flat index into (B*heads, T, T)).
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { dispatch, f32, u32, type UniformValue } from '../dispatch.js';
import { forwardProgram, keyGradProgram, queryGradProgram, ROWS } from './attention-shader.js';
import { dropThreshold } from './random.js';
import { webGpuKernel } from './kernel.js';

interface SelfAttentionShape {
  batch: number;
  time: number;
  width: number;
  heads: number;
  headSize: number;
}

function shapeOf(qkv: TensorInfo, heads: number): SelfAttentionShape {
  const [batch, time, triple] = qkv.shape as [number, number, number];
  const width = triple / 3;
  if (!Number.isInteger(width / heads)) throw new Error(`webgpu attention: width ${width} does not split into ${heads} heads`);
  if (batch * heads > 65535) throw new Error(`webgpu attention: ${batch * heads} (batch, head) pairs, at most 65535`);
  return { batch, time, width, heads, headSize: width / heads };
}

/** The shaders' Sizes struct, in its order. */
function sizes(shape: SelfAttentionShape, scale: number, dropoutRate: number, seed: number): UniformValue[] {
  const rate = dropoutRate > 0 ? dropoutRate : 0;
  return [u32(shape.time), u32(shape.width), u32(shape.heads), f32(scale), u32(dropThreshold(rate)), u32(seed >>> 0), f32(1 / (1 - rate))];
}

/** One workgroup per (block of ROWS rows, batch·head). */
const grid = (shape: SelfAttentionShape): [number, number] => [Math.ceil(shape.time / ROWS), shape.batch * shape.heads];

export const attentionKernels: KernelConfig[] = [
  // qkv (B, T, 3C) -> y (B, T, C), p (B*heads, T, T)
  webGpuKernel('FolioCausalSelfAttention', ({ qkv }, { heads, scale, dropoutRate, seed }, backend) => {
    const shape = shapeOf(qkv!, heads!);
    const { batch, time, width } = shape;
    return dispatch(backend, {
      program: forwardProgram(shape.headSize, time % 4 === 0),
      inputs: [qkv!],
      outputs: [{ shape: [batch, time, width] }, { shape: [batch * heads!, time, time] }],
      uniforms: sizes(shape, scale!, dropoutRate!, seed!),
      workgroups: grid(shape),
    });
  }),
  // dy (B, T, C), qkv (B, T, 3C), p (B*heads, T, T) -> dqkv (B, T, 3C): dq in one dispatch (with
  // each row's rowsum(dP ∘ P)), then dk and dv, per block of keys, into the same tensor.
  webGpuKernel('FolioCausalSelfAttentionGrad', ({ dy, qkv, p }, { heads, scale, dropoutRate, seed }, backend) => {
    const shape = shapeOf(qkv!, heads!);
    const uniforms = sizes(shape, scale!, dropoutRate!, seed!);
    const pVec4 = shape.time % 4 === 0;
    const [dqkv, delta] = dispatch(backend, {
      program: queryGradProgram(shape.headSize, pVec4),
      inputs: [dy!, qkv!, p!],
      outputs: [{ shape: qkv!.shape }, { shape: [shape.batch * heads!, shape.time] }],
      uniforms,
      workgroups: grid(shape),
    }) as [TensorInfo, TensorInfo];
    dispatch(backend, { program: keyGradProgram(shape.headSize, pVec4), inputs: [dy!, qkv!, p!, delta], inPlace: [dqkv], uniforms, workgroups: grid(shape) });
    // Released once the pending commands that use it are submitted.
    backend.disposeData(delta.dataId);
    return dqkv;
  }),
];
