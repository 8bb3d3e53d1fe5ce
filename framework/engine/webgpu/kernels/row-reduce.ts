// What the row kernels share: how a row is spread over the lanes of a workgroup, sums across
// those lanes, and the second stages of two-stage reductions (WGSL has no float atomics, so a
// sum over many rows is per-block partials first, then one pass over the partials).
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { dispatch, f32, groupsFor, u32 } from '../dispatch.js';

export const WORKGROUP = 256;

/** The entry point's parameters of every row kernel: the workgroup (folded 2-D), the grid, the invocation. */
export const ROW_BUILTINS = '@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32';

/**
 * `lanes` threads per row, each holding `per` elements of it in registers, and `rows` rows per
 * workgroup of 256. A row of 384 floats (96 vec4s) gets 32 lanes of 3 vec4s: one warp a row.
 */
export interface RowLayout {
  lanes: number;
  per: number;
  rows: number;
}

export function rowLayout(width: number): RowLayout {
  const lanes = Math.min(WORKGROUP, Math.max(32, nextPowerOfTwo(Math.ceil(width / 4))));
  return { lanes, per: Math.max(1, Math.ceil(width / lanes)), rows: WORKGROUP / lanes };
}

function nextPowerOfTwo(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, n)));
}

/** `tensor`, refused unless int32: the shaders read ids and targets as i32 bit patterns. */
export function integers(tensor: TensorInfo, what: string): TensorInfo {
  if (tensor.dtype !== 'int32') throw new TypeError(`webgpu: ${what} must be int32, not ${tensor.dtype}`);
  return tensor;
}

/** Rows of `cols` floats are read as vec4s when every row starts on a 16-byte boundary. */
export function vectorizable(cols: number): boolean {
  return cols % 4 === 0;
}

/** WGSL: the element type `T` (f32 or vec4<f32>), its horizontal sum `hsum`, and the row layout's constants. */
export function rowPreamble(layout: RowLayout, vec: boolean): string {
  return /* wgsl */ `
alias T = ${vec ? 'vec4<f32>' : 'f32'};
fn hsum(v: T) -> f32 { return ${vec ? 'dot(v, vec4<f32>(1.0))' : 'v'}; }
const LANES: u32 = ${layout.lanes}u;
const PER: u32 = ${layout.per}u;
const ROWS: u32 = ${layout.rows}u;
fn group_index(wid: vec3<u32>, groups: vec3<u32>) -> u32 { return wid.x + wid.y * groups.x; }`;
}

/**
 * WGSL: `fn name(value, lid) -> type`, `combine` of `value` over the `lanes` threads that share
 * this thread's row. Each thread reads its row's values out of workgroup memory in turn (the same
 * addresses across the row: broadcasts): two barriers, where a tree takes log2(lanes) + 2 and
 * stalls all 8 rows of the workgroup at each. Every thread must call it.
 */
export function laneReduce(name: string, type: string, lanes: number, combine: (a: string, b: string) => string = (a, b) => `${a} + ${b}`): string {
  const buffer = `${name}_lanes`;
  return /* wgsl */ `
var<workgroup> ${buffer}: array<${type}, ${WORKGROUP}>;
fn ${name}(value: ${type}, lid: u32) -> ${type} {
  ${buffer}[lid] = value;
  workgroupBarrier();
  let first = lid & ~${lanes - 1}u;
  var total = ${buffer}[first];
  for (var i = 1u; i < ${lanes}u; i++) { total = ${combine('total', `${buffer}[first + i]`)}; }
  workgroupBarrier();
  return total;
}`;
}

/** Column sums: `columns` threads across, `slices` down, so that many rows are summed by many threads. */
function columnSumProgram(vec: boolean, columns: number) {
  const slices = WORKGROUP / columns;
  const type = vec ? 'vec4<f32>' : 'f32';
  return {
    key: `folio-column-sum-${vec ? 4 : 1}-${columns}`,
    code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> partials: array<${type}>;
@group(0) @binding(1) var<storage, read_write> sums: array<${type}>;
struct Sizes { rows: u32, stride: u32, offset: u32, cols: u32, }
@group(0) @binding(2) var<uniform> sizes: Sizes;
var<workgroup> slice_sums: array<${type}, ${WORKGROUP}>;
@compute @workgroup_size(${WORKGROUP})
fn main(${ROW_BUILTINS}) {
  let col = (wid.x + wid.y * groups.x) * ${columns}u + lid % ${columns}u;
  let slice = lid / ${columns}u;
  var total = ${type}(0.0);
  if (col < sizes.cols) {
    for (var r = slice; r < sizes.rows; r += ${slices}u) { total += partials[r * sizes.stride + sizes.offset + col]; }
  }
  slice_sums[lid] = total;
  workgroupBarrier();
  for (var s = ${slices / 2}u; s > 0u; s = s >> 1u) {
    if (slice < s) { slice_sums[lid] += slice_sums[lid + s * ${columns}u]; }
    workgroupBarrier();
  }
  if (slice == 0u && col < sizes.cols) { sums[col] = slice_sums[lid]; }
}`,
  };
}

/**
 * Σ over rows of partials (rows, stride)[:, offset : offset + cols] -> a tensor of `shape`
 * (cols elements): the second stage of a column reduction.
 */
export function columnSums(backend: WebGPUBackend, partials: TensorInfo, rows: number, stride: number, offset: number, cols: number, shape: number[]): TensorInfo {
  const vec = vectorizable(stride) && vectorizable(offset) && vectorizable(cols);
  const unit = vec ? 4 : 1;
  // About 16 rows a thread: layer norm's 1024 blocks get 64 threads down each column, few rows
  // (embedding chunks) get the workgroup across the columns instead.
  const columns = Math.min(64, Math.max(4, nextPowerOfTwo(Math.ceil((WORKGROUP * 16) / Math.max(1, rows)))));
  const width = cols / unit;
  return dispatch(backend, {
    program: columnSumProgram(vec, columns),
    inputs: [partials],
    outputs: [{ shape }],
    uniforms: [u32(rows), u32(stride / unit), u32(offset / unit), u32(width)],
    workgroups: groupsFor(width, columns),
  })[0]!;
}

const totalProgram = {
  key: 'folio-total',
  code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> values: array<f32>;
@group(0) @binding(1) var<storage, read_write> total: array<f32>;
struct Sizes { count: u32, scale: f32, }
@group(0) @binding(2) var<uniform> sizes: Sizes;
var<workgroup> sums: array<f32, ${WORKGROUP}>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(local_invocation_index) lid: u32) {
  var sum = 0.0;
  for (var i = lid; i < sizes.count; i += ${WORKGROUP}u) { sum += values[i]; }
  sums[lid] = sum;
  workgroupBarrier();
  for (var s = ${WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { sums[lid] += sums[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { total[0] = sums[0] * sizes.scale; }
}`,
};

/** scale · Σ values[0, count) -> a scalar, in one workgroup: for a few thousand partials at most. */
export function totalOf(backend: WebGPUBackend, values: TensorInfo, count: number, scale: number): TensorInfo {
  return dispatch(backend, { program: totalProgram, inputs: [values], outputs: [{ shape: [] }], uniforms: [u32(count), f32(scale)], workgroups: [1] })[0]!;
}
