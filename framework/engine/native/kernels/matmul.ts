// BatchMatMul on the native engine: every transpose variant and batch broadcasting of size 1.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from '../addon.js';
import { output } from '../buffers.js';
import { floats, NATIVE } from './values.js';

export function matMulKernel(addon: NativeAddon, fallback: KernelFunc): KernelConfig {
  return {
    kernelName: 'BatchMatMul',
    backendName: NATIVE,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
      const backend = args.backend as MathBackendCPU;
      const batchA = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
      const batchB = b.shape.slice(0, -2).reduce((x, y) => x * y, 1);
      const broadcastable = batchA === batchB || batchA === 1 || batchB === 1;
      if (a.dtype !== 'float32' || b.dtype !== 'float32' || !broadcastable || a.shape.length !== b.shape.length) {
        return fallback(args);
      }
      const rank = a.shape.length;
      const m = transposeA ? a.shape[rank - 1]! : a.shape[rank - 2]!;
      const k = transposeA ? a.shape[rank - 2]! : a.shape[rank - 1]!;
      const n = transposeB ? b.shape[rank - 2]! : b.shape[rank - 1]!;
      const innerB = transposeB ? b.shape[rank - 1]! : b.shape[rank - 2]!;
      if (k !== innerB) return fallback(args); // let tfjs report the shape mismatch
      const batch = Math.max(batchA, batchB);
      const outShape = [...(batchA >= batchB ? a.shape : b.shape).slice(0, -2), m, n];
      const out = output(batch * m * n);
      addon.matmul(
        floats(backend, a), floats(backend, b), out, batch, m, n, k, transposeA, transposeB,
        batchA === 1 ? 0 : m * k, batchB === 1 ? 0 : k * n,
      );
      return backend.makeTensorInfo(outShape, 'float32', out);
    },
  };
}
