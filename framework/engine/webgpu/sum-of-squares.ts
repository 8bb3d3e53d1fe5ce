// Σ x² over many tensors on the GPU, for the global gradient norm: up to 7 tensors a dispatch,
// each workgroup writing the partial sum of its 4096 elements into one shared buffer, then one
// total over the partials. A model of ~80 gradients costs a dozen dispatches, not 2 per tensor.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { dispatch, groupsFor, u32 } from './dispatch.js';
import { WEBGPU } from './kernels/kernel.js';
import { totalOf } from './kernels/row-reduce.js';

const WORKGROUP = 256;
const PER_THREAD = 16;
const PER_GROUP = WORKGROUP * PER_THREAD;

/** Tensors a dispatch reads, with the partials buffer as the 8th binding: WebGPU's default limit. */
const TENSORS_PER_DISPATCH = 7;

/**
 * Bindings: tensors t0..t(n-1), then partials. Uniforms: where this dispatch's partials start,
 * where each tensor's workgroups start (after the first's), each tensor's size.
 */
function program(count: number) {
  const indices = Array.from({ length: count }, (_, i) => i);
  return {
    key: `folio-sum-of-squares-${count}`,
    code: () => /* wgsl */ `
${indices.map((i) => `@group(0) @binding(${i}) var<storage, read> t${i}: array<f32>;`).join('\n')}
@group(0) @binding(${count}) var<storage, read_write> partials: array<f32>;
struct Sizes { base: u32, groups: u32, ${indices.slice(1).map((i) => `start${i}: u32, `).join('')}${indices.map((i) => `size${i}: u32, `).join('')}}
@group(0) @binding(${count + 1}) var<uniform> sizes: Sizes;
var<workgroup> sums: array<f32, ${WORKGROUP}>;
${indices.map((i) => squaresOf(i)).join('\n')}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let group = wid.x + wid.y * groups.x;
  var sum = 0.0;
  if (group < sizes.groups) {
    ${selectTensor(count)}
  }
  sums[lid] = sum;
  workgroupBarrier();
  for (var s = ${WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { sums[lid] += sums[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u && group < sizes.groups) { partials[sizes.base + group] = sums[0]; }
}`,
  };
}

/** WGSL: the call of the squares function of the tensor that workgroup `group` falls in. */
function selectTensor(count: number): string {
  if (count === 1) return 'sum = squares0(group, lid);';
  const calls = Array.from({ length: count }, (_, i) => `{ sum = squares${i}(group${i === 0 ? '' : ` - sizes.start${i}`}, lid); }`);
  return calls.map((call, i) => (i === count - 1 ? `else ${call}` : `${i === 0 ? '' : 'else '}if (group < sizes.start${i + 1}) ${call}`)).join('\n    ');
}

/** WGSL: Σ x² over the `PER_GROUP` elements of tensor `i` that workgroup `local` covers, this thread's share. */
function squaresOf(i: number): string {
  return /* wgsl */ `
fn squares${i}(local: u32, lid: u32) -> f32 {
  var sum = 0.0;
  let first = local * ${PER_GROUP}u + lid;
  for (var k = 0u; k < ${PER_THREAD}u; k++) {
    let at = first + k * ${WORKGROUP}u;
    if (at < sizes.size${i}) { let x = t${i}[at]; sum += x * x; }
  }
  return sum;
}`;
}

/** The sum of squares of every element, a scalar on the GPU, or undefined when webgpu is not active. */
export function webGpuSumOfSquares(tensors: readonly tf.Tensor[]): tf.Scalar | undefined {
  if (tf.getBackend() !== WEBGPU) return undefined;
  const backend = tf.backend() as WebGPUBackend;
  const filled = tensors.filter((t) => t.size > 0);
  if (filled.length === 0) return tf.scalar(0);
  const batches: tf.Tensor[][] = [];
  for (let i = 0; i < filled.length; i += TENSORS_PER_DISPATCH) batches.push(filled.slice(i, i + TENSORS_PER_DISPATCH));
  const groupsOf = (t: tf.Tensor) => Math.ceil(t.size / PER_GROUP);
  const slots = filled.reduce((sum, t) => sum + groupsOf(t), 0);
  let partials: TensorInfo | undefined;
  let base = 0;
  for (const batch of batches) {
    const starts = batch.map((_, i) => batch.slice(0, i).reduce((sum, t) => sum + groupsOf(t), 0));
    const groups = starts[starts.length - 1]! + groupsOf(batch[batch.length - 1]!);
    const written = dispatch(backend, {
      program: program(batch.length),
      inputs: batch,
      outputs: partials === undefined ? [{ shape: [slots] }] : [],
      inPlace: partials === undefined ? [] : [partials],
      uniforms: [base, groups, ...starts.slice(1), ...batch.map((t) => t.size)].map(u32),
      workgroups: groupsFor(groups, 1),
    });
    partials ??= written[0]!;
    base += groups;
  }
  const total = totalOf(backend, partials!, slots, 1);
  backend.disposeData(partials!.dataId);
  return tf.engine().makeTensorFromTensorInfo(total) as tf.Scalar;
}
