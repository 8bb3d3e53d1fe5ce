// Shared by the native kernels: the backend's name and zero-copy access to tensor values.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

export const NATIVE = 'native';

/** The tensor's values without a copy; tfjs sometimes keeps float32 data in another typed array. */
export function floats(backend: MathBackendCPU, tensor: TensorInfo): Float32Array {
  const values = backend.data.get(tensor.dataId).values;
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

export { sizeOf } from '../../shapes.js';
