// GELU (tanh approximation, GPT-2's) and its gradient, element-wise, one element a thread.
import { dispatch, groupsFor, u32 } from '../dispatch.js';
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

const INDEX = /* wgsl */ `
struct Sizes { count: u32, }
@group(0) @binding(BINDING) var<uniform> sizes: Sizes;
fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 { return (gid.y * groups.x * ${WORKGROUP}u) + gid.x; }`;

const forward = {
  key: 'folio-gelu',
  code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
${INDEX.replace('BINDING', '2')}
${TANH}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= sizes.count) { return; }
  let v = x[i];
  y[i] = 0.5 * v * (1.0 + tanh_safe(K0 * (v + K1 * v * v * v)));
}`,
};

const backward = {
  key: 'folio-gelu-grad',
  code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
${INDEX.replace('BINDING', '3')}
${TANH}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= sizes.count) { return; }
  let v = x[i];
  let t = tanh_safe(K0 * (v + K1 * v * v * v));
  let inner = K0 * (1.0 + 3.0 * K1 * v * v);
  dx[i] = dy[i] * (0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * inner);
}`,
};

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
