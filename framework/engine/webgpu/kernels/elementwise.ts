// Placeholder: layer norm, cross-entropy, embedding and dropout kernels in WGSL.
import type { KernelConfig } from '@tensorflow/tfjs-core';

export const rowKernels: KernelConfig[] = [];
