// Placeholder: FolioLinear / FolioLinearGrad (and the fused linear + GELU) in WGSL.
import type { KernelConfig } from '@tensorflow/tfjs-core';

export const linearKernels: KernelConfig[] = [];
