// Samplers: given the trials a sweep has so far, propose the next point to try (grid, random, tpe).
export { createSampler } from './create-sampler.js';
/** Two points are the same point when this key is: their values, whatever the key order. */
export { pointKey } from './grid.js';
export type { ProposeNext, Sampler, SamplerSpec, Tried } from './sampler.js';
