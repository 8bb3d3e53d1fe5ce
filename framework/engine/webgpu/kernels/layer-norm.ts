// Layer norm over the last axis and its gradient. Each row is held in registers by one group of
// lanes (a warp for C = 384), so x and dy are read once. dgain and dbias sum over every row:
// the gradient kernel leaves one partial per block of rows, and a column sum finishes them.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { dispatch, f32, groupsFor, u32 } from '../dispatch.js';
import { matrix, webGpuKernel } from './kernel.js';
import { columnSums, laneReduce, rowLayout, rowPreamble, vectorizable, type RowLayout, ROW_BUILTINS } from './row-reduce.js';

/** Blocks of rows the gradient aims for: enough workgroups to fill an H200, few partials to sum. */
const GRADIENT_BLOCKS = 1024;


function forwardProgram(layout: RowLayout, vec: boolean, withBias: boolean) {
  const b = withBias ? 1 : 0;
  return {
    key: `folio-layer-norm-${vec ? 4 : 1}-${layout.lanes}x${layout.per}-${b}`,
    code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<T>;
@group(0) @binding(1) var<storage, read> gain: array<T>;
${withBias ? '@group(0) @binding(2) var<storage, read> bias: array<T>;' : ''}
@group(0) @binding(${2 + b}) var<storage, read_write> y: array<T>;
@group(0) @binding(${3 + b}) var<storage, read_write> mean_out: array<f32>;
@group(0) @binding(${4 + b}) var<storage, read_write> rstd_out: array<f32>;
struct Sizes { rows: u32, width: u32, cols: f32, eps: f32, }
@group(0) @binding(${5 + b}) var<uniform> sizes: Sizes;
${rowPreamble(layout, vec)}
${laneReduce('row_sum', 'f32', layout.lanes)}
@compute @workgroup_size(256)
fn main(${ROW_BUILTINS}) {
  let row = group_index(wid, groups) * ROWS + lid / LANES;
  let lane = lid % LANES;
  let live = row < sizes.rows;
  let base = row * sizes.width;
  var xs: array<T, PER>;
  var total = 0.0;
  for (var k = 0u; k < PER; k++) {
    let j = lane + k * LANES;
    xs[k] = T(0.0);
    if (live && j < sizes.width) { xs[k] = x[base + j]; total += hsum(xs[k]); }
  }
  // Two passes over the registers, as the cpu does: no cancellation in E[x²] - E[x]².
  let mean = row_sum(total, lid) / sizes.cols;
  var squares = 0.0;
  for (var k = 0u; k < PER; k++) {
    if (live && lane + k * LANES < sizes.width) { let d = xs[k] - T(mean); squares += hsum(d * d); }
  }
  let rstd = 1.0 / sqrt(row_sum(squares, lid) / sizes.cols + sizes.eps);
  for (var k = 0u; k < PER; k++) {
    let j = lane + k * LANES;
    if (live && j < sizes.width) { y[base + j] = (xs[k] - T(mean)) * rstd * gain[j]${withBias ? ' + bias[j]' : ''}; }
  }
  if (live && lane == 0u) {
    mean_out[row] = mean;
    rstd_out[row] = rstd;
  }
}`,
  };
}

/**
 * dx = rstd (g dy - mean(g dy) - x̂ mean(g dy x̂)) row by row, `iters` rows per row-lane; each
 * workgroup also sums dy x̂ (and dy) over its rows into partials (blocks, parts, width).
 */
function gradientProgram(layout: RowLayout, vec: boolean, withBias: boolean) {
  return {
    key: `folio-layer-norm-grad-${vec ? 4 : 1}-${layout.lanes}x${layout.per}-${withBias ? 1 : 0}`,
    code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<T>;
@group(0) @binding(1) var<storage, read> x: array<T>;
@group(0) @binding(2) var<storage, read> gain: array<T>;
@group(0) @binding(3) var<storage, read> mean: array<f32>;
@group(0) @binding(4) var<storage, read> rstd: array<f32>;
@group(0) @binding(5) var<storage, read_write> dx: array<T>;
@group(0) @binding(6) var<storage, read_write> partials: array<T>;
struct Sizes { rows: u32, width: u32, cols: f32, iters: u32, }
@group(0) @binding(7) var<uniform> sizes: Sizes;
${rowPreamble(layout, vec)}
const PARTS: u32 = ${withBias ? 2 : 1}u;
${laneReduce('row_sums', 'vec2<f32>', layout.lanes)}
// Each thread's column sums of dy x̂ (then dy), for the row-lanes to be added up.
var<workgroup> column_sums: array<T, ${256 * (withBias ? 2 : 1)}>;

@compute @workgroup_size(256)
fn main(${ROW_BUILTINS}) {
  let block = group_index(wid, groups);
  let lane = lid % LANES;
  var gains: array<T, PER>;
  var dgain: array<T, PER>;
  var dbias: array<T, PER>;
  for (var k = 0u; k < PER; k++) {
    let j = lane + k * LANES;
    gains[k] = T(0.0);
    dgain[k] = T(0.0);
    dbias[k] = T(0.0);
    if (j < sizes.width) { gains[k] = gain[j]; }
  }
  for (var it = 0u; it < sizes.iters; it++) {
    let row = (block * sizes.iters + it) * ROWS + lid / LANES;
    let live = row < sizes.rows;
    let base = row * sizes.width;
    var mu = 0.0;
    var inv = 0.0;
    if (live) { mu = mean[row]; inv = rstd[row]; }
    var dys: array<T, PER>;
    var xhat: array<T, PER>;
    var sums = vec2<f32>(0.0);
    for (var k = 0u; k < PER; k++) {
      let j = lane + k * LANES;
      dys[k] = T(0.0);
      xhat[k] = T(0.0);
      if (live && j < sizes.width) {
        dys[k] = dy[base + j];
        xhat[k] = (x[base + j] - T(mu)) * inv;
        let gd = gains[k] * dys[k];
        sums += vec2<f32>(hsum(gd), hsum(gd * xhat[k]));
      }
    }
    let means = row_sums(sums, lid) / sizes.cols;
    for (var k = 0u; k < PER; k++) {
      let j = lane + k * LANES;
      if (live && j < sizes.width) {
        dx[base + j] = inv * (gains[k] * dys[k] - T(means.x) - xhat[k] * means.y);
        dgain[k] += dys[k] * xhat[k];
        dbias[k] += dys[k];
      }
    }
  }
  // The block's partials: the first row-lane adds up every row-lane's sums, column by column.
  for (var k = 0u; k < PER; k++) {
    column_sums[lid] = dgain[k];
    ${withBias ? 'column_sums[256u + lid] = dbias[k];' : ''}
    workgroupBarrier();
    let j = lane + k * LANES;
    let at = block * PARTS * sizes.width + j;
    // A grid folded into 2-D may have a few workgroups past the last block.
    if (lid < LANES && j < sizes.width && at < arrayLength(&partials)) {
      for (var part = 0u; part < PARTS; part++) {
        var sum = column_sums[part * 256u + lid];
        for (var r = 1u; r < ROWS; r++) { sum += column_sums[part * 256u + r * LANES + lid]; }
        partials[at + part * sizes.width] = sum;
      }
    }
    workgroupBarrier();
  }
}`,
  };
}

function layerNorm(x: TensorInfo, gain: TensorInfo, bias: TensorInfo | undefined, eps: number, backend: WebGPUBackend): TensorInfo[] {
  const [rows, cols] = matrix(x.shape);
  const vec = vectorizable(cols);
  const width = vec ? cols / 4 : cols;
  const layout = rowLayout(width);
  return dispatch(backend, {
    program: forwardProgram(layout, vec, bias !== undefined),
    inputs: bias === undefined ? [x, gain] : [x, gain, bias],
    outputs: [{ shape: x.shape }, { shape: [rows] }, { shape: [rows] }],
    uniforms: [u32(rows), u32(width), f32(cols), f32(eps)],
    workgroups: groupsFor(rows, layout.rows),
  });
}

function layerNormGrad(inputs: Record<string, TensorInfo>, withBias: boolean, backend: WebGPUBackend): TensorInfo[] {
  const { dy, x, gain, mean, rstd } = inputs as Record<'dy' | 'x' | 'gain' | 'mean' | 'rstd', TensorInfo>;
  const [rows, cols] = matrix(x.shape);
  const vec = vectorizable(cols);
  const width = vec ? cols / 4 : cols;
  const layout = rowLayout(width);
  const iters = Math.max(1, Math.floor(rows / (layout.rows * GRADIENT_BLOCKS)));
  const blocks = Math.ceil(rows / (layout.rows * iters));
  const parts = withBias ? 2 : 1;
  const [dx, partials] = dispatch(backend, {
    program: gradientProgram(layout, vec, withBias),
    inputs: [dy, x, gain, mean, rstd],
    outputs: [{ shape: x.shape }, { shape: [blocks, parts, cols] }],
    uniforms: [u32(rows), u32(width), f32(cols), u32(iters)],
    workgroups: groupsFor(blocks, 1),
  }) as [TensorInfo, TensorInfo];
  const sums = Array.from({ length: parts }, (_, part) => columnSums(backend, partials, blocks, parts * cols, part * cols, cols, [cols]));
  backend.disposeData(partials.dataId);
  return [dx, ...sums];
}

export const layerNormKernels = [
  webGpuKernel('FolioLayerNorm', ({ x, gain, bias }, { eps }, backend) => layerNorm(x!, gain!, bias, eps!, backend)),
  webGpuKernel('FolioLayerNormGrad', (inputs, { withBias }, backend) => layerNormGrad(inputs, Boolean(withBias), backend)),
];
