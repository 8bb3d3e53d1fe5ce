// The shape of a Folio WGSL kernel: a tfjs KernelConfig for the webgpu backend whose function
// records dispatches through dispatch.ts.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';

export const WEBGPU = 'webgpu';

export type Inputs = Record<string, TensorInfo>;

export function webGpuKernel(
  kernelName: string,
  run: (inputs: Inputs, attrs: Record<string, number>, backend: WebGPUBackend) => TensorInfo | TensorInfo[],
): KernelConfig {
  return {
    kernelName,
    backendName: WEBGPU,
    kernelFunc: ({ inputs, attrs, backend }) => run(inputs as Inputs, (attrs ?? {}) as unknown as Record<string, number>, backend as WebGPUBackend),
  };
}

export { matrix, sizeOf } from '../../shapes.js';
