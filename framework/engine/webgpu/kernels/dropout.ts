// Inverted dropout, x -> x / (1 - rate) where keep(seed, flat index) and 0 elsewhere; the mask
// comes from random.ts, so the same kernel with the same seed is its own gradient.
import { dispatch, f32, foldedIndex, groupsFor, u32 } from '../dispatch.js';
import { sizeOf, webGpuKernel } from './kernel.js';
import { DROPOUT_MASK, dropThreshold } from './random.js';
import { vectorizable, WORKGROUP } from './row-reduce.js';

function program(vec: boolean) {
  const type = vec ? 'vec4<f32>' : 'f32';
  const body = vec
    ? /* wgsl */ `
  let v = x[i] * sizes.scale;
  let at = i * 4u;
  y[i] = vec4<f32>(
    select(0.0, v.x, keep(sizes.seed, at, sizes.threshold)),
    select(0.0, v.y, keep(sizes.seed, at + 1u, sizes.threshold)),
    select(0.0, v.z, keep(sizes.seed, at + 2u, sizes.threshold)),
    select(0.0, v.w, keep(sizes.seed, at + 3u, sizes.threshold)));`
    : /* wgsl */ `
  y[i] = select(0.0, x[i] * sizes.scale, keep(sizes.seed, i, sizes.threshold));`;
  return {
    key: `folio-dropout-${vec ? 4 : 1}`,
    code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<${type}>;
@group(0) @binding(1) var<storage, read_write> y: array<${type}>;
struct Sizes { count: u32, seed: u32, threshold: u32, scale: f32, }
@group(0) @binding(2) var<uniform> sizes: Sizes;
${DROPOUT_MASK}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = ${foldedIndex(WORKGROUP)};
  if (i >= sizes.count) { return; }${body}
}`,
  };
}

export const dropoutKernels = [
  webGpuKernel('FolioDropout', ({ x }, { rate, seed }, backend) => {
    const size = sizeOf(x!.shape);
    const vec = vectorizable(size);
    const count = vec ? size / 4 : size;
    return dispatch(backend, {
      program: program(vec),
      inputs: [x!],
      outputs: [{ shape: x!.shape }],
      uniforms: [u32(count), u32(seed! >>> 0), u32(dropThreshold(rate!)), f32(1 / (1 - Math.fround(rate!)))],
      workgroups: groupsFor(count, WORKGROUP),
    })[0]!;
  }),
];
