// Tensor helpers components may use (with framework/registry, the whole component API).
export { tf } from './tf.js';
export { causalAttention, causalMask, causalSelfAttention, crossEntropy, dropout, embed, gelu, layerNorm, linear, linearGelu, matMul } from './ops.js';
export { swapLastAxes } from './workarounds.js';
export { normalize, rmsNorm } from './norms.js';
export { applyRotary } from './rotary.js';
export { logSigmoid, sequenceLogProbs } from './log-probs.js';
export { disposePairTensors, pairTensors, type PairTensors, type TokenPair } from './pair-tensors.js';
export { INIT_SCHEMES } from './parameters.js';
export type { InitScheme, LinearOptions, ParameterScope } from './parameters.js';
export type { Rng } from './rng.js';
export { nativeAdamW, type AdamWStep, type AdamWUpdate } from './native/adamw.js';
export { webGpuAdamW } from './webgpu/adamw.js';
