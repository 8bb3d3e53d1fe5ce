// AdamW on the GPU: one dispatch per parameter updating its weights and moments in place, with
// the same algebra as the native engine's (the bias corrections folded into the step size and eps).
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { AdamWStep, AdamWUpdate } from '../native/adamw.js';
import { tf } from '../tf.js';
import { dispatch, f32, groupsFor, u32 } from './dispatch.js';
import { WEBGPU } from './kernels/kernel.js';

const WORKGROUP = 256;

function program(vec: boolean) {
  const type = vec ? 'vec4<f32>' : 'f32';
  return {
    key: `folio-adamw-${vec ? 4 : 1}`,
    code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> grad: array<${type}>;
@group(0) @binding(1) var<storage, read_write> param: array<${type}>;
@group(0) @binding(2) var<storage, read_write> m: array<${type}>;
@group(0) @binding(3) var<storage, read_write> v: array<${type}>;
struct Step { count: u32, keep: f32, step_size: f32, inv_sqrt_c2: f32, beta1: f32, beta2: f32, one_beta1: f32, one_beta2: f32, eps: f32, }
@group(0) @binding(4) var<uniform> s: Step;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.y * groups.x * ${WORKGROUP}u + gid.x;
  if (i >= s.count) { return; }
  let g = grad[i];
  let mi = s.beta1 * m[i] + s.one_beta1 * g;
  let vi = s.beta2 * v[i] + s.one_beta2 * g * g;
  m[i] = mi;
  v[i] = vi;
  param[i] = param[i] * s.keep - s.step_size * mi / (sqrt(vi) * s.inv_sqrt_c2 + s.eps);
}`,
  };
}

/**
 * Updates every param, m and v in place, one dispatch each, when webgpu is the active backend
 * and each of them owns its buffer alone (writing into a buffer another tensor shares would
 * change that tensor too). Returns false, changing nothing, when the caller must use composed
 * ops instead.
 */
export function webGpuAdamW(updates: readonly AdamWUpdate[], s: AdamWStep): boolean {
  if (tf.getBackend() !== WEBGPU) return false;
  const backend = tf.backend() as WebGPUBackend;
  const owned = (t: tf.Tensor) => backend.refCount(t.dataId) === 1;
  if (!updates.every((u) => owned(u.param) && owned(u.m) && owned(u.v))) return false;
  const [c1, c2] = [1 - s.beta1 ** s.step, 1 - s.beta2 ** s.step];
  for (const { param, grad, m, v, decay } of updates) {
    const vec = param.size % 4 === 0;
    const count = vec ? param.size / 4 : param.size;
    dispatch(backend, {
      program: program(vec),
      inputs: [grad],
      inPlace: [param, m, v],
      uniforms: [
        u32(count), f32(1 - s.lr * decay), f32(s.lr / c1), f32(1 / Math.sqrt(c2)),
        f32(s.beta1), f32(s.beta2), f32(1 - s.beta1), f32(1 - s.beta2), f32(s.eps),
      ],
      workgroups: groupsFor(count, WORKGROUP),
    });
  }
  return true;
}
