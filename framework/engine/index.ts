// Tensor helpers components may use (with framework/registry, the whole component API).
export { tf } from './tf.js';
export { causalMask, crossEntropy, dropout, embed, gelu, layerNorm, linear, matMul } from './ops.js';
export { swapLastAxes } from './workarounds.js';
export type { ParameterScope } from './parameters.js';
export type { Rng } from './rng.js';
