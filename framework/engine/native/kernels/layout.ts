// Kernels that only move data (transpose, split, concat, slice) or add many tensors.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from '../addon.js';
import { output } from '../buffers.js';
import { floats, NATIVE, sizeOf } from './values.js';

export function transposeKernel(addon: NativeAddon, fallback: KernelFunc): KernelConfig {
  return {
    kernelName: 'Transpose',
    backendName: NATIVE,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const { perm } = args.attrs as unknown as { perm: number[] };
      if (x.dtype !== 'float32' || x.shape.length === 0 || x.shape.length > 8) return fallback(args);
      const backend = args.backend as MathBackendCPU;
      const out = output(sizeOf(x.shape));
      if (out.length > 0) addon.transpose(floats(backend, x), out, Int32Array.from(x.shape), Int32Array.from(perm));
      return backend.makeTensorInfo(perm.map((p) => x.shape[p]!), 'float32', out);
    },
  };
}

/** Copies the [start, start + length) range of `axis` out of x (viewed as outer x dim x inner). */
function copyAlongAxis(values: Float32Array, shape: readonly number[], axis: number, start: number, length: number): Float32Array {
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  const dim = shape[axis]!;
  const out = output(outer * length * inner);
  const run = length * inner;
  for (let o = 0; o < outer; o++) {
    const from = (o * dim + start) * inner;
    out.set(values.subarray(from, from + run), o * run);
  }
  return out;
}

export function splitKernel(fallback: KernelFunc): KernelConfig {
  return {
    kernelName: 'SplitV',
    backendName: NATIVE,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
      if (x.dtype !== 'float32') return fallback(args);
      const rank = x.shape.length;
      const along = axis < 0 ? axis + rank : axis;
      const dim = x.shape[along]!;
      let sizes = typeof numOrSizeSplits === 'number' ? Array(numOrSizeSplits).fill(dim / numOrSizeSplits) : [...numOrSizeSplits];
      const free = sizes.indexOf(-1);
      if (free >= 0) sizes[free] = dim - sizes.reduce((s, v) => (v === -1 ? s : s + v), 0);
      const backend = args.backend as MathBackendCPU;
      const values = floats(backend, x);
      let start = 0;
      return sizes.map((size) => {
        const piece = copyAlongAxis(values, x.shape, along, start, size);
        start += size;
        return backend.makeTensorInfo(x.shape.map((d, i) => (i === along ? size : d)), 'float32', piece);
      });
    },
  };
}

export function concatKernel(fallback: KernelFunc): KernelConfig {
  return {
    kernelName: 'Concat',
    backendName: NATIVE,
    kernelFunc: (args) => {
      const tensors = Object.values(args.inputs) as TensorInfo[];
      const { axis } = args.attrs as unknown as { axis: number };
      const first = tensors[0]!;
      if (tensors.some((t) => t.dtype !== 'float32' || t.shape.length !== first.shape.length)) return fallback(args);
      const rank = first.shape.length;
      const along = axis < 0 ? axis + rank : axis;
      const outShape = first.shape.map((d, i) => (i === along ? tensors.reduce((s, t) => s + t.shape[along]!, 0) : d));
      const outer = sizeOf(first.shape.slice(0, along));
      const inner = sizeOf(first.shape.slice(along + 1));
      const rowLength = outShape[along]! * inner;
      const out = output(sizeOf(outShape));
      const backend = args.backend as MathBackendCPU;
      let offset = 0;
      for (const t of tensors) {
        const values = floats(backend, t);
        const run = t.shape[along]! * inner;
        for (let o = 0; o < outer; o++) out.set(values.subarray(o * run, (o + 1) * run), o * rowLength + offset);
        offset += run;
      }
      return backend.makeTensorInfo(outShape, 'float32', out);
    },
  };
}

export function sliceKernel(fallback: KernelFunc): KernelConfig {
  return {
    kernelName: 'Slice',
    backendName: NATIVE,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const attrs = args.attrs as unknown as { begin: number[]; size: number[] };
      const rank = x.shape.length;
      if (x.dtype !== 'float32' || rank === 0 || attrs.begin.length !== rank) return fallback(args);
      const size = attrs.size.map((s, d) => (s === -1 ? x.shape[d]! - attrs.begin[d]! : s));
      const backend = args.backend as MathBackendCPU;
      const values = floats(backend, x);
      const out = output(sizeOf(size));
      const strides = x.shape.map((_, d) => sizeOf(x.shape.slice(d + 1)));
      const run = size[rank - 1]!;
      const rows = out.length / Math.max(run, 1);
      const index = new Array<number>(rank).fill(0);
      for (let row = 0; row < rows && run > 0; row++) {
        let from = attrs.begin[rank - 1]!;
        for (let d = 0; d < rank - 1; d++) from += (attrs.begin[d]! + index[d]!) * strides[d]!;
        out.set(values.subarray(from, from + run), row * run);
        for (let d = rank - 2; d >= 0; d--) {
          if (++index[d]! < size[d]!) break;
          index[d] = 0;
        }
      }
      return backend.makeTensorInfo(size, 'float32', out);
    },
  };
}

export function addNKernel(fallback: KernelFunc): KernelConfig {
  return {
    kernelName: 'AddN',
    backendName: NATIVE,
    kernelFunc: (args) => {
      const tensors = Object.values(args.inputs) as TensorInfo[];
      if (tensors.some((t) => t.dtype !== 'float32')) return fallback(args);
      const backend = args.backend as MathBackendCPU;
      const out = Float32Array.from(floats(backend, tensors[0]!));
      for (const t of tensors.slice(1)) {
        const values = floats(backend, t);
        for (let i = 0; i < out.length; i++) out[i]! += values[i]!;
      }
      return backend.makeTensorInfo(tensors[0]!.shape, 'float32', out);
    },
  };
}
