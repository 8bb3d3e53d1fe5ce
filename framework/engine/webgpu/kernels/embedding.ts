// Embedding lookup, table (V, C) at int32 ids (...) -> (..., C), and its gradient, the sum of
// dy's rows into the table's: an id outside the table gives zeros and receives nothing.
//
// The gradient without float atomics, for the lecture's V = 65, N = 16384, C = 384: each
// workgroup (32 columns x 128 rows) sums its rows into a (V, 32) table in workgroup memory,
// indexed by id, and writes it as one partial; a column sum over the N / 128 partials finishes.
// Every row of dy is loaded unconditionally, 16 at a time, so no workgroup waits on the common
// ids (' ', 'e') the way one scanning the ids per vocabulary row would, and the result does not
// depend on timing, as it would with compare-and-swap adds.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { dispatch, groupsFor, u32 } from '../dispatch.js';
import { sizeOf, webGpuKernel } from './kernel.js';
import { columnSums, integers, rowLayout, rowPreamble, vectorizable, type RowLayout, ROW_BUILTINS } from './row-reduce.js';


/** Columns per gradient workgroup (one warp) and rows per partial. */
const COLUMNS = 32;
const CHUNK = 128;
/** Vocabulary rows one gradient workgroup holds: 16 KB of workgroup memory. */
const VOCAB_BLOCK = 16384 / (4 * COLUMNS);

function lookupProgram(layout: RowLayout, vec: boolean) {
  return {
    key: `folio-embedding-${vec ? 4 : 1}-${layout.lanes}x${layout.per}`,
    code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> ids: array<i32>;
@group(0) @binding(1) var<storage, read> table: array<T>;
@group(0) @binding(2) var<storage, read_write> y: array<T>;
struct Sizes { rows: u32, width: u32, vocab: u32, }
@group(0) @binding(3) var<uniform> sizes: Sizes;
${rowPreamble(layout, vec)}
@compute @workgroup_size(256)
fn main(${ROW_BUILTINS}) {
  let row = group_index(wid, groups) * ROWS + lid / LANES;
  if (row >= sizes.rows) { return; }
  let lane = lid % LANES;
  let id = ids[row];
  let known = id >= 0 && u32(id) < sizes.vocab;
  let first = u32(max(id, 0)) * sizes.width;
  for (var k = 0u; k < PER; k++) {
    let j = lane + k * LANES;
    if (j < sizes.width) {
      var value = T(0.0);
      if (known) { value = table[first + j]; }
      y[row * sizes.width + j] = value;
    }
  }
}`,
  };
}

function gradientProgram(vocabBlock: number) {
  return {
    key: `folio-embedding-grad-${vocabBlock}`,
    code: () => /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> ids: array<i32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;
struct Sizes { rows: u32, width: u32, vocab: u32, }
@group(0) @binding(3) var<uniform> sizes: Sizes;
const COLUMNS: u32 = ${COLUMNS}u;
const CHUNK: u32 = ${CHUNK}u;
const BLOCK: u32 = ${vocabBlock}u;
const BATCH: u32 = 16u;
var<workgroup> sums: array<f32, ${vocabBlock * COLUMNS}>; // (BLOCK, COLUMNS)
// Workgroups: x column blocks, y chunks of rows, z blocks of the vocabulary.
@compute @workgroup_size(${COLUMNS})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
  let col = wid.x * COLUMNS + lane;
  let first_id = wid.z * BLOCK;
  let ids_here = min(BLOCK, sizes.vocab - first_id);
  for (var v = 0u; v < BLOCK; v++) { sums[v * COLUMNS + lane] = 0.0; }
  let start = wid.y * CHUNK;
  let end = min(start + CHUNK, sizes.rows);
  let column = min(col, sizes.width - 1u);
  for (var r = start; r < end; r += BATCH) {
    // Loads first, all 16 in flight together; then the adds, in row order.
    var batch_ids: array<i32, BATCH>;
    var batch_dy: array<f32, BATCH>;
    for (var u = 0u; u < BATCH; u++) {
      let row = min(r + u, end - 1u);
      batch_ids[u] = select(-1, ids[row], r + u < end);
      batch_dy[u] = dy[row * sizes.width + column];
    }
    for (var u = 0u; u < BATCH; u++) {
      let slot = batch_ids[u] - i32(first_id);
      if (slot >= 0 && u32(slot) < ids_here) { sums[u32(slot) * COLUMNS + lane] += batch_dy[u]; }
    }
  }
  if (col < sizes.width) {
    for (var v = 0u; v < ids_here; v++) {
      partials[(wid.y * sizes.vocab + first_id + v) * sizes.width + col] = sums[v * COLUMNS + lane];
    }
  }
}`,
  };
}

function embeddingGrad(dy: TensorInfo, ids: TensorInfo, vocab: number, backend: WebGPUBackend): TensorInfo {
  const width = dy.shape[dy.shape.length - 1]!;
  const rows = sizeOf(ids.shape);
  const chunks = Math.max(1, Math.ceil(rows / CHUNK));
  const vocabBlock = Math.min(vocab, VOCAB_BLOCK);
  const partials = dispatch(backend, {
    program: gradientProgram(vocabBlock),
    inputs: [dy, integers(ids, 'embedding ids')],
    outputs: [{ shape: chunks === 1 ? [vocab, width] : [chunks, vocab, width] }],
    uniforms: [u32(rows), u32(width), u32(vocab)],
    workgroups: [Math.ceil(width / COLUMNS), chunks, Math.ceil(vocab / vocabBlock)],
  })[0]!;
  if (chunks === 1) return partials;
  const dtable = columnSums(backend, partials, chunks, vocab * width, 0, vocab * width, [vocab, width]);
  backend.disposeData(partials.dataId);
  return dtable;
}

export const embeddingKernels = [
  webGpuKernel('FolioEmbedding', ({ ids, table }, _attrs, backend) => {
    const [vocab, cols] = table!.shape as [number, number];
    const vec = vectorizable(cols);
    const width = vec ? cols / 4 : cols;
    const layout = rowLayout(width);
    const rows = sizeOf(ids!.shape);
    return dispatch(backend, {
      program: lookupProgram(layout, vec),
      inputs: [integers(ids!, 'embedding ids'), table!],
      outputs: [{ shape: [...ids!.shape, cols] }],
      uniforms: [u32(rows), u32(width), u32(vocab)],
      workgroups: groupsFor(rows, layout.rows),
    })[0]!;
  }),
  webGpuKernel('FolioEmbeddingGrad', ({ dy, ids }, { vocab }, backend) => embeddingGrad(dy!, ids!, vocab!, backend)),
];
