// Reductions and softmax on the native engine, where the reduced axes are leading or trailing.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from '../addon.js';
import { output } from '../buffers.js';
import { floats, NATIVE, sizeOf } from './values.js';

const MODES = { Sum: 0, Mean: 1, Max: 2 } as const;

/** Sorted, non-negative axes; undefined or [] on a reduction attr means all axes. */
export function normalizeAxes(axis: number | number[] | undefined | null, rank: number): number[] {
  const list = axis === undefined || axis === null ? [] : Array.isArray(axis) ? axis : [axis];
  const axes = list.length === 0 ? Array.from({ length: rank }, (_, d) => d) : list.map((a) => (a < 0 ? a + rank : a));
  return [...new Set(axes)].sort((x, y) => x - y);
}

export function reductionKernels(addon: NativeAddon, fallback: (name: string) => KernelFunc): KernelConfig[] {
  return (Object.keys(MODES) as (keyof typeof MODES)[]).map((kernelName) => ({
    kernelName,
    backendName: NATIVE,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const attrs = args.attrs as { axis?: number | number[]; reductionIndices?: number | number[]; keepDims: boolean };
      const rank = x.shape.length;
      const axes = normalizeAxes(kernelName === 'Max' ? attrs.reductionIndices : attrs.axis, rank);
      const leading = axes.every((a, i) => a === i);
      const trailing = axes.every((a, i) => a === rank - axes.length + i);
      if (x.dtype !== 'float32' || rank === 0 || (!leading && !trailing)) return fallback(kernelName)(args);
      const reduced = sizeOf(axes.map((a) => x.shape[a]!));
      const kept = sizeOf(x.shape) / Math.max(reduced, 1);
      const outShape = attrs.keepDims
        ? x.shape.map((dim, d) => (axes.includes(d) ? 1 : dim))
        : x.shape.filter((_, d) => !axes.includes(d));
      if (reduced === 0 || kept === 0) return fallback(kernelName)(args);
      const backend = args.backend as MathBackendCPU;
      const out = output(kept);
      if (trailing) addon.reduce(floats(backend, x), out, kept, reduced, 1, MODES[kernelName]);
      else addon.reduce(floats(backend, x), out, reduced, kept, 0, MODES[kernelName]);
      return backend.makeTensorInfo(outShape, 'float32', out);
    },
  }));
}

export function softmaxKernel(addon: NativeAddon, fallback: KernelFunc): KernelConfig {
  return {
    kernelName: 'Softmax',
    backendName: NATIVE,
    kernelFunc: (args) => {
      const { logits } = args.inputs as { logits: TensorInfo };
      const { dim } = args.attrs as unknown as { dim: number };
      const rank = logits.shape.length;
      if (logits.dtype !== 'float32' || rank === 0 || (dim !== -1 && dim !== rank - 1)) return fallback(args);
      const backend = args.backend as MathBackendCPU;
      const cols = logits.shape[rank - 1]!;
      const out = output(sizeOf(logits.shape));
      if (out.length > 0) addon.softmax(floats(backend, logits), out, out.length / cols, cols);
      return backend.makeTensorInfo(logits.shape, 'float32', out);
    },
  };
}
