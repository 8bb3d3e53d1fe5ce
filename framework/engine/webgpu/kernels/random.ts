// The dropout mask every WGSL kernel derives: keep element `index` of a tensor dropped with
// seed `seed` unless a hash of the two falls below rate * 2^32. Forward and gradient kernels
// regenerate the same mask from (seed, index) instead of storing it. (The native engine hashes
// with SplitMix64; WGSL has no 64-bit integers, so masks differ between the two engines.)

/** WGSL: `fn keep(seed: u32, index: u32, threshold: u32) -> bool`, threshold = dropThreshold(rate). */
export const DROPOUT_MASK = /* wgsl */ `
fn mix32(v: u32) -> u32 {
  // A PCG output permutation over the sum: independent-looking bits for consecutive indices.
  var h = v * 747796405u + 2891336453u;
  h = ((h >> ((h >> 28u) + 4u)) ^ h) * 277803737u;
  return (h >> 22u) ^ h;
}
fn keep(seed: u32, index: u32, threshold: u32) -> bool {
  return mix32(index ^ mix32(seed)) >= threshold;
}`;

/** The u32 a hash must reach for an element to be kept, for dropout `rate` in [0, 1). */
export function dropThreshold(rate: number): number {
  return Math.min(0xffffffff, Math.round(rate * 2 ** 32)) >>> 0;
}
