// One register-blocked, shared-memory tiled matrix product in WGSL, generated per variant:
// C (M, N) = op(A) (M, K) @ op(B) (K, N), either operand read transposed where it lies (no
// transposes in memory), with the bias and GELU in the epilogue, a GELU-slope gate on an operand
// as it is loaded, and split-K partial sums with a small reduce kernel after them.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { dispatch, foldedIndex, groupsFor, u32, type WgslProgram } from '../dispatch.js';
import { TANH } from './gelu.js';

/** An output tile: a 16x16 workgroup, each invocation a `rows` x `cols` block held in registers. */
export interface GemmTile {
  name: string;
  /** Output rows per invocation (4 or 8): the tile is 16 * rows tall. */
  rows: 4 | 8;
  /** Output columns per invocation (4 or 8): the tile is 16 * cols wide. */
  cols: 4 | 8;
  /** The slice of K staged in workgroup memory per step (a multiple of 4), double-buffered. */
  depth: number;
}

// Every tuning choice is here. What each is expected to do on the H200 (to be measured there):
// - large, 128x128 (8x8 each, depth 8): 64 accumulators, 4 vec4 workgroup-memory reads per 64
//   FMAs, so workgroup memory is far from the limit; ~120 registers, so 2 workgroups an SM; the
//   16 KB of workgroup memory exactly (2 buffers x 8 x (128 + 128) floats). The best rate per
//   workgroup, but a 16384x384 output is only 384 tiles, 1.45 waves of 264.
// - medium, 128x64 (8x4, depth 8): 3 reads per 32 FMAs, 12 KB; twice the workgroups on the
//   384-wide outputs (768 for 16384x384), which trims the last-wave loss.
// - small, 64x64 (4x4, depth 16): 2 reads per 16 FMAs, likely bound by workgroup memory, but 4x
//   the workgroups of large: the narrow head (N = 65) and small problems.
// A deeper slice halves the barriers per FMA and doubles the workgroup memory.
export const GEMM_TILES: Record<'large' | 'medium' | 'small', GemmTile> = {
  large: { name: 'large', rows: 8, cols: 8, depth: 8 },
  medium: { name: 'medium', rows: 8, cols: 4, depth: 8 },
  small: { name: 'small', rows: 4, cols: 4, depth: 16 },
};

/** Workgroups that fill 132 SMs about twice over: the largest tile reaching this many is used. */
const FILL_WORKGROUPS = 264;
/** Split-K aims at about this many workgroups (four waves of 132) for a short, deep product... */
const SPLIT_WORKGROUPS = 528;
/** ...but gives each split at least this much of K: every split writes a whole partial product. */
const MIN_SPLIT_DEPTH = 64;

/** Tests and tuning runs may pin one tile (undefined: chosen by the shape); FOLIO_GEMM_TILE does it for a whole run. */
export const gemmTuning: { force?: keyof typeof GEMM_TILES } = { force: tileFromEnvironment() };

function tileFromEnvironment(): keyof typeof GEMM_TILES | undefined {
  const name = process.env.FOLIO_GEMM_TILE;
  return name !== undefined && name in GEMM_TILES ? (name as keyof typeof GEMM_TILES) : undefined;
}

const THREADS = 256;

/** One product: C (M, N) = op(A) (M, K) @ op(B) (K, N). */
export interface Product {
  a: TensorInfo;
  b: TensorInfo;
  m: number;
  n: number;
  k: number;
  /** A lies in memory as (K, M). */
  transposeA?: boolean;
  /** B lies in memory as (N, K). */
  transposeB?: boolean;
  /** (N), added to every row of C. */
  bias?: TensorInfo;
  /** Write [gelu(C), C] instead of C. */
  gelu?: boolean;
  /** Multiply operand a or b by gelu'(h) as it is loaded; h lies exactly as that operand does. */
  gate?: { operand: 'a' | 'b'; h: TensorInfo };
}

interface Variant {
  tile: GemmTile;
  transposeA: boolean;
  transposeB: boolean;
  /** vec4 loads and stores where the contiguous dimension is a multiple of 4. */
  vecA: boolean;
  vecB: boolean;
  vecC: boolean;
  bias: boolean;
  gelu: boolean;
  gate: 'none' | 'a' | 'b';
  /** Workgroups on the first tile row also write op(B)'s column sums over their K range as row M. */
  columnSums: boolean;
}

const tileRows = (tile: GemmTile) => 16 * tile.rows;
const tileCols = (tile: GemmTile) => 16 * tile.cols;

function variantOf(p: Product, tile: GemmTile, columnSums: boolean): Variant {
  const transposeA = p.transposeA ?? false;
  const transposeB = p.transposeB ?? false;
  return {
    tile,
    transposeA,
    transposeB,
    vecA: (transposeA ? p.m : p.k) % 4 === 0,
    vecB: (transposeB ? p.k : p.n) % 4 === 0,
    vecC: p.n % 4 === 0,
    bias: p.bias !== undefined,
    gelu: p.gelu ?? false,
    gate: p.gate?.operand ?? 'none',
    columnSums,
  };
}

function programOf(v: Variant): WgslProgram {
  const flags = [v.transposeA ? 'T' : 'N', v.transposeB ? 'T' : 'N', v.vecA ? 4 : 1, v.vecB ? 4 : 1, v.vecC ? 4 : 1];
  const options = [v.bias && 'bias', v.gelu && 'gelu', v.gate !== 'none' && `gate-${v.gate}`, v.columnSums && 'colsums'].filter(Boolean);
  return { key: ['folio-gemm', v.tile.name, flags.join(''), ...options].join('-'), code: () => gemmSource(v) };
}

function pickTile(m: number, n: number): GemmTile {
  if (gemmTuning.force !== undefined) return GEMM_TILES[gemmTuning.force];
  const tiles = [GEMM_TILES.large, GEMM_TILES.medium, GEMM_TILES.small];
  const grid = (tile: GemmTile) => Math.ceil(m / tileRows(tile)) * Math.ceil(n / tileCols(tile));
  return tiles.find((tile) => grid(tile) >= FILL_WORKGROUPS) ?? GEMM_TILES.small;
}

function inputsOf(p: Product): TensorInfo[] {
  return [p.a, p.b, ...(p.bias ? [p.bias] : []), ...(p.gate ? [p.gate.h] : [])];
}

function grid(p: Product, tile: GemmTile, splits: number): [number, number, number] {
  const rowTiles = Math.ceil(p.m / tileRows(tile));
  if (rowTiles > 65535) throw new Error(`webgpu: a product of ${p.m} rows needs more than 65535 workgroups`);
  return [Math.ceil(p.n / tileCols(tile)), rowTiles, splits];
}

/** C = op(A) @ op(B) (+ bias) shaped `shape` (M * N elements); with `gelu`, [gelu(C), C]. */
export function gemm(backend: WebGPUBackend, p: Product, shape: number[]): TensorInfo[] {
  const tile = pickTile(p.m, p.n);
  return dispatch(backend, {
    program: programOf(variantOf(p, tile, false)),
    inputs: inputsOf(p),
    outputs: p.gelu ? [{ shape }, { shape }] : [{ shape }],
    uniforms: [u32(p.m), u32(p.n), u32(p.k), u32(p.k)],
    workgroups: grid(p, tile, 1),
  });
}

/**
 * op(A) @ op(B) for a long K and a small output (a weight gradient), on the large tile: K split
 * across workgroups into partial products (splits, M, N), then summed. With `columnSums`, also
 * op(B)'s column sums (the bias gradient), carried as row M of each partial: [C (M, N), sums (N)].
 */
export function gemmSplitK(backend: WebGPUBackend, p: Product, columnSums: boolean): TensorInfo[] {
  if (p.bias !== undefined || p.gelu) throw new Error('webgpu: split-K products have no epilogue');
  const tile = GEMM_TILES[gemmTuning.force ?? 'large'];
  const tiles = Math.ceil(p.m / tileRows(tile)) * Math.ceil(p.n / tileCols(tile));
  const wanted = Math.min(Math.ceil(SPLIT_WORKGROUPS / tiles), Math.floor(p.k / MIN_SPLIT_DEPTH), 65535);
  const depth = Math.ceil(Math.ceil(p.k / Math.max(1, wanted)) / tile.depth) * tile.depth;
  const splits = Math.max(1, Math.ceil(p.k / depth));
  const rows = p.m + (columnSums ? 1 : 0);
  const [partial] = dispatch(backend, {
    program: programOf(variantOf(p, tile, columnSums)),
    inputs: inputsOf(p),
    outputs: [{ shape: [splits, rows, p.n] }],
    uniforms: [u32(p.m), u32(p.n), u32(p.k), u32(depth)],
    workgroups: grid(p, tile, splits),
  });
  const count = rows * p.n;
  const sums = dispatch(backend, {
    program: columnSums ? sumSplitsWithRow : sumSplits,
    inputs: [partial!],
    outputs: columnSums ? [{ shape: [p.m, p.n] }, { shape: [p.n] }] : [{ shape: [p.m, p.n] }],
    uniforms: [u32(count), u32(splits), u32(p.m * p.n)],
    workgroups: groupsFor(count, THREADS),
  });
  backend.disposeData(partial!.dataId);
  return sums;
}

// ---- WGSL generation ----

const GELU = /* wgsl */ `${TANH}
fn gelu1(v: f32) -> f32 { return 0.5 * v * (1.0 + tanh_safe(K0 * (v + K1 * v * v * v))); }
fn slope1(v: f32) -> f32 {
  let t = tanh_safe(K0 * (v + K1 * v * v * v));
  let inner = K0 * (1.0 + 3.0 * K1 * v * v);
  return 0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * inner;
}
fn gelu4(v: vec4<f32>) -> vec4<f32> { return vec4<f32>(gelu1(v.x), gelu1(v.y), gelu1(v.z), gelu1(v.w)); }
fn slope4(v: vec4<f32>) -> vec4<f32> { return vec4<f32>(slope1(v.x), slope1(v.y), slope1(v.z), slope1(v.w)); }`;

interface Operand {
  name: 'a' | 'b';
  /** The size uniform of the operand's other (non-K) dimension. */
  outer: 'm' | 'n';
  /** The tile's extent along that dimension. */
  extent: number;
  /** Contiguous along K in memory (stored (outer, K)) rather than along outer (stored (K, outer)). */
  kContiguous: boolean;
  vec: boolean;
  gated: boolean;
}

/**
 * load_X(u, tile_o, k0, k_end): the u-th run of 4 contiguous elements of the operand's next
 * slice, zero outside the matrix. store_X(u, base, v): that run into workgroup memory, laid out
 * (depth, extent) so that the product reads vec4s along the tile's rows or columns.
 */
function operandCode(o: Operand, depth: number): string {
  const runs = o.kContiguous ? depth / 4 : o.extent / 4;
  const gate = (at: string) => (o.gated ? ` * ${o.vec ? 'slope4' : 'slope1'}(gate[${at}])` : '');
  const position = o.kContiguous
    ? `let o = tile_o + u / ${runs}u;
  let k = k0 + (u % ${runs}u) * 4u;
  let at = o * sizes.k + k;`
    : `let k = k0 + u / ${runs}u;
  let o = tile_o + (u % ${runs}u) * 4u;
  let at = k * sizes.${o.outer} + o;`;
  // Runs lie along K (kContiguous) or along the outer dimension; either way elements at..at+3.
  const whole = o.kContiguous ? `o < sizes.${o.outer} && k < k_end` : `k < k_end && o < sizes.${o.outer}`;
  const inside = o.kContiguous ? `o < sizes.${o.outer}` : 'k < k_end';
  const element = o.kContiguous ? 'k + j < k_end' : `o + j < sizes.${o.outer}`;
  const body = o.vec
    ? `if (${whole}) { return ${o.name}[at / 4u]${gate('at / 4u')}; }
  return vec4<f32>(0.0);`
    : `var v = vec4<f32>(0.0);
  if (${inside}) {
    for (var j = 0u; j < 4u; j++) {
      if (${element}) { v[j] = ${o.name}[at + j]${gate('at + j')}; }
    }
  }
  return v;`;
  const columns = o.extent / 4;
  // kContiguous runs go down a column of the (depth, extent) layout: four scalar stores.
  const store = o.kContiguous
    ? `let o = u / ${runs}u;
  let at = base + ((u % ${runs}u) * 4u) * ${columns}u + o / 4u;
  let lane = o % 4u;
  tile_${o.name}[at][lane] = v.x;
  tile_${o.name}[at + ${columns}u][lane] = v.y;
  tile_${o.name}[at + ${2 * columns}u][lane] = v.z;
  tile_${o.name}[at + ${3 * columns}u][lane] = v.w;`
    : `tile_${o.name}[base + u] = v;`;
  return /* wgsl */ `
fn load_${o.name}(u: u32, tile_o: u32, k0: u32, k_end: u32) -> vec4<f32> {
  ${position}
  ${body}
}
fn store_${o.name}(u: u32, base: u32, v: vec4<f32>) {
  ${store}
}`;
}

/** Per-invocation rounds over `units` items with 256 invocations: the index and any guard. */
function rounds(units: number): { u: string; guard?: string }[] {
  return Array.from({ length: Math.ceil(units / THREADS) }, (_, i) => ({
    u: `tid + ${i * THREADS}u`,
    guard: (i + 1) * THREADS > units ? `tid + ${i * THREADS}u < ${units}u` : undefined,
  }));
}

const guarded = (guard: string | undefined, statement: string) => (guard ? `if (${guard}) { ${statement} }` : statement);

function gemmSource(v: Variant): string {
  const { tile } = v;
  const [bm, bn, depth] = [tileRows(tile), tileCols(tile), tile.depth];
  const [chunksM, chunksN] = [tile.rows / 4, tile.cols / 4];
  if (2 * bm < bn) throw new Error('gemm: the column sums reuse tile_a, which must hold a (depth, bn) slice');
  const sliceA = (depth * bm) / 4; // vec4s in one buffer of tile_a
  const sliceB = (depth * bn) / 4;
  const type = (vec: boolean) => (vec ? 'vec4<f32>' : 'f32');

  const bindings: string[] = [];
  const bind = (declaration: string) => bindings.push(`@group(0) @binding(${bindings.length}) ${declaration}`);
  bind(`var<storage, read> a: array<${type(v.vecA)}>;`);
  bind(`var<storage, read> b: array<${type(v.vecB)}>;`);
  if (v.bias) bind('var<storage, read> bias: array<f32>;');
  if (v.gate !== 'none') bind(`var<storage, read> gate: array<${type(v.gate === 'a' ? v.vecA : v.vecB)}>;`);
  bind(`var<storage, read_write> c: array<${type(v.vecC)}>;`);
  if (v.gelu) bind(`var<storage, read_write> pre: array<${type(v.vecC)}>;`);
  bind('var<uniform> sizes: Sizes;');

  const a: Operand = { name: 'a', outer: 'm', extent: bm, kContiguous: !v.transposeA, vec: v.vecA, gated: v.gate === 'a' };
  const b: Operand = { name: 'b', outer: 'n', extent: bn, kContiguous: v.transposeB, vec: v.vecB, gated: v.gate === 'b' };
  const roundsA = rounds(sliceA);
  const roundsB = rounds(sliceB);
  const load = (k0: string) => [
    ...roundsA.map((r, i) => guarded(r.guard, `ra${i} = load_a(${r.u}, tile_m, ${k0}, k_end);`)),
    ...roundsB.map((r, i) => guarded(r.guard, `rb${i} = load_b(${r.u}, tile_n, ${k0}, k_end);`)),
  ].join('\n    ');
  const store = (buffer: string) => [
    ...roundsA.map((r, i) => guarded(r.guard, `store_a(${r.u}, ${buffer} * ${sliceA}u, ra${i});`)),
    ...roundsB.map((r, i) => guarded(r.guard, `store_b(${r.u}, ${buffer} * ${sliceB}u, rb${i});`)),
  ].join('\n    ');

  const accumulators: string[] = [];
  for (let r = 0; r < tile.rows; r++) for (let cn = 0; cn < chunksN; cn++) accumulators.push(`var acc${r}_${cn} = vec4<f32>(0.0);`);

  // The invocation's rows are ty*4 + 64*cm + (0..3), its columns tx*4 + 64*cn + (0..3): each
  // read of the slice is one vec4, and a warp's 16 column reads are 256 contiguous bytes.
  const steps: string[] = [];
  for (let kk = 0; kk < depth; kk++) {
    const lines: string[] = [];
    for (let cm = 0; cm < chunksM; cm++) lines.push(`let a${cm} = tile_a[a_at + ${kk * (bm / 4) + cm * 16}u];`);
    for (let cn = 0; cn < chunksN; cn++) lines.push(`let b${cn} = tile_b[b_at + ${kk * (bn / 4) + cn * 16}u];`);
    for (let cm = 0; cm < chunksM; cm++) {
      for (let i = 0; i < 4; i++) {
        for (let cn = 0; cn < chunksN; cn++) {
          const acc = `acc${cm * 4 + i}_${cn}`;
          lines.push(`${acc} = fma(vec4<f32>(a${cm}[${i}]), b${cn}, ${acc});`);
        }
      }
    }
    steps.push(`{\n      ${lines.join('\n      ')}\n    }`);
  }

  const sumRounds = rounds(sliceB);
  const columnSums = v.columnSums
    ? {
        declare: sumRounds.map((_, i) => `var sum${i} = vec4<f32>(0.0);`).join('\n  '),
        step: `if (sum_columns) {
      ${sumRounds.map((r, i) => guarded(r.guard, `sum${i} += tile_b[cur * ${sliceB}u + ${r.u}];`)).join('\n      ')}
    }`,
        // The partial sums of each (k, column) go through tile_a, free once the loop is done.
        finish: `if (sum_columns) {
    ${sumRounds.map((r, i) => guarded(r.guard, `tile_a[${r.u}] = sum${i};`)).join('\n    ')}
  }
  workgroupBarrier();
  if (sum_columns && tid < ${bn / 4}u) {
    var total = vec4<f32>(0.0);
    for (var r = 0u; r < ${depth}u; r++) { total += tile_a[r * ${bn / 4}u + tid]; }
    let n = tile_n + tid * 4u;
    put_c(slab + sizes.m * sizes.n + n, n, total);
  }`,
      }
    : { declare: '', step: '', finish: '' };

  const epilogue: string[] = [];
  for (let cn = 0; cn < chunksN; cn++) {
    epilogue.push(`let n${cn} = n_first + ${cn * 64}u;`);
    if (v.bias) epilogue.push(`let bias${cn} = bias4(n${cn});`);
  }
  for (let cm = 0; cm < chunksM; cm++) {
    for (let i = 0; i < 4; i++) {
      const row = cm * 64 + i;
      const writes = Array.from({ length: chunksN }, (_, cn) => {
        const value = `acc${cm * 4 + i}_${cn}${v.bias ? ` + bias${cn}` : ''}`;
        const at = `row_at + n${cn}`;
        return v.gelu ? `{ let h = ${value}; put_c(${at}, n${cn}, gelu4(h)); put_pre(${at}, n${cn}, h); }` : `put_c(${at}, n${cn}, ${value});`;
      });
      epilogue.push(`if (m0 + ${row}u < sizes.m) {
    let row_at = slab + (m0 + ${row}u) * sizes.n;
    ${writes.join('\n    ')}
  }`);
    }
  }

  const put = (name: string, vec: boolean) =>
    vec
      ? `fn put_${name}(at: u32, n: u32, v: vec4<f32>) { if (n < sizes.n) { ${name}[at / 4u] = v; } }`
      : `fn put_${name}(at: u32, n: u32, v: vec4<f32>) {
  for (var j = 0u; j < 4u; j++) { if (n + j < sizes.n) { ${name}[at + j] = v[j]; } }
}`;

  return /* wgsl */ `
struct Sizes { m: u32, n: u32, k: u32, k_split: u32, }
${bindings.join('\n')}
var<workgroup> tile_a: array<vec4<f32>, ${2 * sliceA}>; // two (depth, ${bm}) slices of op(A)ᵀ
var<workgroup> tile_b: array<vec4<f32>, ${2 * sliceB}>; // two (depth, ${bn}) slices of op(B)
${v.gelu || v.gate !== 'none' ? GELU : ''}
${operandCode(a, depth)}
${operandCode(b, depth)}
${put('c', v.vecC)}
${v.gelu ? put('pre', v.vecC) : ''}
${v.bias ? `fn bias4(n: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  for (var j = 0u; j < 4u; j++) { if (n + j < sizes.n) { v[j] = bias[n + j]; } }
  return v;
}` : ''}

@compute @workgroup_size(${THREADS})
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let tx = tid % 16u;
  let ty = tid / 16u;
  let tile_m = wid.y * ${bm}u;
  let tile_n = wid.x * ${bn}u;
  // This workgroup's share of K (all of it unless split); the host makes every share non-empty.
  let k_start = wid.z * sizes.k_split;
  let k_end = min(sizes.k, k_start + sizes.k_split);
  let slices = (k_end - k_start + ${depth - 1}u) / ${depth}u;
  let sum_columns = ${v.columnSums ? 'wid.y == 0u' : 'false'};
  ${accumulators.join('\n  ')}
  ${roundsA.map((_, i) => `var ra${i}: vec4<f32>;`).join(' ')}
  ${roundsB.map((_, i) => `var rb${i}: vec4<f32>;`).join(' ')}
  ${columnSums.declare}
  {
    ${load('k_start')}
    ${store('0u')}
  }
  workgroupBarrier();
  // Double-buffered: the next slice is fetched into registers while this one is multiplied, and
  // stored into the other buffer, which every invocation finished reading before the last barrier.
  for (var t = 0u; t < slices; t++) {
    let cur = t & 1u;
    let more = t + 1u < slices;
    if (more) {
    ${load(`k_start + (t + 1u) * ${depth}u`)}
    }
    let a_at = cur * ${sliceA}u + ty;
    let b_at = cur * ${sliceB}u + tx;
    ${steps.join('\n    ')}
    ${columnSums.step}
    if (more) {
    ${store('(cur ^ 1u)')}
    }
    workgroupBarrier();
  }
  let slab = wid.z * (sizes.m${v.columnSums ? ' + 1u' : ''}) * sizes.n;
  let m0 = tile_m + ty * 4u;
  let n_first = tile_n + tx * 4u;
  ${epilogue.join('\n  ')}
  ${columnSums.finish}
}`;
}

/** Sums (splits, rows, N) partial products over splits; rows past `matrix` elements go to column_sum. */
function sumSplitsProgram(withRow: boolean): WgslProgram {
  return {
    key: `folio-gemm-sum-splits${withRow ? '-row' : ''}`,
    code: () => /* wgsl */ `
struct Sizes { count: u32, splits: u32, matrix: u32, }
@group(0) @binding(0) var<storage, read> partial: array<f32>;
@group(0) @binding(1) var<storage, read_write> sum: array<f32>;
${withRow ? '@group(0) @binding(2) var<storage, read_write> column_sum: array<f32>;' : ''}
@group(0) @binding(${withRow ? 3 : 2}) var<uniform> sizes: Sizes;
@compute @workgroup_size(${THREADS})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = ${foldedIndex(THREADS)};
  if (i >= sizes.count) { return; }
  var total = 0.0;
  for (var z = 0u; z < sizes.splits; z++) { total += partial[z * sizes.count + i]; }
  ${withRow ? 'if (i < sizes.matrix) { sum[i] = total; } else { column_sum[i - sizes.matrix] = total; }' : 'sum[i] = total;'}
}`,
  };
}

const sumSplits = sumSplitsProgram(false);
const sumSplitsWithRow = sumSplitsProgram(true);
