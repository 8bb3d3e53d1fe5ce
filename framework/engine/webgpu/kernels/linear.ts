// Linear layers in WGSL: x (..., in) @ weight (in, out) + bias, alone or followed by GELU, and
// their gradients, every product one variant of the tiled GEMM in gemm.ts.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { gemm, gemmSplitK } from './gemm.js';
import { matrix, webGpuKernel, type Inputs } from './kernel.js';

/** x (..., in) @ weight (in, out) + bias -> (..., out); with gelu, [gelu(y), y]. */
function forward({ x, weight, bias }: Inputs, backend: WebGPUBackend, gelu: boolean): TensorInfo[] {
  const [rows, inputs] = matrix(x!.shape);
  const outputs = weight!.shape[1]!;
  const shape = [...x!.shape.slice(0, -1), outputs];
  return gemm(backend, { a: x!, b: weight!, m: rows, n: outputs, k: inputs, bias, gelu }, shape);
}

/**
 * [dx (..., in), dW (in, out), db (out) when withBias] from dy (..., out); with `h`, dy is first
 * scaled by gelu'(h), inside the products' loads rather than as a tensor of its own.
 */
function backward({ dy, x, weight, h }: Inputs, withBias: boolean, backend: WebGPUBackend): TensorInfo[] {
  const [rows, inputs] = matrix(x!.shape);
  const outputs = weight!.shape[1]!;
  // dx = dy @ Wᵀ: W (in, out) read as (N, K).
  const [dx] = gemm(
    backend,
    { a: dy!, b: weight!, m: rows, n: inputs, k: outputs, transposeB: true, gate: h && { operand: 'a', h } },
    x!.shape,
  );
  // dW = xᵀ @ dy: x (rows, in) read as (K, M); K = rows is long and the output small, so split.
  const weightGrads = gemmSplitK(
    backend,
    { a: x!, b: dy!, m: inputs, n: outputs, k: rows, transposeA: true, gate: h && { operand: 'b', h } },
    withBias,
  );
  return [dx!, ...weightGrads];
}

export const linearKernels: KernelConfig[] = [
  webGpuKernel('FolioLinear', (inputs, _attrs, backend) => forward(inputs, backend, false)[0]!),
  webGpuKernel('FolioLinearGrad', (inputs, { withBias }, backend) => backward(inputs, withBias === 1, backend)),
  // [gelu(x @ W + b), x @ W + b]: the pre-activation is kept for the gradient.
  webGpuKernel('FolioLinearGelu', (inputs, _attrs, backend) => forward(inputs, backend, true)),
  webGpuKernel('FolioLinearGeluGrad', (inputs, { withBias }, backend) => backward(inputs, withBias === 1, backend)),
];
