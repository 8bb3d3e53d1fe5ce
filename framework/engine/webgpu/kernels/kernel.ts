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

/** Rows and columns of a tensor viewed as a matrix over its last dim. */
export function matrix(shape: readonly number[]): [number, number] {
  const cols = shape[shape.length - 1] ?? 1;
  return [shape.slice(0, -1).reduce((a, b) => a * b, 1), cols];
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
