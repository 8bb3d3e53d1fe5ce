// AdamW on the GPU, updating weights and moments in place with the same algebra as the native
// engine's (the bias corrections folded into the step size and eps). Up to 3 parameters share a
// dispatch, and the global-norm clipping is folded in: each gradient is scaled as it is loaded,
// so a step of the lecture model's 78 parameters costs 27 dispatches instead of 78 updates plus
// 78 multiplies (each dispatch costs the CPU ~12 µs in Dawn and more in tfjs).
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { AdamWStep, AdamWUpdate } from '../native/adamw.js';
import { tf } from '../tf.js';
import { dispatch, f32, foldedIndex, groupsFor, u32 } from './dispatch.js';
import { WEBGPU } from './kernels/kernel.js';

const WORKGROUP = 256;
/** Each parameter binds grad, param, m and v; the norm takes one more storage buffer. */
const BUFFERS_PER_PARAM = 4;
/** 3 × 4 + 1 = 13 of the 16 storage buffers a stage may have on most adapters. */
const MOST_PER_DISPATCH = 3;

/** Clipping by global norm, as clipByGlobalNorm: gradients × maxNorm / norm when norm > maxNorm. */
export interface NormClip {
  /** The global L2 norm of the unclipped gradients, a scalar on the GPU. */
  norm: tf.Scalar;
  /** The bound; <= 0 clips nothing. */
  maxNorm: number;
}

/**
 * Bindings: the norm, grad0..grad(n-1) (read), then param, m, v of each parameter (in place).
 * Invocations run over the concatenated parameters: those below end0 update the first, those
 * below end1 the second, and so on; counts are in elements of `type` (vec4s when vec).
 */
function program(params: number, vec: boolean) {
  const type = vec ? 'vec4<f32>' : 'f32';
  const slots = Array.from({ length: params }, (_, k) => k);
  const update = (k: number) => /* wgsl */ `{
    let j = i${k === 0 ? '' : ` - s.end${k - 1}`};
    let r = update(grad${k}[j] * scale, param${k}[j], m${k}[j], v${k}[j], s.keep${k});
    param${k}[j] = r.param;
    m${k}[j] = r.m;
    v${k}[j] = r.v;
  }`;
  return {
    key: `folio-adamw-${params}x${vec ? 4 : 1}`,
    code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> norm: array<f32>;
${slots.map((k) => `@group(0) @binding(${1 + k}) var<storage, read> grad${k}: array<${type}>;`).join('\n')}
${slots
  .map((k) => ['param', 'm', 'v'].map((name, n) => `@group(0) @binding(${1 + params + 3 * k + n}) var<storage, read_write> ${name}${k}: array<${type}>;`).join('\n'))
  .join('\n')}
struct Step {
  ${slots.map((k) => `end${k}: u32, `).join('')}
  ${slots.map((k) => `keep${k}: f32, `).join('')}
  step_size: f32, inv_sqrt_c2: f32, beta1: f32, beta2: f32, one_beta1: f32, one_beta2: f32, eps: f32, max_norm: f32,
}
@group(0) @binding(${1 + BUFFERS_PER_PARAM * params}) var<uniform> s: Step;

// The factor on every gradient. A NaN norm must make the update NaN so that the run stops as
// diverged, but NaN compares false with everything (and compilers may assume it never occurs):
// test its bits and pass it on.
fn clip_scale() -> f32 {
  if (s.max_norm <= 0.0) { return 1.0; }
  let total = norm[0];
  if ((bitcast<u32>(total) & 0x7fffffffu) > 0x7f800000u) { return total; }
  if (total > s.max_norm) { return s.max_norm / total; }
  return 1.0;
}

struct Updated { param: ${type}, m: ${type}, v: ${type}, }

fn update(g: ${type}, param: ${type}, m: ${type}, v: ${type}, keep: f32) -> Updated {
  let mi = s.beta1 * m + s.one_beta1 * g;
  let vi = s.beta2 * v + s.one_beta2 * g * g;
  return Updated(param * keep - s.step_size * mi / (sqrt(vi) * s.inv_sqrt_c2 + s.eps), mi, vi);
}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = ${foldedIndex(WORKGROUP)};
  let scale = clip_scale();
  ${slots.map((k) => `if (i < s.end${k}) ${update(k)}`).join(' else ')}
}`,
  };
}

/**
 * The updates in dispatch-sized groups: a shader reads vec4s only when every parameter it
 * updates has a multiple of 4 elements, so those are grouped apart from the rest.
 */
function groupsOf(updates: readonly AdamWUpdate[], perDispatch: number): { vec: boolean; members: AdamWUpdate[] }[] {
  const groups: { vec: boolean; members: AdamWUpdate[] }[] = [];
  for (const vec of [true, false]) {
    const matching = updates.filter((u) => u.param.size > 0 && (u.param.size % 4 === 0) === vec);
    for (let i = 0; i < matching.length; i += perDispatch) groups.push({ vec, members: matching.slice(i, i + perDispatch) });
  }
  return groups;
}

/**
 * Updates every param, m and v in place, with each gradient first scaled by `clip` when given,
 * when webgpu is the active backend and each of them owns its buffer alone (writing into a
 * buffer another tensor shares would change that tensor too). Returns false, changing nothing,
 * when the caller must use composed ops instead.
 */
export function webGpuAdamW(updates: readonly AdamWUpdate[], s: AdamWStep, clip?: NormClip): boolean {
  if (tf.getBackend() !== WEBGPU) return false;
  const backend = tf.backend() as WebGPUBackend;
  const owned = (t: tf.Tensor) => backend.refCount(t.dataId) === 1;
  if (!updates.every((u) => owned(u.param) && owned(u.m) && owned(u.v))) return false;
  const storageBuffers = backend.device.limits.maxStorageBuffersPerShaderStage;
  const perDispatch = Math.min(MOST_PER_DISPATCH, Math.floor((storageBuffers - 1) / BUFFERS_PER_PARAM));
  const [c1, c2] = [1 - s.beta1 ** s.step, 1 - s.beta2 ** s.step];
  const maxNorm = clip !== undefined && clip.maxNorm > 0 ? clip.maxNorm : 0;
  for (const { vec, members } of groupsOf(updates, perDispatch)) {
    const counts = members.map((u) => (vec ? u.param.size / 4 : u.param.size));
    let end = 0;
    const ends = counts.map((count) => (end += count));
    dispatch(backend, {
      program: program(members.length, vec),
      // Without a clip the shader never reads the norm; any read-only buffer fills its binding.
      inputs: [maxNorm > 0 ? clip!.norm : members[0]!.grad, ...members.map((u) => u.grad)],
      inPlace: members.flatMap((u) => [u.param, u.m, u.v]),
      uniforms: [
        ...ends.map(u32), ...members.map((u) => f32(1 - s.lr * u.decay)),
        f32(s.lr / c1), f32(1 / Math.sqrt(c2)), f32(s.beta1), f32(s.beta2), f32(1 - s.beta1), f32(1 - s.beta2), f32(s.eps), f32(maxNorm),
      ],
      workgroups: groupsFor(end, WORKGROUP),
    });
  }
  return true;
}
