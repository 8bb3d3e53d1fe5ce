// Placeholder: FolioCausalSelfAttention / FolioCausalSelfAttentionGrad in WGSL.
import type { KernelConfig } from '@tensorflow/tfjs-core';

export const attentionKernels: KernelConfig[] = [];
