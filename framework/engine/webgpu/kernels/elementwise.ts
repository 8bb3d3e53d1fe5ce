// The row-wise kernels: layer norm, cross-entropy, embedding and dropout, each with its gradient
// (dropout is its own), under the native engine's names, inputs, attrs and outputs.
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { crossEntropyKernels } from './cross-entropy.js';
import { dropoutKernels } from './dropout.js';
import { embeddingKernels } from './embedding.js';
import { layerNormKernels } from './layer-norm.js';

export const rowKernels: KernelConfig[] = [...layerNormKernels, ...crossEntropyKernels, ...embeddingKernels, ...dropoutKernels];
