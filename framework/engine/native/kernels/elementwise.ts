// Element-wise kernels on the native engine: binary ops with numpy broadcasting, unary maps.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { BINARY_OPS, UNARY_OPS, type NativeAddon } from '../addon.js';
import { output } from '../buffers.js';
import { floats, NATIVE, sizeOf } from './values.js';

/** Output shape of broadcasting a with b, or undefined when they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length, 1);
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    const x = a[a.length - rank + d] ?? 1;
    const y = b[b.length - rank + d] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return undefined;
    out.push(x === 1 ? y : x); // 1 broadcasts to anything, 0 included
  }
  return out;
}

/** Strides of `shape` aligned to the output's dims, 0 where the input is broadcast. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): Int32Array {
  const strides = new Int32Array(outShape.length);
  let stride = 1;
  for (let d = outShape.length - 1; d >= 0; d--) {
    const dim = shape[shape.length - outShape.length + d] ?? 1;
    strides[d] = dim === 1 ? 0 : stride;
    stride *= dim;
  }
  return strides;
}

export function binaryKernels(addon: NativeAddon, fallback: (name: string) => KernelFunc): KernelConfig[] {
  return BINARY_OPS.map((kernelName, op) => ({
    kernelName,
    backendName: NATIVE,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const outShape = broadcastShape(a.shape, b.shape);
      if (a.dtype !== 'float32' || b.dtype !== 'float32' || outShape === undefined) return fallback(kernelName)(args);
      const backend = args.backend as MathBackendCPU;
      const out = output(sizeOf(outShape));
      if (out.length > 0) {
        addon.binary(op, floats(backend, a), broadcastStrides(a.shape, outShape), floats(backend, b),
          broadcastStrides(b.shape, outShape), out, Int32Array.from(outShape));
      }
      // A rank-0 result was computed as shape [1].
      const shape = a.shape.length === 0 && b.shape.length === 0 ? [] : outShape;
      return backend.makeTensorInfo(shape, 'float32', out);
    },
  }));
}

export function unaryKernels(addon: NativeAddon, fallback: (name: string) => KernelFunc): KernelConfig[] {
  return UNARY_OPS.map((kernelName, op) => ({
    kernelName,
    backendName: NATIVE,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      // Step's alpha (its value for x <= 0) is only native for the default 0.
      const alpha = (args.attrs as { alpha?: number } | undefined)?.alpha ?? 0;
      if (x.dtype !== 'float32' || (kernelName === 'Step' && alpha !== 0)) return fallback(kernelName)(args);
      const backend = args.backend as MathBackendCPU;
      const out = output(sizeOf(x.shape));
      if (out.length > 0) addon.unary(op, floats(backend, x), out);
      return backend.makeTensorInfo(x.shape, 'float32', out);
    },
  }));
}
