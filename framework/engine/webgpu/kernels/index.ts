// Every WGSL kernel Folio registers for the webgpu backend; framework/engine/fused.ts uses each
// one where the active backend has it, exactly as it uses the native engine's.
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { attentionKernels } from './attention.js';
import { rowKernels } from './elementwise.js';
import { geluKernels } from './gelu.js';
import { linearKernels } from './linear.js';

export function webGpuKernels(): KernelConfig[] {
  return [...geluKernels, ...linearKernels, ...attentionKernels, ...rowKernels];
}
