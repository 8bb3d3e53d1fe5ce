// Mean cross-entropy of logits (N, V) against int32 targets (N), with the softmax kept for the
// gradient. Rows as in layer-norm.ts (a warp a row for V = 65); the mean over rows is two-stage
// on the GPU (a partial per workgroup, then one total), so the loss is never read back.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { dispatch, f32, groupsFor, u32 } from '../dispatch.js';
import { matrix, webGpuKernel } from './kernel.js';
import { integers, laneReduce, rowLayout, rowPreamble, totalOf, type RowLayout, ROW_BUILTINS } from './row-reduce.js';


/** The bits of a quiet NaN, passed as a uniform: a NaN in a WGSL constant expression is an error. */
const NAN_BITS = 0x7fc00000;

function forwardProgram(layout: RowLayout) {
  return {
    key: `folio-cross-entropy-${layout.lanes}x${layout.per}`,
    code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> targets: array<i32>;
@group(0) @binding(2) var<storage, read_write> probs: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;
struct Sizes { rows: u32, cols: u32, nan_bits: u32, }
@group(0) @binding(4) var<uniform> sizes: Sizes;
${rowPreamble(layout, false)}
${laneReduce('row_max', 'f32', layout.lanes, (a, b) => `max(${a}, ${b})`)}
${laneReduce('row_sum', 'f32', layout.lanes)}
var<workgroup> row_losses: array<f32, ROWS>;
@compute @workgroup_size(256)
fn main(${ROW_BUILTINS}) {
  let group = group_index(wid, groups);
  let row = group * ROWS + lid / LANES;
  let lane = lid % LANES;
  let live = row < sizes.rows;
  let base = row * sizes.cols;
  var zs: array<f32, PER>;
  var top = -3.4028234e38;
  for (var k = 0u; k < PER; k++) {
    let j = lane + k * LANES;
    zs[k] = -3.4028234e38;
    if (live && j < sizes.cols) { zs[k] = logits[base + j]; top = max(top, zs[k]); }
  }
  top = row_max(top, lid);
  var total = 0.0;
  for (var k = 0u; k < PER; k++) {
    if (live && lane + k * LANES < sizes.cols) { zs[k] = exp(zs[k] - top); total += zs[k]; }
  }
  let sum = row_sum(total, lid);
  let inv = 1.0 / sum;
  for (var k = 0u; k < PER; k++) {
    let j = lane + k * LANES;
    if (live && j < sizes.cols) { probs[base + j] = zs[k] * inv; }
  }
  if (lane == 0u) {
    var loss = 0.0;
    if (live) {
      let target_id = targets[row];
      // -log p[target]; NaN for a target outside the vocabulary, as the native engine gives.
      loss = bitcast<f32>(sizes.nan_bits);
      if (target_id >= 0 && u32(target_id) < sizes.cols) { loss = log(sum) - (logits[base + u32(target_id)] - top); }
    }
    row_losses[lid / LANES] = loss;
  }
  workgroupBarrier();
  // A grid folded into 2-D may have a few workgroups past the last partial.
  if (lid == 0u && group < arrayLength(&partials)) {
    var block = 0.0;
    for (var r = 0u; r < ROWS; r++) { block += row_losses[r]; }
    partials[group] = block;
  }
}`,
  };
}

/** dlogits = (probs - onehot(targets)) · dloss / N, with dloss read on the GPU. */
function gradientProgram(layout: RowLayout) {
  return {
    key: `folio-cross-entropy-grad-${layout.lanes}x${layout.per}`,
    code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> dloss: array<f32>;
@group(0) @binding(1) var<storage, read> probs: array<f32>;
@group(0) @binding(2) var<storage, read> targets: array<i32>;
@group(0) @binding(3) var<storage, read_write> dlogits: array<f32>;
struct Sizes { rows: u32, cols: u32, }
@group(0) @binding(4) var<uniform> sizes: Sizes;
${rowPreamble(layout, false)}
@compute @workgroup_size(256)
fn main(${ROW_BUILTINS}) {
  let row = group_index(wid, groups) * ROWS + lid / LANES;
  if (row >= sizes.rows) { return; }
  let lane = lid % LANES;
  let base = row * sizes.cols;
  let scale = dloss[0] / f32(sizes.rows);
  let target_id = targets[row];
  for (var k = 0u; k < PER; k++) {
    let j = lane + k * LANES;
    if (j < sizes.cols) { dlogits[base + j] = probs[base + j] * scale - select(0.0, scale, i32(j) == target_id); }
  }
}`,
  };
}

function crossEntropy(logits: TensorInfo, targets: TensorInfo, backend: WebGPUBackend): TensorInfo[] {
  const [rows, cols] = matrix(logits.shape);
  const layout = rowLayout(cols);
  const workgroups = Math.ceil(rows / layout.rows);
  const [probs, partials] = dispatch(backend, {
    program: forwardProgram(layout),
    inputs: [logits, integers(targets, 'cross-entropy targets')],
    outputs: [{ shape: logits.shape }, { shape: [workgroups] }],
    uniforms: [u32(rows), u32(cols), u32(NAN_BITS)],
    workgroups: groupsFor(workgroups, 1),
  }) as [TensorInfo, TensorInfo];
  const loss = totalOf(backend, partials, workgroups, 1 / rows);
  backend.disposeData(partials.dataId);
  return [loss, probs];
}

export const crossEntropyKernels = [
  webGpuKernel('FolioCrossEntropy', ({ logits, targets }, _attrs, backend) => crossEntropy(logits!, targets!, backend)),
  webGpuKernel('FolioCrossEntropyGrad', ({ dloss, probs, targets }, _attrs, backend) => {
    const [rows, cols] = matrix(probs!.shape);
    const layout = rowLayout(cols);
    return dispatch(backend, {
      program: gradientProgram(layout),
      inputs: [dloss!, probs!, integers(targets!, 'cross-entropy targets')],
      outputs: [{ shape: probs!.shape }],
      uniforms: [u32(rows), u32(cols)],
      workgroups: groupsFor(rows, layout.rows),
    })[0]!;
  }),
];
