// GELU (tanh approximation, GPT-2's) and its gradient, element-wise, one element a thread.
import { dispatch, foldedIndex, groupsFor, u32 } from '../dispatch.js';
import { sizeOf, webGpuKernel } from './kernel.js';

const WORKGROUP = 256;

/** tanh from exp of a non-positive argument: WGSL's tanh overflows to NaN past |x| ~ 44 on some drivers. */
export const TANH = /* wgsl */ `
fn tanh_safe(x: f32) -> f32 {
  let e = exp(-2.0 * abs(x));
  return sign(x) * (1.0 - e) / (1.0 + e);
}
const K0: f32 = 0.7978845608028654; // sqrt(2 / pi)
const K1: f32 = 0.044715;`;

/** A one-element-a-thread shader over `count` elements: storage buffers from binding 0, then `body` with `i`. */
function elementwise(key: string, buffers: [access: 'read' | 'read_write', name: string][], body: string) {
  return {
    key,
    code: () => /* wgsl */ `
${buffers.map(([access, name], i) => `@group(0) @binding(${i}) var<storage, ${access}> ${name}: array<f32>;`).join('\n')}
struct Sizes { count: u32, }
@group(0) @binding(${buffers.length}) var<uniform> sizes: Sizes;
${TANH}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = ${foldedIndex(WORKGROUP)};
  if (i >= sizes.count) { return; }
  ${body}
}`,
  };
}

const forward = elementwise('folio-gelu', [['read', 'x'], ['read_write', 'y']], /* wgsl */ `
  let v = x[i];
  y[i] = 0.5 * v * (1.0 + tanh_safe(K0 * (v + K1 * v * v * v)));`);

const backward = elementwise('folio-gelu-grad', [['read', 'dy'], ['read', 'x'], ['read_write', 'dx']], /* wgsl */ `
  let v = x[i];
  let t = tanh_safe(K0 * (v + K1 * v * v * v));
  let inner = K0 * (1.0 + 3.0 * K1 * v * v);
  dx[i] = dy[i] * (0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * inner);`);

export const geluKernels = [
  webGpuKernel('FolioGelu', ({ x }, _attrs, backend) => {
    const count = sizeOf(x!.shape);
    return dispatch(backend, { program: forward, inputs: [x!], outputs: [{ shape: x!.shape }], uniforms: [u32(count)], workgroups: groupsFor(count, WORKGROUP) })[0]!;
  }),
  webGpuKernel('FolioGeluGrad', ({ dy, x }, _attrs, backend) => {
    const count = sizeOf(x!.shape);
    return dispatch(backend, { program: backward, inputs: [dy!, x!], outputs: [{ shape: x!.shape }], uniforms: [u32(count)], workgroups: groupsFor(count, WORKGROUP) })[0]!;
  }),
];
